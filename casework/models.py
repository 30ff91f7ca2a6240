"""Children and their journeys (built from Annex A), cohorts for an inspection, and case audits.

A child is identified by council and Child Unique ID, not by an Annex A version's rows, so a new
version refreshes the child's details and chronology without touching the audits attached to it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from annex_a.cells import ID_MAX_LENGTH
from annex_a.models import AnnexAVersion
from frameworks.models import Framework, Grade, Inspection
from inspection_readiness.children import CP_VISIT_DEFAULT_WORKING_DAYS
from inspection_readiness.models import Council

from .sampling import Targets

# Visits less often than every three months (65 working days) are not a visiting standard.
MAX_CP_VISIT_WORKING_DAYS = 65
# The cohort sizes a council starts from until it sets its own; the page says what they are.
STARTING_COHORT_SIZES = Targets()


class ChildrenBuild(models.Model):
    """One refresh of the council's children from an Annex A version: what it built, and when."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        AnnexAVersion, null=True, on_delete=models.SET_NULL, related_name="children_builds"
    )
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField()
    child_count = models.PositiveIntegerField(default=0)
    event_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"Children built from {self.version} on {self.finished_at:%d/%m/%Y %H:%M}"


class Child(models.Model):
    """A child known to children's services, with what the latest Annex A version says of them.

    ``thresholds`` and ``flags`` are codes from ``casework.journeys``; ``threshold`` is the child's
    main threshold (the furthest one along their journey), used to stratify cohorts.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="children")
    child_id = models.CharField("Child Unique ID", max_length=ID_MAX_LENGTH)
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age = models.SmallIntegerField(null=True, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=30, blank=True)
    allocated_team = models.CharField(max_length=200, blank=True)
    allocated_worker = models.CharField(max_length=200, blank=True)
    threshold = models.CharField(max_length=40, blank=True)
    thresholds = models.JSONField(default=list, blank=True)
    placement_type = models.CharField(max_length=100, blank=True)
    placement_group = models.CharField(max_length=40, blank=True)
    placement_la = models.CharField(max_length=100, blank=True)
    in_childrens_home_out_of_area = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    is_current = models.BooleanField(
        default=True, help_text="No if the latest Annex A version no longer lists the child."
    )
    version = models.ForeignKey(
        AnnexAVersion,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version these details were last built from.",
    )
    as_at = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child_id"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(fields=["council", "child_id"], name="child_unique_in_council")
        ]
        indexes = [models.Index(fields=["council", "is_current", "threshold"])]

    def __str__(self) -> str:
        return f"Child {self.child_id}"

    def get_absolute_url(self) -> str:
        return reverse("casework:child", kwargs={"child_id": self.child_id})


class JourneyEvent(models.Model):
    """One dated event in a child's chronology, from one row of one Annex A list."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="events")
    date = models.DateField()
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    list_number = models.PositiveSmallIntegerField()
    source_row = models.PositiveIntegerField()

    class Meta:
        ordering = ["child", "date", "list_number", "pk"]
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class CohortKind(models.TextChoices):
    AUDIT = "audit", "Audited by the council"
    TRACKED = "tracked", "Tracked by inspectors"
    SAMPLED = "sampled", "Sampled by inspectors"
    OUT_OF_AREA_VISIT = "out_of_area_visit", "Visited in a children's home out of the area"


class CohortSelection(models.Model):
    """The cohorts chosen for an inspection (or rehearsal) from one Annex A version and seed."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="cohort_selections"
    )
    version = models.ForeignKey(
        AnnexAVersion, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seed = models.PositiveIntegerField()
    targets = models.JSONField(default=dict)
    shortfalls = models.JSONField(default=list, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    selected_at = models.DateTimeField()

    class Meta:
        ordering = ["-selected_at", "-pk"]

    def __str__(self) -> str:
        return f"Cohorts for {self.inspection} (seed {self.seed})"

    def get_absolute_url(self) -> str:
        return reverse("casework:cohorts", args=[self.inspection_id])


class CohortMember(models.Model):
    """A child in one cohort, with why they were chosen; swapped-out children are kept, with why."""

    selection = models.ForeignKey(CohortSelection, on_delete=models.CASCADE, related_name="members")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cohort_memberships")
    cohort = models.CharField(max_length=20, choices=CohortKind.choices)
    threshold = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    reason = models.TextField()
    swapped_out_at = models.DateTimeField(null=True, blank=True)
    swapped_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    swap_reason = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )

    class Meta:
        ordering = ["selection", "cohort", "threshold", "child__child_id"]
        constraints = [
            # No child in two cohorts of the same selection (swapped-out places do not count).
            models.UniqueConstraint(
                fields=["selection", "child"],
                condition=models.Q(swapped_out_at__isnull=True),
                name="cohort_child_once_per_selection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} in {self.get_cohort_display().lower()}"

    @property
    def is_active(self) -> bool:
        return self.swapped_out_at is None


class InspectorChoice(models.Model):
    """A child the inspectors actually chose, pasted in after the event, to compare with."""

    selection = models.ForeignKey(
        CohortSelection, on_delete=models.CASCADE, related_name="inspector_choices"
    )
    chosen_id = models.CharField("Child Unique ID", max_length=ID_MAX_LENGTH)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["chosen_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "chosen_id"], name="inspector_choice_once_per_selection"
            )
        ]

    def __str__(self) -> str:
        return f"Inspectors chose {self.chosen_id}"


class InspectorsChild(models.Model):
    """A child the inspectors chose, as a working item for the inspection: who has read the
    file, told the worker and booked the meeting, and when. Its audit is the inspection's
    ``CaseAudit`` of the child (one per child)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="inspectors_children"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField()
    file_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_read_at = models.DateTimeField(null=True, blank=True)
    worker_told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker_told_at = models.DateTimeField(null=True, blank=True)
    meeting_booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting_booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection", "child__child_id"]
        verbose_name = "child the inspectors chose"
        verbose_name_plural = "children the inspectors chose"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "child"], name="inspectors_child_once_per_inspection"
            )
        ]

    def __str__(self) -> str:
        return f"Inspectors chose {self.child.child_id}"


class AuditTemplate(models.Model):
    """A case-audit template for a framework: sections graded on the framework's scale."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="audit_templates"
    )
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(
        default=True, help_text="New audits use the framework's active template."
    )
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("casework:template_detail", args=[self.pk])


class AuditSection(models.Model):
    """One graded section of an audit template, with prompts and the themes auditors can tick."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    prompts = models.TextField(blank=True, help_text="What the auditor should look for.")
    themes = models.JSONField(
        default=list, blank=True, help_text="Themes an auditor can tick, as a list of text."
    )

    class Meta:
        ordering = ["template", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="audit_section_unique")
        ]

    def __str__(self) -> str:
        return self.title


class CaseAudit(models.Model):
    """One child's case audited for an inspection by one auditor, then moderated."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Not started"
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Awaiting moderation"
        MODERATED = "moderated", "Moderated"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_audits")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="audits")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_audits_to_moderate",
        help_text="A second auditor named to moderate; any manager may moderate too.",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField()
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    summary = models.TextField("overall summary", blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # The latest time it was sent back to its auditor, and why; the auditor reads the comment.
    sent_back_comment = models.TextField(blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "child__child_id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "child"], name="one_audit_per_child")
        ]

    def __str__(self) -> str:
        return f"Case audit of {self.child.child_id}"

    def get_absolute_url(self) -> str:
        return reverse("casework:audit", args=[self.pk])


class SectionGrade(models.Model):
    """The auditor's grade, narrative and themes for one section, and the moderator's view."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    section = models.ForeignKey(AuditSection, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    moderated_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "section__order"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "section"], name="one_grade_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.grade or 'not graded'}"

    @property
    def final_grade(self) -> Grade | None:
        """The moderator's grade once moderated, else the auditor's."""
        return self.moderated_grade or self.grade


class PracticeSettings(models.Model):
    """The council's own standards, where no law or framework sets one: how often children on a
    child protection plan are visited, and the cohort sizes to rehearse with when a framework
    publishes none (ILACS). One row per council; until it is saved, the defaults apply."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="practice_settings"
    )
    cp_visit_working_days = models.PositiveSmallIntegerField(
        default=CP_VISIT_DEFAULT_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CP_VISIT_WORKING_DAYS)],
    )
    audited = models.PositiveSmallIntegerField(default=STARTING_COHORT_SIZES.audit)
    tracked = models.PositiveSmallIntegerField(default=STARTING_COHORT_SIZES.tracked)
    sampled = models.PositiveSmallIntegerField(default=STARTING_COHORT_SIZES.sampled)
    out_of_area_visits = models.PositiveSmallIntegerField(
        default=STARTING_COHORT_SIZES.out_of_area_visit
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "practice settings"

    def __str__(self) -> str:
        return f"Practice settings for {self.council}"

    @property
    def cohort_sizes(self) -> Targets:
        return Targets(
            audit=self.audited,
            tracked=self.tracked,
            sampled=self.sampled,
            out_of_area_visit=self.out_of_area_visits,
        )
