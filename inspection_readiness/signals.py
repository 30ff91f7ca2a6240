"""Sign-ins, sign-outs, failed sign-ins and lockouts, recorded in the audit trail.

Connected in ``InspectionReadinessConfig.ready``. These receivers only record: the lockouts
themselves are django-axes's (see ``lockouts.py``).
"""

import unicodedata

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver

from .audit import Access, record_access
from .councils import current_council
from .lockouts import USERNAME_LENGTH, address_failure_limit, failures_to_clear


@receiver(user_logged_in, dispatch_uid="inspection_readiness.record_sign_in")
def record_sign_in(sender, request, user, **kwargs) -> None:
    from .directory import BACKEND_PATH
    from .second_factor import start_session

    through_directory = getattr(user, "backend", "") == BACKEND_PATH
    record_access(
        actor=user,
        obj=user,
        access=Access.SIGNED_IN,
        description="Signed in with their council account" if through_directory else "Signed in",
        details={"method": "directory" if through_directory else "password"},
    )
    if request is not None and hasattr(request, "session"):
        start_session(request, user)


@receiver(user_logged_out, dispatch_uid="inspection_readiness.record_sign_out")
def record_sign_out(sender, request, user, **kwargs) -> None:
    if user is None:  # signing out with no one signed in
        return
    record_access(actor=user, obj=user, access=Access.SIGNED_OUT, description="Signed out")


@receiver(user_login_failed, dispatch_uid="inspection_readiness.record_failed_sign_in")
def record_failed_sign_in(sender, credentials: dict, request=None, **kwargs) -> None:
    """Record the username tried (never the password) against the account, if there is one.

    A username with no account is recorded against the council, so trying made-up usernames
    creates nothing per username. The trail still grows by one entry per failure, but an
    address is locked after ``SIGN_IN_ADDRESS_FAILURE_LIMIT`` failures whatever usernames it
    tries, and attempts refused during a lockout are not recorded (below), so one address
    adds at most that many entries per cool-off period.
    """
    if request is not None and _refused_during_lockout(request):
        return
    tried = _shown(credentials.get(get_user_model().USERNAME_FIELD))
    # The directory's sign-ins carry a nonce and no username (directory.py).
    through_directory = not tried and "nonce" in credentials
    record_access(
        actor=None,
        obj=_account_or_council(tried),
        access=Access.SIGN_IN_FAILED,
        description="Failed sign-in through the council's directory"
        if through_directory
        else f"Failed sign-in as '{tried}'",
        details={"username": tried},
    )


@receiver(user_locked_out, dispatch_uid="inspection_readiness.record_lockout")
def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """Record a lockout once, when it starts; axes signals again at every refused attempt."""
    if request is not None and _refused_during_lockout(request):
        return
    tried = _shown(username)
    across_usernames = _address_limit_reached(request)
    record_access(
        actor=None,
        obj=_account_or_council(tried),
        access=Access.LOCKED_OUT,
        description=(
            f"Address {ip_address} locked out after failed sign-ins as several usernames"
            if across_usernames
            else f"'{tried}' locked out from {ip_address} after repeated failed sign-ins"
        ),
        details={"username": tried, "ip_address": ip_address},
    )


def _refused_during_lockout(request) -> bool:
    """True when axes refused the attempt because a lockout was already in force.

    axes marks the request locked before it checks the password and, because
    ``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` is off, never counts the attempt: the
    count is set only on attempts it counted.
    """
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


def _address_limit_reached(request) -> bool:
    address = getattr(request, "axes_ip_address", None)
    if request is None or address is None:
        return False
    total = failures_to_clear(username=None, ip_address=address).aggregate(
        total=models.Sum("failures_since_start")
    )["total"]
    return (total or 0) >= address_failure_limit()


def _shown(username: object) -> str:
    text = "".join(ch for ch in str(username or "") if unicodedata.category(ch)[0] != "C")
    return text[:USERNAME_LENGTH]


def _account_or_council(username: str) -> models.Model:
    account = get_user_model().objects.filter(username=username).first() if username else None
    return account or current_council()
