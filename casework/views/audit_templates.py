"""The audit templates, read-only: which sections each framework's audits grade."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inspection_readiness.roles import ALL_ROLES, Role, require_role, user_has_role

from .. import queries
from ..models import AuditTemplate


@require_role(*ALL_ROLES)
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/template_list.html",
        {
            "templates": AuditTemplate.objects.select_related("framework").prefetch_related(
                "sections"
            ),
            "is_data_admin": user_has_role(request.user, [Role.DATA_ADMIN]),
        },
    )


@require_role(*ALL_ROLES)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(AuditTemplate.objects.select_related("framework"), pk=pk)
    return render(
        request,
        "casework/template_detail.html",
        {
            "template": template,
            "sections": template.sections.all(),
            "grades": queries.grades_for(template.framework),
            "is_data_admin": user_has_role(request.user, [Role.DATA_ADMIN]),
        },
    )
