"""Every page is behind sign-in, found by walking the URL resolver rather than a hand list."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The only pages a person who is not signed in may reach.
PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    # The privacy notice and accessibility statement must be readable before signing in
    # (issue 18): they hold no council data, only its published details from settings.
    "privacy",
    "accessibility",
    # Signing in through the council's directory: they send a person signed out to the
    # directory and take its answer (to the sign-in page while no directory is set up).
    "directory_sign_in",
    "directory_callback",
}
# Public pages that answer by sending the person on, rather than with a page of their own.
REDIRECTING_PUBLIC_URL_NAMES = {"password_reset_confirm", "directory_sign_in", "directory_callback"}

SAMPLE_ARGUMENTS = {"int": "1", "str": "x", "path": "x", "slug": "x", "uuid": None}


def _sample(route: str) -> str:
    """Turn '<int:pk>/' or a regex route into a concrete path with harmless sample values."""
    route = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: (
            SAMPLE_ARGUMENTS.get(m.group(1) or "str") or "0" * 8 + "-0000-0000-0000-" + "0" * 12
        ),
        route,
    )
    # Regex routes from the admin: drop anchors and fill named groups.
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return route.lstrip("^").rstrip("$").replace("\\", "")


def walk(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + _sample(str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + _sample(str(entry.pattern)), entry.name


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[0])


def test_the_walk_finds_the_whole_service():
    names = {name for _, name in ALL_URLS}
    assert {"dashboard", "activity", "job_detail", "user_list", "login"} <= names
    assert len(ALL_URLS) > 40  # the admin alone adds dozens


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "name"),
    [(p, n) for p, n in ALL_URLS if n not in PUBLIC_URL_NAMES],
    ids=[p for p, n in ALL_URLS if n not in PUBLIC_URL_NAMES],
)
def test_anonymous_request_is_sent_to_sign_in(client, path, name):
    response = client.get(path, follow=True)
    final_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    assert final_path.startswith(reverse("login")), (
        f"{path} answered {response.status_code} without sign-in"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_URL_NAMES - REDIRECTING_PUBLIC_URL_NAMES))
def test_public_pages_answer_without_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "heading"),
    [("privacy", "Privacy notice"), ("accessibility", "Accessibility statement for")],
)
def test_the_public_notices_are_linked_from_every_page_footer(client, name, heading):
    """Readable anonymously, and reachable from the sign-in page's footer."""
    sign_in = client.get(reverse("login")).content.decode()
    assert f'href="{reverse(name)}"' in sign_in
    page = client.get(reverse(name))
    assert page.status_code == 200 and heading in page.content.decode()


@pytest.mark.django_db
def test_an_invalid_password_reset_link_says_so_without_sign_in(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert response.status_code == 200
    assert b"This link has expired" in response.content
