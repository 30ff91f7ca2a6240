"""A body the service will refuse is refused before it is read (inspection_readiness/uploads.py).

The WSGI-level tests hand Django a request whose body raises if anything reads it.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory
from django.urls import reverse

from inspection_readiness.tests.test_sign_in_required import ALL_URLS, PUBLIC_URL_NAMES
from inspection_readiness.uploads import (
    FORM_ALLOWANCE,
    MEGABYTE,
    LimitedUploadHandler,
    RequestBodyLimitMiddleware,
)

BOUNDARY = "limits"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class UnreadableBody(io.RawIOBase):
    """A request body that must never be read."""

    def readable(self) -> bool:
        return True

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = readinto = read


def wsgi_request(client: Client, method: str, path: str, *, length: int) -> HttpResponse:
    """Send a request through Django's WSGI handler with a body that raises if read."""
    environ = client._base_environ(
        REQUEST_METHOD=method,
        PATH_INFO=path,
        CONTENT_TYPE=MULTIPART,
        CONTENT_LENGTH=str(length),
    )
    environ["wsgi.input"] = UnreadableBody()
    return client.handler(environ)


ANONYMOUS_POSTS = [(path, name) for path, name in ALL_URLS if name not in PUBLIC_URL_NAMES]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), ANONYMOUS_POSTS, ids=[p for p, _ in ANONYMOUS_POSTS])
def test_an_anonymous_post_is_sent_to_sign_in_unread(client, path, name):
    if path == "/admin/login/":
        pytest.skip("the admin's sign-in page works signed out")
    response = wsgi_request(client, "POST", path, length=200 * MEGABYTE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_anonymous_writes_are_sent_to_sign_in_unread(client, method):
    response = wsgi_request(client, method, reverse("annex_a:upload"), length=MEGABYTE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_stale_session_cookie_does_not_count_as_signed_in(client):
    client.cookies["sessionid"] = "no-such-session"
    response = wsgi_request(client, "POST", reverse("annex_a:upload"), length=MEGABYTE)

    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["login", "password_reset"], ids=["sign in", "reset a password"]
)
def test_the_signed_out_forms_still_take_posts(client, url_name):
    response = client.post(reverse(url_name), {"username": "nobody", "email": "a@example.com"})

    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_an_oversized_body_is_refused_with_413_unread(client, data_admin_user):
    client.force_login(data_admin_user)
    response = wsgi_request(client, "POST", reverse("annex_a:upload"), length=200 * MEGABYTE)

    assert response.status_code == 413
    page = response.content.decode()
    assert "<title>The file is too large" in page
    assert "The file you chose is larger than 50 MB" in page
    assert "govuk-template" in page  # the service's own page, not a bare error
    assert "Sign out" in page  # with the signed-in header


@pytest.mark.django_db
def test_an_oversized_sign_in_is_refused_with_413_unread(client):
    response = wsgi_request(client, "POST", reverse("login"), length=11 * MEGABYTE)

    assert response.status_code == 413
    assert "The form you sent was larger than 10 MB" in response.content.decode()


def _limit_cases():
    annex_a = 50 * MEGABYTE + FORM_ALLOWANCE
    evidence = 20 * MEGABYTE + FORM_ALLOWANCE
    other = 10 * MEGABYTE
    upload = reverse("annex_a:upload")
    evidence_add = reverse("judgements:evidence_add", args=[1, "X", "file"])
    invite = reverse("accounts:user_invite")
    return [
        pytest.param(upload, annex_a, 200, id="Annex A upload at its limit"),
        pytest.param(upload, annex_a + 1, 413, id="Annex A upload a byte over"),
        pytest.param(evidence_add, evidence, 200, id="evidence file at its limit"),
        pytest.param(evidence_add, evidence + 1, 413, id="evidence file a byte over"),
        pytest.param(invite, other, 200, id="any other form at DATA_UPLOAD_MAX_MEMORY_SIZE"),
        pytest.param(invite, other + 1, 413, id="any other form a byte over"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "length", "status"), _limit_cases())
def test_each_address_takes_a_body_up_to_its_limit(client, data_admin_user, path, length, status):
    client.force_login(data_admin_user)
    request = RequestFactory().post(path, content_type=MULTIPART, data=b"")
    request.META["CONTENT_LENGTH"] = str(length)
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    middleware = RequestBodyLimitMiddleware(lambda request: HttpResponse("the view"))

    assert middleware(request).status_code == status


class EndlessUpload(io.RawIOBase):
    """A multipart body with one file that never ends, as a server passing on a chunked body
    (or one longer than its Content-Length) might deliver it; counts what was read."""

    def __init__(self):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="source"; '
            'filename="annex-a.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        if self.served == 0:
            self.served = len(self.head)
            return self.head
        self.served += size
        if self.served > 500 * MEGABYTE:
            raise AssertionError("the upload was read far past its limit")
        return b"x" * size


@pytest.mark.django_db
def test_the_upload_handler_stops_a_body_longer_than_declared(settings, data_admin_user):
    settings.UPLOAD_MAX_MEGABYTES = 1
    request = RequestFactory().post(reverse("annex_a:upload"), content_type=MULTIPART, data=b"")
    body = EndlessUpload()
    handlers = [LimitedUploadHandler(request), MemoryFileUploadHandler(request)]
    meta = {"CONTENT_TYPE": MULTIPART, "CONTENT_LENGTH": "1"}  # the declared length lies

    _, files = MultiPartParser(meta, body, handlers).parse()

    assert "source" not in files
    limit = MEGABYTE + FORM_ALLOWANCE
    assert handlers[0].received > limit  # read up to the limit, and stopped there:
    assert body.served <= limit + 256 * 1024  # the rest of the body was never read


@pytest.mark.django_db
def test_an_upload_stopped_part_way_gets_the_413_page_not_a_form_without_its_file(
    client, settings, data_admin_user
):
    settings.UPLOAD_MAX_MEGABYTES = 1
    client.force_login(data_admin_user)
    # (RequestFactory sets the content type only for a body that is not empty.)
    request = RequestFactory().post(reverse("annex_a:upload"), content_type=MULTIPART, data=b"-")
    request.user = data_admin_user
    request._stream = EndlessUpload()
    request.META["CONTENT_LENGTH"] = str(MEGABYTE)  # within the limit; the body is not
    middleware = RequestBodyLimitMiddleware(lambda request: HttpResponse("the view"))

    response = middleware.process_view(request, None, (), {})

    assert response.status_code == 413
    assert "The file you chose is larger than 1 MB" in response.content.decode()


def chunked_request(client: Client, path: str) -> HttpResponse:
    """A multipart POST sent chunked: no Content-Length, and a body that raises if read."""
    environ = client._base_environ(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE=MULTIPART,
        HTTP_TRANSFER_ENCODING="chunked",
    )
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = UnreadableBody()
    return client.handler(environ)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["annex_a:upload", "accounts:user_invite"])
def test_an_anonymous_chunked_post_is_sent_to_sign_in_unread(client, url_name):
    response = chunked_request(client, reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_a_signed_in_chunked_upload_is_never_read(client, data_admin_user):
    """Django reads no more than Content-Length says, and with none it reads nothing: the form
    is answered as sent empty (behind nginx, which buffers it, a chunked body gets a length)."""
    client.force_login(data_admin_user)
    response = chunked_request(client, reverse("annex_a:upload"))

    assert response.status_code == 400  # the upload page answers a form with errors with 400
    assert b"<title>Error:" in response.content  # the form asks for its missing file
