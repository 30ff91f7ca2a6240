"""Journey: in inspection week a manager pastes the children inspectors chose (one ID is not a
child), works one case to ready and assigns its audit from the list; once the audit is
submitted the manager sends it back with a comment, which the auditor reads. Axe on every page."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from casework import services
from casework.models import CaseAudit, Child, InspectorsChild
from frameworks.models import Framework, Inspection
from inspection_readiness.councils import current_council
from inspection_readiness.tests.browser import assert_accessible

from .test_audits import answer_everything


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_children_inspectors_choose_are_worked_to_ready_and_an_audit_sent_back(
    signed_in_page,
):
    manager = signed_in_page("manager")  # loads the demo: children built from Annex A
    inspection = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=timezone.now() - timedelta(days=1),
        notes="Browser journey: inspection week",
    )
    first, second = Child.objects.filter(is_current=True).exclude(allocated_worker="")[:2]

    manager.goto(reverse("casework:inspectors_children", args=[inspection.pk]))
    manager.get_by_text("No children are on the list yet.").wait_for()
    assert_accessible(manager)
    manager.get_by_label("Child Unique IDs the inspectors chose").fill(
        f"{first.child_id}, NOT-A-CHILD\n{second.child_id}"
    )
    manager.get_by_role("button", name="Add these children").click()
    manager.get_by_text(
        "Added 2 children to the list. 1 ID is not a child in the latest Annex A: NOT-A-CHILD."
    ).wait_for()
    manager.get_by_text("0 of 2").wait_for()
    row = manager.locator(f"#child-{first.child_id}")
    assert first.allocated_worker in row.inner_text()
    assert_accessible(manager)

    for step in ("file read", "worker told", "meeting booked"):
        manager.get_by_role("button", name=f"Mark {step} done for child {first.child_id}").click()
        manager.get_by_role("button", name=f"Undo {step} for child {first.child_id}").wait_for()
    manager.get_by_role("link", name=f"Assign an audit for child {first.child_id}").click()
    manager.get_by_label("Auditor", exact=True).select_option(label="Sam Patel")
    assert_accessible(manager)
    manager.get_by_role("button", name="Assign the audit").click()
    manager.get_by_text(
        re.compile(rf"Assigned the audit of child {first.child_id} to Sam Patel")
    ).wait_for()
    manager.get_by_text("1 of 2").wait_for()
    assert "Ready" in manager.locator(f"#child-{first.child_id}").inner_text()
    manager.get_by_label("Status").select_option(label="Ready")
    manager.get_by_role("button", name="Filter").click()
    manager.get_by_text("1 child matching the filters").wait_for()
    assert manager.locator(f"#child-{second.child_id}").count() == 0
    assert_accessible(manager)

    audit = CaseAudit.objects.get(inspection=inspection, child=first)
    auditor = get_user_model().objects.get(pk=audit.auditor_id)
    answer_everything(audit, auditor)
    services.submit_audit(audit=audit, submitted_by=auditor)

    manager.goto(reverse("casework:audit", args=[audit.pk]))
    manager.get_by_role("link", name="Send it back to the auditor").click()
    assert_accessible(manager)
    manager.get_by_role("button", name="Send it back").click()
    manager.get_by_text("Say what the auditor should change").first.wait_for()
    assert_accessible(manager)
    manager.get_by_label("What should the auditor change?").fill(
        "Say what the plan changed for the child."
    )
    manager.get_by_role("button", name="Send it back").click()
    manager.get_by_text(re.compile(r"is back with Sam Patel, with your comment")).wait_for()
    manager.get_by_role("heading", name="Case audit summary").wait_for()
    assert_accessible(manager)

    staff = signed_in_page("staff")
    staff.goto(reverse("casework:audit", args=[audit.pk]))
    staff.get_by_text("Say what the plan changed for the child.", exact=True).wait_for()
    staff.get_by_text("Change the audit, then submit it again.").wait_for()
    assert_accessible(staff)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT
    assert InspectorsChild.objects.filter(inspection=inspection).count() == 2
