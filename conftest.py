"""Shared personas for every app's tests: one person per role, and an outsider with no role."""

import pytest

from inspection_readiness.roles import Role


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
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/account/sign-in/" not in url)
        return page

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
