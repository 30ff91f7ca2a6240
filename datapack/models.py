"""The Day 1 data pack: packs built from Annex A versions, the population that rates are per
10,000 of, and Ofsted's published outcomes with the council's statistical neighbours."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from annex_a.models import AnnexAVersion
from inspection_readiness.models import Council, Job


def _pack_upload_path(instance: "DataPack", filename: str) -> str:
    return f"datapack/{instance.built_at:%Y/%m}/{filename}"


class Population(models.Model):
    """Children aged 0 to 17 living in the council's area, entered by a data admin. Rates in
    the pack are per 10,000 of these children; the newest entry is the one used."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    children = models.PositiveIntegerField("children aged 0 to 17")
    source = models.CharField(
        max_length=300, help_text="Where the figure comes from, e.g. ONS mid-year estimates."
    )
    year = models.PositiveSmallIntegerField(help_text="The year the estimate is for.")
    is_demo = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-entered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.children:,} children aged 0 to 17 ({self.source}, {self.year})"


class DataPack(models.Model):
    """One build of the Day 1 data pack from one Annex A version. Never changed once made: a
    new build makes a new pack, so a failed build leaves the last good one in place."""

    version = models.ForeignKey(AnnexAVersion, on_delete=models.CASCADE, related_name="data_packs")
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    seconds = models.FloatField("build time in seconds", default=0)
    results = models.JSONField(default=dict)
    charts = models.JSONField(default=dict, help_text="Each breakdown's chart as SVG text.")
    xlsx = models.FileField(upload_to=_pack_upload_path, max_length=300)
    pdf = models.FileField(upload_to=_pack_upload_path, max_length=300)

    class Meta:
        ordering = ["-built_at", "-pk"]
        indexes = [models.Index(fields=["version", "-built_at"])]

    def __str__(self) -> str:
        return (
            f"Data pack for Annex A version {self.version.number}, "
            f"built {self.built_at:%d/%m/%Y %H:%M}"
        )

    def get_absolute_url(self) -> str:
        return reverse("datapack:pack", args=[self.pk])


class OutcomesUpload(models.Model):
    """One set of Ofsted's published local authority outcomes: either the set shipped with the
    service (``is_shipped``, loaded by migration or ``load_ofsted_outcomes``, no uploader), or a
    data admin's upload. The newest upload is the one used, beside the shipped set
    (``outcomes.current_judgements``); its judgements replace the previous upload's."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField()
    is_shipped = models.BooleanField("shipped with the service", default=False)
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the outcomes come from, in plain words."
    )
    as_at = models.DateField(
        null=True, blank=True, help_text="The latest publication date of the outcomes in it."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count} local authorities)"


class PublishedJudgement(models.Model):
    """One local authority's latest ILACS judgements, as Ofsted published them."""

    upload = models.ForeignKey(OutcomesUpload, on_delete=models.CASCADE, related_name="judgements")
    area_code = models.CharField(max_length=9)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=100)
    inspection_date = models.DateField(null=True, blank=True)
    publication_date = models.DateField(null=True, blank=True)
    overall_effectiveness = models.CharField(max_length=40, blank=True)
    impact_of_leaders = models.CharField(max_length=40, blank=True)
    help_and_protection = models.CharField(max_length=40, blank=True)
    children_in_care = models.CharField(max_length=40, blank=True)
    care_leavers = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "area_code"], name="datapack_one_row_per_la")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_code})"


class ComparisonGroup(models.Model):
    """Which local authority in Ofsted's table is this council, and its statistical
    neighbours, by ONS area code (so a new upload keeps the choice)."""

    council = models.OneToOneField(Council, on_delete=models.PROTECT, related_name="+")
    own_area_code = models.CharField("this council", max_length=9)
    neighbour_area_codes = models.JSONField("statistical neighbours", default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Comparison group of {self.own_area_code}"


class PublishedAuthority(models.Model):
    """A council as the DfE publishes it: its codes, region and ten statistical neighbours
    (``published.read_authorities``). Reference data, replaced whole by each load."""

    area_code = models.CharField("ONS area code", max_length=9, unique=True)
    la_number = models.CharField("DfE LA number", max_length=3, unique=True)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=100)
    neighbours = models.JSONField(
        "statistical neighbours", default=list, help_text="LA numbers, nearest first."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "published authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.area_code})"


class PublishedFigure(models.Model):
    """One figure the DfE published for England, a region or a council in a year ending
    31 March (``published.SERIES``). ``value`` is empty where DfE suppressed it."""

    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField(help_text="The year ending 31 March.")
    level = models.CharField(max_length=20)
    area = models.CharField(max_length=100, help_text="LA number, region name or England.")
    name = models.CharField(max_length=200)
    area_code = models.CharField(max_length=9, blank=True)
    text = models.CharField("as published", max_length=20, blank=True)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["series", "-year", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "level", "area"], name="datapack_one_published_figure"
            )
        ]
        indexes = [models.Index(fields=["level", "area"])]

    def __str__(self) -> str:
        return f"{self.series} {self.year} {self.name}: {self.text}"
