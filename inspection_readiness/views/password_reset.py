"""Asking for a password reset link: rate-limited, and the same answer for every address."""

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from kombu.exceptions import OperationalError

from ..client_address import client_address
from ..forms import PasswordResetForm
from ..password_reset import within_limits

logger = logging.getLogger(__name__)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not within_limits(
            email=form.cleaned_data["email"], address=client_address(self.request)
        ):
            form.add_error(
                "email",
                "You have asked for too many reset links. Wait an hour, then try again.",
            )
            return self.form_invalid(form)
        try:
            return super().form_valid(form)
        except (OperationalError, ConnectionError, OSError):
            logger.exception("Could not queue a password reset email")
            form.add_error(
                None, "A reset link cannot be sent just now. Try again in a few minutes."
            )
            return self.form_invalid(form)
