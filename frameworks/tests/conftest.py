import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from inspection_readiness.roles import Role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reload the framework fixtures if a transactional (browser) test flushed the database.

    The data migration loads them into a new test database, but a flush at the end of a
    transactional test would leave a reused database (--reuse-db) without them.
    """
    from frameworks.loading import load_all
    from frameworks.models import Framework

    with django_db_blocker.unblock():
        if not Framework.objects.filter(short_name="SIF").exists():
            load_all(apps)


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
