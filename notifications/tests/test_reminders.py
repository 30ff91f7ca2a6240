"""The reminder sweep: each item reminded once per kind, at the working-day boundary."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from casework.models import CaseAudit
from inspections import services as inspection_services
from notifications import services
from notifications.kinds import Kind
from notifications.models import SentEmail
from notifications.reminders import send_reminders
from notifications.work import request_work

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Friday 22 May 2026, before the spring bank holiday on Monday 25 May.
FRIDAY = datetime(2026, 5, 22, 10, 0, tzinfo=LONDON)


def request_due(inspection, manager_user, owner, due_at):
    return inspection_services.log_request(
        actor=manager_user,
        inspection=inspection,
        inspector="HMI",
        asked="Asked",
        owner=owner,
        due_at=due_at,
    )


@pytest.mark.parametrize(
    ("due_at", "expected"),
    [
        (FRIDAY + timedelta(days=4), [Kind.DUE_SOON]),  # Tuesday: one working day on
        (FRIDAY + timedelta(days=4, minutes=1), []),  # just over one working day
        (FRIDAY + timedelta(days=5), []),  # Wednesday: two working days
        (FRIDAY - timedelta(minutes=1), [Kind.OVERDUE]),
    ],
)
def test_requests_are_reminded_at_the_working_day_boundary(
    inspection, manager_user, staff_user, due_at, expected
):
    request_due(inspection, manager_user, staff_user, due_at)
    mail.outbox.clear()
    send_reminders(now=FRIDAY)
    assert [sent.kind for sent in SentEmail.objects.filter(reminder_key__gt="")] == expected
    assert [message.to for message in mail.outbox] == [[staff_user.email]] * len(expected)


def test_a_second_run_sends_no_duplicate_and_overdue_follows_due_soon(
    inspection, manager_user, staff_user
):
    request_due(inspection, manager_user, staff_user, FRIDAY + timedelta(days=4))
    mail.outbox.clear()
    assert send_reminders(now=FRIDAY) == 1
    assert send_reminders(now=FRIDAY + timedelta(hours=1)) == 0
    assert mail.outbox[0].subject == "Due soon: an inspector's request"
    assert send_reminders(now=FRIDAY + timedelta(days=4, minutes=1)) == 1
    assert mail.outbox[1].subject == "Overdue: an inspector's request"
    assert send_reminders(now=FRIDAY + timedelta(days=5)) == 0
    assert len(mail.outbox) == 2


def test_done_work_and_switched_off_reminders_are_not_sent(
    inspection, manager_user, staff_user, data_admin_user
):
    item = inspection.checklist_items.first()
    inspection_services.assign_checklist_item(
        actor=manager_user, item=item, owner=staff_user, due_at=FRIDAY - timedelta(hours=1)
    )
    inspection_services.mark_checklist_item(actor=staff_user, item=item, done=True)
    request_due(inspection, manager_user, data_admin_user, FRIDAY - timedelta(hours=1))
    services.set_switch(person=data_admin_user, kind=Kind.OVERDUE, on=False, actor=data_admin_user)
    mail.outbox.clear()
    assert send_reminders(now=FRIDAY) == 0
    assert mail.outbox == []


def test_an_overdue_checklist_item_and_audit_are_reminded_by_the_command(
    inspection, audit, manager_user, staff_user
):
    item = inspection.checklist_items.first()
    inspection_services.assign_checklist_item(
        actor=manager_user, item=item, owner=staff_user, due_at=timezone.now() - timedelta(hours=1)
    )
    CaseAudit.objects.filter(pk=audit.pk).update(due_date=date.today() - timedelta(days=1))
    mail.outbox.clear()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 2 reminders."
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == ["Overdue: a case audit", "Overdue: a notification-day checklist item"]
    assert audit.child.child_id not in "".join(message.body for message in mail.outbox)
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_a_reminder_already_recorded_is_not_sent_again_even_by_an_overlapping_sweep(
    inspection, manager_user, staff_user
):
    request = request_due(inspection, manager_user, staff_user, FRIDAY - timedelta(hours=1))
    message = request_work(request).reminder(Kind.OVERDUE)
    mail.outbox.clear()
    assert services.deliver(recipient=staff_user, message=message) is not None
    assert services.deliver(recipient=staff_user, message=message) is None
    assert len(mail.outbox) == 1
