"""The inspection week's services: recording and changing the notification (with the reason in
the audit trail), the timeline from the recorded dates, the checklist from the council's
template per kind of visit, and who may change what."""

from datetime import date, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from frameworks.models import Inspection
from frameworks.timeline import LONDON
from inspection_readiness.roles import Role
from inspections import queries, services
from inspections.checklists import default_checklist
from inspections.models import ChecklistItem, ChecklistTemplateItem

from .conftest import CALL

pytestmark = pytest.mark.django_db

REFUSED = [Role.PREPARATION_STAFF, None]


def test_recording_a_notification_makes_a_real_inspection_with_its_checklist(short_inspection):
    inspection = short_inspection
    assert not inspection.is_rehearsal
    assert inspection.framework.short_name == "ILACS 2026"
    assert inspection.visit_kind.code == "short"
    assert inspection.notified_at == CALL
    assert inspection.lead_inspector == "Lee Inspector"
    titles = [item.title for item in inspection.checklist_items.all()]
    assert titles == [item.title for item in default_checklist("short")]
    first = inspection.checklist_items.first()
    assert first.due_at == CALL + timedelta(hours=default_checklist("short")[0].hours_after_call)
    events = [
        (e.additional_data or {}).get("event") for e in LogEntry.objects.get_for_object(inspection)
    ]
    assert "Notification recorded from the lead inspector's call" in events


def test_the_framework_in_force_on_the_first_day_on_site_is_used(ilacs, manager_user):
    from frameworks.models import Framework

    old = Framework.objects.get(short_name="ILACS")
    inspection = services.record_notification(
        actor=manager_user,
        framework=old,
        visit_kind_code="short",
        notified_at=datetime(2026, 3, 25, 9, 0, tzinfo=LONDON),
        on_site_from=date(2026, 4, 13),
    )
    assert inspection.framework == ilacs
    assert inspection.visit_kind.framework == ilacs


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_managers_and_data_admins_record_a_notification(ilacs, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.record_notification(
            actor=user_for_role(role), framework=ilacs, visit_kind_code="short", notified_at=CALL
        )
    assert not Inspection.objects.filter(is_rehearsal=False).exists()


def test_a_data_admin_records_one_too(ilacs, data_admin_user):
    inspection = services.record_notification(
        actor=data_admin_user,
        framework=ilacs,
        visit_kind_code="focused",
        notified_at=CALL,
        focus_area="Care leavers",
    )
    assert inspection.focus_area == "Care leavers"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"on_site_from": date(2026, 5, 27), "on_site_to": date(2026, 5, 26)}, "last day"),
        ({"focus_area": "Not an area"}, "focus areas"),
        ({"notified_at": timezone.now() + timedelta(hours=1)}, "now or in the past"),
    ],
)
def test_a_notification_that_cannot_be_right_is_refused(ilacs, manager_user, values, message):
    arguments = {"notified_at": CALL, **values}
    with pytest.raises(services.NotificationError, match=message):
        services.record_notification(
            actor=manager_user, framework=ilacs, visit_kind_code="short", **arguments
        )


def test_a_call_five_minutes_ahead_of_the_server_clock_is_accepted(ilacs, manager_user):
    services.record_notification(
        actor=manager_user,
        framework=ilacs,
        visit_kind_code="short",
        notified_at=timezone.now() + timedelta(minutes=4),
    )


def test_changing_the_notification_keeps_the_reason_and_before_and_after(
    short_inspection, manager_user
):
    services.change_notification(
        actor=manager_user,
        inspection=short_inspection,
        reason="The lead inspector rang back",
        on_site_from=date(2026, 5, 27),
        lead_inspector="Lou Inspector",
    )
    short_inspection.refresh_from_db()
    assert short_inspection.on_site_from == date(2026, 5, 27)
    entry = (
        LogEntry.objects.get_for_object(short_inspection)
        .filter(additional_data__reason__isnull=False)
        .get()
    )
    assert entry.actor == manager_user
    assert entry.additional_data["reason"] == "The lead inspector rang back"
    assert entry.additional_data["changes"] == {
        "lead_inspector": {"before": "Lee Inspector", "after": "Lou Inspector"},
        "on_site_from": {"before": "", "after": "27 May 2026"},
    }
    assert "The lead inspector rang back" in entry.additional_data["event"]
    assert "Lee Inspector → Lou Inspector" in entry.additional_data["event"]


def test_a_change_needs_a_reason(short_inspection, manager_user):
    with pytest.raises(services.NotificationError, match="reason"):
        services.change_notification(
            actor=manager_user, inspection=short_inspection, reason="  ", team="Other"
        )


def test_moving_the_call_moves_checklist_items_still_to_do(short_inspection, manager_user):
    done, to_do = short_inspection.checklist_items.all()[:2]
    services.mark_checklist_item(actor=manager_user, item=done, done=True)
    done_due = ChecklistItem.objects.get(pk=done.pk).due_at
    services.change_notification(
        actor=manager_user,
        inspection=short_inspection,
        reason="Wrong hour",
        notified_at=CALL + timedelta(hours=2),
    )
    assert ChecklistItem.objects.get(pk=to_do.pk).due_at == to_do.due_at + timedelta(hours=2)
    assert ChecklistItem.objects.get(pk=done.pk).due_at == done_due


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_managers_and_data_admins_change_the_notification(
    short_inspection, user_for_role, role
):
    with pytest.raises(PermissionDenied):
        services.change_notification(
            actor=user_for_role(role), inspection=short_inspection, reason="No", team="X"
        )


# --- The timeline from the recorded dates -----------------------------------------------------


def _due(inspection, code):
    rows = queries.timeline_rows(inspection, now=CALL)
    return next(row.entry.due for row in rows if row.entry.step.code == code)


def test_inspectors_arrive_the_day_after_a_bank_holiday_monday(short_inspection):
    # Called Wednesday 20 May 2026: the Monday after is the spring bank holiday (25 May).
    assert _due(short_inspection, "short-on-site").date() == date(2026, 5, 26)
    assert _due(short_inspection, "short-on-site-ends").date() == date(2026, 5, 29)


def test_the_dates_the_lead_inspector_gave_win(short_inspection, manager_user):
    services.change_notification(
        actor=manager_user,
        inspection=short_inspection,
        reason="Told on the call",
        on_site_from=date(2026, 6, 1),
        on_site_to=date(2026, 6, 5),
    )
    short_inspection.refresh_from_db()
    assert _due(short_inspection, "short-on-site").date() == date(2026, 6, 1)
    assert _due(short_inspection, "short-annex-a").date() == date(2026, 5, 21)
    # The report counts 30 working days from the last day on site the council entered.
    report = _due(short_inspection, "short-report").date()
    assert report == date(2026, 7, 17)


@pytest.mark.parametrize(
    ("role", "owns", "allowed"),
    [
        (Role.PREPARATION_STAFF, True, True),
        (Role.PREPARATION_STAFF, False, False),
        (Role.MANAGER, False, True),
        (Role.DATA_ADMIN, False, True),
        (None, True, False),
    ],
    ids=str,
)
def test_a_step_is_marked_done_by_its_owner_or_a_lead(
    short_inspection, manager_user, user_for_role, role, owns, allowed
):
    person = user_for_role(role)
    services.assign_step(
        actor=manager_user,
        inspection=short_inspection,
        step_code="short-annex-a",
        owner=person if owns else manager_user,
    )
    if allowed:
        progress = services.mark_step(
            actor=person, inspection=short_inspection, step_code="short-annex-a", done=True
        )
        assert progress.done_by == person and progress.done_at is not None
    else:
        with pytest.raises(PermissionDenied):
            services.mark_step(
                actor=person, inspection=short_inspection, step_code="short-annex-a", done=True
            )


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_leads_assign_steps(short_inspection, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.assign_step(
            actor=user_for_role(role),
            inspection=short_inspection,
            step_code="short-annex-a",
            owner=user_for_role(role),
        )


# --- The checklist from the council's template ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("short", "Set up IT, logins and case record access for each inspector"),
        ("focused", "Brief the managers of the teams in the focus area"),
        ("monitoring", "Gather progress against the improvement plan since the last visit"),
    ],
)
def test_each_kind_of_visit_starts_from_its_own_checklist(ilacs, manager_user, kind, expected):
    inspection = services.record_notification(
        actor=manager_user, framework=ilacs, visit_kind_code=kind, notified_at=CALL
    )
    titles = list(inspection.checklist_items.values_list("title", flat=True))
    assert expected in titles
    assert titles[0] != expected or kind != "short"


def test_a_framework_with_one_kind_uses_the_default_checklist():
    assert default_checklist("") == default_checklist("default")
    assert default_checklist("no-such-kind") == default_checklist("default")


def test_the_councils_edited_template_is_used_for_the_next_notification(ilacs, manager_user):
    services.template_items("short")
    removed = ChecklistTemplateItem.objects.get(
        title="Tell the chief executive", visit_kind_code="short"
    )
    services.remove_template_item(actor=manager_user, item=removed)
    services.add_template_item(
        actor=manager_user,
        visit_kind_code="short",
        title="Book the council chamber",
        hours_after_call=3,
    )
    inspection = services.record_notification(
        actor=manager_user, framework=ilacs, visit_kind_code="short", notified_at=CALL
    )
    titles = list(inspection.checklist_items.values_list("title", flat=True))
    assert "Tell the chief executive" not in titles
    assert titles[-1] == "Book the council chamber"
    assert inspection.checklist_items.last().due_at == CALL + timedelta(hours=3)
    # The focused visit's template is its own.
    assert "Tell the chief executive" in [item.title for item in services.template_items("focused")]


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_leads_change_the_template(user_for_role, role):
    item = services.template_items("short")[0]
    for change in (
        lambda: services.add_template_item(
            actor=user_for_role(role), visit_kind_code="short", title="X", hours_after_call=1
        ),
        lambda: services.change_template_item(
            actor=user_for_role(role), item=item, title="X", hours_after_call=1
        ),
        lambda: services.remove_template_item(actor=user_for_role(role), item=item),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert ChecklistTemplateItem.objects.filter(pk=item.pk, title=item.title).exists()


def test_a_rehearsal_gets_its_checklist_on_request(ilacs, manager_user):
    from frameworks.services import start_rehearsal

    rehearsal = start_rehearsal(framework=ilacs, started_by=manager_user, visit_kind_code="focused")
    assert not rehearsal.checklist_items.exists()
    services.start_checklist(actor=manager_user, inspection=rehearsal)
    assert rehearsal.checklist_items.count() == len(default_checklist("focused"))
    with pytest.raises(services.WorkRefused):
        services.start_checklist(actor=manager_user, inspection=rehearsal)


@pytest.mark.parametrize(
    ("role", "owns", "allowed"),
    [
        (Role.PREPARATION_STAFF, True, True),
        (Role.PREPARATION_STAFF, False, False),
        (Role.MANAGER, False, True),
        (None, True, False),
    ],
    ids=str,
)
def test_a_checklist_item_is_marked_done_by_its_owner_or_a_lead(
    short_inspection, manager_user, user_for_role, role, owns, allowed
):
    person = user_for_role(role)
    item = short_inspection.checklist_items.first()
    services.assign_checklist_item(
        actor=manager_user, item=item, owner=person if owns else manager_user, due_at=item.due_at
    )
    if allowed:
        done = services.mark_checklist_item(actor=person, item=item, done=True)
        assert done.status == ChecklistItem.Status.DONE and done.done_by == person
        with pytest.raises(services.WorkRefused):
            services.mark_checklist_item(actor=person, item=item, done=True)
    else:
        with pytest.raises(PermissionDenied):
            services.mark_checklist_item(actor=person, item=item, done=True)
        assert ChecklistItem.objects.get(pk=item.pk).status == ChecklistItem.Status.TO_DO


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_leads_assign_checklist_items(short_inspection, user_for_role, role):
    item = short_inspection.checklist_items.first()
    with pytest.raises(PermissionDenied):
        services.assign_checklist_item(
            actor=user_for_role(role), item=item, owner=user_for_role(role), due_at=None
        )


def test_overdue_items_are_those_not_done_past_their_due_time(short_inspection, manager_user):
    first, second = short_inspection.checklist_items.all()[:2]
    services.mark_checklist_item(actor=manager_user, item=second, done=True)
    at_due = queries.checklist(short_inspection, now=first.due_at)
    assert not at_due[0].is_overdue
    after = queries.checklist(short_inspection, now=first.due_at + timedelta(minutes=1))
    assert after[0].is_overdue
    assert not after[1].is_overdue  # done


def test_each_person_sees_the_work_they_own(short_inspection, manager_user, staff_user):
    first, second = short_inspection.checklist_items.all()[:2]
    for item in (first, second):
        services.assign_checklist_item(
            actor=manager_user, item=item, owner=staff_user, due_at=item.due_at
        )
    services.mark_checklist_item(actor=staff_user, item=second, done=True)
    request = services.log_request(
        actor=manager_user,
        inspection=short_inspection,
        inspector="Lee",
        asked="Files",
        owner=staff_user,
        due_at=CALL,
    )
    assert list(queries.my_checklist_items(staff_user)) == [first]
    assert list(queries.my_open_requests(staff_user)) == [request]
    assert not queries.my_checklist_items(manager_user).exists()
    services.answer_request(actor=staff_user, request=request, answer="Sent")
    assert not queries.my_open_requests(staff_user).exists()
    Inspection.objects.filter(pk=short_inspection.pk).update(status=Inspection.Status.CLOSED)
    assert not queries.my_checklist_items(staff_user).exists()
