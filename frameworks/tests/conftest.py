import pytest
from django.contrib.auth import get_user_model

from inspection_readiness.roles import Role


@pytest.fixture
def client_with_role(client):
    """A test client signed in as a new person holding ``role`` (or no role for None)."""

    def sign_in(role: Role | None):
        user = get_user_model().objects.create_user(
            username=f"person-{role or 'none'}", password="irrelevant-password-123"
        )
        if role is not None:
            user.groups.add(role.group())
        client.force_login(user)
        client.user = user
        return client

    return sign_in
