"""Second-factor pages: set up an authenticator app, give a code at sign-in, see your own
sign-in settings, and (data admins) reset someone's app. The rules are in ``second_factor.py``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .. import second_factor
from ..forms import ConfirmForm, SecondFactorCodeForm
from ..roles import Role, require_role

User = get_user_model()


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), then give a code."""
    user = request.user
    if second_factor.confirmed_device(user) is not None:
        if second_factor.settled(request):
            return redirect("second_factor_account")
        return redirect_keeping_next(request, "second_factor_verify")
    device = second_factor.enrolment_device(user)
    form = SecondFactorCodeForm(
        request.POST if request.method == "POST" else None,
        initial={"next": second_factor.next_page(request)},
        submit_label="Continue",
    )
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.confirm_enrolment(request=request, code=form.cleaned_data["code"])
        except ValidationError as refusal:
            form.add_error("code", refusal.message)
        else:
            messages.success(request, "Your authenticator app is set up.")
            return second_factor.redirect_onwards(request)
    return render(
        request,
        "registration/second_factor_enrol.html",
        {
            "form": form,
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_for_typing(device),
            "required": second_factor.must_enrol(user),
        },
    )


def verify(request: HttpRequest) -> HttpResponse:
    """At sign-in, after the password: the code from the person's authenticator app."""
    if second_factor.settled(request):
        return second_factor.redirect_onwards(request)
    if second_factor.confirmed_device(request.user) is None:
        return redirect_keeping_next(request, "second_factor_enrol")
    form = SecondFactorCodeForm(
        request.POST if request.method == "POST" else None,
        initial={"next": second_factor.next_page(request)},
        submit_label="Continue",
    )
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify_code(request=request, code=form.cleaned_data["code"])
        except ValidationError as refusal:
            form.add_error("code", refusal.message)
        else:
            return second_factor.redirect_onwards(request)
    return render(request, "registration/second_factor_verify.html", {"form": form})


def redirect_keeping_next(request: HttpRequest, page: str) -> HttpResponse:
    response = redirect(page)
    response["Location"] += "?" + request.GET.urlencode() if request.GET else ""
    return response


def account(request: HttpRequest) -> HttpResponse:
    """How the signed-in person signs in, and setting up an app if they have none."""
    user = request.user
    return render(
        request,
        "registration/second_factor_account.html",
        {
            "device": second_factor.confirmed_device(user),
            "required": second_factor.must_enrol(user),
            "from_directory": request.session.get(second_factor.SESSION_KEY)
            == second_factor.DIRECTORY,
        },
    )


@require_role(Role.DATA_ADMIN)
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a person's authenticator app, after an "Are you sure?" confirmation."""
    person = get_object_or_404(User, pk=pk)
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label="Reset second factor"
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.reset_second_factor(actor=request.user, user=person)
        except ValidationError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                f"{person.get_full_name() or person.username}'s second factor has been reset. "
                "They will set up an authenticator app when they next sign in.",
            )
            return redirect("accounts:user_detail", pk=person.pk)
    return render(
        request,
        "accounts/user_reset_second_factor.html",
        {"form": form, "person": person, "error": error},
    )
