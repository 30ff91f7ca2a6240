from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..roles import roles_of


def dashboard(request: HttpRequest) -> HttpResponse:
    """Open to anyone signed in; a person with no role is told so and shown no records."""
    roles = roles_of(request.user)
    inspections = []
    if roles:
        from frameworks.queries import upcoming_inspections

        inspections = upcoming_inspections()
    return render(
        request,
        "inspection_readiness/dashboard.html",
        {"roles": sorted(roles), "inspections": inspections},
    )
