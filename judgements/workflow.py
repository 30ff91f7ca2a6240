"""The review workflow: draft, submitted for review, returned with comments, approved.

Who may move a self-evaluation from which status to which, as data plus one check. Services
call ``check_transition`` and ``check_can_edit`` inside their transaction, so the rule holds
whichever view (or script) asks.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from inspection_readiness.roles import Role

from .models import SelfEvaluation

Status = SelfEvaluation.Status

# Preparation staff enter the self-evaluation; managers review it and may also edit it.
EDIT_ROLES = frozenset({Role.PREPARATION_STAFF, Role.MANAGER})
REVIEW_ROLES = frozenset({Role.MANAGER})
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class Step(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"


@dataclass(frozen=True)
class Transition:
    step: Step
    sources: frozenset[str]
    target: str
    roles: frozenset[Role]


TRANSITIONS = {
    Step.SUBMIT: Transition(Step.SUBMIT, EDITABLE, Status.SUBMITTED, EDIT_ROLES),
    Step.RETURN: Transition(
        Step.RETURN, frozenset({Status.SUBMITTED}), Status.RETURNED, REVIEW_ROLES
    ),
    Step.APPROVE: Transition(
        Step.APPROVE, frozenset({Status.SUBMITTED}), Status.APPROVED, REVIEW_ROLES
    ),
}


class WorkflowError(Exception):
    """The step is not allowed now, or not for this person; the message says why."""


_REFUSED_FOR_ROLE = {
    Step.SUBMIT: "Only preparation staff and managers can submit a self-evaluation.",
    Step.RETURN: "Only managers can return a self-evaluation with comments.",
    Step.APPROVE: "Only managers can approve a self-evaluation.",
}

_REFUSED_IN_STATUS = {
    Status.APPROVED: "This self-evaluation is approved and locked. Start a new revision to "
    "change it.",
    Status.SUBMITTED: "This self-evaluation is with a manager for review. It can be changed again "
    "if it is returned with comments.",
    Status.DRAFT: "This self-evaluation has not been submitted for review yet.",
    Status.RETURNED: "This self-evaluation was returned with comments. It must be submitted again "
    "before a manager can review it.",
}


def check_transition(step: Step, *, status: str, roles: Iterable[Role]) -> str:
    """The status after ``step``; raises ``WorkflowError`` if the step is not allowed."""
    transition = TRANSITIONS[step]
    if not transition.roles & set(roles):
        raise WorkflowError(_REFUSED_FOR_ROLE[step])
    if status not in transition.sources:
        raise WorkflowError(_REFUSED_IN_STATUS[status])
    return transition.target


def check_can_edit(*, status: str, roles: Iterable[Role]) -> None:
    """Raise ``WorkflowError`` unless the person may change a self-evaluation in ``status``."""
    if not EDIT_ROLES & set(roles):
        raise WorkflowError("Only preparation staff and managers can change a self-evaluation.")
    if status not in EDITABLE:
        raise WorkflowError(_REFUSED_IN_STATUS[status])


def check_can_revise(*, status: str, has_later_revision: bool, roles: Iterable[Role]) -> None:
    """A new revision starts only from an approved self-evaluation, and only once."""
    if not EDIT_ROLES & set(roles):
        raise WorkflowError("Only preparation staff and managers can start a new revision.")
    if status != Status.APPROVED:
        raise WorkflowError("A new revision can only start from an approved self-evaluation.")
    if has_later_revision:
        raise WorkflowError("A newer revision of this self-evaluation has already been started.")


def check_can_delete(*, status: str, roles: Iterable[Role]) -> None:
    """Managers may delete a self-evaluation that has never been approved."""
    if not REVIEW_ROLES & set(roles):
        raise WorkflowError("Only managers can delete a self-evaluation.")
    if status == Status.APPROVED:
        raise WorkflowError(
            "An approved self-evaluation is kept as a record and cannot be deleted."
        )
