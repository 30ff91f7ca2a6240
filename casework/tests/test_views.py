"""Casework pages through HTTP: who may see each, what they show, and what they change."""

from datetime import date
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from annex_a.spec import SPEC_2023, load_spec
from casework import services
from casework.models import CaseAudit, Child, CohortMember, SectionGrade
from inspection_readiness.roles import Role

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None
EVERYONE = {S, M, A}

# (url name, kwargs builder from (selection, audit), roles allowed)
PAGES = [
    ("casework:index", lambda s, a: {}, EVERYONE),
    ("casework:child_list", lambda s, a: {}, EVERYONE),
    ("casework:child", lambda s, a: {"child_id": a.child.child_id}, EVERYONE),
    ("casework:cohorts", lambda s, a: {"pk": s.inspection_id}, EVERYONE),
    ("casework:select_cohorts", lambda s, a: {"pk": s.inspection_id}, {M}),
    ("casework:inspector_choices", lambda s, a: {"pk": s.inspection_id}, {M}),
    ("casework:export_cohorts", lambda s, a: {"pk": s.inspection_id}, {M, A}),
    ("casework:assign_audits", lambda s, a: {"pk": s.inspection_id}, {M}),
    ("casework:summary", lambda s, a: {"pk": s.inspection_id}, EVERYONE),
    ("casework:audit_list", lambda s, a: {}, EVERYONE),
    ("casework:cancel_audit", lambda s, a: {"pk": a.pk}, {M}),
    ("casework:template_list", lambda s, a: {}, EVERYONE),
    (
        "casework:swap_member",
        lambda s, a: {"pk": s.members.filter(cohort="sampled").first().pk},
        {M},
    ),
]
CASES = [
    (name, build, role, role in allowed)
    for name, build, allowed in PAGES
    for role in (S, M, A, NONE)
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "role", "allowed"),
    CASES,
    ids=[f"{c[0].split(':')[1]}-{c[2].value if c[2] else 'no_role'}" for c in CASES],
)
def test_each_page_answers_only_its_roles(
    client, user_for_role, selection, audit, name, build, role, allowed
):
    client.force_login(user_for_role(role))
    response = client.get(reverse(name, kwargs=build(selection, audit)))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.django_db
def test_the_empty_casework_page_says_what_to_do(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("casework:index"))
    assert b"There are no children here yet" in response.content
    assert b"Ask a data admin to import Annex A" in response.content


@pytest.mark.django_db
def test_the_index_says_when_and_from_which_version_children_were_built(
    client, staff_user, children
):
    client.force_login(staff_user)
    response = client.get(reverse("casework:index"))
    assert f"Annex A version {children.version.number}".encode() in response.content
    assert b"last built on" in response.content


@pytest.mark.django_db
def test_viewing_a_child_is_recorded_and_shows_the_timeline_and_flags(
    client, manager_user, children
):
    child = Child.objects.exclude(flags=[]).first()
    client.force_login(manager_user)
    response = client.get(reverse("casework:child", kwargs={"child_id": child.child_id}))
    assert response.status_code == 200
    assert b"app-timeline" in response.content
    assert b"Flags for inspectors" in response.content
    if child.ethnicity:  # shown as people read it, with Ofsted's short code
        label = load_spec(SPEC_2023).code_sets["ethnicity"].labels[child.ethnicity]
        assert label in response.content.decode()
    entry = LogEntry.objects.get_for_object(child).get()
    assert entry.actor == manager_user
    assert entry.additional_data["event"] == f"Viewed child {child.child_id}"


@pytest.mark.django_db
def test_an_unknown_child_is_not_found(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("casework:child", kwargs={"child_id": "NOPE"})).status_code == 404


@pytest.mark.django_db
def test_children_list_filters_by_flag(client, manager_user, children):
    client.force_login(manager_user)
    response = client.get(reverse("casework:child_list"), {"flag": "out_of_area"})
    flagged = Child.objects.filter(flags__icontains='"out_of_area"').order_by("child_id").first()
    assert flagged.child_id.encode() in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("choice, current", [("no", False), ("yes", True)])
def test_children_list_filters_by_whether_annex_a_still_lists_them(
    client, data_admin_user, children, choice, current
):
    gone = Child.objects.order_by("child_id").first()
    gone.is_current = False
    gone.save(update_fields=["is_current"])
    client.force_login(data_admin_user)
    page = client.get(reverse("casework:child_list"), {"is_current": choice}).content.decode()
    assert (reverse("casework:child", kwargs={"child_id": gone.child_id}) in page) is not current


@pytest.mark.django_db
def test_a_manager_selects_cohorts_and_sees_coverage(client, manager_user, children, rehearsal):
    client.force_login(manager_user)
    response = client.post(
        reverse("casework:select_cohorts", args=[rehearsal.pk]), {"seed": "31"}, follow=True
    )
    assert b"Chose 100 children with seed 31" in response.content
    assert b"Key thresholds" in response.content
    # ILACS publishes no numbers: the council's own are used, and the page says so.
    assert (
        b"Ofsted does not publish how many children it samples in an ILACS inspection"
        in response.content
    )
    assert b"Change your council's cohort sizes" in response.content
    assert CohortMember.objects.filter(selection__inspection=rehearsal).count() == 100


@pytest.mark.django_db
def test_a_swap_needs_a_reason(client, manager_user, selection):
    member = selection.members.filter(cohort="sampled").first()
    client.force_login(manager_user)
    response = client.post(reverse("casework:swap_member", args=[member.pk]), {"reason": ""})
    assert b"Enter why this child is being swapped" in response.content
    assert b"<title>Error: " in response.content


@pytest.mark.django_db
def test_inspectors_choices_are_compared_with_the_rehearsal(client, manager_user, selection):
    chosen = list(
        selection.members.filter(cohort="audit").values_list("child__child_id", flat=True)[:3]
    )
    client.force_login(manager_user)
    response = client.post(
        reverse("casework:inspector_choices", args=[selection.inspection_id]),
        {"child_ids": ", ".join(chosen) + "\nUNKNOWN-1"},
        follow=True,
    )
    assert b"The inspectors chose 4 children: 3 of them (75%)" in response.content
    assert b"UNKNOWN-1" in response.content


@pytest.mark.django_db
def test_the_export_neutralises_formula_like_cells(client, manager_user, selection):
    member = selection.members.filter(cohort="sampled").first()
    services.swap_cohort_member(
        member=member, reason='=HYPERLINK("http://evil")', swapped_by=manager_user
    )
    client.force_login(manager_user)
    response = client.get(reverse("casework:export_cohorts", args=[selection.inspection_id]))
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Cohorts", "Coverage", "Inspectors' choices"]
    reasons = [row[9] for row in book["Cohorts"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in reasons
    assert len(reasons) == 101  # 100 chosen, plus the child swapped out


@pytest.mark.django_db
def test_the_manager_assigns_audits_due_at_the_end_of_week_two(
    client, manager_user, staff_user, selection
):
    members = list(selection.members.filter(cohort="audit")[:2])
    client.force_login(manager_user)
    page = client.get(reverse("casework:assign_audits", args=[selection.inspection_id]))
    assert b"Monday 7 December 2026" in page.content
    response = client.post(
        reverse("casework:assign_audits", args=[selection.inspection_id]),
        {
            "members": [str(m.pk) for m in members],
            "auditor": str(staff_user.pk),
            "moderator": "",
            "due_date_0": "7",
            "due_date_1": "12",
            "due_date_2": "2026",
        },
    )
    assert response.status_code == 302
    assert CaseAudit.objects.filter(auditor=staff_user, due_date=date(2026, 12, 7)).count() == 2


@pytest.mark.django_db
def test_staff_cannot_open_someone_elses_audit(client, audit, django_user_model):
    from conftest import make_user

    other = make_user(django_user_model, "other", Role.PREPARATION_STAFF)
    client.force_login(other)
    assert client.get(reverse("casework:audit", args=[audit.pk])).status_code == 403
    response = client.post(reverse("casework:audit_autosave", args=[audit.pk]), {})
    assert response.status_code == 403
    assert response.json()["saved"] is False


@pytest.mark.django_db
def test_a_data_admin_sees_only_audits_assigned_to_them(client, audit, data_admin_user):
    client.force_login(data_admin_user)
    assert client.get(reverse("casework:audit", args=[audit.pk])).status_code == 403
    listing = client.get(reverse("casework:audit_list")).content.decode()
    assert reverse("casework:audit", args=[audit.pk]) not in listing


@pytest.mark.django_db
def test_autosave_keeps_what_the_auditor_typed(client, staff_user, audit):
    section_grade = audit.grades.first()
    client.force_login(staff_user)
    response = client.post(
        reverse("casework:audit_autosave", args=[audit.pk]),
        {f"narrative_{section_grade.section_id}": "Half a sentence"},
    )
    assert response.json()["saved"] is True
    assert SectionGrade.objects.get(pk=section_grade.pk).narrative == "Half a sentence"
    page = client.get(reverse("casework:audit", args=[audit.pk]))
    assert b"Half a sentence" in page.content
    assert b"data-autosave-url" in page.content


@pytest.mark.django_db
def test_submitting_an_incomplete_audit_lists_what_is_missing(client, staff_user, audit):
    client.force_login(staff_user)
    response = client.post(reverse("casework:audit", args=[audit.pk]), {"submit_audit": "1"})
    assert b"Give a grade and a narrative for every section" in response.content
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT


@pytest.mark.django_db
def test_a_manager_cannot_moderate_their_own_audit(client, manager_user, selection, rehearsal):
    member = selection.members.filter(cohort="audit").first()
    [own] = services.assign_audits(
        inspection=rehearsal,
        children=[member.child],
        auditor=manager_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    client.force_login(manager_user)
    response = client.get(reverse("casework:moderate", args=[own.pk]))
    assert response.status_code == 403
    assert b"You cannot moderate your own audit" in response.content


@pytest.mark.django_db
def test_the_summary_names_inadequate_cases_only_to_those_who_may_open_them(
    client, audit, staff_user, manager_user, django_user_model
):
    from conftest import make_user

    from .test_audits import answer_everything

    answer_everything(audit, staff_user, grade_code="inadequate")
    services.submit_audit(audit=audit, submitted_by=staff_user)
    url = reverse("casework:summary", args=[audit.inspection_id])
    link = reverse("casework:audit", args=[audit.pk])

    client.force_login(make_user(django_user_model, "other", Role.PREPARATION_STAFF))
    page = client.get(url)
    assert page.status_code == 200
    assert link not in page.content.decode()
    assert "1 submitted audit has a section graded inadequate" in page.content.decode()

    for person in (staff_user, manager_user):
        client.force_login(person)
        assert link in client.get(url).content.decode()
