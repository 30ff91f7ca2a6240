"""Journey: a manager finds the practice settings from casework, reads why the council sets its
own visiting standard and cohort sizes, corrects a wrong number and saves. Every page is checked
with axe."""

import pytest
from django.urls import reverse

from casework.models import PracticeSettings
from inspection_readiness.tests.browser import assert_accessible


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_manager_sets_the_councils_visiting_standard_and_cohort_sizes(signed_in_page):
    manager = signed_in_page("manager")
    manager.goto(reverse("casework:index"))
    manager.get_by_role("link", name="Change practice settings").click()
    manager.get_by_text(
        "Ofsted does not publish how many children it samples in an ILACS inspection"
    ).wait_for()
    assert "statutory" not in manager.content().lower()
    assert_accessible(manager)

    days = manager.get_by_label(
        "How often are children on a child protection plan visited, in working days?"
    )
    days.fill("0")
    manager.get_by_role("button", name="Save settings").click()
    manager.get_by_role(
        "link", name="Enter the number of working days between visits of 1 or more"
    ).wait_for()
    assert manager.title().startswith("Error: ")
    assert_accessible(manager)

    days.fill("15")
    manager.get_by_label("Cases the council audits").fill("12")
    manager.get_by_role("button", name="Save settings").click()
    manager.get_by_text("Your council's practice settings are saved.").wait_for()
    assert_accessible(manager)
    saved = PracticeSettings.objects.get()
    assert (saved.cp_visit_working_days, saved.audited) == (15, 12)
