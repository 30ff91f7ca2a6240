"""The audit summary for an inspection: grades, agreement between auditors and moderators, and
the places still without an audit; exported as XLSX and PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inspection_readiness.roles import ALL_ROLES, require_role

from .. import queries
from ..agreement import describe_kappa
from ._common import inspection_for


@require_role(*ALL_ROLES)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(pk)
    found = queries.audit_summary(inspection)
    visible = list(queries.audits_for_user(request.user).filter(inspection=inspection))
    visible_pks = {audit.pk for audit in visible}
    return render(
        request,
        "casework/summary.html",
        {
            "inspection": inspection,
            "summary": found,
            # Staff see the counts, but only the cases they audit or moderate by name.
            "inadequate": [audit for audit in found.inadequate if audit.pk in visible_pks],
            "kappa_words": describe_kappa(found.agreement.kappa),
            "section_agreement": [
                (title, result, describe_kappa(result.kappa))
                for title, result in found.agreement_by_section
            ],
            "audits": visible,
        },
    )
