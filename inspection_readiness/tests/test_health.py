import pytest
from django.urls import reverse

from inspection_readiness import health


@pytest.mark.django_db
def test_healthz_answers_without_sign_in_and_shows_no_data(client, staff_user):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {
        "ok": True,
        "detail": "not configured: background jobs run in-process",
    }
    assert b"pat" not in response.content


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_broker_as_unavailable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.django_db
def test_healthz_reports_a_live_redis_broker(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    assert health.check_broker() == health.Check(True, "connected")
