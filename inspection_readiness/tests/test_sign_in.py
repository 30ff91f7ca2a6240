import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_wrong_password_gives_a_govuk_error(client, staff_user):
    response = client.post(reverse("login"), {"username": "pat", "password": "wrong"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert b"govuk-error-summary" in response.content


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(
    client, staff_user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "pat", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "pat", "password": "pat-password-for-tests"}
    )
    assert b"Too many sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_right_password_signs_in_and_lands_on_the_dashboard(client, staff_user):
    response = client.post(
        reverse("login"), {"username": "pat", "password": "pat-password-for-tests"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert b"Inspection readiness" in response.content


@pytest.mark.django_db
def test_session_expires_after_inactivity(client, staff_user, settings):
    client.force_login(staff_user)
    client.get(reverse("dashboard"))
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request pushes the expiry forward


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
