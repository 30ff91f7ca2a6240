"""The two pages anyone may read before signing in."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .notices import accessibility_details, controller, retention_summary


@login_not_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transparency/privacy.html",
        {"controller": controller(), "retention": retention_summary()},
    )


@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transparency/accessibility.html",
        {
            "details": accessibility_details(),
            "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        },
    )
