from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..roles import roles_of


def dashboard(request: HttpRequest) -> HttpResponse:
    """Open to anyone signed in; a person with no role is told so and shown no records.
    Everyone else sees what they have to do today, then the open inspections."""
    roles = roles_of(request.user)
    inspections = []
    to_do = None
    if roles:
        from frameworks.queries import next_deadlines, upcoming_inspections
        from inspections.todo import to_do_for

        now = timezone.now()
        inspections = next_deadlines(upcoming_inspections(), now=now)
        to_do = to_do_for(request.user, now=now)
    return render(
        request,
        "inspection_readiness/dashboard.html",
        {"roles": sorted(roles), "inspections": inspections, "to_do": to_do},
    )
