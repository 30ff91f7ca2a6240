from django.db.models import QuerySet

from .models import Inspection


def upcoming_inspections() -> QuerySet[Inspection]:
    """Inspections and rehearsals that are not closed, newest notification first."""
    return (
        Inspection.objects.exclude(status=Inspection.Status.CLOSED)
        .select_related("framework", "council")
        .order_by("-notified_at")
    )
