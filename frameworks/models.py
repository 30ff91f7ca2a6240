from django.conf import settings
from django.db import models
from django.urls import reverse

from inspection_readiness.models import Council


class Framework(models.Model):
    """An inspection framework, such as the 2013 SIF or ILACS."""

    short_name = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=300)
    inspectorate = models.CharField(max_length=200, default="Ofsted")
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    length = models.CharField(max_length=200, blank=True, help_text="For example '4 weeks'.")
    is_graded = models.BooleanField(default=True)
    source = models.TextField(blank=True)

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
    notified_at = models.DateTimeField(help_text="When the lead inspector's call came.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    is_rehearsal = models.BooleanField(default=False)
    lead_inspector = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-notified_at"]

    def __str__(self) -> str:
        kind = "Rehearsal" if self.is_rehearsal else "Inspection"
        return f"{kind}: {self.framework} notified {self.notified_at:%d %B %Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("frameworks:inspection_detail", args=[self.pk])
