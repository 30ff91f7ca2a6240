"""Signing in through the council's directory: the start, and the provider's answer.

The flow is mozilla-django-oidc's (see ``directory.py``). While the directory is not configured,
and for anything but GET, these addresses send the person to the sign-in page.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from ..directory import DirectoryCallbackView, DirectorySignInView, directory_enabled


def _only_when_enabled(view):
    @login_not_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or not directory_enabled():
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


start = _only_when_enabled(DirectorySignInView.as_view())
callback = _only_when_enabled(DirectoryCallbackView.as_view())
