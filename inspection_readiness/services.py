"""Writes that change people's access. Each runs in one transaction and is audited.

django-auditlog records the field and group changes against the acting person (``set_actor``),
so the audit trail says who invited, re-roled or deactivated whom, and when.
"""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .audit import Access, record_event
from .councils import current_council
from .lockouts import failures_to_clear
from .roles import Role, check_role, role_of, roles_of, user_has_role

User = get_user_model()


def set_role(user: AbstractBaseUser, role: Role) -> None:
    """Give ``user`` exactly one role. Callers check who may do it and record why."""
    role_groups = Group.objects.filter(name__in=[r.group_name for r in Role])
    user.groups.remove(*role_groups.exclude(name=role.group_name))
    user.groups.add(role.group())
    # Data admins edit framework data in the Django admin, which needs staff status.
    user.is_staff = role == Role.DATA_ADMIN
    user.save(update_fields=["is_staff"])
    user._roles_cache = None


# An invitation's email is recorded in the person's history, with one of these under this key.
INVITATION = "invitation"
INVITATION_SENT = "sent"
INVITATION_NOT_SENT = "not sent"
ACCOUNT_EXISTS = (
    "An account for this email address already exists. Change that person's role instead."
)


class InvitationNotSent(Exception):
    """The account exists but its invitation email could not be sent. It is recorded on the
    person's page as not sent, where a data admin can resend it."""

    def __init__(self, user: AbstractBaseUser) -> None:
        super().__init__(f"The invitation to {user.email} could not be sent.")
        self.user = user


def invite_user(
    *,
    actor: AbstractBaseUser,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    base_url: str,
) -> AbstractBaseUser:
    """Create an account with no password, then email a link to set one.

    The account is committed before the email is sent, so email being down never leaves a
    half-made account behind: the account is recorded as "invitation not sent" and
    ``InvitationNotSent`` is raised, for a data admin to resend it. An invitation sent twice
    (a double click, two data admins at once) makes one account; the other is refused."""
    _require_data_admin(actor)
    email = email.strip().lower()
    with transaction.atomic():
        if _account_exists(email):
            raise ValidationError(ACCOUNT_EXISTS, code="exists")
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        try:
            # A savepoint: the same address invited by a request running alongside this one
            # passes the check above and is stopped here by the unique username.
            with transaction.atomic(), set_actor(actor):
                user.save()
        except IntegrityError:
            raise ValidationError(ACCOUNT_EXISTS, code="exists") from None
        with set_actor(actor):
            set_role(user, role)
    _send_invitation(actor=actor, user=user, role=role, base_url=base_url)
    return user


def _account_exists(email: str) -> bool:
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


def invitation_pending(user: AbstractBaseUser) -> bool:
    """Invited but not yet in: no password set, never signed in, not deactivated."""
    return user.is_active and user.last_login is None and not user.has_usable_password()


def last_invitation(user: AbstractBaseUser) -> LogEntry | None:
    """The audit entry of the latest invitation email sent, or not sent, to ``user``."""
    return (
        LogEntry.objects.get_for_object(user)
        .filter(additional_data__has_key=INVITATION)
        .order_by("-timestamp", "-pk")
        .first()
    )


def resend_invitation(*, actor: AbstractBaseUser, user: AbstractBaseUser, base_url: str) -> None:
    """Email a new link to set a password, for an invitation not sent or not acted on."""
    _require_data_admin(actor)
    if not invitation_pending(user):
        name = user.get_full_name() or user.get_username()
        raise ValidationError(
            f"{name} has signed in or set a password already, so there is no invitation to "
            "resend. If they have forgotten their password, they can reset it from the "
            "sign-in page."
            if user.is_active
            else f"{name}'s account is deactivated. Reactivate it first."
        )
    _send_invitation(actor=actor, user=user, role=role_of(user), base_url=base_url)


def _send_invitation(
    *, actor: AbstractBaseUser, user: AbstractBaseUser, role: Role | None, base_url: str
) -> None:
    """Send the email now and record whether it went, in the person's history."""
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
    try:
        send_mail(f"You have been invited to {settings.SERVICE_NAME}", body, None, [user.email])
    except OSError as error:  # connection refused, timed out, or refused by the server
        record_event(
            actor=actor,
            obj=user,
            description=(
                f"The invitation email to {user.email} could not be sent: email was not working"
            ),
            details={INVITATION: INVITATION_NOT_SENT, "error": type(error).__name__},
        )
        raise InvitationNotSent(user) from error
    record_event(
        actor=actor,
        obj=user,
        description=f"Sent the invitation email to {user.email}",
        details={INVITATION: INVITATION_SENT},
    )


def _require_data_admin(actor: AbstractBaseUser) -> None:
    """The views check the role too; repeated here so no other caller can skip it."""
    check_role(actor, [Role.DATA_ADMIN], to="manage people's accounts")


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
    _require_data_admin(actor)
    _refuse_self(actor, user, "change the role of")
    if role != Role.DATA_ADMIN:
        _refuse_last_data_admin(user)
    with set_actor(actor):
        set_role(user, role)


@transaction.atomic
def deactivate_user(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> None:
    """Stop a person signing in. Their records and audit history stay."""
    _require_data_admin(actor)
    _refuse_self(actor, user, "deactivate")
    _refuse_last_data_admin(user)
    with set_actor(actor):
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def reactivate_user(*, actor: AbstractBaseUser, user: AbstractBaseUser) -> None:
    _require_data_admin(actor)
    with set_actor(actor):
        user.is_active = True
        user.save(update_fields=["is_active"])


@transaction.atomic
def lift_lockout(*, actor: AbstractBaseUser, username: str | None, ip_address: str) -> int:
    """Let a locked-out username (or, with ``username`` None, a whole address) try again now.

    Returns how many recorded failures were cleared; 0 when the lockout had already ended.
    """
    if not user_has_role(actor, [Role.DATA_ADMIN]):
        raise PermissionDenied("Only data admins can lift a lockout.")
    cleared, _ = failures_to_clear(username=username, ip_address=ip_address).delete()
    account = User.objects.filter(username=username).first() if username else None
    record_event(
        actor=actor,
        obj=account or current_council(),
        action=LogEntry.Action.UPDATE,
        description=(
            f"Lifted the lockout of address {ip_address}"
            if username is None
            else f"Lifted the lockout of '{username}' from {ip_address}"
        ),
        details={
            "access": Access.LOCKOUT_LIFTED.value,
            "username": username,
            "ip_address": ip_address,
            "failures_cleared": cleared,
        },
    )
    return cleared
