from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from inspection_readiness.roles import ALL_ROLES, require_role


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/index.html")


@require_role(*ALL_ROLES)
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    raise Http404("Children's journeys are not built yet.")
