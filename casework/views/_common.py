"""What every casework page shares: who may do what, and finding an inspection or cohort place
in the current council."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from frameworks.models import Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

from ..models import CohortMember

MANAGERS = (Role.MANAGER,)
BUILDERS = (Role.MANAGER, Role.DATA_ADMIN)


def posted(request: HttpRequest):
    """The submitted data for a POST (even an empty one), or None to leave a form unbound."""
    return request.POST if request.method == "POST" else None


def inspection_for(pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("framework"), pk=pk, council=current_council()
    )


def member_for(pk: int) -> CohortMember:
    return get_object_or_404(
        CohortMember.objects.select_related("child", "selection__inspection__framework"),
        pk=pk,
        selection__inspection__council=current_council(),
    )
