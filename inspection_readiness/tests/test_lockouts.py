"""Lockouts by username and address, and by address across usernames; data admins see the
lockouts in force and lift one, and nobody else can."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspection_readiness import services
from inspection_readiness.audit import Access
from inspection_readiness.lockouts import current_lockouts
from inspection_readiness.roles import Role

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None
ADDRESS_LIMIT = 8
SPRAYED = "Winter2026!"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = ADDRESS_LIMIT


def _sign_in(client, username, password=SPRAYED, address="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("dashboard")


def _spray(client, count: int, address="198.51.100.7") -> None:
    """One password tried once on each of ``count`` accounts, none of them real."""
    for number in range(count):
        _sign_in(client, f"someone-{number}@example.test", address=address)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("failures", "locked"), [(ADDRESS_LIMIT - 1, False), (ADDRESS_LIMIT, True)]
)
def test_one_password_on_many_accounts_locks_the_address(client, staff_user, failures, locked):
    _spray(client, failures)
    response = _sign_in(client, "pat", "pat-password-for-tests")
    assert _signed_in(response) is not locked
    if locked:
        assert b"Too many sign-in attempts" in response.content


@pytest.mark.django_db
def test_an_address_lockout_leaves_other_addresses_alone(client, staff_user):
    _spray(client, ADDRESS_LIMIT)
    response = _sign_in(client, "pat", "pat-password-for-tests", address="192.0.2.44")
    assert _signed_in(response)


@pytest.mark.django_db
@pytest.mark.parametrize(("failures", "locked"), [(2, False), (3, True)])
def test_one_username_from_one_address_locks_at_the_lower_limit(
    client, staff_user, failures, locked
):
    for _ in range(failures):
        _sign_in(client, "pat")
    assert _signed_in(_sign_in(client, "pat", "pat-password-for-tests")) is not locked


@pytest.mark.django_db
def test_signing_in_to_ones_own_account_does_not_reset_the_address_count(client, staff_user):
    _spray(client, ADDRESS_LIMIT - 1)
    assert _signed_in(_sign_in(client, "pat", "pat-password-for-tests"))
    client.post(reverse("logout"))
    _sign_in(client, "one-more@example.test")
    assert not _signed_in(_sign_in(client, "pat", "pat-password-for-tests"))


@pytest.mark.django_db
def test_current_lockouts_lists_addresses_and_usernames(client, staff_user):
    _spray(client, ADDRESS_LIMIT)
    for _ in range(3):
        _sign_in(client, "pat", address="192.0.2.44")
    _sign_in(client, "mo", address="192.0.2.45")  # one failure: not a lockout
    found = {(lockout.username, lockout.ip_address) for lockout in current_lockouts()}
    assert found == {(None, "198.51.100.7"), ("pat", "192.0.2.44")}


LOCKOUT_PAGES = [
    ("accounts:lockout_list", {}),
    ("accounts:lockout_lift", {"ip_address": "192.0.2.44", "username": "pat"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "query"), LOCKOUT_PAGES)
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_only_data_admins_see_the_lockout_pages(client, user_for_role, name, query, role):
    client.force_login(user_for_role(role))
    response = client.get(reverse(name), query)
    assert response.status_code == (200 if role == A else 403)


@pytest.mark.django_db
def test_the_users_page_links_to_the_lockouts(client, data_admin_user):
    client.force_login(data_admin_user)
    page = client.get(reverse("accounts:user_list"))
    assert reverse("accounts:lockout_list").encode() in page.content


@pytest.mark.django_db
def test_the_lockouts_page_shows_each_lockout_with_a_way_to_lift_it(
    client, staff_user, data_admin_user
):
    for _ in range(3):
        _sign_in(client, "pat", address="192.0.2.44")
    client.force_login(data_admin_user)
    page = client.get(reverse("accounts:lockout_list")).content.decode()
    assert "192.0.2.44" in page
    assert "ip_address=192.0.2.44&amp;username=pat" in page
    confirm = client.get(
        reverse("accounts:lockout_lift"), {"ip_address": "192.0.2.44", "username": "pat"}
    )
    assert "Are you sure you want to let &#x27;pat&#x27; from address 192.0.2.44" in (
        confirm.content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_lifting_a_lockout_is_for_data_admins_and_is_recorded(
    client, user_for_role, staff_user, role
):
    for _ in range(3):
        _sign_in(client, "pat", address="192.0.2.44")
    person = user_for_role(role)
    client.force_login(person)
    response = client.post(
        reverse("accounts:lockout_lift"), {"ip_address": "192.0.2.44", "username": "pat"}
    )
    lifted = LogEntry.objects.filter(additional_data__access=Access.LOCKOUT_LIFTED)
    if role != A:
        assert response.status_code == 403
        assert AccessAttempt.objects.filter(username="pat").exists()
        assert not lifted.exists()
        return
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="pat").exists()
    [entry] = lifted
    assert entry.actor == person
    assert entry.object_pk == str(staff_user.pk)
    client.post(reverse("logout"))
    assert _signed_in(_sign_in(client, "pat", "pat-password-for-tests", address="192.0.2.44"))


@pytest.mark.django_db
def test_lifting_an_address_lockout_lets_everyone_there_try_again(
    client, staff_user, data_admin_user
):
    _spray(client, ADDRESS_LIMIT)
    client.force_login(data_admin_user)
    client.post(
        reverse("accounts:lockout_lift"), {"ip_address": "198.51.100.7", "whole_address": "True"}
    )
    client.post(reverse("logout"))
    assert current_lockouts() == []
    assert _signed_in(_sign_in(client, "pat", "pat-password-for-tests"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, NONE])
def test_the_lift_service_checks_the_role_itself(user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.lift_lockout(actor=user_for_role(role), username="pat", ip_address="192.0.2.44")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{}, {"ip_address": "not-an-address", "username": "pat"}], ids=["none", "bad"]
)
def test_lifting_an_unnamed_lockout_is_not_found(client, data_admin_user, query):
    client.force_login(data_admin_user)
    assert client.get(reverse("accounts:lockout_lift"), query).status_code == 404
