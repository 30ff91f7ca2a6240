"""No browser or proxy keeps a copy of a page, a download or a JSON answer: every response that
reaches Django says Cache-Control: no-store (and Pragma: no-cache for HTTP/1.0 caches)."""

import pytest
from django.conf import settings
from django.urls import reverse

from inspection_readiness.models import Job
from inspection_readiness.roles import Role

pytestmark = pytest.mark.django_db


def assert_not_stored(response) -> None:
    directives = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "must-revalidate", "max-age=0"} <= directives
    assert response.headers["Pragma"] == "no-cache"
    assert "Expires" in response.headers


@pytest.mark.parametrize(
    ("role", "method", "name", "status"),
    [
        (Role.PREPARATION_STAFF, "get", "dashboard", 200),
        (Role.MANAGER, "get", "casework:child_list", 200),
        (Role.MANAGER, "get", "frameworks:index", 200),
        (Role.DATA_ADMIN, "get", "accounts:user_list", 200),
        (Role.PREPARATION_STAFF, "get", "accounts:user_list", 403),
        (None, "get", "login", 200),  # signed out: the sign-in page
        (None, "get", "dashboard", 302),  # signed out: the redirect to sign in
        (None, "get", "healthz", 200),  # JSON, no sign-in
    ],
    ids=[
        "dashboard",
        "children",
        "frameworks",
        "users",
        "refused",
        "sign_in",
        "redirect",
        "healthz",
    ],
)
def test_every_response_says_no_store(client, user_for_role, role, method, name, status):
    if role is not None:
        client.force_login(user_for_role(role))
    response = getattr(client, method)(reverse(name))
    assert response.status_code in (status, 503)  # healthz: 503 if no broker answers
    assert_not_stored(response)


def test_a_json_answer_to_a_signed_in_person_says_no_store(client, manager_user):
    job = Job.objects.create(
        kind="casework_refresh_children", owner=manager_user, status=Job.Status.SUCCEEDED
    )
    client.force_login(manager_user)
    response = client.get(reverse("job_status", args=[job.pk]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert_not_stored(response)


def test_a_missing_page_says_no_store(client, manager_user):
    client.force_login(manager_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_not_stored(response)


def test_static_files_are_answered_before_the_no_store_rule():
    """WhiteNoise serves static files (with long-lived caching) above the rule in MIDDLEWARE,
    so only those escape it."""
    middleware = settings.MIDDLEWARE
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < middleware.index(
        "inspection_readiness.middleware.NoStoreMiddleware"
    )
    # Everything that makes or changes a response for a person runs inside the rule.
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
        "axes.middleware.AxesMiddleware",
    ):
        assert middleware.index("inspection_readiness.middleware.NoStoreMiddleware") < (
            middleware.index(later)
        )
