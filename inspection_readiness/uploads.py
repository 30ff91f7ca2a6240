"""Request bodies the service will refuse are refused before they are read.

Django reads a request's body only when something asks for it: the CSRF check does, for every
POST, before the view runs. So ``RequestBodyLimitMiddleware`` sits before sessions and CSRF and
refuses, without reading a byte of the body:

- a POST (or PUT, PATCH, DELETE) from someone who is not signed in, except to the pages that
  work signed out (signing in, resetting a password): they are sent to sign in, as
  ``LoginRequiredMiddleware`` would send them, but without the upload being written to disk;
- a body whose Content-Length is more than its address takes (``body_limit``), with the 413
  page.

``LimitedUploadHandler`` counts an upload's bytes as they stream in and stops reading, again
without reading the rest, once they pass the same limit: a server that passes a body on without
a Content-Length, or with one that understates it, is not caught by the first check.
"""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

MEGABYTE = 1024 * 1024
# Room for the rest of a form around its file: the other fields and the multipart boundaries.
FORM_ALLOWANCE = MEGABYTE
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Addresses that take a file, by URL name, and the setting holding their limit in megabytes.
# Every other address takes DATA_UPLOAD_MAX_MEMORY_SIZE bytes.
UPLOAD_ADDRESSES = {
    "annex_a:upload": "UPLOAD_MAX_MEGABYTES",
    "judgements:evidence_add": "EVIDENCE_UPLOAD_MAX_MEGABYTES",
    "inspections:request_answer": "EVIDENCE_UPLOAD_MAX_MEGABYTES",
}
_REFUSED = "_upload_over_limit"


def body_limit(request: HttpRequest) -> tuple[int, int | None]:
    """The most bytes a body may have at this address, and the file limit in megabytes that
    the address's form states (None where it takes no file)."""
    try:
        url_name = resolve(request.path_info).view_name
    except Resolver404:
        url_name = ""
    setting = UPLOAD_ADDRESSES.get(url_name)
    if setting is None:
        return settings.DATA_UPLOAD_MAX_MEMORY_SIZE, None
    megabytes = getattr(settings, setting)
    return megabytes * MEGABYTE + FORM_ALLOWANCE, megabytes


def _open_to_everyone(request: HttpRequest) -> bool:
    """Whether the address works signed out: the same mark LoginRequiredMiddleware reads."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    return not getattr(view, "login_required", True)


def _signed_in_user(request: HttpRequest):
    """The person the session cookie belongs to, looked up as AuthenticationMiddleware will
    (active, password unchanged since signing in), or None; reads no body."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = get_user(SimpleNamespace(session=store))  # get_user reads only the session
    return user if user.is_authenticated else None


def too_large(request: HttpRequest, *, megabytes: int | None, user=None) -> HttpResponse:
    if user is not None:
        request.user = user  # for the page's header; the body is never read
    return render(
        request,
        "413.html",
        {
            "file_megabytes": megabytes,
            "body_megabytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // MEGABYTE,
        },
        status=413,
    )


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BODY_METHODS or _declared_length(request):
            user = None
            if request.method in BODY_METHODS and not _open_to_everyone(request):
                user = _signed_in_user(request)
                if user is None:
                    return redirect_to_login(request.get_full_path())
            limit, megabytes = body_limit(request)
            if _declared_length(request) > limit:
                return too_large(request, megabytes=megabytes, user=user)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Parse an upload here, before the CSRF check would, so that one the handler stopped
        part-way is answered with the 413 page rather than a form missing its file."""
        if request.method not in BODY_METHODS or request.content_type != "multipart/form-data":
            return None
        try:
            request.POST  # noqa: B018  parsing it, through LimitedUploadHandler
        except Exception:  # noqa: BLE001  a malformed body is the CSRF check's and view's to refuse
            return None
        megabytes = getattr(request, _REFUSED, False)
        if megabytes is not False:
            return too_large(request, megabytes=megabytes)
        return None


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload as soon as its files pass the address's limit, reading no further."""

    def __init__(self, request: HttpRequest | None = None):
        super().__init__(request)
        self.received = 0
        self.limit, self.megabytes = body_limit(request) if request is not None else (None, None)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.limit is not None and self.received > self.limit:
            setattr(self.request, _REFUSED, self.megabytes)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file
