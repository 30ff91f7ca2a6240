"""Current sign-in lockouts, for data admins, and lifting one after a confirmation."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import services
from ..forms import LiftLockoutForm
from ..lockouts import address_failure_limit, current_lockouts
from ..roles import Role, require_role


@require_role(Role.DATA_ADMIN)
def lockout_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/lockout_list.html",
        {
            "lockouts": current_lockouts(),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": address_failure_limit(),
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_role(Role.DATA_ADMIN)
def lockout_lift(request: HttpRequest) -> HttpResponse:
    """GET asks "Are you sure?" about the lockout named in the query; POST lifts it."""
    form = LiftLockoutForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        raise Http404("No such lockout.")
    key = form.lockout_key()
    if request.method == "POST":
        services.lift_lockout(actor=request.user, **key)
        messages.success(request, f"{_described(**key).capitalize()} can sign in again.")
        return redirect("accounts:lockout_list")
    return render(
        request,
        "accounts/lockout_confirm.html",
        {"form": form, "described": _described(**key), "whole_address": key["username"] is None},
    )


def _described(*, username: str | None, ip_address: str) -> str:
    if username is None:
        return f"everyone at address {ip_address}"
    return f"'{username}' from address {ip_address}"
