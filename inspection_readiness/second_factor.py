"""A second factor (a time-based code from an authenticator app) for local sign-in.

Devices, codes, replay protection and throttling are django-otp's (its TOTP plugin); the QR
code is drawn by ``qrcode`` as inline SVG, so the secret never leaves the service.

Who is asked: managers and data admins who sign in with a password must set up an
authenticator app, then give a code at every sign-in. Preparation staff may set one up, and
are then asked too. People signed in through the council's directory are not asked: their
directory's own multi-factor authentication applies.

The password step signs the person in as Django does; until the session records that the
second factor was given (or that the directory signed them in), ``SecondFactorMiddleware``
sends every request to the code or set-up page. The mark lives in the session, so a new
sign-in always starts without it.
"""

from __future__ import annotations

import io
import re
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from auditlog.models import LogEntry
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import Access, record_access, record_event
from .roles import Role, check_role, roles_of

SESSION_KEY = "second_factor"
PASSED = "passed"
DIRECTORY = "directory"
# Pages a person part-way through signing in may reach.
PAGES_BEFORE_SECOND_FACTOR = frozenset(
    {"login", "logout", "second_factor_enrol", "second_factor_verify"}
)
ROLES_THAT_MUST_ENROL = frozenset({Role.MANAGER, Role.DATA_ADMIN})
DEVICE_NAME = "Authenticator app"


def must_enrol(user: AbstractBaseUser) -> bool:
    """Managers and data admins (and superusers, who hold every role) need a second factor."""
    return bool(roles_of(user) & ROLES_THAT_MUST_ENROL)


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_code(user: AbstractBaseUser) -> bool:
    """Whether this person, signing in with a password, must give a code before going on."""
    return must_enrol(user) or confirmed_device(user) is not None


def settled(request: HttpRequest) -> bool:
    """Whether this session's second factor has been given, or is not this service's to ask."""
    return request.session.get(SESSION_KEY) in (PASSED, DIRECTORY)


def start_session(request: HttpRequest, user: AbstractBaseUser) -> None:
    """At every sign-in: mark a directory sign-in as settled; any other starts unsettled."""
    from .directory import BACKEND_PATH

    if request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH:
        request.session[SESSION_KEY] = DIRECTORY
    else:
        request.session.pop(SESSION_KEY, None)


def _mark_passed(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = PASSED
    # A new session key once the sign-in is complete, as at the password step.
    request.session.cycle_key()


# --- Enrolment -----------------------------------------------------------------------------------


def enrolment_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device a person is setting up: the same secret until they confirm it."""
    if confirmed_device(user) is not None:
        raise ValidationError("You have already set up an authenticator app.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in the groups of four letters and digits that authenticator apps accept."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's set-up address as an inline SVG QR code (drawn here: no outside service)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # inline: without the XML declaration
    # Drawn in millimetres; shown 200 pixels square, large enough for any phone to scan.
    return re.sub(r'width="[^"]+" height="[^"]+"', 'width="200" height="200"', svg, count=1)


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, code: str) -> None:
    """Confirm the device being set up with a code from it; the sign-in is then complete."""
    user = request.user
    device = enrolment_device(user)
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            "The code is not right. Check the app shows Inspection Readiness and enter the "
            "6-digit code it shows now"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(actor=user, obj=user, description="Set up an authenticator app for sign-in")
    _mark_passed(request)


# --- Sign-in -------------------------------------------------------------------------------------


def verify_code(*, request: HttpRequest, code: str) -> None:
    """Check a code at sign-in. Wrong codes are recorded and slow further tries (django-otp)."""
    user = request.user
    device = confirmed_device(user)
    if device is None:
        raise ValidationError("Set up an authenticator app first")
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            "There have been too many wrong codes. Wait a minute, then enter the code your app "
            "shows now"
        )
    if not device.verify_token(_digits(code)):
        record_access(
            actor=None,
            obj=user,
            access=Access.SIGN_IN_FAILED,
            description=f"Wrong second-factor code for '{user.get_username()}'",
            details={"username": user.get_username()},
        )
        raise ValidationError("The code is not right. Enter the 6-digit code your app shows now")
    record_access(
        actor=user,
        obj=user,
        access=Access.SIGNED_IN,
        description="Gave a second-factor code from their authenticator app",
    )
    _mark_passed(request)


def _digits(code: str) -> str:
    return "".join(code.split())


# --- A data admin resets someone's second factor ------------------------------------------------


@transaction.atomic
def reset_second_factor(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> int:
    """Remove a person's authenticator app (lost phone), so they set one up at next sign-in.

    Returns how many devices were removed."""
    check_role(actor, [Role.DATA_ADMIN], to="reset a person's second factor")
    if actor.pk == user.pk:
        raise ValidationError(
            "You cannot reset your own second factor. Ask another data admin to do it."
        )
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    record_event(
        actor=actor,
        obj=user,
        action=LogEntry.Action.UPDATE,
        description="Reset their second factor: they will set up an authenticator app again",
        details={"devices_removed": removed},
    )
    return removed


# --- The gate ------------------------------------------------------------------------------------


class SecondFactorMiddleware:
    """Send a person signed in with only a password to give their code, or to set up an app.

    Comes after ``AuthenticationMiddleware``; pages open to everyone and the sign-in pages
    themselves are let through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not settled(request)
            and not _reachable_before_second_factor(request)
            and needs_code(user)
        ):
            page = "second_factor_verify" if confirmed_device(user) else "second_factor_enrol"
            return redirect(reverse(page) + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


def _reachable_before_second_factor(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.url_name in PAGES_BEFORE_SECOND_FACTOR:
        return True
    return not getattr(match.func, "login_required", True)


def next_page(request: HttpRequest) -> str:
    """Where to go once the second factor is given: the page asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("dashboard")


def redirect_onwards(request: HttpRequest) -> HttpResponse:
    return redirect(next_page(request))
