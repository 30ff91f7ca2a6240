from django.conf import settings
from django.db import models

from .kinds import Kind


class SwitchedOff(models.Model):
    """A kind of email a person has switched off. Every kind is on unless a row says otherwise."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_switch_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: off"


class SentEmail(models.Model):
    """One email sent (or tried) to one person. A reminder's key makes it go at most once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    # For reminders: which item, and which due time, was reminded ("" for other kinds).
    reminder_key = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    delivered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "reminder_key"],
                condition=~models.Q(reminder_key=""),
                name="one_reminder_per_item_and_kind",
            )
        ]

    def __str__(self) -> str:
        return self.subject
