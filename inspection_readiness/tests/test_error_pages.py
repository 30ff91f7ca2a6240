"""The 400, 403, 404 and 500 pages keep the service's look and say what to do next."""

import pytest
from django.test import RequestFactory
from django.views import defaults


@pytest.mark.django_db
def test_missing_page_uses_the_service_404(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-header" in response.content


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.server_error, 500, b"Sorry, there is a problem with the service"),
        (
            lambda request: defaults.bad_request(request, Exception()),
            400,
            b"There is a problem with this request",
        ),
    ],
    ids=["500", "400"],
)
@pytest.mark.django_db
def test_error_pages_render_in_the_service_style(view, status, heading):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == status
    assert heading in response.content
    assert b"govuk-header" in response.content
