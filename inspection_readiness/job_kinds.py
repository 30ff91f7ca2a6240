"""The job kinds this app owns."""

from auditlog.models import LogEntry
from django.utils import timezone

from .audit import activity_csv
from .jobs import JobFailed, JobResult, ProgressReporter, register_job_kind
from .models import Job
from .roles import Role

ACTIVITY_EXPORT = "activity_export"


@register_job_kind(
    ACTIVITY_EXPORT, "Activity log export", roles=[Role.DATA_ADMIN], time_limit_seconds=10 * 60
)
def export_activity(job: Job, report: ProgressReporter) -> JobResult:
    """Write the activity entries matching the saved filters to a CSV file."""
    from .filters import ActivityFilter

    activity = ActivityFilter(job.parameters.get("filters", {}), queryset=LogEntry.objects.all())
    if not activity.is_valid():
        problems = "; ".join(
            f"{activity.form.fields[name].label}: {' '.join(errors)}"
            for name, errors in activity.form.errors.items()
        )
        raise JobFailed(f"The filters could not be used ({problems}). Change them and try again.")
    entries = activity.qs.select_related("actor", "content_type").order_by("timestamp", "pk")
    report(10, f"Writing {entries.count():,} entries.")
    content = activity_csv(entries.iterator(chunk_size=2000))
    report(95, "Saving the file.")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return JobResult(name=f"activity-{stamp}.csv", content=content)
