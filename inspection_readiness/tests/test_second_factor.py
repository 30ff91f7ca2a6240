"""The second factor for local sign-in: managers and data admins set up an authenticator app and
give a code at every sign-in; staff may choose to; a data admin can reset someone's app.

These tests sign in through the real form (``client.force_login`` counts as a whole sign-in)
and make codes with django-otp's own TOTP, as an authenticator app would.
"""

import re
import time
from base64 import b32decode

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspection_readiness.roles import Role
from inspection_readiness.second_factor import (
    PASSED,
    SESSION_KEY,
    must_enrol,
    needs_code,
    reset_second_factor,
)

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or at the next step: a code is good only once, and
    the device accepts the next step's code too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def sign_in_with_password(client, user):
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": f"{user.username}-password-for-tests"},
    )
    assert response.status_code == 302, "the password was refused"
    return client.get(response["Location"])


def enrol(client, user) -> TOTPDevice:
    client.get(reverse("second_factor_enrol"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("second_factor_enrol"), {"code": code_for(device)})
    assert response.status_code == 302
    return device


def test_a_manager_must_set_up_an_app_then_gives_a_code_at_every_sign_in(client, manager_user):
    # After the password, every page leads to setting up an authenticator app.
    response = sign_in_with_password(client, manager_user)
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_enrol") + "?next=%2F"
    assert client.get(reverse("activity")).status_code == 302
    assert client.post(reverse("accounts:user_invite"), {}).status_code == 302

    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Set up an authenticator app" in page
    device = TOTPDevice.objects.get(user=manager_user, confirmed=False)
    # The key for typing in is the device's own secret, in groups of four.
    typed = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page).group(1)
    assert b32decode(typed.replace(" ", "")) == device.bin_key

    wrong = client.post(reverse("second_factor_enrol"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()
    assert "The code is not right" in wrong.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302

    right = client.post(
        reverse("second_factor_enrol"), {"code": code_for(device), "next": "/casework/"}
    )
    assert right.status_code == 302 and right["Location"] == "/casework/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard")).status_code == 200
    assert LogEntry.objects.get_for_object(manager_user).filter(
        additional_data__event="Set up an authenticator app for sign-in"
    )

    # The next sign-in asks for a code (and cannot set up another app instead).
    client.post(reverse("logout"))
    response = sign_in_with_password(client, manager_user)
    assert response["Location"] == reverse("second_factor_verify") + "?next=%2F"
    assert client.get(reverse("second_factor_enrol"))["Location"].startswith(
        reverse("second_factor_verify")
    )
    assert TOTPDevice.objects.filter(user=manager_user).count() == 1
    refused = client.post(reverse("second_factor_verify"), {"code": "123 45"})
    assert "Enter the code as 6 digits" in refused.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302

    accepted = client.post(
        reverse("second_factor_verify"),
        {"code": code_for(device, steps_ahead=1), "next": "/activity/"},
    )
    assert accepted["Location"] == "/activity/"
    assert client.session[SESSION_KEY] == PASSED
    assert client.get(reverse("dashboard")).status_code == 200
    assert LogEntry.objects.get_for_object(manager_user).filter(
        additional_data__event="Gave a second-factor code from their authenticator app"
    )


def test_a_code_is_good_only_once_and_wrong_codes_are_recorded(client, manager_user):
    sign_in_with_password(client, manager_user)
    device = enrol(client, manager_user)
    used = code_for(device)
    client.post(reverse("logout"))
    sign_in_with_password(client, manager_user)

    replayed = client.post(reverse("second_factor_verify"), {"code": used})

    assert "The code is not right" in replayed.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302
    assert LogEntry.objects.get_for_object(manager_user).filter(
        additional_data__event=f"Wrong second-factor code for '{manager_user.username}'"
    )


def test_wrong_codes_slow_further_tries(client, manager_user):
    sign_in_with_password(client, manager_user)
    device = enrol(client, manager_user)
    client.post(reverse("logout"))
    sign_in_with_password(client, manager_user)
    client.post(reverse("second_factor_verify"), {"code": "000000"})

    # Straight after a wrong code even the right one waits (django-otp's throttling).
    response = client.post(
        reverse("second_factor_verify"), {"code": code_for(device, steps_ahead=1)}
    )

    assert "too many wrong codes" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_data_admin_must_set_up_an_app_too(client, data_admin_user):
    response = sign_in_with_password(client, data_admin_user)
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    # ...including before the Django admin.
    assert client.get("/admin/").status_code == 302


def test_preparation_staff_are_not_made_to_but_may_choose_to(client, staff_user):
    response = sign_in_with_password(client, staff_user)
    assert response.status_code == 200  # the dashboard, with no code asked

    account = client.get(reverse("second_factor_account")).content.decode()
    assert "You can choose to set up an authenticator app" in account
    enrol(client, staff_user)
    client.post(reverse("logout"))

    # Having chosen to, they are asked for a code from then on.
    response = sign_in_with_password(client, staff_user)
    assert response["Location"].startswith(reverse("second_factor_verify"))


@pytest.mark.parametrize(
    ("role", "must"),
    [(None, False), (Role.PREPARATION_STAFF, False), (Role.MANAGER, True), (Role.DATA_ADMIN, True)],
)
def test_who_must_set_up_an_app(user_for_role, role, must):
    person = user_for_role(role)
    assert must_enrol(person) is must
    assert needs_code(person) is must


def test_a_superuser_must_set_up_an_app(django_user_model):
    boss = django_user_model.objects.create_superuser("root", "root@example.test", "x" * 16)
    assert must_enrol(boss)


def test_the_next_page_after_the_code_stays_on_the_service(client, manager_user):
    sign_in_with_password(client, manager_user)
    device = TOTPDevice.objects.create(user=manager_user, confirmed=False)
    client.get(reverse("second_factor_enrol"))
    response = client.post(
        reverse("second_factor_enrol"),
        {"code": code_for(device), "next": "https://elsewhere.example/"},
    )
    assert response["Location"] == reverse("dashboard")


# --- A data admin resets someone's second factor ---------------------------------------------


@pytest.fixture
def enrolled_manager(manager_user):
    TOTPDevice.objects.create(user=manager_user, name="Authenticator app", confirmed=True)
    return manager_user


@pytest.mark.parametrize("role", [None, Role.PREPARATION_STAFF, Role.MANAGER])
def test_only_data_admins_can_reset_a_second_factor(client, user_for_role, role, enrolled_manager):
    client.force_login(user_for_role(role))
    url = reverse("accounts:user_reset_second_factor", args=[enrolled_manager.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert TOTPDevice.objects.filter(user=enrolled_manager).exists()


def test_the_service_checks_the_role_too(manager_user, enrolled_manager, staff_user):
    with pytest.raises(PermissionDenied):
        reset_second_factor(actor=staff_user, user=enrolled_manager)


def test_a_data_admin_resets_a_second_factor_after_confirming(
    client, data_admin_user, enrolled_manager
):
    client.force_login(data_admin_user)
    detail = client.get(reverse("accounts:user_detail", args=[enrolled_manager.pk]))
    url = reverse("accounts:user_reset_second_factor", args=[enrolled_manager.pk])
    assert url in detail.content.decode()
    confirm = client.get(url)
    assert "Are you sure you want to reset" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled_manager).exists()

    response = client.post(url, {})

    assert response["Location"] == reverse("accounts:user_detail", args=[enrolled_manager.pk])
    assert not TOTPDevice.objects.filter(user=enrolled_manager).exists()
    entry = LogEntry.objects.get_for_object(enrolled_manager).get(
        additional_data__event__startswith="Reset their second factor"
    )
    assert entry.actor == data_admin_user
    # They set up an app again when they next sign in.
    client.post(reverse("logout"))
    response = sign_in_with_password(client, enrolled_manager)
    assert response["Location"].startswith(reverse("second_factor_enrol"))


def test_a_data_admin_cannot_reset_their_own(client, data_admin_user):
    TOTPDevice.objects.create(user=data_admin_user, confirmed=True)
    client.force_login(data_admin_user)
    response = client.post(
        reverse("accounts:user_reset_second_factor", args=[data_admin_user.pk]), {}
    )
    assert response.status_code == 200
    assert "Ask another data admin" in response.content.decode()
    assert TOTPDevice.objects.filter(user=data_admin_user).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_manager_and_data_admin_have_a_known_authenticator(demo_users):
    for username in ("manager", "admin"):
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert device.key == demo_users[username].totp_key
    assert not TOTPDevice.objects.filter(user__username="staff").exists()
