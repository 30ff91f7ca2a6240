"""Every page answers its roles and refuses the rest; every POST is refused, with nothing
changed, for a role that may not make the change; requests are seen and answered by their
owner and by managers; the XLSX export neutralises formulas; stored text is shown as text."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from frameworks.models import Inspection
from inspection_readiness.roles import Role
from inspections import services
from inspections.models import (
    ChecklistItem,
    ChecklistTemplateItem,
    FeedbackPoint,
    InspectorRequest,
    KeepInTouchNote,
    StepProgress,
)

from .conftest import CALL

pytestmark = pytest.mark.django_db

LEADS = [Role.MANAGER, Role.DATA_ADMIN]
NOT_LEADS = [Role.PREPARATION_STAFF, None]
ALL = [*LEADS, Role.PREPARATION_STAFF]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def logged(short_inspection, manager_user, staff_user):
    return services.log_request(
        actor=manager_user,
        inspection=short_inspection,
        inspector="Lee Inspector",
        asked='=HYPERLINK("x") the list of children missing education',
        owner=staff_user,
        due_at=CALL,
    )


def _signed_in(client, user_for_role, role):
    client.force_login(user_for_role(role))
    return client


def _notification_post(**extra):
    return {
        "framework": "ILACS 2026",
        "visit_kind": "short",
        "call_date_0": "20",
        "call_date_1": "5",
        "call_date_2": "2026",
        "call_time": "10:30",
        "lead_inspector": "Lee Inspector",
        "annex_a_due_0": "21",
        "annex_a_due_1": "5",
        "annex_a_due_2": "2026",
        **extra,
    }


@pytest.mark.parametrize("role", ALL, ids=str)
def test_every_page_of_the_week_opens_for_every_role(client, user_for_role, role, logged):
    inspection = logged.inspection
    client.force_login(user_for_role(role))
    if role == Role.PREPARATION_STAFF:
        logged.owner = user_for_role(role)
        logged.save()
    for name in ("detail", "checklist", "requests", "feedback"):
        response = client.get(reverse(f"inspections:{name}", args=[inspection.pk]))
        assert response.status_code == 200, name
    assert client.get(reverse("inspections:index")).status_code == 200
    assert client.get(logged.get_absolute_url()).status_code == 200


def test_a_person_with_no_role_is_refused(client, outsider, short_inspection):
    client.force_login(outsider)
    assert client.get(reverse("inspections:index")).status_code == 403
    assert client.get(reverse("inspections:detail", args=[short_inspection.pk])).status_code == 403


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_only_leads_open_the_lead_pages(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    item = short_inspection.checklist_items.first()
    template_item = services.template_items("short")[0]
    for url in (
        reverse("inspections:record"),
        reverse("inspections:change", args=[short_inspection.pk]),
        reverse("inspections:template_index"),
        reverse("inspections:template_kind", args=["short"]),
        reverse("inspections:template_item_change", args=[template_item.pk]),
        reverse("inspections:template_item_remove", args=[template_item.pk]),
        reverse("inspections:checklist_assign", args=[short_inspection.pk, item.pk]),
        reverse("inspections:request_new", args=[short_inspection.pk]),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", LEADS, ids=str)
def test_a_lead_records_a_notification_from_the_form(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.post(reverse("inspections:record"), _notification_post())
    inspection = Inspection.objects.get(is_rehearsal=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert inspection.annex_a_due == date(2026, 5, 21)
    assert inspection.notified_at == CALL
    assert inspection.checklist_items.exists()


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_recording_is_refused_to_others(client, user_for_role, role):
    client.force_login(user_for_role(role))
    assert client.post(reverse("inspections:record"), _notification_post()).status_code == 403
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"call_time": "25:00"}, "Enter a real time, like 14:30"),
        ({"call_time": "half ten"}, "Enter a time in the 24-hour clock, like 14:30"),
        ({"call_date_0": ""}, "Enter the day of the month"),
        (
            {
                "on_site_from_0": "29",
                "on_site_from_1": "5",
                "on_site_from_2": "2026",
                "on_site_to_0": "26",
                "on_site_to_1": "5",
                "on_site_to_2": "2026",
            },
            "The last day on site must be the same as or after the first day",
        ),
    ],
)
def test_the_form_says_what_to_put_right(client, manager_user, changes, message):
    client.force_login(manager_user)
    response = client.post(reverse("inspections:record"), _notification_post(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Inspection.objects.exists()


def test_changing_needs_a_reason_and_records_it(client, manager_user, short_inspection):
    client.force_login(manager_user)
    url = reverse("inspections:change", args=[short_inspection.pk])
    page = client.get(url).content.decode()
    assert 'value="10:30"' in page and "Lee Inspector" in page
    response = client.post(url, _notification_post(lead_inspector="Lou Inspector"))
    assert response.status_code == 400
    assert "Enter the reason for the change" in response.content.decode()
    response = client.post(
        url, _notification_post(lead_inspector="Lou Inspector", reason="Rang back")
    )
    assert response.status_code == 302
    short_inspection.refresh_from_db()
    assert short_inspection.lead_inspector == "Lou Inspector"
    detail = client.get(reverse("inspections:detail", args=[short_inspection.pk]))
    assert "Notification changed because: Rang back" in detail.content.decode()


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_changing_is_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    url = reverse("inspections:change", args=[short_inspection.pk])
    response = client.post(url, _notification_post(lead_inspector="X", reason="Because"))
    assert response.status_code == 403
    short_inspection.refresh_from_db()
    assert short_inspection.lead_inspector == "Lee Inspector"


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_assigning_a_step_is_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    url = reverse("inspections:assign_step", args=[short_inspection.pk, "short-annex-a"])
    assert client.post(url, {"owner": user_for_role(Role.MANAGER).pk}).status_code == 403
    assert not StepProgress.objects.exists()


def test_steps_are_assigned_and_marked_done_by_their_owner(
    client, manager_user, staff_user, short_inspection
):
    client.force_login(manager_user)
    assign = reverse("inspections:assign_step", args=[short_inspection.pk, "short-annex-a"])
    assert client.post(assign, {"owner": staff_user.pk}).status_code == 302
    unknown = reverse("inspections:assign_step", args=[short_inspection.pk, "no-such-step"])
    assert client.post(unknown, {"owner": staff_user.pk}).status_code == 404
    client.force_login(staff_user)
    mark = reverse("inspections:mark_step", args=[short_inspection.pk, "short-annex-a"])
    assert client.post(mark, {"done": "yes"}).status_code == 302
    assert StepProgress.objects.get(step_code="short-annex-a").done_by == staff_user
    # Someone else's step: refused, nothing changed.
    other = reverse("inspections:mark_step", args=[short_inspection.pk, "short-on-site"])
    assert client.post(other, {"done": "yes"}).status_code == 403
    assert not StepProgress.objects.filter(step_code="short-on-site", done_at__isnull=False)


def test_a_checklist_item_is_assigned_then_done_by_its_owner(
    client, manager_user, staff_user, short_inspection
):
    item = short_inspection.checklist_items.first()
    client.force_login(manager_user)
    url = reverse("inspections:checklist_assign", args=[short_inspection.pk, item.pk])
    response = client.post(
        url,
        {
            "owner": staff_user.pk,
            "due_date_0": "20",
            "due_date_1": "5",
            "due_date_2": "2026",
            "due_time": "11:00",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.owner == staff_user
    page = client.get(reverse("inspections:checklist", args=[short_inspection.pk])).content
    assert b"Overdue" in page  # due 20 May 2026, now past: in words, not colour alone
    client.force_login(staff_user)
    mark = reverse("inspections:checklist_mark", args=[short_inspection.pk, item.pk])
    assert client.post(mark, {"done": "yes"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.DONE


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_checklist_posts_are_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    item = short_inspection.checklist_items.first()
    assign = reverse("inspections:checklist_assign", args=[short_inspection.pk, item.pk])
    assert client.post(assign, {"owner": ""}).status_code == 403
    start = reverse("inspections:checklist_start", args=[short_inspection.pk])
    assert client.post(start).status_code == 403
    mark = reverse("inspections:checklist_mark", args=[short_inspection.pk, item.pk])
    assert client.post(mark, {"done": "yes"}).status_code == 403
    item.refresh_from_db()
    assert item.status == ChecklistItem.Status.TO_DO and item.owner is None


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_template_posts_are_refused_to_others(client, user_for_role, role):
    item = services.template_items("short")[0]
    client.force_login(user_for_role(role))
    add = reverse("inspections:template_kind", args=["short"])
    assert client.post(add, {"title": "X", "hours_after_call": "1"}).status_code == 403
    change = reverse("inspections:template_item_change", args=[item.pk])
    assert client.post(change, {"title": "X", "hours_after_call": "1"}).status_code == 403
    remove = reverse("inspections:template_item_remove", args=[item.pk])
    assert client.post(remove).status_code == 403
    assert ChecklistTemplateItem.objects.get(pk=item.pk).title == item.title
    assert not ChecklistTemplateItem.objects.filter(title="X").exists()


def test_a_manager_edits_the_template(client, manager_user):
    client.force_login(manager_user)
    add = reverse("inspections:template_kind", args=["focused"])
    assert client.post(add, {"title": "Book the room", "hours_after_call": "6"}).status_code == 302
    item = ChecklistTemplateItem.objects.get(title="Book the room")
    change = reverse("inspections:template_item_change", args=[item.pk])
    client.post(change, {"title": "Book the big room", "hours_after_call": "8"})
    item.refresh_from_db()
    assert (item.title, item.hours_after_call) == ("Book the big room", 8)
    remove = reverse("inspections:template_item_remove", args=[item.pk])
    assert b"Are you sure" in client.get(remove).content
    assert client.post(remove).status_code == 302
    assert not ChecklistTemplateItem.objects.filter(pk=item.pk).exists()
    bad = client.post(add, {"title": "", "hours_after_call": "-1"})
    assert bad.status_code == 400
    assert b"Enter what needs doing" in bad.content


# --- Inspectors' requests ---------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_logging_a_request_is_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    url = reverse("inspections:request_new", args=[short_inspection.pk])
    response = client.post(url, {"inspector": "I", "asked": "A", "owner": "1"})
    assert response.status_code == 403
    assert not InspectorRequest.objects.exists()


def test_a_manager_logs_a_request(client, manager_user, staff_user, short_inspection):
    client.force_login(manager_user)
    url = reverse("inspections:request_new", args=[short_inspection.pk])
    response = client.post(
        url,
        {
            "inspector": "Lee Inspector",
            "asked": "Supervision records for team B",
            "owner": staff_user.pk,
            "due_date_0": "27",
            "due_date_1": "5",
            "due_date_2": "2026",
            "due_time": "16:00",
        },
    )
    logged = InspectorRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == logged.get_absolute_url()
    assert logged.owner == staff_user and logged.status == InspectorRequest.Status.OPEN


def test_staff_see_and_answer_only_their_own(
    client, django_user_model, staff_user, logged, short_inspection
):
    from conftest import make_user

    other = make_user(django_user_model, "sam", Role.PREPARATION_STAFF)
    client.force_login(other)
    listing = client.get(reverse("inspections:requests", args=[short_inspection.pk]))
    assert b"missing education" not in listing.content
    assert client.get(logged.get_absolute_url()).status_code == 404
    answer = reverse("inspections:request_answer", args=[short_inspection.pk, logged.pk])
    assert client.post(answer, {"answer": "Here"}).status_code == 404
    client.force_login(staff_user)
    listing = client.get(reverse("inspections:requests", args=[short_inspection.pk]))
    assert b"missing education" in listing.content
    upload = SimpleUploadedFile("list.pdf", PDF, content_type="application/pdf")
    response = client.post(answer, {"answer": "Sent the list", "file": upload})
    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.status == InspectorRequest.Status.ANSWERED
    assert logged.original_filename == "list.pdf" and logged.file_type == "PDF"
    download = client.get(
        reverse("inspections:request_file", args=[short_inspection.pk, logged.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_renamed_file_is_refused(client, staff_user, logged):
    client.force_login(staff_user)
    answer = reverse("inspections:request_answer", args=[logged.inspection_id, logged.pk])
    upload = SimpleUploadedFile("list.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(answer, {"file": upload})
    assert response.status_code == 400
    assert "is not a real PDF" in response.content.decode()
    logged.refresh_from_db()
    assert logged.status == InspectorRequest.Status.OPEN


def test_an_answer_needs_something(client, staff_user, logged):
    client.force_login(staff_user)
    answer = reverse("inspections:request_answer", args=[logged.inspection_id, logged.pk])
    response = client.post(answer, {"answer": ""})
    assert response.status_code == 400
    assert b"Enter an answer, choose a file or choose a record" in response.content


@pytest.mark.parametrize(
    ("start", "wanted", "allowed"),
    [
        ("open", "closed", False),
        ("open", "open", False),
        ("answered", "closed", True),
        ("answered", "open", True),
        ("closed", "open", True),
        ("closed", "answered", False),
    ],
)
def test_request_statuses_move_only_the_allowed_ways(manager_user, logged, start, wanted, allowed):
    InspectorRequest.objects.filter(pk=logged.pk).update(status=start)
    if allowed:
        assert (
            services.set_request_status(actor=manager_user, request=logged, status=wanted).status
            == wanted
        )
    else:
        with pytest.raises(services.WorkRefused):
            services.set_request_status(actor=manager_user, request=logged, status=wanted)


def test_an_answered_request_cannot_be_answered_again(staff_user, logged):
    services.answer_request(actor=staff_user, request=logged, answer="Done")
    with pytest.raises(services.WorkRefused, match="already answered"):
        services.answer_request(actor=staff_user, request=logged, answer="Again")


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_closing_is_refused_to_others(client, user_for_role, role, logged, staff_user):
    services.answer_request(actor=staff_user, request=logged, answer="Done")
    client.force_login(user_for_role(role))
    url = reverse("inspections:request_status", args=[logged.inspection_id, logged.pk])
    assert client.post(url, {"status": "closed"}).status_code == 403
    logged.refresh_from_db()
    assert logged.status == InspectorRequest.Status.ANSWERED


def test_requests_filter_by_owner_and_status(client, manager_user, staff_user, logged):
    client.force_login(manager_user)
    url = reverse("inspections:requests", args=[logged.inspection_id])
    assert b"missing education" in client.get(url, {"owner": staff_user.pk}).content
    assert b"missing education" not in client.get(url, {"owner": manager_user.pk}).content
    assert b"missing education" in client.get(url, {"status": "open"}).content
    assert b"missing education" not in client.get(url, {"status": "closed"}).content
    assert b"Overdue" in client.get(url).content


def test_the_export_neutralises_formulas(client, manager_user, logged):
    client.force_login(manager_user)
    response = client.get(reverse("inspections:requests_export", args=[logged.inspection_id]))
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "What they asked for"
    assert rows[1][4].startswith("'=HYPERLINK")
    assert rows[1][2] == "Overdue"


def _prefixed(prefix: str, data: dict) -> dict:
    return {f"{prefix}-{name}": value for name, value in data.items()}


# --- Each day's feedback ----------------------------------------------------------------------


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_feedback_posts_are_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    notes = reverse("inspections:feedback_notes", args=[short_inspection.pk])
    points = reverse("inspections:feedback_points", args=[short_inspection.pk])
    day = {"day_0": "26", "day_1": "5", "day_2": "2026"}
    assert client.post(notes, _prefixed("notes", {**day, "notes": "N"})).status_code == 403
    point = _prefixed("point", {**day, "kind": "strength", "text": "T"})
    assert client.post(points, point).status_code == 403
    assert not KeepInTouchNote.objects.exists() and not FeedbackPoint.objects.exists()


def test_the_picture_builds_day_by_day(client, manager_user, short_inspection):
    area = short_inspection.framework.judgement_areas.order_by("order").first()
    client.force_login(manager_user)
    day = {"day_0": "26", "day_1": "5", "day_2": "2026"}
    notes = reverse("inspections:feedback_notes", args=[short_inspection.pk])
    points = reverse("inspections:feedback_points", args=[short_inspection.pk])
    assert (
        client.post(
            notes, _prefixed("notes", {**day, "notes": "Leaders know their services"})
        ).status_code
        == 302
    )
    response = client.post(
        points,
        _prefixed(
            "point",
            {
                **day,
                "kind": "concern",
                "text": "Plans for care leavers are generic",
                "judgement_area": area.pk,
                "national_tags": ["outcome-4"],
            },
        ),
    )
    assert response.status_code == 302
    point = FeedbackPoint.objects.get()
    assert point.national_tags == ["outcome-4"] and point.judgement_area == area
    page = client.get(reverse("inspections:feedback", args=[short_inspection.pk])).content.decode()
    assert "Tuesday 26 May 2026" in page
    assert "Leaders know their services" in page
    assert "Outcome 4" in page
    assert area.name in page


def test_an_area_of_another_framework_is_refused(manager_user, short_inspection):
    from frameworks.models import JudgementArea

    other = JudgementArea.objects.exclude(framework=short_inspection.framework).first()
    with pytest.raises(services.WorkRefused):
        services.record_feedback_point(
            actor=manager_user,
            inspection=short_inspection,
            day=date(2026, 5, 26),
            kind="strength",
            text="T",
            judgement_area=other,
            national_tags=[],
        )


# --- Stored text is shown as text ------------------------------------------------------------

PAYLOAD = '{{ 7|add:7770000 }}<script>alert("x")</script>'


def test_stored_text_is_shown_literally(client, manager_user, staff_user, logged):
    inspection = logged.inspection
    services.answer_request(actor=staff_user, request=logged, answer=PAYLOAD)
    InspectorRequest.objects.update(inspector=PAYLOAD, asked=PAYLOAD)
    ChecklistItem.objects.update(title=PAYLOAD)
    services.record_keep_in_touch(
        actor=manager_user, inspection=inspection, day=date(2026, 5, 26), notes=PAYLOAD
    )
    services.record_feedback_point(
        actor=manager_user,
        inspection=inspection,
        day=date(2026, 5, 26),
        kind="strength",
        text=PAYLOAD,
        judgement_area=None,
        national_tags=[],
    )
    Inspection.objects.filter(pk=inspection.pk).update(lead_inspector=PAYLOAD, team=PAYLOAD)
    client.force_login(manager_user)
    for url in (
        reverse("inspections:detail", args=[inspection.pk]),
        reverse("inspections:checklist", args=[inspection.pk]),
        reverse("inspections:requests", args=[inspection.pk]),
        logged.get_absolute_url(),
        reverse("inspections:feedback", args=[inspection.pk]),
    ):
        page = client.get(url).content.decode()
        assert "7770007" not in page and '<script>alert("x")' not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_picture_sits_beside_the_self_evaluations_grades(
    client, manager_user, short_inspection
):
    from judgements.models import AreaAssessment
    from judgements.services import start_self_evaluation

    self_evaluation = start_self_evaluation(
        framework=short_inspection.framework,
        started_by=manager_user,
        inspection=short_inspection,
    )
    assessment = AreaAssessment.objects.filter(
        self_evaluation=self_evaluation, area__scale__isnull=False
    ).first()
    grade = assessment.area.scale.grades.order_by("rank").first()
    AreaAssessment.objects.filter(pk=assessment.pk).update(proposed_grade=grade)
    services.record_feedback_point(
        actor=manager_user,
        inspection=short_inspection,
        day=date(2026, 5, 26),
        kind="strength",
        text="Strong leaders",
        judgement_area=assessment.area,
        national_tags=[],
    )
    client.force_login(manager_user)
    page = client.get(reverse("inspections:feedback", args=[short_inspection.pk])).content.decode()
    row = page.split(assessment.area.name, 1)[1].split("</tr>", 1)[0]
    assert grade.label in row and ">1<" in row


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_reassigning_a_request_is_refused_to_others(client, user_for_role, role, logged):
    client.force_login(user_for_role(role))
    url = reverse("inspections:request_reassign", args=[logged.inspection_id, logged.pk])
    response = client.post(url, {"reassign-owner": user_for_role(Role.MANAGER).pk})
    assert response.status_code == 403
    logged.refresh_from_db()
    assert logged.owner.username == "pat"


def test_a_manager_reassigns_a_request(client, manager_user, logged):
    client.force_login(manager_user)
    page = client.get(logged.get_absolute_url()).content.decode()
    assert "Change who answers it, or when it is due" in page
    url = reverse("inspections:request_reassign", args=[logged.inspection_id, logged.pk])
    response = client.post(
        url,
        {
            "reassign-owner": manager_user.pk,
            "reassign-due_date_0": "28",
            "reassign-due_date_1": "5",
            "reassign-due_date_2": "2026",
            "reassign-due_time": "09:15",
        },
    )
    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.owner == manager_user
    assert timezone.localtime(logged.due_at).strftime("%d %m %H:%M") == "28 05 09:15"
    bad = client.post(url, {"reassign-owner": ""})
    assert bad.status_code == 400
    assert b"Select who will answer the request" in bad.content


def test_the_list_keeps_rehearsals_apart_and_counts_the_work_left(
    client, manager_user, logged, ilacs
):
    from frameworks.services import start_rehearsal

    start_rehearsal(framework=ilacs, started_by=manager_user, visit_kind_code="focused")
    client.force_login(manager_user)
    page = client.get(reverse("inspections:index")).content.decode()
    inspections_table, rehearsals_table = page.split('id="rehearsals"', 1)
    assert "Short inspection" in inspections_table and "Focused visit" not in inspections_table
    assert "Focused visit" in rehearsals_table and "Rehearsal</strong>" in rehearsals_table
    to_do = logged.inspection.checklist_items.count()
    row = inspections_table.split("Short inspection", 1)[1].split("</tr>", 1)[0]
    numbers = [cell.split("<")[0] for cell in row.split('numeric">')[1:]]
    assert numbers == [str(to_do), "1"]


@pytest.mark.parametrize("role", NOT_LEADS, ids=str)
def test_changing_the_stage_is_refused_to_others(client, user_for_role, role, short_inspection):
    client.force_login(user_for_role(role))
    url = reverse("inspections:set_status", args=[short_inspection.pk])
    assert client.post(url, {"status": "closed"}).status_code == 403
    short_inspection.refresh_from_db()
    assert short_inspection.status == Inspection.Status.NOTIFIED


def test_a_manager_moves_the_inspection_on(client, manager_user, short_inspection):
    client.force_login(manager_user)
    url = reverse("inspections:set_status", args=[short_inspection.pk])
    assert client.post(url, {"status": "on_site"}).status_code == 302
    short_inspection.refresh_from_db()
    assert short_inspection.status == Inspection.Status.ON_SITE
    client.post(url, {"status": "nonsense"})
    short_inspection.refresh_from_db()
    assert short_inspection.status == Inspection.Status.ON_SITE
