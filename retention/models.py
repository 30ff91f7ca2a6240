"""Legal holds on inspections, and the record of each disposal."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class LegalHold(models.Model):
    """While in place, nothing linked to the inspection is disposed of, whatever its age. Kept
    here, not on the inspection, so that lifting one leaves the record of both steps."""

    inspection = models.ForeignKey(
        "frameworks.Inspection",
        # An inspection under a legal hold cannot be deleted; lift the hold first.
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(lifted_at__isnull=True),
                name="one_legal_hold_in_place_per_inspection",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold on inspection {self.inspection_id}"

    @property
    def is_in_place(self) -> bool:
        return self.lifted_at is None


class Disposal(models.Model):
    """One run of disposal: how many records of each kind went, and their ids (never their
    contents). The same is written to the audit trail."""

    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank when the council's scheduler ran it.",
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    # {"annex_a": 3, ...} and {"annex_a_versions": [ids], ...}: numbers only.
    counts = models.JSONField(default=dict)
    removed_ids = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Disposal of {self.started_at:%d/%m/%Y %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())
