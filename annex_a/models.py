from django.conf import settings
from django.db import models
from django.urls import reverse

from inspection_readiness.file_names import stored_file_name
from inspection_readiness.models import Council

from .cells import ID_MAX_LENGTH
from .findings import SEVERITY_CHOICES
from .spec import SPEC_CHOICES, SPEC_RECOGNISED, TEMPLATE_CHOICES


def _import_upload_path(instance: "AnnexAImport", filename: str) -> str:
    """Under a short name: the name the person gave is kept in ``source_name``."""
    folder = f"annex_a/imports/{instance.uploaded_at:%Y/%m}"
    return f"{folder}/{instance.source_sha256[:16]}-{stored_file_name(filename)}"


class AnnexAImport(models.Model):
    """One uploaded file and what checking it found. The file is kept, so it can be re-checked
    after the admin maps council spellings to Ofsted codes."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        CHECKING = "checking", "Being checked"
        UNREADABLE = "unreadable", "Could not be read"
        # Only uploads checked before every readable file became a version (issue 14).
        HAS_ERRORS = "has_errors", "Has errors to fix"
        REFUSED = "refused", "Not imported: lists not identified"
        IMPORTED = "imported", "Imported as a version"
        FAILED = "failed", "Failed"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="annex_a_imports")
    source = models.FileField(upload_to=_import_upload_path, max_length=300)
    source_name = models.CharField("file name", max_length=255)
    source_sha256 = models.CharField("SHA-256", max_length=64)
    source_size = models.PositiveBigIntegerField("size in bytes")
    as_at = models.DateField("as-at date")
    # The template asked for: one of the two, or left to each list's headers.
    spec_version = models.CharField(
        "template", max_length=10, choices=TEMPLATE_CHOICES, default=SPEC_RECOGNISED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annex_a_imports"
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    checked_at = models.DateTimeField(null=True, blank=True)
    check_count = models.PositiveIntegerField(
        default=0, help_text="How many times the file has been checked."
    )
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    findings_truncated = models.BooleanField(default=False)
    failure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} (as at {self.as_at:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("annex_a:import_detail", args=[self.pk])

    @property
    def is_checking(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING)

    @property
    def read_as(self) -> str:
        """The template the file was read as: the one asked for, or, when it was left to the
        file's headers, the one its version is kept in (2023/24, whose columns include the
        2019 template's, until there is a version)."""
        if self.spec_version != SPEC_RECOGNISED:
            return self.spec_version
        version = AnnexAVersion.objects.filter(annex_a_import=self).only("spec_version").first()
        return version.spec_version if version else SPEC_CHOICES[-1][0]


class Finding(models.Model):
    """One problem found in an import, pointing at the cell to fix."""

    annex_a_import = models.ForeignKey(
        AnnexAImport, on_delete=models.CASCADE, related_name="findings"
    )
    list_number = models.PositiveSmallIntegerField(null=True, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    row = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=300, blank=True)
    column_letter = models.CharField(max_length=5, blank=True)
    value = models.CharField(max_length=500, blank=True)
    rule = models.CharField(max_length=20)
    severity = models.CharField(max_length=10, choices=SEVERITY_CHOICES)
    message = models.TextField()
    code_set = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["list_number", "row", "column_letter", "pk"]
        indexes = [models.Index(fields=["annex_a_import", "severity", "list_number"])]

    def __str__(self) -> str:
        return f"{self.rule} at list {self.list_number} row {self.row}"


class AnnexAVersion(models.Model):
    """A file whose lists could be identified: the council's Annex A as it stood, with the
    findings of its check (on its import). Never changed after it is made, except to record
    that it was submitted to Ofsted. Its readiness says whether it is ready to send."""

    class Readiness(models.TextChoices):
        READY = "ready", "Ready"
        HAS_WARNINGS = "has_warnings", "Has warnings"
        HAS_ERRORS = "has_errors", "Has errors"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="annex_a_versions")
    number = models.PositiveIntegerField()
    annex_a_import = models.OneToOneField(
        AnnexAImport, on_delete=models.PROTECT, related_name="version"
    )
    source_name = models.CharField("file name", max_length=255)
    source_sha256 = models.CharField("SHA-256", max_length=64)
    as_at = models.DateField("as-at date")
    spec_version = models.CharField("template", max_length=10, choices=SPEC_CHOICES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annex_a_versions"
    )
    created_at = models.DateTimeField()
    row_count = models.PositiveIntegerField()
    row_counts = models.JSONField(default=dict)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submission_reason = models.TextField(blank=True)
    # The inspection (or rehearsal) the version was sent for; its page shows the version sent.
    submitted_for = models.ForeignKey(
        "frameworks.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annex_a_versions_sent",
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="annex_a_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} (as at {self.as_at:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("annex_a:version_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def readiness(self) -> str:
        if self.error_count:
            return self.Readiness.HAS_ERRORS
        if self.warning_count:
            return self.Readiness.HAS_WARNINGS
        return self.Readiness.READY

    @property
    def is_ready(self) -> bool:
        return self.readiness == self.Readiness.READY

    def get_readiness_display(self) -> str:
        return self.Readiness(self.readiness).label


class AnnexARow(models.Model):
    """One row of one list in a version, as clean values keyed by the spec's column names
    (dates as ISO text). ``row_key`` is the list's identifying columns, ``row_hash`` the whole
    row, so versions can be compared without loading them.

    Rows are written only by the import, by COPY, in the transaction that creates their
    version. The database does not check the link to the version row by row: a foreign-key
    constraint costs one trigger call per row (about 0.9 s of server time for 100,000 rows,
    measured with bench/annex_a.py). The indexes below start with the version, so no separate
    index is needed for it."""

    version = models.ForeignKey(
        AnnexAVersion,
        on_delete=models.CASCADE,
        related_name="rows",
        db_constraint=False,
        db_index=False,
    )
    list_number = models.PositiveSmallIntegerField()
    source_row = models.PositiveIntegerField()
    child_id = models.CharField(max_length=ID_MAX_LENGTH)
    row_key = models.CharField(max_length=400)
    row_hash = models.CharField(max_length=32)
    data = models.JSONField()

    class Meta:
        ordering = ["list_number", "source_row"]
        indexes = [
            models.Index(fields=["version", "list_number", "source_row"]),
            models.Index(fields=["version", "child_id"]),
        ]

    def __str__(self) -> str:
        return f"List {self.list_number} row {self.source_row}"


class CodeSynonym(models.Model):
    """A council's own spelling of an Ofsted code, added by a data admin from an import's
    findings: "treat `1 - Male` as `a) Male` from now on"."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="code_synonyms")
    code_set = models.CharField(max_length=60)
    spelling = models.CharField(max_length=300, help_text="The council's value, as written.")
    normalised = models.CharField(max_length=300, editable=False)
    code = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code_set", "spelling"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "code_set", "normalised"], name="annex_a_one_code_per_spelling"
            )
        ]

    def __str__(self) -> str:
        return f"“{self.spelling}” → {self.code}"
