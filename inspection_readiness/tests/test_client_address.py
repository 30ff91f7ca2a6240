"""The client's address: X-Forwarded-For only from configured trusted proxies, the same answer
for the audit trail and for sign-in lockouts."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from inspection_readiness.audit import Access
from inspection_readiness.client_address import client_address

PROXY = "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, "203.0.113.9", PROXY),  # no trusted proxy: a client's header is ignored
        (0, "6.6.6.6, 203.0.113.9", PROXY),
        (1, None, PROXY),  # a proxy that added nothing: trust nothing
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the rightmost hop, not the spoofed one
        (1, "6.6.6.6,203.0.113.9 ", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # fewer hops than proxies: something bypassed them
        (1, "not-an-address", PROXY),
        (1, "203.0.113.9:51234", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.TRUSTED_PROXY_ADDRESSES = ["10.0.0.0/24"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **headers)
    assert client_address(request) == expected


@pytest.mark.parametrize(
    ("trusted", "connecting", "expected"),
    [
        (["127.0.0.1", "::1"], "127.0.0.1", "203.0.113.9"),  # nginx on the same machine
        (["127.0.0.1", "::1"], "::1", "203.0.113.9"),
        (["127.0.0.1", "::1"], "10.0.0.1", "10.0.0.1"),  # someone reaching gunicorn directly
        (["10.0.0.1"], "10.0.0.1", "203.0.113.9"),
        (["10.0.0.1"], "10.0.0.2", "10.0.0.2"),
        (["10.0.0.0/24"], "10.0.0.255", "203.0.113.9"),
        (["10.0.0.0/24"], "10.0.1.0", "10.0.1.0"),
        ([], "127.0.0.1", "127.0.0.1"),
    ],
)
def test_the_header_is_believed_only_from_a_trusted_proxy(settings, trusted, connecting, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_ADDRESSES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=connecting, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == expected


def _sign_in(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "expected"), [(0, PROXY), (1, "203.0.113.9")])
def test_the_audit_trail_and_lockouts_use_the_same_address(
    client, settings, staff_user, proxies, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.TRUSTED_PROXY_ADDRESSES = [PROXY]
    _sign_in(client, "pat", "wrong")
    assert AccessAttempt.objects.get().ip_address == expected
    failed = LogEntry.objects.get(additional_data__access=Access.SIGN_IN_FAILED)
    assert failed.remote_addr == expected
    _sign_in(client, "pat", "pat-password-for-tests")
    signed_in = LogEntry.objects.get(additional_data__access=Access.SIGNED_IN)
    assert signed_in.remote_addr == expected
