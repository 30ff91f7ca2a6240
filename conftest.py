"""Shared fixtures for every app's tests: the database's reference data, one person per role
and an outsider with no role, and the browser journeys' pages and held worker."""

import pytest

from inspection_readiness.roles import Role


def restore_reference_data() -> None:
    """Re-create what migrations put in the database (content types, permissions, role groups,
    framework data, audit templates, data admins' permissions) by re-running every data
    migration against the final schema. Each is idempotent."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)
    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    with connection.schema_editor() as schema_editor:
        for key in _migrations_in_order(loader):
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, schema_editor)


def _migrations_in_order(loader) -> list[tuple[str, str]]:
    ordered: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key not in ordered:
                ordered.append(key)
    return ordered


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database (--reuse-db) may have been flushed by the last run's
    transactional tests, which empties what migrations put in it: put it back, and take again
    the snapshot that serialized-rollback tests restore."""
    from django.db import connections

    from frameworks.models import Framework

    connection = connections["default"]
    with django_db_blocker.unblock():
        if not Framework.objects.exists():
            restore_reference_data()
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    snapshot = getattr(connection, "_test_serialized_contents", None)
    if snapshot is not None:
        # After a browser test (Playwright's sync API runs in a greenlet) Django can hand the
        # test thread a new connection object, without the snapshot; serialized-rollback tests
        # would then skip restoring and find the reference data gone. Keep it on the class.
        type(connection)._test_serialized_contents = snapshot


def make_user(django_user_model, username: str, role: Role | None, **extra):
    user = django_user_model.objects.create_user(
        username=username,
        password=f"{username}-password-for-tests",
        first_name=username.capitalize(),
        last_name="Tester",
        email=f"{username}@example.test",
        is_staff=role == Role.DATA_ADMIN,
        **extra,
    )
    if role is not None:
        user.groups.add(role.group())
    return user


@pytest.fixture
def staff_user(django_user_model):
    return make_user(django_user_model, "pat", Role.PREPARATION_STAFF)


@pytest.fixture
def manager_user(django_user_model):
    return make_user(django_user_model, "mo", Role.MANAGER)


@pytest.fixture
def data_admin_user(django_user_model):
    return make_user(django_user_model, "ada", Role.DATA_ADMIN)


@pytest.fixture
def outsider(django_user_model):
    """Signed in, but holds no role: must be refused everywhere except the dashboard."""
    return make_user(django_user_model, "olly", None)


@pytest.fixture
def user_for_role(staff_user, manager_user, data_admin_user, outsider):
    people = {
        Role.PREPARATION_STAFF: staff_user,
        Role.MANAGER: manager_user,
        Role.DATA_ADMIN: data_admin_user,
        None: outsider,
    }
    return people.__getitem__


# --- Browser journeys -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from inspection_readiness.tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_users(transactional_db):
    """The README's demo accounts (staff, manager, admin), made by the real load_demo code."""
    from inspection_readiness.demo import load_demo

    return {demo.username: demo for demo in load_demo()}


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context per call, so several people can be signed in side by side."""
    contexts = []

    def open_page():
        # axe is injected through the DevTools protocol, which the page's CSP does not block.
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in_page(new_page, demo_users):
    """Sign a demo user in through the real sign-in form and return the page on the dashboard."""

    def sign_in(username: str):
        demo = demo_users[username]
        page = new_page()
        page.goto("/account/sign-in/")
        page.get_by_label("Username").fill(demo.username)
        page.get_by_label("Password").fill(demo.password)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(lambda url: "/account/sign-in/" not in url)
        if demo.totp_key:  # managers and data admins: the code from their demo authenticator
            page.get_by_label("Code from your authenticator app").fill(demo_totp_code(username))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_url(lambda url: "/account/second-factor/" not in url)
        return page

    return sign_in


def demo_totp_code(username: str) -> str:
    """The code the demo person's authenticator app shows now.

    A code is accepted once per 30-second step (django-otp refuses replays), and journeys sign
    the same demo person in several times a minute, so the device forgets its last code first.
    """
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def force_login_includes_second_factor(monkeypatch):
    """``client.force_login`` stands for a whole sign-in, so the session has passed the second
    factor too; tests of the second factor itself sign in through the forms."""
    from django.test import Client

    from inspection_readiness.second_factor import PASSED, SESSION_KEY

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[SESSION_KEY] = PASSED
        session.save()

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture
def held_worker(monkeypatch):
    """Background jobs wait for ``held_worker.release()`` instead of running at once."""
    from inspection_readiness import tasks
    from inspection_readiness.tests.browser import HeldWorker

    worker = HeldWorker()
    monkeypatch.setattr(tasks.run_job, "delay", worker.delay)
    return worker


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
