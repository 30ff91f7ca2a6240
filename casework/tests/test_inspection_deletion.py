"""Deleting a rehearsal through its page takes its cohorts and case audits with it, keeps its
self-evaluations, and says so first (frameworks.services.delete_inspection)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from casework.models import CaseAudit, CohortMember, CohortSelection, SectionGrade
from frameworks.models import Inspection
from judgements.models import SelfEvaluation
from judgements.services import start_self_evaluation

pytestmark = pytest.mark.django_db


def test_deleting_a_rehearsal_counts_what_goes_then_removes_it(
    client, manager_user, rehearsal, selection, audit
):
    self_evaluation = start_self_evaluation(
        framework=rehearsal.framework, started_by=manager_user, inspection=rehearsal
    )
    children = selection.members.count()
    client.force_login(manager_user)
    url = reverse("frameworks:delete_inspection", args=[rehearsal.pk])

    page = client.get(url).content.decode()
    assert f"1 selection of {children} children" in page
    assert "1 case audit," in page
    assert "1 self-evaluation for this rehearsal will be kept" in page

    response = client.post(url)
    assert response.status_code == 302
    assert not Inspection.objects.filter(pk=rehearsal.pk).exists()
    assert not CohortSelection.objects.filter(pk=selection.pk).exists()
    assert not CohortMember.objects.filter(selection_id=selection.pk).exists()
    assert not CaseAudit.objects.filter(pk=audit.pk).exists()
    assert not SectionGrade.objects.filter(audit_id=audit.pk).exists()
    self_evaluation = SelfEvaluation.objects.get(pk=self_evaluation.pk)
    assert self_evaluation.inspection is None

    entry = LogEntry.objects.get(
        content_type__model="inspection",
        object_pk=str(rehearsal.pk),
        additional_data__event__startswith="Deleted the rehearsal",
    )
    assert entry.actor == manager_user
    assert entry.additional_data["case_audits"] == 1
    assert entry.additional_data["cohort_children"] == children
    assert entry.additional_data["self_evaluations"] == 1
