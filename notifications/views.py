from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from inspection_readiness.roles import ALL_ROLES, require_role

from . import services
from .kinds import DESCRIPTIONS, Kind

RECENT_DAYS = 30


@require_role(*ALL_ROLES)
def notification_settings(request: HttpRequest) -> HttpResponse:
    off = services.switched_off(request.user)
    kinds = [
        {"kind": kind, "description": DESCRIPTIONS[kind], "on": kind.value not in off}
        for kind in Kind
    ]
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return render(
        request,
        "notifications/settings.html",
        {
            "kinds": kinds,
            "emails": services.recent_emails(request.user, since=since),
            "recent_days": RECENT_DAYS,
            "email": request.user.email,
        },
    )


@require_POST
@require_role(*ALL_ROLES)
def switch(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values or request.POST.get("on") not in ("yes", "no"):
        raise Http404("No such kind of email")
    on = request.POST["on"] == "yes"
    services.set_switch(person=request.user, kind=Kind(kind), on=on, actor=request.user)
    messages.success(
        request, f"Emails about {Kind(kind).label.lower()} are switched {'on' if on else 'off'}."
    )
    return redirect("notifications:settings")
