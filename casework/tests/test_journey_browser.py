"""Journey: a manager selects cohorts for a rehearsal, swaps a child with a reason and assigns an
audit; a staff member completes it, reloading the page half-way and losing nothing; the manager
moderates it and reads the summary. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseAudit
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.tests.browser import assert_accessible

SECTIONS = (
    "The child's experience and progress",
    "The child's voice",
    "Assessment",
    "Planning and review",
    "Management oversight and supervision",
    "Multi-agency work",
    "Recording",
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_audit_rehearsal_from_cohorts_to_summary(signed_in_page):
    manager = signed_in_page("manager")  # loads the demo: children built from Annex A
    rehearsal = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=timezone.now() - timedelta(days=1),
        is_rehearsal=True,
        notes="Browser journey rehearsal",
    )

    manager.goto(reverse("casework:cohorts", args=[rehearsal.pk]))
    assert_accessible(manager)
    manager.get_by_role("link", name="Select cohorts").click()
    manager.get_by_label("Seed").fill("4242")
    assert_accessible(manager)
    manager.get_by_role("button", name="Select cohorts").click()
    manager.get_by_text("Chose 100 children with seed 4242.", exact=True).wait_for()
    assert_accessible(manager)

    manager.get_by_role("link", name=re.compile(r"^Swap child")).nth(20).click()
    manager.get_by_label("Why is this child being swapped?").fill(
        "Family moved to another council last week"
    )
    assert_accessible(manager)
    manager.get_by_role("button", name="Swap this child").click()
    manager.get_by_text(re.compile(r"Swapped child \S+ for child \S+")).wait_for()
    assert manager.get_by_role("cell", name="Family moved to another council last week").count()

    manager.get_by_role("link", name="Assign audits").click()
    manager.locator("input[name=members]").first.check()
    manager.get_by_label("Auditor", exact=True).select_option(label="Sam Patel")
    assert_accessible(manager)
    manager.get_by_role("button", name="Assign audits").click()
    manager.get_by_text(re.compile(r"Assigned 1 audit to Sam Patel, due")).wait_for()

    audit = CaseAudit.objects.get(inspection=rehearsal)
    staff = signed_in_page("staff")
    staff.get_by_role("link", name="Casework", exact=True).click()
    staff.get_by_role("link", name="See case audits").click()
    assert_accessible(staff)
    staff.get_by_role("link", name=f"Case audit of {audit.child.child_id}").click()
    assert_accessible(staff)

    def answer(page, title, grade, text):
        section = page.get_by_role("group", name=title, exact=True)
        section.get_by_label(grade, exact=True).check()
        section.get_by_label("What you found").fill(text)

    for title in SECTIONS[:3]:
        answer(staff, title, "Good", f"Notes on {title.lower()}")
    staff.get_by_text("Draft saved at").wait_for()
    staff.reload()  # as if the browser closed or the session ended mid-audit
    first = staff.get_by_role("group", name=SECTIONS[0], exact=True)
    assert first.get_by_label("What you found").input_value() == f"Notes on {SECTIONS[0].lower()}"
    assert first.get_by_label("Good", exact=True).is_checked()
    assert (
        staff.get_by_role("group", name=SECTIONS[2], exact=True)
        .get_by_label("What you found")
        .input_value()
        == f"Notes on {SECTIONS[2].lower()}"
    )
    for title in SECTIONS[3:]:
        answer(staff, title, "Requires improvement to be good", f"Notes on {title.lower()}")
    staff.get_by_role("button", name="Submit for moderation").click()
    staff.get_by_text("Audit submitted for moderation.").wait_for()
    # The browser's copy of the answers (a child's case notes) goes once the server has them.
    staff.wait_for_function(f"() => localStorage.getItem('case-audit-{audit.pk}') === null")
    assert_accessible(staff)

    manager.goto(reverse("casework:audit", args=[audit.pk]))
    manager.get_by_role("link", name="Moderate this audit").click()
    for title in SECTIONS:
        manager.get_by_role("group", name=title, exact=True).get_by_label(
            "Agree", exact=True
        ).check()
    planning = manager.get_by_role("group", name="Planning and review", exact=True)
    planning.get_by_label("Change the grade", exact=True).check()
    planning.get_by_label("Moderated grade").select_option(label="Inadequate")
    planning.get_by_label(re.compile("Reason")).fill("No review for five months")
    assert_accessible(manager)
    manager.get_by_role("button", name="Record moderation").click()
    manager.get_by_role("heading", name="Case audit summary").wait_for()
    manager.get_by_text(re.compile(r"86% agreement")).wait_for()
    assert manager.get_by_role("link", name=f"Child {audit.child.child_id}").count() == 1
    assert_accessible(manager)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.MODERATED
