"""Writes that change people's access. Each runs in one transaction and is audited.

django-auditlog records the field and group changes against the acting person (``set_actor``),
so the audit trail says who invited, re-roled or deactivated whom, and when.
"""

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .roles import Role, roles_of

User = get_user_model()


def _set_role(user: AbstractBaseUser, role: Role) -> None:
    role_groups = Group.objects.filter(name__in=[r.group_name for r in Role])
    user.groups.remove(*role_groups.exclude(name=role.group_name))
    user.groups.add(role.group())
    # Data admins edit framework data in the Django admin, which needs staff status.
    user.is_staff = role == Role.DATA_ADMIN
    user.save(update_fields=["is_staff"])
    user._roles_cache = None


@transaction.atomic
def invite_user(
    *,
    actor: AbstractBaseUser,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    base_url: str,
) -> AbstractBaseUser:
    """Create an account with no password and email a link to set one."""
    with set_actor(actor):
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        _set_role(user, role)
    link = base_url + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string(
        "registration/invitation_email.txt",
        {
            "user": user,
            "link": link,
            "role": role,
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "invited_by": actor,
        },
    )
    transaction.on_commit(
        lambda: send_mail(
            f"You have been invited to {settings.SERVICE_NAME}",
            body,
            None,
            [email],
        )
    )
    return user


def _refuse_self(actor: AbstractBaseUser, user: AbstractBaseUser, what: str) -> None:
    if actor.pk == user.pk:
        raise ValidationError(f"You cannot {what} yourself. Ask another data admin to do it.")


def _refuse_last_data_admin(user: AbstractBaseUser) -> None:
    if Role.DATA_ADMIN not in roles_of(user):
        return
    others = (
        User.objects.filter(is_active=True, groups__name=Role.DATA_ADMIN.group_name)
        .exclude(pk=user.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            f"{user.get_full_name() or user.get_username()} is the only active data admin. "
            "Give another person the data admin role first."
        )


@transaction.atomic
def change_user_role(*, actor: AbstractBaseUser, user: AbstractBaseUser, role: Role) -> None:
    _refuse_self(actor, user, "change the role of")
    if role != Role.DATA_ADMIN:
        _refuse_last_data_admin(user)
    with set_actor(actor):
        _set_role(user, role)


@transaction.atomic
def deactivate_user(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> None:
    """Stop a person signing in. Their records and audit history stay."""
    _refuse_self(actor, user, "deactivate")
    _refuse_last_data_admin(user)
    with set_actor(actor):
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def reactivate_user(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> None:
    with set_actor(actor):
        user.is_active = True
        user.save(update_fields=["is_active"])
