from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspection_readiness.audit import history_for
from inspection_readiness.roles import ALL_ROLES, require_role

from .models import Framework, Inspection
from .queries import upcoming_inspections


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frameworks/index.html",
        {"frameworks": Framework.objects.all(), "inspections": upcoming_inspections()},
    )


@require_role(*ALL_ROLES)
def framework_detail(request: HttpRequest, short_name: str) -> HttpResponse:
    framework = get_object_or_404(Framework, short_name=short_name)
    return render(request, "frameworks/framework_detail.html", {"framework": framework})


@require_role(*ALL_ROLES)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.select_related("framework", "council"), pk=pk)
    return render(
        request,
        "frameworks/inspection_detail.html",
        {"inspection": inspection, "history": history_for(inspection)},
    )
