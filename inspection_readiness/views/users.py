from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from .. import services
from ..audit import history_for
from ..forms import ChangeRoleForm, ConfirmForm, InviteUserForm
from ..roles import Role, require_role, role_of
from ..second_factor import confirmed_device
from ..tables import UserTable, signs_in_with

User = get_user_model()


@require_role(Role.DATA_ADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    table = UserTable(
        User.objects.select_related("directory_account")
        .prefetch_related("groups")
        .order_by("last_name", "first_name")
    )
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "accounts/user_list.html", {"table": table})


@require_role(Role.DATA_ADMIN)
def user_invite(request: HttpRequest) -> HttpResponse:
    form = InviteUserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(
                actor=request.user, base_url=_base_url(request), **form.cleaned_data
            )
        except ValidationError as refusal:
            form.add_error("email", refusal.message)
        except services.InvitationNotSent as not_sent:
            messages.error(
                request,
                f"{not_sent.user.get_full_name()}'s account has been created, but the invitation "
                "email could not be sent because email is not working. Resend the invitation "
                "from this page later.",
            )
            return redirect("accounts:user_detail", pk=not_sent.user.pk)
        else:
            messages.success(
                request,
                f"{user.get_full_name()} has been invited. They will get an email to set a "
                "password.",
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_invite.html", {"form": form})


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_role(Role.DATA_ADMIN)
@require_POST
def user_resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    try:
        services.resend_invitation(actor=request.user, user=person, base_url=_base_url(request))
    except ValidationError as refusal:
        messages.error(request, refusal.message)
    except services.InvitationNotSent:
        messages.error(
            request,
            "The invitation email could not be sent because email is not working. Try again later.",
        )
    else:
        messages.success(request, f"The invitation has been sent again to {person.email}.")
    return redirect("accounts:user_detail", pk=person.pk)


@require_role(Role.DATA_ADMIN)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    pending = services.invitation_pending(person)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "person_role": role_of(person),
            "history": history_for(person)[:50],
            "invitation_pending": pending,
            "last_invitation": services.last_invitation(person) if pending else None,
            "invitation_not_sent": services.INVITATION_NOT_SENT,
            "signs_in_with": signs_in_with(person),
            "has_second_factor": confirmed_device(person) is not None,
        },
    )


@require_role(Role.DATA_ADMIN)
def user_change_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    current = role_of(person)
    form = ChangeRoleForm(
        request.POST if request.method == "POST" else None,
        initial={"role": current.value if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_user_role(
                actor=request.user, user=person, role=form.cleaned_data["role"]
            )
        except ValidationError as refusal:
            form.add_error("role", refusal.message)
        else:
            name = person.get_full_name() or person.username
            role_label = form.cleaned_data["role"].label.lower()
            messages.success(request, f"{name} is now {role_label}.")
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_change_role.html", {"form": form, "person": person})


@require_role(Role.DATA_ADMIN)
def user_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    """Deactivate or reactivate, after an "Are you sure?" confirmation."""
    person = get_object_or_404(User, pk=pk)
    verb = "Reactivate" if active else "Deactivate"
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, submit_label=f"{verb} account"
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            if active:
                services.reactivate_user(actor=request.user, user=person)
            else:
                services.deactivate_user(actor=request.user, user=person)
        except ValidationError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                f"{person.get_full_name() or person.username}'s account has been {verb.lower()}d.",
            )
            return redirect("accounts:user_detail", pk=person.pk)
    return render(
        request,
        "accounts/user_confirm_active.html",
        {"form": form, "person": person, "verb": verb, "active": active, "error": error},
    )
