"""The case-audit workflow through its services: drafts, submission, moderation and who may do
each; and when audits fall due."""

from datetime import date

import pytest

from casework import services
from casework.audits import AuditError, audit_due_date
from casework.models import CaseAudit, Child
from casework.queries import audit_due_date_for, audit_summary, grades_for
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council

from ..models import SectionGrade


@pytest.mark.parametrize(
    ("notified", "step", "due"),
    [
        (date(2026, 11, 23), None, date(2026, 12, 7)),  # Monday + 10 working days
        (date(2026, 12, 17), None, date(2027, 1, 5)),  # over Christmas, Boxing Day, New Year
        (date(2026, 11, 24), date(2026, 11, 30), date(2026, 12, 4)),  # SIF: Monday to Friday
        (date(2027, 3, 16), date(2027, 3, 22), date(2027, 3, 25)),  # Good Friday is 26 March
    ],
    ids=["ten-working-days", "bank-holidays", "end-of-the-audit-week", "good-friday"],
)
def test_audits_are_due_at_the_end_of_week_two(notified, step, due):
    assert audit_due_date(notified_on=notified, case_audit_step_on=step) == due


@pytest.mark.django_db
def test_sif_audits_follow_the_frameworks_case_audit_step(manager_user):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    inspection = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="SIF"),
        notified_at=datetime(2026, 11, 24, 9, 0, tzinfo=ZoneInfo("Europe/London")),  # a Tuesday
    )
    # The SIF's audit step is 6 days after the call: Monday 30 November; due Friday 4 December.
    assert audit_due_date_for(inspection) == date(2026, 12, 4)


def answer_everything(audit, person, grade_code="good", change=None):
    grades = {grade.code: grade for grade in grades_for(audit.inspection.framework)}
    answers = {
        row.section_id: services.SectionAnswer(
            grades[(change or {}).get(row.section.code, grade_code)],
            f"Found in {row.section.title}",
            row.section.themes[:1],
        )
        for row in audit.grades.select_related("section")
    }
    return services.save_audit_draft(audit=audit, answers=answers, summary="", saved_by=person)


@pytest.mark.django_db
def test_a_draft_keeps_partial_answers_and_cannot_be_submitted_until_complete(audit, staff_user):
    first = audit.grades.select_related("section").first()
    services.save_audit_draft(
        audit=audit,
        answers={first.section_id: services.SectionAnswer(None, "Started typing", [])},
        summary="",
        saved_by=staff_user,
    )
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT
    assert SectionGrade.objects.get(pk=first.pk).narrative == "Started typing"
    with pytest.raises(services.CaseworkError, match="Still to do: The child's experience"):
        services.submit_audit(audit=audit, submitted_by=staff_user)


@pytest.mark.django_db
def test_only_the_assigned_auditor_can_change_an_audit(audit, manager_user):
    with pytest.raises(AuditError, match="Only the person this audit is assigned to"):
        services.save_audit_draft(audit=audit, answers={}, summary="", saved_by=manager_user)


@pytest.mark.django_db
def test_submit_then_moderate_with_a_changed_grade_and_reason(audit, staff_user, manager_user):
    answer_everything(audit, staff_user)
    services.submit_audit(audit=audit, submitted_by=staff_user)
    with pytest.raises(AuditError, match="submitted, so it can no longer be changed"):
        answer_everything(audit, staff_user)
    grades = {g.code: g for g in grades_for(audit.inspection.framework)}
    rows = list(audit.grades.select_related("section"))
    decisions = {row.section_id: services.ModerationDecision(agree=True) for row in rows}
    decisions[rows[0].section_id] = services.ModerationDecision(
        agree=False, grade=grades["inadequate"], reason="Drift for six months"
    )
    services.moderate_audit(audit=audit, decisions=decisions, moderated_by=manager_user)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.MODERATED
    changed = SectionGrade.objects.get(pk=rows[0].pk)
    assert changed.moderated_grade == grades["inadequate"]
    assert changed.moderation_reason == "Drift for six months"
    summary = audit_summary(audit.inspection)
    assert summary.agreement.pairs == len(rows)
    assert summary.agreement.agreed == len(rows) - 1
    assert [a.pk for a in summary.inadequate] == [audit.pk]


@pytest.mark.django_db
def test_a_changed_grade_needs_a_reason(audit, staff_user, manager_user):
    answer_everything(audit, staff_user)
    services.submit_audit(audit=audit, submitted_by=staff_user)
    rows = list(audit.grades.all())
    decisions = {row.section_id: services.ModerationDecision(agree=True) for row in rows}
    decisions[rows[0].section_id] = services.ModerationDecision(agree=False, grade=None)
    with pytest.raises(services.CaseworkError, match="say why you changed it"):
        services.moderate_audit(audit=audit, decisions=decisions, moderated_by=manager_user)


MODERATORS = [
    ("auditor-themselves", "auditor", "submitted", "cannot moderate your own audit"),
    ("other-staff-not-named", "other_staff", "submitted", "Only a manager, or the second"),
    ("named-second-auditor", "second", "submitted", None),
    ("manager", "manager", "submitted", None),
    ("before-submission", "manager", "draft", "has not been submitted yet"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status", "refusal"), [m[1:] for m in MODERATORS], ids=[m[0] for m in MODERATORS]
)
def test_who_may_moderate(
    who, status, refusal, selection, rehearsal, manager_user, staff_user, django_user_model
):
    from conftest import make_user
    from inspection_readiness.roles import Role

    second = make_user(django_user_model, "sam2", Role.PREPARATION_STAFF)
    other = make_user(django_user_model, "oth", Role.PREPARATION_STAFF)
    auditor = make_user(django_user_model, "aud", Role.MANAGER)
    member = selection.members.filter(cohort="audit").select_related("child").first()
    [audit] = services.assign_audits(
        inspection=rehearsal,
        children=[member.child],
        auditor=auditor,
        moderator=second,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    answer_everything(audit, auditor)
    if status == "submitted":
        services.submit_audit(audit=audit, submitted_by=auditor)
    person = {"auditor": auditor, "other_staff": other, "second": second, "manager": manager_user}
    decisions = {
        row.section_id: services.ModerationDecision(agree=True) for row in audit.grades.all()
    }
    if refusal:
        with pytest.raises(AuditError, match=refusal):
            services.moderate_audit(audit=audit, decisions=decisions, moderated_by=person[who])
    else:
        services.moderate_audit(audit=audit, decisions=decisions, moderated_by=person[who])
        audit.refresh_from_db()
        assert audit.moderated_by == person[who]


@pytest.mark.django_db
def test_audits_are_assigned_only_to_staff_or_managers(
    selection, rehearsal, manager_user, data_admin_user
):
    member = selection.members.filter(cohort="audit").first()
    with pytest.raises(services.CaseworkError, match="preparation staff or managers"):
        services.assign_audits(
            inspection=rehearsal,
            children=[member.child],
            auditor=data_admin_user,
            due_date=date(2026, 12, 7),
            assigned_by=manager_user,
        )


@pytest.mark.django_db
def test_cohorts_cannot_be_chosen_again_once_audits_are_assigned(audit, rehearsal, manager_user):
    with pytest.raises(services.CaseworkError, match="Swap individual children instead"):
        services.select_cohorts(inspection=rehearsal, seed=8, selected_by=manager_user)


@pytest.mark.django_db
def test_swapping_records_the_reason_and_keeps_one_child_per_cohort(selection, manager_user):
    member = (
        selection.members.filter(cohort="tracked", threshold="contact_nfa")
        .select_related("child")
        .first()
    )
    newcomer = services.swap_cohort_member(
        member=member, reason="Moved to another council", swapped_by=manager_user
    )
    member.refresh_from_db()
    assert member.swap_reason == "Moved to another council"
    assert not member.is_active
    assert newcomer.replaces == member
    assert newcomer.threshold == member.threshold
    assert "Moved to another council" in newcomer.reason
    active = selection.members.filter(swapped_out_at__isnull=True)
    assert active.count() == 100
    assert active.values("child").distinct().count() == 100


@pytest.mark.django_db
def test_a_hand_chosen_child_already_in_a_cohort_is_refused(selection, manager_user):
    first, second = selection.members.select_related("child")[:2]
    with pytest.raises(services.CaseworkError, match="already in a cohort"):
        services.swap_cohort_member(
            member=first,
            reason="Inspectors asked",
            replacement_child_id=second.child.child_id,
            swapped_by=manager_user,
        )


@pytest.mark.django_db
def test_the_second_auditor_must_be_staff_or_a_manager(
    selection, rehearsal, staff_user, manager_user, data_admin_user
):
    member = selection.members.filter(cohort="audit").first()
    with pytest.raises(services.CaseworkError, match="second auditor must be preparation staff"):
        services.assign_audits(
            inspection=rehearsal,
            children=[member.child],
            auditor=staff_user,
            moderator=data_admin_user,
            due_date=date(2026, 12, 7),
            assigned_by=manager_user,
        )
    assert not CaseAudit.objects.exists()


@pytest.mark.django_db
def test_a_hand_chosen_out_of_area_replacement_must_live_in_a_home_out_of_area(
    selection, manager_user
):
    visit = selection.members.filter(cohort="out_of_area_visit").select_related("child").first()
    chosen = {m.child_id for m in selection.members.all()}
    at_home = (
        Child.objects.filter(in_childrens_home_out_of_area=False, is_current=True)
        .exclude(threshold="")
        .exclude(pk__in=chosen)
        .first()
    )
    with pytest.raises(services.CaseworkError, match="does not live in a children's home outside"):
        services.swap_cohort_member(
            member=visit,
            reason="Inspectors asked",
            replacement_child_id=at_home.child_id,
            swapped_by=manager_user,
        )
