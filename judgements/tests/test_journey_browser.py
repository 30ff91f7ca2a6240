"""Journey: staff fill a judgement area and submit; a manager returns it with a comment; staff
fix it and resubmit; the manager approves and downloads the PDF report."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from frameworks.loading import load_all
from inspection_readiness.tests.browser import assert_accessible

from ..models import SelfEvaluation
from .conftest import fill, start

TITLE = "Journey ILACS self-evaluation"


@pytest.fixture
def journey(demo_users):
    """An ILACS self-evaluation with every judgement but help and protection filled in."""
    load_all(apps)  # an earlier transactional test may have flushed the loaded frameworks
    staff = get_user_model().objects.get(username="staff")
    self_evaluation = start("ILACS", staff, title=TITLE)
    for code, grade in {
        "OE": "requires-improvement",
        "J1": "good",
        "J3": "good",
        "J4": "good",
    }.items():
        fill(self_evaluation, staff, code, grade, rationale=f"Rationale for {code}.")
    return self_evaluation


def _open_dashboard(page, self_evaluation):
    page.goto(self_evaluation.get_absolute_url())
    page.get_by_role("heading", name=TITLE, level=1).wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_from_draft_to_an_approved_pdf(signed_in_page, journey, live_server):
    staff = signed_in_page("staff")
    staff.goto("/self-evaluation/")
    staff.get_by_role("link", name=TITLE).click()
    staff.get_by_role("heading", name="Judgement areas").wait_for()
    assert_accessible(staff)

    # Staff fill help and protection: evidence, then a proposed grade that limits overall.
    staff.get_by_role("link", name="Children who need help and protection").click()
    staff.get_by_role("link", name="Add written evidence").click()
    staff.get_by_label("Title").fill("Front door audit, January")
    staff.get_by_label("Evidence", exact=True).fill(
        "40 contacts audited; risk not recognised in 9."
    )
    assert_accessible(staff)
    staff.get_by_role("button", name="Add written evidence").click()
    staff.get_by_text("Evidence added: Front door audit, January.").wait_for()
    staff.get_by_role("radio", name="Inadequate", exact=True).check()
    staff.get_by_label("Rationale for the proposed grade").fill("Widespread failures at the door.")
    staff.get_by_role("button", name="Save this judgement area").click()
    staff.get_by_text(
        "Children who need help and protection is proposed inadequate, so overall effectiveness "
        "can be at most inadequate."
    ).first.wait_for()
    assert_accessible(staff)

    # Overall effectiveness is now above its cap, so the submission is refused until it is fixed.
    _open_dashboard(staff, journey)
    staff.get_by_role("link", name="Check what to put right").click()
    problem = staff.get_by_role(
        "link",
        name="Overall effectiveness is proposed requires improvement to be good, above its cap "
        "of inadequate. Lower the proposed grade to submit",
    )
    assert_accessible(staff)
    problem.click()
    staff.get_by_role("radio", name="Inadequate", exact=True).check()
    staff.get_by_role("button", name="Save this judgement area").click()
    staff.get_by_text("Overall effectiveness saved.").wait_for()
    _open_dashboard(staff, journey)
    staff.get_by_role("link", name="Submit for review").click()
    assert_accessible(staff)
    staff.get_by_role("button", name="Submit for review").click()
    staff.get_by_text("Submitted for review. A manager will approve it or return it.").wait_for()

    # The manager returns it with a comment on help and protection.
    manager = signed_in_page("manager")
    _open_dashboard(manager, journey)
    manager.get_by_role("link", name="Return with comments").click()
    manager.get_by_label("Comment on children who need help and protection (optional)").fill(
        "Say which teams the audit covered."
    )
    assert_accessible(manager)
    manager.get_by_role("button", name="Return with comments").click()
    manager.get_by_text("Returned with comments.").first.wait_for()

    # Staff see the comment beside the area, fix it and resubmit.
    _open_dashboard(staff, journey)
    staff.get_by_text("Comments to address").wait_for()
    staff.get_by_role("link", name="Children who need help and protection").click()
    staff.get_by_text("Say which teams the audit covered.").wait_for()
    staff.get_by_label("Rationale for the proposed grade").fill(
        "Widespread failures at the door: the audit covered all three assessment teams."
    )
    staff.get_by_role("button", name="Save this judgement area").click()
    staff.get_by_text("Children who need help and protection saved.").wait_for()
    assert_accessible(staff)
    _open_dashboard(staff, journey)
    staff.get_by_text("Changed after comments").wait_for()
    staff.get_by_role("link", name="Submit for review").click()
    staff.get_by_role("button", name="Submit for review").click()
    staff.get_by_text("Submitted for review.").first.wait_for()

    # The manager approves, builds the PDF and downloads it.
    _open_dashboard(manager, journey)
    manager.get_by_role("link", name="Approve").click()
    assert_accessible(manager)
    manager.get_by_role("button", name="Approve and lock").click()
    manager.get_by_text("Approved. This revision is now locked.").wait_for()
    assert_accessible(manager)
    manager.get_by_role("button", name="Build the PDF report").click()
    manager.get_by_role("link", name=re.compile("Download the PDF report")).wait_for()
    assert_accessible(manager)
    with manager.expect_download() as download_info:
        manager.get_by_role("link", name=re.compile("Download the PDF report")).click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "The experiences and progress of children who need help and protection" in text
    assert "the audit covered all three assessment teams" in text

    journey.refresh_from_db()
    assert journey.status == SelfEvaluation.Status.APPROVED
