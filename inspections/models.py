"""The council's inspection week: what hangs off a ``frameworks.Inspection`` once the lead
inspector has called. The inspection itself stays in ``frameworks`` (casework and judgements
point at it); each table here points at it too."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse

from inspection_readiness.models import Council


class StepProgress(models.Model):
    """Who owns one step of an inspection's timeline, and when they marked it done. The steps
    themselves are computed (``frameworks.timeline``); this keeps only what people record."""

    inspection = models.ForeignKey(
        "frameworks.Inspection", on_delete=models.CASCADE, related_name="step_progress"
    )
    step_code = models.SlugField(max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "step_code"], name="step_progress_unique")
        ]

    def __str__(self) -> str:
        return f"Timeline step {self.step_code} of inspection {self.inspection_id}"


class ChecklistTemplateItem(models.Model):
    """One line of the council's notification-day checklist for a kind of visit, as the
    council has edited it. Seeded from ``fixtures/checklists.yaml`` the first time it is used."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    visit_kind_code = models.SlugField(
        max_length=40, help_text="A visit kind's code; blank for frameworks with one kind."
    )
    title = models.CharField(max_length=300)
    hours_after_call = models.PositiveSmallIntegerField(
        default=4, help_text="When it is due, in hours after the lead inspector's call."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["council", "visit_kind_code", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One thing to do on notification day for one inspection."""

    class Status(models.TextChoices):
        TO_DO = "to_do", "To do"
        DONE = "done", "Done"

    inspection = models.ForeignKey(
        "frameworks.Inspection", on_delete=models.CASCADE, related_name="checklist_items"
    )
    title = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TO_DO)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["inspection", "order", "pk"]

    def __str__(self) -> str:
        return self.title


def request_upload_path(instance: "InspectorRequest", filename: str) -> str:
    """A random name under the inspection's folder: the person's file name is kept apart."""
    return (
        f"inspector-requests/{instance.inspection_id}/{uuid.uuid4().hex}"
        f"{Path(filename).suffix.lower()}"
    )


class InspectorRequest(models.Model):
    """Something an inspector asked for, who is answering it by when, and the answer."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    inspection = models.ForeignKey(
        "frameworks.Inspection", on_delete=models.CASCADE, related_name="inspector_requests"
    )
    inspector = models.CharField(max_length=200)
    asked = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    file = models.FileField(upload_to=request_upload_path, blank=True, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    # Records chosen from the evidence picker (judgements.links): kind, label and address.
    links = models.JSONField(default=list, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection", "due_at", "pk"]

    def __str__(self) -> str:
        return f"Request from {self.inspector}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:request_detail", args=[self.inspection_id, self.pk])


class KeepInTouchNote(models.Model):
    """The notes of one day's keep-in-touch meeting with the lead inspector."""

    inspection = models.ForeignKey(
        "frameworks.Inspection", on_delete=models.CASCADE, related_name="keep_in_touch_notes"
    )
    day = models.DateField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "day", "pk"]

    def __str__(self) -> str:
        return f"Keep-in-touch notes for {self.day:%d %B %Y}"


class FeedbackPoint(models.Model):
    """A strength or concern inspectors raised on a day, tagged with a judgement area and the
    national framework's outcomes or enablers."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CONCERN = "concern", "Concern"

    inspection = models.ForeignKey(
        "frameworks.Inspection", on_delete=models.CASCADE, related_name="feedback_points"
    )
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    judgement_area = models.ForeignKey(
        "frameworks.JudgementArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    national_tags = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "day", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} raised on {self.day:%d %B %Y}"
