"""Journey: a manager opens a framework, compares SIF with ILACS, rehearses an ILACS 2026 short
inspection (the framework in force today is chosen to begin with), and tidies up."""

import re

import pytest
from django.apps import apps

from frameworks.loading import load_all
from frameworks.models import Inspection
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_compares_frameworks_and_runs_a_rehearsal(signed_in_page, live_server):
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    page = signed_in_page("manager")
    rehearsals = Inspection.objects.filter(is_rehearsal=True, framework__family="ILACS")
    before = rehearsals.count()  # the demo data has a rehearsal of its own

    page.goto("/frameworks/")
    page.get_by_role("link", name="SIF", exact=True).click()
    page.get_by_role("heading", name="Limiting and aggregation rules").wait_for()
    assert_accessible(page)

    page.goto("/frameworks/compare/")
    page.get_by_label("First framework").select_option("SIF")
    page.get_by_label("Second framework").select_option("ILACS")
    page.get_by_role("button", name="Compare").click()
    page.get_by_text("SIF and ILACS side by side").wait_for()
    assert_accessible(page)

    page.goto("/frameworks/")
    assert page.get_by_label("Framework to rehearse").input_value() == "ILACS 2026"
    page.get_by_label("Kind of visit").select_option("short")
    page.get_by_role("button", name="Start a rehearsal").click()
    page.get_by_text("This is a rehearsal, not a real inspection.").wait_for()
    page.get_by_role("heading", name="Rehearsal under ILACS 2026: Short inspection").wait_for()
    page.get_by_text("Friday of the same week: inspectors leave at the end of week one.").wait_for()
    countdown = page.locator(".app-countdown [data-countdown-to]")
    assert re.fullmatch(r"in (\d+ d )?(\d+ h )?\d+ min", countdown.inner_text())
    assert_accessible(page)
    assert rehearsals.count() == before + 1

    page.get_by_role("link", name="Delete this rehearsal").click()
    page.get_by_role("heading", name="Are you sure you want to delete this rehearsal?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Delete rehearsal").click()
    page.get_by_text("The rehearsal has been deleted.").wait_for()
    assert rehearsals.count() == before
