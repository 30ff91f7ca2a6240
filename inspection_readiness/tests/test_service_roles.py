"""Managing people's accounts is a data admin's work, checked by each service itself as well as
by its view: a manager, preparation staff or someone with no role is refused, with nothing
changed and no email sent."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied

from inspection_readiness import services
from inspection_readiness.roles import Role, roles_of

pytestmark = pytest.mark.django_db

REFUSED = [Role.MANAGER, Role.PREPARATION_STAFF, None]
BASE_URL = "https://readiness.example.test"


@pytest.fixture
def invited(data_admin_user):
    """Someone invited whose invitation is still pending."""
    person = services.invite_user(
        actor=data_admin_user,
        first_name="Ivy",
        last_name="Invited",
        email="ivy@example.test",
        role=Role.PREPARATION_STAFF,
        base_url=BASE_URL,
    )
    mail.outbox.clear()
    return person


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_data_admin_invites(user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.invite_user(
            actor=user_for_role(role),
            first_name="Eve",
            last_name="Intruder",
            email="eve@example.test",
            role=Role.DATA_ADMIN,
            base_url=BASE_URL,
        )
    assert not get_user_model().objects.filter(email="eve@example.test").exists()
    assert mail.outbox == []


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_data_admin_resends_an_invitation(invited, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.resend_invitation(actor=user_for_role(role), user=invited, base_url=BASE_URL)
    assert mail.outbox == []


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_data_admin_changes_a_role(staff_user, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.change_user_role(actor=user_for_role(role), user=staff_user, role=Role.DATA_ADMIN)
    staff_user._roles_cache = None
    assert roles_of(staff_user) == {Role.PREPARATION_STAFF}


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_data_admin_deactivates(staff_user, user_for_role, role):
    with pytest.raises(PermissionDenied):
        services.deactivate_user(actor=user_for_role(role), user=staff_user)
    staff_user.refresh_from_db()
    assert staff_user.is_active


@pytest.mark.parametrize("role", REFUSED, ids=str)
def test_only_a_data_admin_reactivates(data_admin_user, staff_user, user_for_role, role):
    services.deactivate_user(actor=data_admin_user, user=staff_user)
    with pytest.raises(PermissionDenied):
        services.reactivate_user(actor=user_for_role(role), user=staff_user)
    staff_user.refresh_from_db()
    assert not staff_user.is_active


def test_a_data_admin_may_do_each(data_admin_user, staff_user, invited):
    services.resend_invitation(actor=data_admin_user, user=invited, base_url=BASE_URL)
    assert len(mail.outbox) == 1
    services.change_user_role(actor=data_admin_user, user=staff_user, role=Role.MANAGER)
    staff_user._roles_cache = None
    assert roles_of(staff_user) == {Role.MANAGER}
    services.deactivate_user(actor=data_admin_user, user=staff_user)
    services.reactivate_user(actor=data_admin_user, user=staff_user)
    staff_user.refresh_from_db()
    assert staff_user.is_active
