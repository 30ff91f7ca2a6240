"""The annual ILACS self-evaluation (Ofsted's three questions) and the annual engagement meeting.

State changes only: each one transaction, role checked here as well as in the view, recorded in
the audit trail. The annual self-evaluation follows the graded self-evaluation's workflow (draft,
submitted, returned with comments, approved) and its roles (``workflow.py``).
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from auditlog.context import set_actor
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frameworks import national_framework
from inspection_readiness.audit import record_event
from inspection_readiness.jobs import start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import roles_of

from .job_kinds import ANNUAL_SELF_EVALUATION_REPORT
from .links import Chosen
from .models import AnnualEvidence, AnnualReviewComment, AnnualSelfEvaluation, EngagementMeeting
from .workflow import EDIT_ROLES, Step, WorkflowError, check_can_edit, check_transition

QUESTIONS_FILE = Path(__file__).resolve().parent / "fixtures" / "annual_self_evaluation.yaml"


@dataclass(frozen=True)
class Question:
    code: str
    field: str
    question: str
    hint: str


@cache
def questions() -> tuple[Question, ...]:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(Question(**row) for row in data["questions"])


def question(code: str) -> Question:
    for found in questions():
        if found.code == code:
            return found
    raise ValueError(f"{code!r} is not one of the three questions")


class AnnualEditConflict(Exception):
    """Someone else saved the answers since this person opened them: nothing was saved."""

    def __init__(self, current: AnnualSelfEvaluation):
        super().__init__("These answers were changed by someone else.")
        self.current = current


def _event(actor, annual: AnnualSelfEvaluation, description: str, **details) -> None:
    record_event(
        actor=actor,
        obj=annual,
        description=description,
        details={"annual_self_evaluation_id": annual.pk, **details},
    )


def _locked(annual: AnnualSelfEvaluation) -> AnnualSelfEvaluation:
    return AnnualSelfEvaluation.objects.select_for_update().get(pk=annual.pk)


def _editable(annual: AnnualSelfEvaluation, person: AbstractBaseUser) -> AnnualSelfEvaluation:
    locked = _locked(annual)
    check_can_edit(status=locked.status, roles=roles_of(person))
    return locked


def _check_editor(person: AbstractBaseUser) -> None:
    if not EDIT_ROLES & roles_of(person):
        raise PermissionDenied("Only preparation staff and managers can do this.")


def default_title(covers_to: date) -> str:
    return f"Annual self-evaluation, {covers_to:%B %Y}"


@transaction.atomic
def start_annual(
    *, covers_to: date, started_by: AbstractBaseUser, title: str = ""
) -> AnnualSelfEvaluation:
    _check_editor(started_by)
    with set_actor(started_by):
        annual = AnnualSelfEvaluation.objects.create(
            title=title.strip() or default_title(covers_to),
            covers_to=covers_to,
            created_by=started_by,
        )
        _event(started_by, annual, "Annual self-evaluation started")
    return annual


@transaction.atomic
def save_answers(
    *,
    annual: AnnualSelfEvaluation,
    expected_version: int,
    answers: dict[str, str],
    saved_by: AbstractBaseUser,
) -> AnnualSelfEvaluation:
    """Save the three answers (keyed by question code), unless someone saved them since."""
    current = _editable(annual, saved_by)
    if current.version != expected_version:
        raise AnnualEditConflict(current)
    for found in questions():
        if found.code in answers:
            setattr(current, found.field, answers[found.code].strip())
    current.version += 1
    with set_actor(saved_by):
        current.save(update_fields=[q.field for q in questions()] + ["version", "updated_at"])
    return current


@transaction.atomic
def add_evidence(
    *,
    annual: AnnualSelfEvaluation,
    question_code: str,
    chosen: Chosen,
    note: str,
    added_by: AbstractBaseUser,
) -> AnnualEvidence:
    """Link a record chosen from the picker to one of the three answers."""
    _editable(annual, added_by)
    question(question_code)  # refuses an unknown question
    item = AnnualEvidence(
        annual=annual,
        question=question_code,
        link_kind=chosen.kind,
        label=chosen.label[:300],
        address=chosen.address,
        note=note.strip(),
        added_by=added_by,
    )
    item.linked_object = chosen.record
    with set_actor(added_by):
        item.save()
    return item


@transaction.atomic
def remove_evidence(*, item: AnnualEvidence, removed_by: AbstractBaseUser) -> None:
    _editable(item.annual, removed_by)
    with set_actor(removed_by):
        item.delete()


@transaction.atomic
def submit_annual(*, annual: AnnualSelfEvaluation, submitted_by: AbstractBaseUser):
    annual = _locked(annual)
    target = check_transition(Step.SUBMIT, status=annual.status, roles=roles_of(submitted_by))
    unanswered = [found.question for found in questions() if not getattr(annual, found.field)]
    if unanswered:
        raise WorkflowError(
            "Answer all three questions before submitting. Not answered yet: "
            + "; ".join(unanswered)
        )
    annual.status = target
    annual.submitted_at = timezone.now()
    with set_actor(submitted_by):
        annual.save(update_fields=["status", "submitted_at", "updated_at"])
        _event(submitted_by, annual, "Submitted for review")
    return annual


@transaction.atomic
def return_annual(*, annual: AnnualSelfEvaluation, returned_by: AbstractBaseUser, comment: str):
    annual = _locked(annual)
    target = check_transition(Step.RETURN, status=annual.status, roles=roles_of(returned_by))
    if not comment.strip():
        raise WorkflowError("Write a comment to say what needs to change.")
    annual.status = target
    annual.review_round += 1
    annual.returned_at = timezone.now()
    with set_actor(returned_by):
        annual.save(update_fields=["status", "review_round", "returned_at", "updated_at"])
        AnnualReviewComment.objects.create(
            annual=annual,
            review_round=annual.review_round,
            text=comment.strip(),
            author=returned_by,
        )
        _event(returned_by, annual, "Returned with comments")
    return annual


@transaction.atomic
def approve_annual(*, annual: AnnualSelfEvaluation, approved_by: AbstractBaseUser):
    annual = _locked(annual)
    target = check_transition(Step.APPROVE, status=annual.status, roles=roles_of(approved_by))
    annual.status = target
    annual.approved_by = approved_by
    annual.approved_at = timezone.now()
    with set_actor(approved_by):
        annual.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        _event(approved_by, annual, "Approved and locked")
    return annual


@transaction.atomic
def request_report(*, annual: AnnualSelfEvaluation, requested_by: AbstractBaseUser) -> Job:
    """Queue the PDF; the previous one stays available until this one succeeds."""
    _check_editor(requested_by)
    job = start_job(kind=ANNUAL_SELF_EVALUATION_REPORT, owner=requested_by, subject=annual)
    _event(requested_by, annual, "PDF requested", job_id=job.pk)
    return job


# --- The annual engagement meeting --------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFields:
    held_on: date
    annual: AnnualSelfEvaluation | None = None
    attendees: str = ""
    notes: str = ""
    next_steps: str = ""
    tags: tuple[str, ...] = ()
    letter_received_on: date | None = None


def _apply(meeting: EngagementMeeting, fields: MeetingFields) -> None:
    meeting.held_on = fields.held_on
    meeting.annual = fields.annual
    meeting.attendees = fields.attendees.strip()
    meeting.notes = fields.notes.strip()
    meeting.next_steps = fields.next_steps.strip()
    meeting.tags = national_framework.known_codes(fields.tags)
    meeting.letter_received_on = fields.letter_received_on


@transaction.atomic
def record_meeting(*, fields: MeetingFields, recorded_by: AbstractBaseUser) -> EngagementMeeting:
    _check_editor(recorded_by)
    meeting = EngagementMeeting(created_by=recorded_by)
    _apply(meeting, fields)
    with set_actor(recorded_by):
        meeting.save()
    return meeting


@transaction.atomic
def change_meeting(
    *, meeting: EngagementMeeting, fields: MeetingFields, changed_by: AbstractBaseUser
) -> EngagementMeeting:
    _check_editor(changed_by)
    meeting = EngagementMeeting.objects.select_for_update().get(pk=meeting.pk)
    _apply(meeting, fields)
    with set_actor(changed_by):
        meeting.save()
    return meeting


@transaction.atomic
def delete_meeting(*, meeting: EngagementMeeting, deleted_by: AbstractBaseUser) -> None:
    _check_editor(deleted_by)
    with set_actor(deleted_by):
        meeting.delete()
