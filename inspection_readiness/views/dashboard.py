from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..roles import ALL_ROLES, require_role, roles_of


@require_role(*ALL_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    from frameworks.queries import upcoming_inspections

    return render(
        request,
        "inspection_readiness/dashboard.html",
        {"roles": sorted(roles_of(request.user)), "inspections": upcoming_inspections()},
    )
