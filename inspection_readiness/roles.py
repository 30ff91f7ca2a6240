"""The three roles of the service and the one gate that checks them.

A role is a Django group created by migration ``0002_roles``. Views never test group names
themselves: they call ``require_role`` (a decorator) or ``user_has_role``.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    PREPARATION_STAFF = "preparation_staff", "Preparation staff"
    MANAGER = "manager", "Manager"
    DATA_ADMIN = "data_admin", "Data admin"

    @property
    def group_name(self) -> str:
        return self.label

    def group(self):
        """The role's group. Made by migration; re-made if a test database was flushed."""
        from django.contrib.auth.models import Group

        return Group.objects.get_or_create(name=self.group_name)[0]

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_DESCRIPTIONS = {
    Role.PREPARATION_STAFF: "Enters evidence for the self-evaluation and completes case audits.",
    Role.MANAGER: "Reviews and approves self-evaluations and moderates case audits.",
    Role.DATA_ADMIN: "Imports and exports Annex A, edits framework data and manages users.",
}

ALL_ROLES = tuple(Role)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[Role]:
    """The roles a person holds. Superusers hold every role."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Role)
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        names = {group.name for group in user.groups.all()}  # uses a prefetch if present
        cached = {role for role in Role if role.group_name in names}
        user._roles_cache = cached
    return cached


def role_of(user: AbstractBaseUser) -> Role | None:
    """The single role shown for a person (people normally hold exactly one)."""
    held = roles_of(user)
    for role in (Role.DATA_ADMIN, Role.MANAGER, Role.PREPARATION_STAFF):
        if role in held:
            return role
    return None


def user_has_role(user: AbstractBaseUser | AnonymousUser, roles: Iterable[Role]) -> bool:
    return bool(roles_of(user) & set(roles))


def require_role(*roles: Role) -> Callable:
    """View decorator: answer 403 unless the signed-in person holds one of ``roles``.

    Sign-in itself is enforced by ``LoginRequiredMiddleware``; this checks the role server-side.
    """
    if not roles:
        raise ValueError("require_role needs at least one role")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, roles):
                raise PermissionDenied(
                    "This page is for "
                    + " or ".join(role.label.lower() for role in roles)
                    + " only."
                )
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


# Plural names, for refusals such as "Only managers and data admins can ...".
_PEOPLE = {
    Role.PREPARATION_STAFF: "preparation staff",
    Role.MANAGER: "managers",
    Role.DATA_ADMIN: "data admins",
}


def check_role(person: AbstractBaseUser | AnonymousUser, roles: Iterable[Role], *, to: str) -> None:
    """Raise ``PermissionDenied`` unless ``person`` holds one of ``roles``.

    Views check the role with ``require_role``; every service that changes state repeats the
    check with this, so no other caller (a command, a job, a later view) can skip it. ``to``
    finishes the sentence "Only managers can ...".
    """
    roles = set(roles)
    if not user_has_role(person, roles):
        people = [_PEOPLE[role] for role in Role if role in roles]
        listed = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
        raise PermissionDenied(f"Only {listed} can {to}.")
