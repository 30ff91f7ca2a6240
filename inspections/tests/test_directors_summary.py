"""The Director's summary: what it says (deadlines, risks, requests, themes, grades), the PDF
made in the background with the council's name, the marking and the deadlines in its text,
and who may read it (everyone with a role) and make it (managers)."""

import io
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from inspection_readiness.models import Job
from inspection_readiness.roles import Role
from inspections import director, services
from inspections.models import ChecklistItem, FeedbackPoint
from judgements.models import SelfEvaluation

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def busy_inspection(short_inspection, manager_user, staff_user):
    """A short inspection with an overdue checklist item, an open request due tomorrow, a
    concern inspectors raised and a self-evaluation for it."""
    ChecklistItem.objects.create(
        inspection=short_inspection,
        title="Book a room for the keep-in-touch meeting",
        owner=staff_user,
        due_at=timezone.now() - timedelta(hours=2),
    )
    services.log_request(
        actor=manager_user,
        inspection=short_inspection,
        inspector="Lee Inspector",
        asked="Supervision records for the front door",
        owner=staff_user,
        due_at=timezone.now() + timedelta(days=1),
    )
    FeedbackPoint.objects.create(
        inspection=short_inspection,
        day=date(2026, 6, 1),
        kind=FeedbackPoint.Kind.CONCERN,
        text="Drift in plans for children on the edge of care",
        judgement_area=short_inspection.framework.judgement_areas.order_by("order").first(),
    )
    SelfEvaluation.objects.create(
        framework=short_inspection.framework,
        inspection=short_inspection,
        title="Spring self-evaluation",
        assessed_on=date(2026, 5, 1),
    )
    return short_inspection


def test_the_summary_names_deadlines_risks_requests_and_themes(busy_inspection):
    summary = director.director_summary(busy_inspection)
    deadline_names = [row.entry.step.name for row in summary.deadlines]
    assert deadline_names, "the short inspection's timeline gives deadlines"
    assert "Book a room for the keep-in-touch meeting" in [
        risk.text for risk in summary.risks if risk.kind == "Checklist"
    ]
    # The request is open but not yet due: listed as open, not as a risk.
    assert [item.asked for item in summary.open_requests] == [
        "Supervision records for the front door"
    ]
    assert not [risk for risk in summary.risks if risk.kind == "Inspectors' request"]
    assert [p.text for p in summary.concerns] == ["Drift in plans for children on the edge of care"]
    assert summary.self_evaluation.title == "Spring self-evaluation"
    assert summary.council_name == settings.COUNCIL_NAME


def test_a_request_past_its_time_is_a_risk(busy_inspection):
    busy_inspection.inspector_requests.update(due_at=timezone.now() - timedelta(minutes=1))
    summary = director.director_summary(busy_inspection)
    assert [risk.text for risk in summary.risks if risk.kind == "Inspectors' request"] == [
        "Supervision records for the front door"
    ]


def test_the_pdf_has_the_council_the_marking_and_the_deadlines(
    busy_inspection, manager_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = director.request_summary(actor=manager_user, inspection=busy_inspection)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    content = job.result_file.read()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert settings.COUNCIL_NAME in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Deadlines" in text
    # The Annex A deadline given on the call, as the deadlines table prints it.
    assert "Thu 21 May 2026" in text
    assert "Book a room for the keep-in-touch meeting" in text
    assert "Supervision records for the front door" in text


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PREPARATION_STAFF, Role.DATA_ADMIN], ids=str)
def test_everyone_with_a_role_reads_the_summary(client, user_for_role, role, busy_inspection):
    client.force_login(user_for_role(role))
    response = client.get(reverse("inspections:director", args=[busy_inspection.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Book a room for the keep-in-touch meeting" in page
    assert "OFFICIAL-SENSITIVE" in page
    assert ("Make the PDF" in page) == (role == Role.MANAGER)


def test_no_role_no_summary(client, outsider, busy_inspection):
    client.force_login(outsider)
    for name in ("director", "director_download"):
        response = client.get(reverse(f"inspections:{name}", args=[busy_inspection.pk]))
        assert response.status_code == 403, name


def test_only_managers_make_the_pdf(client, user_for_role, busy_inspection):
    url = reverse("inspections:director_build", args=[busy_inspection.pk])
    for role in (Role.PREPARATION_STAFF, Role.DATA_ADMIN, None):
        client.force_login(user_for_role(role))
        assert client.post(url).status_code == 403, role
    assert not Job.objects.exists()
    client.force_login(user_for_role(Role.MANAGER))
    response = client.post(url)
    assert response.status_code == 302
    assert Job.objects.get().kind == "directors_summary"


def test_the_service_repeats_the_role_check(busy_inspection, staff_user):
    with pytest.raises(PermissionDenied):
        director.request_summary(actor=staff_user, inspection=busy_inspection)
    assert not Job.objects.exists()


def test_staff_download_the_pdf_a_manager_made(
    client, busy_inspection, manager_user, staff_user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    url = reverse("inspections:director_download", args=[busy_inspection.pk])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        director.request_summary(actor=manager_user, inspection=busy_inspection)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_headline_measures_stand_beside_england_and_neighbours(
    client, busy_inspection, data_admin_user, manager_user
):
    from datapack import services as datapack_services
    from datapack.tests.conftest import make_version

    datapack_services.load_published_figures()
    datapack_services.choose_own_authority(authority="Plymouth", chosen_by=data_admin_user)
    pack = datapack_services.build_data_pack(
        version=make_version(data_admin_user), built_by=data_admin_user
    )
    summary = director.director_summary(busy_inspection)
    assert summary.headlines, "the pack compares its measures with the published figures"
    assert summary.headline_source == f"Data pack built from Annex A version {pack.version.number}"
    client.force_login(manager_user)
    page = client.get(reverse("inspections:director", args=[busy_inspection.pk])).content.decode()
    assert "against England and statistical neighbours" in page
    assert summary.headlines[0].measure.name in page
    assert "No data pack with published comparisons" not in page


def test_the_page_reads_a_fixed_number_of_queries(
    client, busy_inspection, manager_user, staff_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(manager_user)
    url = reverse("inspections:director", args=[busy_inspection.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        services.log_request(
            actor=manager_user,
            inspection=busy_inspection,
            inspector="Lee Inspector",
            asked=f"More records {number}",
            owner=staff_user,
            due_at=timezone.now() - timedelta(hours=number),
        )
        FeedbackPoint.objects.create(
            inspection=busy_inspection,
            day=date(2026, 6, 2),
            kind=FeedbackPoint.Kind.STRENGTH,
            text=f"Strength {number}",
        )
    assert len(few.captured_queries) <= 40  # 37 measured, sign-in and session included
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "More records 4" in response.content.decode()


def test_audits_done_are_those_submitted_or_moderated(busy_inspection, staff_user):
    from casework.models import AuditTemplate, CaseAudit, Child
    from inspection_readiness.councils import current_council

    for number, status in enumerate(CaseAudit.Status):
        CaseAudit.objects.create(
            inspection=busy_inspection,
            child=Child.objects.create(council=current_council(), child_id=f"C{number}"),
            template=AuditTemplate.objects.first(),
            auditor=staff_user,
            assigned_at=timezone.now(),
            due_date=date(2026, 5, 29),
            status=status,
        )
    summary = director.director_summary(busy_inspection)
    assert summary.audits.total == 4
    assert summary.audits_done == 2  # submitted and moderated; not "not started" or in progress
