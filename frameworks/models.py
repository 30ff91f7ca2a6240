from django.conf import settings
from django.db import models
from django.urls import reverse

from inspection_readiness.models import Council


class Framework(models.Model):
    """An inspection framework, such as the 2013 SIF or ILACS."""

    short_name = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    family = models.CharField(
        max_length=20,
        blank=True,
        help_text="Versions of one framework share a family, such as ILACS.",
    )
    inspectorate = models.CharField(max_length=200, default="Ofsted")
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    length = models.CharField(max_length=200, blank=True, help_text="For example '4 weeks'.")
    is_graded = models.BooleanField(default=True)
    source = models.TextField(blank=True)
    description = models.TextField(blank=True)
    fixture_version = models.PositiveIntegerField(
        default=0, help_text="Version of the fixture file this framework was last loaded from."
    )
    scale = models.ForeignKey(
        "GradeScale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The scale of the framework's main judgements.",
    )
    pathway_indicator = models.JSONField(
        default=dict,
        blank=True,
        help_text="An indicative rule for the next visit (frameworks.pathways).",
    )

    class Meta:
        ordering = ["active_from", "short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("frameworks:framework_detail", args=[self.short_name])


class Inspection(models.Model):
    """A council's inspection under a framework, or a rehearsal of one."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified"
        ON_SITE = "on_site", "On site"
        REPORTING = "reporting", "Reporting"
        CLOSED = "closed", "Closed"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="inspections")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    visit_kind = models.ForeignKey(
        "VisitKind",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="Blank where the framework has one kind of inspection.",
    )
    notified_at = models.DateTimeField(help_text="When the lead inspector's call came.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    is_rehearsal = models.BooleanField(default=False)
    lead_inspector = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    # What the lead inspector told the council, where Ofsted publishes no rule to compute it.
    on_site_from = models.DateField(null=True, blank=True)
    on_site_to = models.DateField(null=True, blank=True)
    annex_a_due = models.DateField(null=True, blank=True)
    focus_area = models.CharField(max_length=200, blank=True)
    theme = models.CharField(max_length=300, blank=True)
    partner_inspectorates = models.CharField(max_length=500, blank=True)
    team = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        kind = "Rehearsal" if self.is_rehearsal else "Inspection"
        what = str(self.framework)
        if self.visit_kind_id:
            what += f" {self.visit_kind.name[:1].lower()}{self.visit_kind.name[1:]}"
        return f"{kind}: {what} notified {self.notified_at:%d %B %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("frameworks:inspection_detail", args=[self.pk])


class GradeScale(models.Model):
    """An ordered set of grades, such as JAR's 4 to 1 or ILACS's outstanding to inadequate."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    is_graded = models.BooleanField(
        default=True, help_text="No for outcome lists that are not grades (UCRA's findings)."
    )
    source = models.TextField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """One grade on a scale. ``rank`` 1 is the best grade; numbers are the scale's own, if any."""

    scale = models.ForeignKey(GradeScale, on_delete=models.CASCADE, related_name="grades")
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    rank = models.PositiveSmallIntegerField(help_text="1 is the best grade on this scale.")
    numeric_value = models.SmallIntegerField(
        null=True, blank=True, help_text="The number the framework itself uses, if it uses one."
    )
    description = models.TextField(blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["scale", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="grade_code_unique_in_scale"),
        ]

    def __str__(self) -> str:
        return self.label


class JudgementArea(models.Model):
    """A judgement or evaluation area of a framework; areas form a tree under the overall one."""

    class Kind(models.TextChoices):
        OVERALL = "overall", "Overall judgement"
        KEY = "key", "Key judgement"
        GRADED_SUB = "graded_sub", "Graded sub-judgement"
        EVALUATION_AREA = "evaluation_area", "Ungraded evaluation area"
        SEPARATE_REVIEW = "separate_review", "Separate review"

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="judgement_areas"
    )
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=400)
    short_name = models.CharField(max_length=200, help_text="Used in explanations.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveSmallIntegerField(default=0)
    scale = models.ForeignKey(
        GradeScale, null=True, blank=True, on_delete=models.PROTECT, related_name="areas"
    )
    is_optional = models.BooleanField(
        default=False, help_text="Yes if not every inspection has it (the SIF's LSCB review)."
    )
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="judgement_area_code_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework}: {self.name}"


class GradeDescriptor(models.Model):
    """What a grade looks like for one judgement area: a list of characteristics."""

    area = models.ForeignKey(JudgementArea, on_delete=models.CASCADE, related_name="descriptors")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="descriptors")
    characteristics = models.JSONField(default=list, blank=True)
    is_provisional = models.BooleanField(
        default=False,
        help_text="Yes where the official text is a gap and this is a stand-in.",
    )
    note = models.TextField(blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["area", "grade__rank"]
        constraints = [
            models.UniqueConstraint(fields=["area", "grade"], name="descriptor_unique_per_grade")
        ]

    def __str__(self) -> str:
        return f"{self.area.short_name}: {self.grade.label}"


class LimitingRule(models.Model):
    """A limiting or aggregation rule, interpreted by ``frameworks.rules`` according to its kind."""

    class Kind(models.TextChoices):
        CAP_IF_ANY_AT_OR_BELOW = (
            "cap_if_any_at_or_below",
            "Caps the target if any subject is at or below a grade",
        )
        CAP_AT_SUBJECT_GRADE = (
            "cap_at_subject_grade",
            "Caps the target at the grade of a subject",
        )
        TENDENCY_WITH_OVERRIDE_REASON = (
            "tendency_with_override_reason",
            "Expected grade, above which a recorded reason is needed",
        )
        WARNING_IF_ALONE = (
            "warning_if_alone",
            "Warns when a subject is at or below a grade (and no other named judgement is)",
        )
        TOP_GRADE_ONLY_IF = (
            "top_grade_only_if",
            "The top grade only if subjects are in the required grades and none forbidden",
        )
        BAND_THRESHOLDS = (
            "band_thresholds",
            "Band from the share of services judged good or better",
        )

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(max_length=60, help_text="Stable identifier, such as SIF-OE-KEY.")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    target = models.ForeignKey(
        JudgementArea,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules_targeting",
    )
    subjects = models.ManyToManyField(JudgementArea, blank=True, related_name="rules_about")
    others = models.ManyToManyField(
        JudgementArea,
        blank=True,
        related_name="+",
        help_text="For 'warning if alone': the judgements whose grade makes it not alone.",
    )
    threshold_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cap_grade = models.ForeignKey(
        Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expected_grade = models.ForeignKey(
        Grade,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For tendencies: the grade the target usually gets.",
    )
    parameters = models.JSONField(default=dict, blank=True)
    statement = models.TextField(help_text="The rule as the framework states it, or a paraphrase.")
    evidence = models.TextField(blank=True, help_text="What the published outcomes show.")
    is_provisional = models.BooleanField(default=False)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="rule_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class TimelineStep(models.Model):
    """A step of an inspection, due a set time after the notification (or after another step)."""

    class Unit(models.TextChoices):
        HOURS = "hours", "Hours"
        CALENDAR_DAYS = "calendar_days", "Calendar days"
        WORKING_DAYS = "working_days", "Working days"
        WEEKS = "weeks", "Weeks, to a day of the week"
        MONTHS = "months", "Calendar months"

    class Roll(models.TextChoices):
        FOLLOWING = "following", "The next working day"
        PRECEDING = "preceding", "The working day before"

    class Entry(models.TextChoices):
        ON_SITE_FROM = "on_site_from", "First day on site"
        ON_SITE_TO = "on_site_to", "Last day on site"
        ANNEX_A_DUE = "annex_a_due", "Annex A due"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="timeline")
    visit_kind = models.ForeignKey(
        "VisitKind",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timeline",
        help_text="Blank for a step of the framework's whole timeline.",
    )
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    after = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Counts from this step's due time; blank counts from the notification.",
    )
    offset = models.IntegerField(
        null=True, blank=True, help_text="Blank where the framework gives no deadline."
    )
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.HOURS)
    time_of_day = models.TimeField(null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For weeks: 0 is Monday, 4 is Friday."
    )
    roll = models.CharField(
        max_length=20,
        choices=Roll.choices,
        blank=True,
        help_text="Where a day that is not a working day goes.",
    )
    entered_as = models.CharField(
        max_length=20,
        choices=Entry.choices,
        blank=True,
        help_text="The council enters this date, which then wins.",
    )
    is_typical = models.BooleanField(
        default=False, help_text="Yes for a typical time from past reports, not a rule."
    )
    user_note = models.TextField(
        blank=True, help_text="Plain words shown with the step, for the people preparing."
    )
    is_deadline = models.BooleanField(
        default=False, help_text="Yes for something the council must deliver, such as Annex A."
    )
    description = models.TextField(blank=True)
    is_provisional = models.BooleanField(default=False)
    source = models.TextField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="timeline_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.framework}: {self.name}"


class SamplingRequirement(models.Model):
    """How many children's cases (or visits) inspectors audit, track or sample."""

    class Comparison(models.TextChoices):
        EXACTLY = "exactly", "Exactly"
        AT_LEAST = "at_least", "At least"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sampling")
    code = models.SlugField(max_length=60)
    cohort = models.CharField(max_length=300)
    comparison = models.CharField(
        max_length=20, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    number = models.PositiveIntegerField(null=True, blank=True, help_text="Blank if not known.")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)
    is_provisional = models.BooleanField(default=False)
    source = models.TextField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="sampling_unique")
        ]

    def __str__(self) -> str:
        return f"{self.framework}: {self.cohort}"


class VisitKind(models.Model):
    """A kind of visit under a framework (a short inspection, a focused visit ...), as data."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="visit_kinds")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    plural_name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(blank=True)
    is_graded = models.BooleanField(default=False)
    produces = models.CharField(max_length=300, help_text="What the council receives at the end.")
    on_site = models.CharField(max_length=200, blank=True, help_text="Blank if not published.")
    team = models.CharField(max_length=200, blank=True, help_text="Blank if not published.")
    notice = models.CharField(max_length=300, blank=True, help_text="Blank if not published.")
    focus_areas = models.JSONField(default=list, blank=True)
    asks_for = models.JSONField(
        default=list, blank=True, help_text="Details the council records: theme, partners, ..."
    )
    pathway_grades = models.JSONField(
        default=list,
        blank=True,
        help_text="Last overall grades after which this kind comes next.",
    )
    pathway_note = models.CharField(max_length=300, blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="visit_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.framework}: {self.name}"

    @property
    def unpublished(self) -> list[str]:
        """'Ofsted does not publish the notice period for monitoring visits; enter what you
        were told.' One plain sentence for each fact the sources do not give (left blank)."""
        return [
            sentence.format(plural=self.plural_name)
            for field, sentence in UNPUBLISHED_SENTENCES.items()
            if not getattr(self, field)
        ]


# What a page says where a visit kind's fact is blank because Ofsted does not publish it.
UNPUBLISHED_SENTENCES = {
    "notice": "Ofsted does not publish the notice period for {plural}; enter what you were told.",
    "on_site": "Ofsted does not publish how long {plural} last; enter the dates you were given.",
    "team": "Ofsted does not publish the team size for {plural}; enter what you were told.",
    "produces": "Ofsted does not publish what {plural} produce; note what you were told.",
}
