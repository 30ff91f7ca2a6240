from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inspection_readiness.roles import ALL_ROLES, require_role


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "datapack/index.html")
