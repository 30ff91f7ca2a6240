"""The self-evaluation: one row per judgement area, with descriptors, evidence, actions and review.

Rows that record what a framework said at the time (descriptor characteristics) are copied in,
not pointed at, because ``load_frameworks`` may replace descriptors after an edit. Judgement
areas and grades are never removed by the loader, so they are referenced directly.

Every row carries the id of its self-evaluation into the audit trail (``get_additional_data``),
so the self-evaluation's history lists changes to its areas, evidence and actions, deleted
ones included.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from frameworks.models import Framework, Grade, GradeDescriptor, Inspection, JudgementArea


class SelfEvaluation(models.Model):
    """A council's self-evaluation against a framework, for an inspection or as a rehearsal."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned with comments"
        APPROVED = "approved", "Approved"

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="self_evaluations"
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        # Deleting a rehearsal must not delete the work done for it.
        on_delete=models.SET_NULL,
        related_name="self_evaluations",
    )
    title = models.CharField(max_length=200)
    assessed_on = models.DateField(
        help_text="The date whose judgements and rules apply (for example ILACS before 2023)."
    )
    revision = models.PositiveSmallIntegerField(default=1)
    previous_revision = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_revisions",
        help_text="The approved revision this one started from.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_round = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a manager has returned it with comments."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["previous_revision"],
                condition=Q(previous_revision__isnull=False),
                name="one_revision_follows_each_approved_self_evaluation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.revision})"

    def get_absolute_url(self) -> str:
        return reverse("judgements:detail", args=[self.pk])

    def get_additional_data(self) -> dict:
        return {"self_evaluation_id": self.pk}

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class AreaAssessment(models.Model):
    """The council's view of one judgement area: grade, rationale, strengths and weaknesses.

    ``version`` goes up by one on every save; a save that names an older version is refused,
    so two people editing the same area never silently overwrite each other.
    """

    self_evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="areas"
    )
    area = models.ForeignKey(JudgementArea, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    proposed_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField("Areas for development", blank=True)
    areas_for_priority_action = models.TextField("Areas for priority action", blank=True)
    # National framework codes (frameworks/national_framework.py), for example "outcome-4".
    strengths_tags = models.JSONField(default=list, blank=True)
    development_tags = models.JSONField(default=list, blank=True)
    services_inspected = models.PositiveIntegerField(null=True, blank=True)
    services_good_or_better = models.PositiveIntegerField(
        "Services judged good or better", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["self_evaluation", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_evaluation", "area"], name="one_assessment_per_area"
            ),
            models.CheckConstraint(
                condition=Q(services_good_or_better__isnull=True)
                | Q(services_inspected__isnull=True)
                | Q(services_good_or_better__lte=F("services_inspected")),
                name="good_or_better_not_more_than_inspected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.self_evaluation}: {self.area.short_name}"

    def get_absolute_url(self) -> str:
        return reverse("judgements:area", args=[self.self_evaluation_id, self.area.code])

    def get_additional_data(self) -> dict:
        return {"self_evaluation_id": self.self_evaluation_id}


class DescriptorCheck(models.Model):
    """One characteristic from a grade descriptor, and whether the council meets it."""

    class Judgement(models.TextChoices):
        MEETS = "meets", "Meets"
        PARTLY_MEETS = "partly_meets", "Partly meets"
        DOES_NOT_MEET = "does_not_meet", "Does not meet"

    area_assessment = models.ForeignKey(
        AreaAssessment, on_delete=models.CASCADE, related_name="descriptor_checks"
    )
    descriptor = models.ForeignKey(
        GradeDescriptor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    grade_label = models.CharField(max_length=200)
    characteristic = models.TextField()
    is_provisional = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["area_assessment", "order"]

    def __str__(self) -> str:
        return f"{self.area_assessment.area.short_name}: {self.characteristic[:80]}"

    def get_additional_data(self) -> dict:
        return _self_evaluation_of(self)


def _self_evaluation_of(row: models.Model) -> dict:
    """The audit trail's link from an area's row to its self-evaluation.

    A row deleted along with its area (a cascade) may outlive the area by a moment.
    """
    try:
        return {"self_evaluation_id": row.area_assessment.self_evaluation_id}
    except AreaAssessment.DoesNotExist:
        return {}


def evidence_upload_path(instance: "EvidenceItem", filename: str) -> str:
    """A random name under the self-evaluation's folder: the person's file name is kept apart."""
    self_evaluation_id = instance.area_assessment.self_evaluation_id
    return f"evidence/{self_evaluation_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class EvidenceItem(models.Model):
    """Evidence for a judgement area: written text, an uploaded file, or a link to a record."""

    class Kind(models.TextChoices):
        TEXT = "text", "Written evidence"
        FILE = "file", "File"
        LINK = "link", "Link to a record"

    class LinkKind(models.TextChoices):
        CASE_AUDIT = "case_audit", "Case audit"
        COHORT = "cohort", "Cohort"
        DATA_PACK_MEASURE = "data_pack_measure", "Data-pack measure"
        ANNEX_A_VERSION = "annex_a_version", "Annex A version"

    area_assessment = models.ForeignKey(
        AreaAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_upload_path, blank=True, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    link_kind = models.CharField(max_length=30, choices=LinkKind.choices, blank=True)
    link_label = models.CharField(max_length=300, blank=True)
    link_address = models.CharField(max_length=500, blank=True)
    # The record linked to, once the app that owns it exists (case audits, cohorts, data-pack
    # measures, Annex A versions). Generic, so this app depends on none of them.
    linked_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked_object = GenericForeignKey("linked_type", "linked_id")
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_assessment", "added_at", "pk"]
        indexes = [models.Index(fields=["linked_type", "linked_id"])]

    def __str__(self) -> str:
        return f"Evidence: {self.title}"

    def get_additional_data(self) -> dict:
        return _self_evaluation_of(self)


class Action(models.Model):
    """Something the council will do about a judgement area, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    area_assessment = models.ForeignKey(
        AreaAssessment, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    tags = models.JSONField(default=list, blank=True)  # national framework codes
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_assessment", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Action: {self.description[:80]}"

    def get_additional_data(self) -> dict:
        return _self_evaluation_of(self)


class ReviewComment(models.Model):
    """A manager's comment when returning a self-evaluation, on one area or on the whole."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="review_comments"
    )
    area_assessment = models.ForeignKey(
        AreaAssessment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    review_round = models.PositiveSmallIntegerField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["self_evaluation", "-review_round", "pk"]

    def __str__(self) -> str:
        where = self.area_assessment.area.short_name if self.area_assessment else "whole"
        return f"Review comment ({where}, round {self.review_round})"

    def get_additional_data(self) -> dict:
        return {"self_evaluation_id": self.self_evaluation_id}


class AnnualSelfEvaluation(models.Model):
    """The self-evaluation a council shares with Ofsted each year under ILACS: its answers to
    Ofsted's three questions, drawing on linked evidence, reviewed and approved like the graded
    self-evaluation (the same statuses and workflow)."""

    title = models.CharField(max_length=200)
    covers_to = models.DateField(help_text="The date the self-evaluation describes practice up to.")
    what_we_know = models.TextField(blank=True)
    how_we_know = models.TextField(blank=True)
    plans = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=SelfEvaluation.Status.choices, default=SelfEvaluation.Status.DRAFT
    )
    review_round = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-covers_to", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("judgements:annual_detail", args=[self.pk])

    def get_additional_data(self) -> dict:
        return {"annual_self_evaluation_id": self.pk}

    @property
    def is_editable(self) -> bool:
        return self.status in (SelfEvaluation.Status.DRAFT, SelfEvaluation.Status.RETURNED)


class AnnualEvidence(models.Model):
    """A record in the service that an answer draws on, chosen from a list (never typed)."""

    annual = models.ForeignKey(
        AnnualSelfEvaluation, on_delete=models.CASCADE, related_name="evidence"
    )
    question = models.CharField(max_length=20)
    link_kind = models.CharField(max_length=30, choices=EvidenceItem.LinkKind.choices)
    label = models.CharField(max_length=300, help_text="What the record was called when linked.")
    address = models.CharField(max_length=500, blank=True)
    linked_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked_object = GenericForeignKey("linked_type", "linked_id")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annual", "question", "added_at", "pk"]

    def __str__(self) -> str:
        return f"Evidence: {self.label}"

    def get_additional_data(self) -> dict:
        return {"annual_self_evaluation_id": self.annual_id}


class AnnualReviewComment(models.Model):
    """A manager's comment when returning an annual self-evaluation."""

    annual = models.ForeignKey(
        AnnualSelfEvaluation, on_delete=models.CASCADE, related_name="review_comments"
    )
    review_round = models.PositiveSmallIntegerField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["annual", "-review_round", "pk"]

    def __str__(self) -> str:
        return f"Review comment (round {self.review_round})"

    def get_additional_data(self) -> dict:
        return {"annual_self_evaluation_id": self.annual_id}


class EngagementMeeting(models.Model):
    """The annual engagement meeting with Ofsted's regional representative: who came, what was
    discussed, and the next steps agreed."""

    held_on = models.DateField()
    annual = models.ForeignKey(
        AnnualSelfEvaluation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_meetings",
        help_text="The annual self-evaluation the meeting reviewed.",
    )
    attendees = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    next_steps = models.TextField("Agreed next steps", blank=True)
    tags = models.JSONField(default=list, blank=True)  # national framework codes
    letter_received_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Annual engagement meeting, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("judgements:meeting_change", args=[self.pk])
