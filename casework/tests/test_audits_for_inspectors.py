"""Audits that stand up to an inspector: sent back to the auditor with a comment, the summary's
places with no audit, a plain warning when agreement rests on too few moderated grades, and the
summary as XLSX and PDF."""

import io
import re
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from casework import services
from casework.agreement import MIN_PAIRS_FOR_EVIDENCE, too_few_to_mean_much
from casework.audits import AuditError
from casework.models import CaseAudit
from casework.sending_back import send_back_audit
from casework.summary_reports import unassigned_audit_places
from inspection_readiness.audit import Access
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .test_audits import answer_everything

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None


@pytest.mark.parametrize(
    ("pairs", "warning"),
    [
        (0, "No section grade has been moderated yet, so there is no agreement to measure."),
        (1, "Kappa from 1 grade is not evidence"),
        (7, "Kappa from 7 grades is not evidence"),
        (19, "Kappa from 19 grades is not evidence"),
        (20, ""),
        (21, ""),
    ],
)
def test_agreement_from_fewer_than_20_moderated_grades_is_not_evidence(pairs, warning):
    assert MIN_PAIRS_FOR_EVIDENCE == 20
    said = too_few_to_mean_much(pairs)
    assert said.startswith(warning) if warning else said == ""


@pytest.fixture
def submitted(audit, staff_user):
    answer_everything(audit, staff_user)
    return services.submit_audit(audit=audit, submitted_by=staff_user)


@pytest.fixture
def second_staff(django_user_model):
    from conftest import make_user

    return make_user(django_user_model, "sam", Role.PREPARATION_STAFF)


@pytest.mark.django_db
def test_a_manager_sends_an_audit_back_and_the_auditor_sees_the_comment(
    client, submitted, manager_user, staff_user
):
    audit = send_back_audit(
        audit=submitted, comment="Say what the plan changed for the child.", sent_by=manager_user
    )
    assert audit.status == CaseAudit.Status.DRAFT
    assert audit.sent_back_by == manager_user and audit.sent_back_at is not None
    assert LogEntry.objects.filter(
        additional_data__event="Sent back to its auditor: Say what the plan changed for the child."
    ).exists()
    client.force_login(staff_user)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Sent back to the auditor" in page
    assert "Say what the plan changed for the child." in page
    assert "submit it again" in page
    answer_everything(audit, staff_user)
    assert services.submit_audit(audit=audit, submitted_by=staff_user).status == "submitted"


@pytest.mark.django_db
def test_the_named_second_auditor_may_send_back(submitted, second_staff):
    CaseAudit.objects.filter(pk=submitted.pk).update(moderator=second_staff)
    submitted.refresh_from_db()
    assert send_back_audit(audit=submitted, comment="More", sent_by=second_staff).status == "draft"


@pytest.mark.django_db
def test_nobody_else_sends_back_and_never_an_unsubmitted_or_moderated_audit(
    audit, submitted, staff_user, second_staff, data_admin_user, manager_user
):
    with pytest.raises(AuditError, match="your own audit"):
        send_back_audit(audit=submitted, comment="x", sent_by=staff_user)
    with pytest.raises(AuditError, match="Only a manager, or the second auditor"):
        send_back_audit(audit=submitted, comment="x", sent_by=second_staff)
    with pytest.raises(Exception, match="send an audit back"):
        send_back_audit(audit=submitted, comment="x", sent_by=data_admin_user)
    with pytest.raises(AuditError, match="Say what the auditor should change"):
        send_back_audit(audit=submitted, comment="  ", sent_by=manager_user)
    send_back_audit(audit=submitted, comment="Once", sent_by=manager_user)
    with pytest.raises(AuditError, match="has not been submitted"):
        send_back_audit(audit=submitted, comment="Twice", sent_by=manager_user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_sending_back_by_post_is_for_a_manager(client, submitted, user_for_role, role):
    person = user_for_role(role)
    client.force_login(person)
    url = reverse("casework:send_back_audit", args=[submitted.pk])
    response = client.post(url, {"comment": "Add the child's views."})
    submitted.refresh_from_db()
    assert response.status_code == (302 if role == M else 403)
    assert (submitted.status == CaseAudit.Status.DRAFT) is (role == M)


@pytest.mark.django_db
def test_sending_back_needs_a_comment(client, submitted, manager_user):
    client.force_login(manager_user)
    response = client.post(reverse("casework:send_back_audit", args=[submitted.pk]), {})
    assert b"Say what the auditor should change" in response.content
    assert b"<title>Error: " in response.content


@pytest.mark.django_db
def test_the_summary_shows_places_with_no_audit(client, selection, audit, staff_user):
    places = unassigned_audit_places(selection.inspection)
    audit_cohort = selection.members.filter(cohort="audit", swapped_out_at__isnull=True)
    assert len(places) == audit_cohort.count() - 1
    assert audit.child_id not in {member.child_id for member in places}
    client.force_login(staff_user)
    page = client.get(reverse("casework:summary", args=[selection.inspection_id])).content
    assert f"{len(places)} children in the audit cohort have no case audit yet".encode() in page


def _moderate(audit, manager):
    decisions = {
        row.section_id: services.ModerationDecision(row.grade, "")
        for row in audit.grades.select_related("grade")
    }
    return services.moderate_audit(audit=audit, decisions=decisions, moderated_by=manager)


@pytest.mark.django_db
def test_the_summary_says_plainly_when_kappa_rests_on_too_few_grades(
    client, submitted, manager_user
):
    _moderate(submitted, manager_user)
    pairs = submitted.grades.count()
    assert pairs < MIN_PAIRS_FOR_EVIDENCE
    client.force_login(manager_user)
    page = client.get(reverse("casework:summary", args=[submitted.inspection_id])).content
    assert f"Kappa from {pairs} grades is not evidence".encode() in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_the_exports_are_for_managers(client, submitted, user_for_role, role):
    client.force_login(user_for_role(role))
    pk = submitted.inspection_id
    assert client.get(reverse("casework:summary_export", args=[pk])).status_code == (
        200 if role == M else 403
    )
    assert client.post(reverse("casework:summary_pdf_build", args=[pk])).status_code == (
        302 if role == M else 403
    )
    assert Job.objects.count() == (1 if role == M else 0)


@pytest.mark.django_db
def test_the_xlsx_reads_back_with_formulas_neutralised_and_the_download_is_recorded(
    client, audit, staff_user, manager_user
):
    answer_everything(audit, staff_user)
    services.save_audit_draft(
        audit=audit, answers={}, summary='=HYPERLINK("http://evil")', saved_by=staff_user
    )
    services.submit_audit(audit=audit, submitted_by=staff_user)
    _moderate(audit, manager_user)
    client.force_login(manager_user)
    response = client.get(reverse("casework:summary_export", args=[audit.inspection_id]))
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Audits", "Grades by section", "Agreement", "Places with no audit"]
    [row] = list(book["Audits"].iter_rows(min_row=2, values_only=True))
    assert row[0] == audit.child.child_id and row[3] == "Moderated"
    assert row[5] == '\'=HYPERLINK("http://evil")'
    agreement = list(book["Agreement"].iter_rows(min_row=2, values_only=True))
    assert agreement[0][0] == "All sections" and agreement[0][2] == 100
    assert agreement[0][5].startswith(f"Kappa from {audit.grades.count()} grades is not evidence")
    places = list(book["Places with no audit"].iter_rows(min_row=2, values_only=True))
    assert len(places) == len(unassigned_audit_places(audit.inspection))
    entry = LogEntry.objects.get(additional_data__event="Case audit summary exported as XLSX")
    assert entry.actor == manager_user
    assert entry.additional_data["access"] == Access.EXPORTED.value


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.mark.django_db
def test_the_pdf_is_built_in_the_background_and_downloaded(
    client, submitted, manager_user, django_capture_on_commit_callbacks
):
    client.force_login(manager_user)
    pk = submitted.inspection_id
    assert client.get(reverse("casework:summary_pdf_download", args=[pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casework:summary_pdf_build", args=[pk]))
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    page = client.get(reverse("casework:summary", args=[pk])).content.decode()
    assert "Download the summary (PDF" in page
    response = client.get(reverse("casework:summary_pdf_download", args=[pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Case audit summary" in text and "OFFICIAL-SENSITIVE" in text
    assert submitted.child.child_id in text
    assert "No section grade has been moderated yet" in text
    assert LogEntry.objects.filter(
        actor=manager_user, additional_data__event="Case audit summary PDF downloaded"
    ).exists()
