from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..roles import roles_of


def dashboard(request: HttpRequest) -> HttpResponse:
    """Open to anyone signed in; a person with no role is told so and shown no records."""
    roles = roles_of(request.user)
    inspections = []
    if roles:
        from frameworks.queries import next_deadlines, upcoming_inspections

        inspections = next_deadlines(upcoming_inspections(), now=timezone.now())
    return render(
        request,
        "inspection_readiness/dashboard.html",
        {"roles": sorted(roles), "inspections": inspections},
    )
