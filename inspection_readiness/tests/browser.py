"""Playwright in Debian's chromium, and an axe accessibility check, for journey tests.

Journey tests are marked ``browser`` and take the ``signed_in_page`` factory from the root
``conftest.py`` (see ``inspection_readiness/tests/conftest.py``)::

    @pytest.mark.browser
    def test_something(signed_in_page, live_server):
        page = signed_in_page("manager")
        ...
        assert_accessible(page)
"""

from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and below, as the service promises.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now and return its violations."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def assert_accessible(page) -> None:
    """Fail with axe's own words if the page has any serious or critical WCAG violation."""
    serious = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in serious
    )
