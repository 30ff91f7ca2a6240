"""The annual self-evaluation (Ofsted's three questions) and the annual engagement meeting:
workflow, roles on every request that changes something, the record picker and the PDF."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from inspection_readiness.councils import current_council
from inspection_readiness.models import Job

from .. import annual, links
from ..models import AnnualEvidence, AnnualSelfEvaluation, EngagementMeeting
from ..workflow import WorkflowError
from .test_reports import pdf_text

pytestmark = pytest.mark.django_db

ANSWERS = {
    "know": "Children are seen quickly and plans are clearer.",
    "how": "Monthly audits and what families tell us.",
    "plans": "Improve step-down plans over the next 12 months.",
}


@pytest.fixture
def draft(staff_user) -> AnnualSelfEvaluation:
    return annual.start_annual(covers_to=date(2026, 9, 30), started_by=staff_user)


def _answer(draft, person, answers=ANSWERS):
    return annual.save_answers(
        annual=draft, expected_version=draft.version, answers=answers, saved_by=person
    )


def test_three_questions_come_from_the_data_file_in_order():
    assert [q.code for q in annual.questions()] == ["know", "how", "plans"]
    assert annual.questions()[1].question == "How do you know it?"


def test_it_cannot_be_submitted_until_all_three_questions_are_answered(draft, staff_user):
    _answer(draft, staff_user, {**ANSWERS, "plans": "  "})
    with pytest.raises(WorkflowError, match="What are your plans to maintain or improve practice"):
        annual.submit_annual(annual=draft, submitted_by=staff_user)
    draft.refresh_from_db()
    _answer(draft, staff_user)
    submitted = annual.submit_annual(annual=draft, submitted_by=staff_user)
    assert submitted.status == "submitted"


def test_a_save_over_someone_elses_is_refused_and_nothing_is_lost(draft, staff_user, manager_user):
    opened = draft.version
    _answer(draft, manager_user, {"know": "Manager's words."})
    with pytest.raises(annual.AnnualEditConflict):
        annual.save_answers(
            annual=draft, expected_version=opened, answers={"know": "Mine"}, saved_by=staff_user
        )
    draft.refresh_from_db()
    assert draft.what_we_know == "Manager's words."


def test_the_whole_journey_through_the_pages_with_roles_checked_on_every_post(
    draft, staff_user, manager_user, data_admin_user, client
):
    detail = reverse("judgements:annual_detail", args=[draft.pk])
    client.force_login(data_admin_user)
    assert client.post(reverse("judgements:annual_start"), {}).status_code == 403
    assert client.post(reverse("judgements:annual_submit", args=[draft.pk])).status_code == 403
    page = client.get(detail)
    assert page.status_code == 200 and b"Write the answers" not in page.content

    client.force_login(staff_user)
    client.post(detail, {"version": draft.version, **ANSWERS})
    draft.refresh_from_db()
    assert (draft.what_we_know, draft.how_we_know, draft.plans) == tuple(ANSWERS.values())
    client.post(reverse("judgements:annual_submit", args=[draft.pk]), {})
    draft.refresh_from_db()
    assert draft.status == "submitted"
    # Preparation staff cannot approve or return; the page says so and nothing changes.
    assert client.post(reverse("judgements:annual_approve", args=[draft.pk])).status_code == 403
    assert client.post(reverse("judgements:annual_return", args=[draft.pk])).status_code == 403

    client.force_login(manager_user)
    returned = client.post(reverse("judgements:annual_return", args=[draft.pk]), {"comment": ""})
    assert b"Write a comment to say what needs to change" in returned.content
    client.post(reverse("judgements:annual_return", args=[draft.pk]), {"comment": "Say more."})
    draft.refresh_from_db()
    assert (draft.status, draft.review_round) == ("returned", 1)
    assert b"Say more." in client.get(detail).content

    client.force_login(staff_user)
    client.post(reverse("judgements:annual_submit", args=[draft.pk]), {})
    client.force_login(manager_user)
    client.post(reverse("judgements:annual_approve", args=[draft.pk]), {})
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by) == ("approved", manager_user)
    # Approved means locked, for the manager too.
    client.post(detail, {"version": draft.version, **ANSWERS, "know": "Changed"})
    draft.refresh_from_db()
    assert draft.what_we_know == ANSWERS["know"]


@pytest.fixture
def an_inspection_to_link(settings):
    """Any model will do as a record to link: an inspection stands in for an Annex A version."""
    from frameworks.models import Framework, Inspection

    saved = dict(links._TARGETS)
    links.register_link_target(
        "annex_a_version",
        records=Inspection.objects.all,
        label=lambda inspection: "Annex A version 4 (30 September 2026)",
    )
    yield Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.filter(short_name="ILACS").first(),
        notified_at=datetime(2026, 10, 5, 9, tzinfo=UTC),
    )
    links._TARGETS.clear()
    links._TARGETS.update(saved)


def test_records_are_linked_from_the_picker_never_typed(
    draft, staff_user, data_admin_user, client, an_inspection_to_link
):
    url = reverse("judgements:annual_evidence_add", args=[draft.pk])
    client.force_login(staff_user)
    choices = client.get(url).context["form"].fields["record"].choices
    value = next(value for _group, options in choices[1:] for value, _label in options)
    refused = client.post(url, {"question": "how", "record": "annex_a_version:1:999999"})
    assert b"Select a record from the list" in refused.content

    client.force_login(data_admin_user)
    assert client.post(url, {"question": "how", "record": value}).status_code == 403
    assert not AnnualEvidence.objects.exists()

    client.force_login(staff_user)
    client.post(url, {"question": "how", "record": value, "note": "Audit results"})
    item = AnnualEvidence.objects.get()
    assert (item.question, item.link_kind, item.label) == (
        "how",
        "annex_a_version",
        "Annex A version 4 (30 September 2026)",
    )
    assert item.linked_object == an_inspection_to_link
    assert item.address == an_inspection_to_link.get_absolute_url()

    remove = reverse("judgements:annual_evidence_remove", args=[draft.pk, item.pk])
    client.force_login(data_admin_user)
    assert client.post(remove).status_code == 403
    client.force_login(staff_user)
    client.post(remove, {})
    assert not AnnualEvidence.objects.exists()


def test_the_engagement_meeting_is_recorded_changed_and_deleted_by_editors_only(
    draft, staff_user, data_admin_user, client
):
    add = reverse("judgements:meeting_add")
    form = {
        "held_on_0": "12",
        "held_on_1": "11",
        "held_on_2": "2026",
        "annual": draft.pk,
        "attendees": "Senior HMI; Director",
        "notes": "Discussed the front door.",
        "next_steps": "Focused visit on care leavers likely in spring.",
        "tags": ["outcome-4"],
    }
    client.force_login(data_admin_user)
    assert client.post(add, form).status_code == 403
    assert not EngagementMeeting.objects.exists()

    client.force_login(staff_user)
    bad = client.post(add, {**form, "held_on_1": "13"})
    assert b"Enter the date of the meeting as a real date" in bad.content
    client.post(add, form)
    meeting = EngagementMeeting.objects.get()
    assert (meeting.held_on, meeting.annual, meeting.tags) == (
        date(2026, 11, 12),
        draft,
        ["outcome-4"],
    )

    change = reverse("judgements:meeting_change", args=[meeting.pk])
    client.force_login(data_admin_user)
    page = client.get(change)
    assert b"Outcome 4: Children in care" in page.content
    assert client.post(change, {**form, "notes": "Changed"}).status_code == 403
    assert client.post(reverse("judgements:meeting_delete", args=[meeting.pk])).status_code == 403

    client.force_login(staff_user)
    client.post(
        change,
        {
            **form,
            "letter_received_on_0": "1",
            "letter_received_on_1": "12",
            "letter_received_on_2": "2026",
        },
    )
    meeting.refresh_from_db()
    assert meeting.letter_received_on == date(2026, 12, 1)
    client.post(reverse("judgements:meeting_delete", args=[meeting.pk]), {})
    assert not EngagementMeeting.objects.exists()


def test_the_pdf_holds_the_three_answers_and_the_records_they_draw_on(
    draft, staff_user, client, django_capture_on_commit_callbacks, an_inspection_to_link
):
    _answer(draft, staff_user)
    annual.add_evidence(
        annual=draft,
        question_code="how",
        chosen=links.resolve(links.record_choices()[0][1][0][0]),
        note="",
        added_by=staff_user,
    )
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("judgements:annual_report_build", args=[draft.pk]))
    job = Job.objects.get(kind="annual_self_evaluation_report")
    assert job.status == Job.Status.SUCCEEDED, job.error
    response = client.get(reverse("judgements:annual_report_download", args=[draft.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "1. What do you know about the quality and impact of social work practice" in text
    assert ANSWERS["plans"] in text
    assert "Annex A version: Annex A version 4 (30 September 2026)" in text
    assert "Draft: not approved" in text
