"""Each event sends exactly one email, to the right person, once the change is committed; a
kind switched off sends nothing; no email names a child."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from casework import sending_back
from casework import services as casework_services
from casework.models import CaseAudit
from casework.tests.test_audits import answer_everything
from inspections import services as inspection_services
from judgements import annual
from judgements import services as judgement_services
from judgements.tests.conftest import area
from notifications import services, work
from notifications.kinds import Kind
from notifications.models import SentEmail

pytestmark = pytest.mark.django_db


def only_email_to(person):
    assert [message.to for message in mail.outbox] == [[person.email]]
    return mail.outbox[0]


def test_a_checklist_item_assigned_emails_its_new_owner_once(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    item = inspection.checklist_items.first()
    due = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.assign_checklist_item(
            actor=manager_user, item=item, owner=staff_user, due_at=due
        )
    email = only_email_to(staff_user)
    assert email.subject == "A notification-day checklist item has been assigned to you"
    assert item.title in email.body
    assert f"/inspections/{inspection.pk}/checklist/" in email.body
    # Saving it again with the same owner (a new due time) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.assign_checklist_item(
            actor=manager_user, item=item, owner=staff_user, due_at=due + timedelta(hours=1)
        )
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get().kind == Kind.ASSIGNED


def test_a_checklist_item_with_no_due_time_is_still_assigned_by_email(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    """An owner without a due time is a real assignment: the email says so, without a date."""
    item = inspection.checklist_items.first()
    item.due_at = None
    item.save(update_fields=["due_at"])
    with django_capture_on_commit_callbacks(execute=True):
        item.owner = staff_user
        item.save(update_fields=["owner"])
    email = only_email_to(staff_user)
    assert "has been assigned to you." in email.body
    assert "due by" not in email.body


def test_nothing_is_sent_until_the_change_is_committed(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inspection_services.log_request(
            actor=manager_user,
            inspection=inspection,
            inspector="HMI Jones",
            asked="Child 123456's plan",
            owner=staff_user,
            due_at=timezone.now() + timedelta(hours=2),
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_request_logged_emails_its_owner_without_what_was_asked(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = inspection_services.log_request(
            actor=manager_user,
            inspection=inspection,
            inspector="HMI Jones",
            asked="Child 123456's plan",
            owner=staff_user,
            due_at=timezone.now() + timedelta(hours=2),
        )
    email = only_email_to(staff_user)
    assert email.subject == "An inspector's request has been assigned to you"
    assert "123456" not in email.body
    assert request.get_absolute_url() in email.body
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.reassign_request(
            actor=manager_user, request=request, owner=manager_user, due_at=request.due_at
        )
    assert [message.to for message in mail.outbox][1:] == [[manager_user.email]]


def test_switched_off_assignments_are_not_sent(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    services.set_switch(person=staff_user, kind=Kind.ASSIGNED, on=False, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        inspection_services.log_request(
            actor=manager_user,
            inspection=inspection,
            inspector="HMI",
            asked="Asked",
            owner=staff_user,
            due_at=timezone.now() + timedelta(hours=2),
        )
    assert mail.outbox == []
    assert not SentEmail.objects.exists()


def test_a_failing_mail_server_never_breaks_the_request(
    inspection, manager_user, staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        request = inspection_services.log_request(
            actor=manager_user,
            inspection=inspection,
            inspector="HMI",
            asked="Asked",
            owner=staff_user,
            due_at=timezone.now() + timedelta(hours=2),
        )
    assert request.pk
    assert SentEmail.objects.get().delivered is False


def test_an_audit_assigned_emails_its_auditor_and_never_names_the_child(
    selection, rehearsal, staff_user, manager_user, django_capture_on_commit_callbacks
):
    member = selection.members.filter(cohort="audit").select_related("child").first()
    with django_capture_on_commit_callbacks(execute=True):
        [audit] = casework_services.assign_audits(
            inspection=rehearsal,
            children=[member.child],
            auditor=staff_user,
            due_date=date(2026, 12, 7),
            assigned_by=manager_user,
        )
    email = only_email_to(staff_user)
    assert email.subject == "A case audit has been assigned to you"
    assert member.child.child_id not in email.body
    assert f"/casework/audits/{audit.pk}/" in email.body
    assert "7 December 2026" in email.body


def test_an_audit_submitted_asks_managers_to_moderate_and_sent_back_tells_the_auditor(
    audit, staff_user, manager_user, django_capture_on_commit_callbacks
):
    answer_everything(audit, staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        casework_services.submit_audit(audit=audit, submitted_by=staff_user)
    email = only_email_to(manager_user)
    assert email.subject == "A case audit is waiting for moderation"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sending_back.send_back_audit(audit=audit, comment="Say more", sent_by=manager_user)
    assert CaseAudit.objects.get(pk=audit.pk).status == CaseAudit.Status.DRAFT
    email = only_email_to(staff_user)
    assert email.subject == "A case audit has been sent back to you"
    assert "Say more" not in email.body


def test_a_self_evaluation_submitted_asks_managers_and_returned_tells_its_author(
    complete_ilacs, staff_user, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        judgement_services.submit_self_evaluation(
            self_evaluation=complete_ilacs, submitted_by=staff_user
        )
    assert only_email_to(manager_user).subject == "A self-evaluation has been submitted for review"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        judgement_services.return_self_evaluation(
            self_evaluation=complete_ilacs,
            returned_by=manager_user,
            comments={area(complete_ilacs, "OE"): "Say more"},
        )
    email = only_email_to(staff_user)
    assert email.subject == "A self-evaluation of yours has been returned with comments"
    assert complete_ilacs.get_absolute_url() in email.body


def test_the_annual_self_evaluation_submitted_and_returned(
    staff_user, manager_user, django_capture_on_commit_callbacks
):
    yearly = annual.start_annual(covers_to=timezone.localdate(), started_by=staff_user)
    annual.save_answers(
        annual=yearly,
        expected_version=yearly.version,
        answers={"know": "Know", "how": "How", "plans": "Plans"},
        saved_by=staff_user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        annual.submit_annual(annual=yearly, submitted_by=staff_user)
    assert only_email_to(manager_user).subject == "A self-evaluation has been submitted for review"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        annual.return_annual(annual=yearly, returned_by=manager_user, comment="More")
    only_email_to(staff_user)


def test_several_audits_assigned_at_once_go_as_one_email(
    selection, rehearsal, staff_user, manager_user, django_capture_on_commit_callbacks
):
    members = selection.members.filter(cohort="audit").select_related("child")[:3]
    with django_capture_on_commit_callbacks(execute=True):
        casework_services.assign_audits(
            inspection=rehearsal,
            children=[member.child for member in members],
            auditor=staff_user,
            due_date=date(2026, 12, 7),
            assigned_by=manager_user,
        )
    email = only_email_to(staff_user)
    assert email.subject == "3 case audits have been assigned to you"
    assert "/casework/audits/\n" in email.body


def test_a_batch_rolled_back_sends_nothing_and_does_not_hold_up_the_next(
    audit, manager_user, django_capture_on_commit_callbacks
):
    message = work.audit_work(audit).assigned()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.notify(manager_user, message)
            raise RuntimeError
        services.notify(manager_user, message)
    assert only_email_to(manager_user).subject == "A case audit has been assigned to you"
