"""Sign-in lockouts: who is locked out now, and how django-axes counts failures.

django-axes counts failed sign-ins per lockout parameter (settings: ``AXES_LOCKOUT_PARAMETERS``)
and locks when any count reaches one limit. We lock a username tried from one address after
``AXES_FAILURE_LIMIT`` failures, and an address after ``SIGN_IN_ADDRESS_FAILURE_LIMIT`` failures
across every username, so one address cannot try a password on every account. axes has no
limit of its own per parameter, so ``LockoutHandler`` scales the address's count to the
username limit before axes compares it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

ADDRESS = "ip_address"
USERNAME_LENGTH = 150  # the longest username the service allows (Django's own limit)


def address_failure_limit() -> int:
    return settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


def username_tried(request, credentials: dict | None = None) -> str | None:
    """The username axes counts failures against (``AXES_USERNAME_CALLABLE``): as typed, but
    cut to ``USERNAME_LENGTH``, as axes's table refuses over 255 characters with a 500."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_LENGTH]


class LockoutHandler(AxesDatabaseHandler):
    """django-axes's database handler with a separate, higher limit for an address alone."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == ADDRESS:
                # Reaches ``limit`` exactly when the address reaches its own limit.
                failures = failures * limit // address_failure_limit()
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful sign-in, forget that person's failures from that address only.

        axes would also forget every failure from the address, so signing in to one's own
        account now and then would let the address go on trying others' passwords.
        """
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted


@dataclass(frozen=True)
class Lockout:
    """One current lockout: of a username from an address, or (no username) of an address."""

    username: str | None
    ip_address: str
    failures: int
    last_attempt: datetime

    @property
    def is_address_wide(self) -> bool:
        return self.username is None

    @property
    def ends_at(self) -> datetime:
        return self.last_attempt + _cool_off()


def current_lockouts() -> list[Lockout]:
    """Every lockout in force now, addresses first, then the newest."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - _cool_off())
    addresses = (
        recent.values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=address_failure_limit())
    )
    pairs = (
        recent.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    by_address = [Lockout(username=None, **row) for row in addresses]
    locked_addresses = {lockout.ip_address for lockout in by_address}
    by_username = [
        Lockout(**{**row, "username": row["username"] or ""})
        for row in pairs
        # A username locked from an address that is itself locked adds nothing to lift.
        if row["ip_address"] not in locked_addresses
    ]
    return sorted(by_address, key=lambda lock: lock.last_attempt, reverse=True) + sorted(
        by_username, key=lambda lock: lock.last_attempt, reverse=True
    )


def failures_to_clear(*, username: str | None, ip_address: str) -> QuerySet[AccessAttempt]:
    """The recorded failures that make up one lockout (``username`` None: the whole address)."""
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if username is None:
        return attempts
    if username == "":
        return attempts.filter(Q(username="") | Q(username__isnull=True))
    return attempts.filter(username=username)


def _cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME
