"""Casework listens for new Annex A versions and rebuilds its children in the background."""

from inspection_readiness.jobs import start_job

from .job_kinds import REFRESH_JOB
from .models import ChildrenBuild


def refresh_children_from_new_version(sender, version, **kwargs) -> None:
    """Start a job to build children from ``version`` if it is the council's newest, unless they
    were built from it already (the demo builds them straight away)."""
    newest = version.__class__.objects.filter(council=version.council).order_by("-number").first()
    if newest is None or newest.pk != version.pk:
        return
    if ChildrenBuild.objects.filter(version=version).exists():
        return
    # Started by the import, not by a person: the importer's role is not what allows it.
    start_job(kind=REFRESH_JOB, owner=version.created_by, subject=version, started_by_system=True)
