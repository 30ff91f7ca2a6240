"""The kinds of email the service sends about work, each of which a person can switch off."""

from django.db import models


class Kind(models.TextChoices):
    ASSIGNED = "assigned", "Work assigned to you"
    DUE_SOON = "due_soon", "Work due within a working day"
    OVERDUE = "overdue", "Work that is overdue"
    REVIEW_REQUESTED = "review_requested", "Work waiting for your review or moderation"
    REVIEW_RETURNED = "review_returned", "Your work sent back or returned with comments"


DESCRIPTIONS = {
    Kind.ASSIGNED: "A case audit, a checklist item or an inspector's request given to you.",
    Kind.DUE_SOON: "A reminder, once, when something of yours is due by the end of the next "
    "working day.",
    Kind.OVERDUE: "A reminder, once, when something of yours has passed its due time.",
    Kind.REVIEW_REQUESTED: "A case audit waiting for moderation, or a self-evaluation submitted "
    "for review (managers).",
    Kind.REVIEW_RETURNED: "A case audit sent back to you, or a self-evaluation returned with "
    "comments.",
}

REMINDER_KINDS = frozenset({Kind.DUE_SOON, Kind.OVERDUE})
