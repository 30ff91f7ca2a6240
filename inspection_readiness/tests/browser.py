"""Playwright in Debian's chromium, and an axe accessibility check, for journey tests.

Journey tests are marked ``browser`` and take the ``signed_in_page`` factory from the root
``conftest.py`` (see ``inspection_readiness/tests/conftest.py``)::

    @pytest.mark.browser
    def test_something(signed_in_page, live_server):
        page = signed_in_page("manager")
        ...
        assert_accessible(page)
"""

import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

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


class HeldWorker:
    """Stands in for Celery in journey tests: a job waits until the test releases it, so its
    progress bar can be seen; then it runs in a thread, as a worker would, while the page
    polls. Use through the ``held_worker`` fixture."""

    def __init__(self):
        self.waiting: list[int] = []

    def delay(self, job_id: int) -> None:
        self.waiting.append(job_id)

    def release(self, kind: str | None = None) -> threading.Thread:
        """Run the oldest waiting job (of ``kind``, if given: a new Annex A version also queues
        other apps' jobs, such as casework's children refresh)."""
        from inspection_readiness.jobs import execute_job
        from inspection_readiness.models import Job

        if kind is None:
            job_id = self.waiting.pop(0)
        else:
            job_id = next(i for i in self.waiting if Job.objects.get(pk=i).kind == kind)
            self.waiting.remove(job_id)

        def work():
            try:
                execute_job(job_id)
            finally:
                connection.close()

        thread = threading.Thread(target=work)
        thread.start()
        return thread
