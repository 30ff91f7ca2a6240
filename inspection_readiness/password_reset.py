"""Password reset links, sent by a background task, and how often they may be asked for.

The page that asks for a link must answer in the same time whether or not the address has an
account, or its timing tells a stranger who has one. So the request only counts itself against
the hourly limits and queues ``send_reset_email`` with the address typed; the task looks the
address up and sends a link only if it belongs to an active account with a usable password.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.cache import cache

LIMIT_WINDOW_SECONDS = 60 * 60


def within_limits(*, email: str, address: str | None) -> bool:
    """Count one request for a link to ``email`` from ``address``; False once either has used
    its hourly limit (``PASSWORD_RESET_LIMIT_PER_HOUR``, ``..._ADDRESS_LIMIT_PER_HOUR``).

    Counts live in Django's cache, for an hour from each key's first request.
    """
    # The email address is hashed so the cache holds no personal data.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    counters = [
        (f"password-reset:email:{digest}", settings.PASSWORD_RESET_LIMIT_PER_HOUR),
        (
            f"password-reset:address:{address or 'unknown'}",
            settings.PASSWORD_RESET_ADDRESS_LIMIT_PER_HOUR,
        ),
    ]
    allowed = True
    for key, limit in counters:
        allowed = _count(key) <= limit and allowed
    return allowed


def _count(key: str) -> int:
    cache.add(key, 0, timeout=LIMIT_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=LIMIT_WINDOW_SECONDS)
        return 1


def send_reset_email(*, email: str, domain: str, use_https: bool) -> int:
    """Email a reset link to every active account with ``email``; how many were sent."""
    form = auth_forms.PasswordResetForm({"email": email})
    if not form.is_valid():
        return 0
    accounts = list(form.get_users(form.cleaned_data["email"]))
    if accounts:
        form.save(domain_override=domain, use_https=use_https)
    return len(accounts)
