"""Asking for a password reset link: rate-limited, and the same answer for every address."""

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ..client_address import client_address
from ..forms import PasswordResetForm
from ..password_reset import within_limits

logger = logging.getLogger(__name__)

# The broker refusing the task, or the cache holding the hourly counts (Redis, when CACHE_URL
# is set) being down: either way no link can be sent, and the person is told so, not shown a 500.
UNAVAILABLE = (OperationalError, ConnectionError, OSError, RedisError)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            allowed = within_limits(
                email=form.cleaned_data["email"], address=client_address(self.request)
            )
            if allowed:
                return super().form_valid(form)
        except UNAVAILABLE:
            logger.exception("Could not queue a password reset email")
            form.add_error(
                None, "A reset link cannot be sent just now. Try again in a few minutes."
            )
            return self.form_invalid(form)
        form.add_error(
            "email", "You have asked for too many reset links. Wait an hour, then try again."
        )
        return self.form_invalid(form)
