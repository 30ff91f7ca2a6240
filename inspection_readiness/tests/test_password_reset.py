"""Asking for a reset link: the same answer, and the same work, whether or not the address has
an account; the email is sent by a background task; requests are limited per hour."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspection_readiness import tasks
from inspection_readiness.password_reset import send_reset_email


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queued(monkeypatch):
    """The emails the request hands to the broker, instead of a worker sending them."""
    calls = []
    monkeypatch.setattr(tasks.send_password_reset_email, "delay", lambda *args: calls.append(args))
    return calls


def _ask(client, email, address="192.0.2.10"):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)
    return response, len(queries)


@pytest.mark.django_db
def test_the_answer_is_the_same_whether_or_not_the_account_exists(client, staff_user, queued):
    known, known_queries = _ask(client, "pat@example.test")
    unknown, unknown_queries = _ask(client, "nobody@example.test")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == reverse("password_reset_done")
    # The request never looks the address up: the same queries either way.
    assert known_queries == unknown_queries
    assert mail.outbox == []  # nothing is sent in the request
    assert queued == [
        ("pat@example.test", "testserver", False),
        ("nobody@example.test", "testserver", False),
    ]


@pytest.mark.django_db
def test_the_task_emails_a_link_to_a_real_account(staff_user):
    assert send_reset_email(email="PAT@example.test", domain="ir.example.gov.uk", use_https=True)
    [email] = mail.outbox
    assert email.to == ["pat@example.test"]
    assert "https://ir.example.gov.uk/account/password-reset/" in email.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["nobody@example.test", "not an address"], ids=["unknown", "malformed"]
)
def test_the_task_sends_nothing_for_an_address_without_an_account(staff_user, email):
    assert send_reset_email(email=email, domain="ir.example.gov.uk", use_https=True) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_task_sends_nothing_to_a_deactivated_account(staff_user):
    staff_user.is_active = False
    staff_user.save()
    assert send_reset_email(email="pat@example.test", domain="x.test", use_https=True) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_links_for_one_email_address_are_limited_per_hour(client, settings, queued):
    settings.PASSWORD_RESET_LIMIT_PER_HOUR = 2
    for number in range(2):
        response, _ = _ask(client, "pat@example.test", address=f"192.0.2.{number}")
        assert response.status_code == 302
    refused, _ = _ask(client, "PAT@example.test", address="192.0.2.99")
    assert refused.status_code == 200
    assert b"You have asked for too many reset links" in refused.content
    assert len(queued) == 2


@pytest.mark.django_db
def test_reset_links_from_one_address_are_limited_per_hour(client, settings, queued):
    settings.PASSWORD_RESET_ADDRESS_LIMIT_PER_HOUR = 3
    for number in range(3):
        response, _ = _ask(client, f"person-{number}@example.test")
        assert response.status_code == 302
    refused, _ = _ask(client, "person-9@example.test")
    assert b"You have asked for too many reset links" in refused.content
    other_address, _ = _ask(client, "person-9@example.test", address="198.51.100.1")
    assert other_address.status_code == 302
    assert len(queued) == 4


@pytest.mark.django_db
def test_a_broker_that_is_down_gives_a_message_not_an_error(client, monkeypatch):
    from kombu.exceptions import OperationalError

    def down(*args):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_password_reset_email, "delay", down)
    response, _ = _ask(client, "pat@example.test")
    assert response.status_code == 200
    assert b"A reset link cannot be sent just now" in response.content


@pytest.mark.django_db
def test_a_cache_that_is_down_gives_a_message_not_an_error(client, monkeypatch, queued):
    """With CACHE_URL set the hourly counts live in Redis, which may be down as the broker is."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from inspection_readiness import password_reset

    def down(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(password_reset.cache, "add", down)
    response, _ = _ask(client, "pat@example.test")
    assert response.status_code == 200
    assert b"A reset link cannot be sent just now" in response.content
    assert queued == []
