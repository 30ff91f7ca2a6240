"""The review workflow: draft, submitted, returned with comments, approved and locked; revisions."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from inspection_readiness.roles import Role

from .. import services
from ..differences import between
from ..models import Action, EvidenceItem, ReviewComment, SelfEvaluation
from ..services import ActionFields, SubmissionBlocked
from ..workflow import Step, WorkflowError, check_can_edit, check_transition
from .conftest import area, fill

pytestmark = pytest.mark.django_db

Status = SelfEvaluation.Status
STAFF, MANAGER, ADMIN = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN


@pytest.mark.parametrize(
    ("step", "status", "role", "outcome"),
    [
        (Step.SUBMIT, Status.DRAFT, STAFF, Status.SUBMITTED),
        (Step.SUBMIT, Status.RETURNED, STAFF, Status.SUBMITTED),
        (Step.SUBMIT, Status.DRAFT, MANAGER, Status.SUBMITTED),
        (Step.SUBMIT, Status.DRAFT, ADMIN, "Only preparation staff and managers can submit"),
        (Step.SUBMIT, Status.SUBMITTED, STAFF, "is with a manager for review"),
        (Step.SUBMIT, Status.APPROVED, STAFF, "is approved and locked"),
        (Step.RETURN, Status.SUBMITTED, MANAGER, Status.RETURNED),
        (Step.RETURN, Status.SUBMITTED, STAFF, "Only managers can return"),
        (Step.RETURN, Status.DRAFT, MANAGER, "has not been submitted for review yet"),
        (Step.APPROVE, Status.SUBMITTED, MANAGER, Status.APPROVED),
        (Step.APPROVE, Status.SUBMITTED, STAFF, "Only managers can approve"),
        (Step.APPROVE, Status.SUBMITTED, ADMIN, "Only managers can approve"),
        (Step.APPROVE, Status.RETURNED, MANAGER, "must be submitted again"),
        (Step.APPROVE, Status.APPROVED, MANAGER, "is approved and locked"),
    ],
    ids=lambda value: str(value),
)
def test_transitions(step, status, role, outcome):
    if outcome in Status.values:
        assert check_transition(step, status=status, roles={role}) == outcome
    else:
        with pytest.raises(WorkflowError, match=outcome):
            check_transition(step, status=status, roles={role})


@pytest.mark.parametrize(
    ("status", "role", "allowed"),
    [
        (Status.DRAFT, STAFF, True),
        (Status.RETURNED, STAFF, True),
        (Status.DRAFT, MANAGER, True),
        (Status.SUBMITTED, STAFF, False),
        (Status.APPROVED, MANAGER, False),
        (Status.DRAFT, ADMIN, False),
    ],
)
def test_who_may_edit_and_when(status, role, allowed):
    if allowed:
        check_can_edit(status=status, roles={role})
    else:
        with pytest.raises(WorkflowError):
            check_can_edit(status=status, roles={role})


def test_draft_to_approved_with_a_return_on_the_way(complete_ilacs, staff_user, manager_user):
    self_evaluation = services.submit_self_evaluation(
        self_evaluation=complete_ilacs, submitted_by=staff_user
    )
    assert self_evaluation.status == Status.SUBMITTED
    j2 = area(self_evaluation, "J2")
    services.return_self_evaluation(
        self_evaluation=self_evaluation,
        returned_by=manager_user,
        comments={j2: "Say how the front door audit supports good.", None: ""},
    )
    self_evaluation.refresh_from_db()
    assert self_evaluation.status == Status.RETURNED
    assert self_evaluation.review_round == 1
    comment = ReviewComment.objects.get(self_evaluation=self_evaluation)
    assert (comment.area_assessment, comment.author) == (j2, manager_user)

    fill(self_evaluation, staff_user, "J2", "good", rationale="The front door audit found ...")
    services.submit_self_evaluation(self_evaluation=self_evaluation, submitted_by=staff_user)
    services.approve_self_evaluation(self_evaluation=self_evaluation, approved_by=manager_user)
    self_evaluation.refresh_from_db()
    assert self_evaluation.status == Status.APPROVED
    assert self_evaluation.approved_by == manager_user
    events = [
        entry.additional_data.get("event")
        for entry in LogEntry.objects.get_for_object(self_evaluation).order_by("pk")
    ]
    assert [e for e in events if e] == [
        "Self-evaluation started",
        "Submitted for review",
        "Returned with 1 comment",
        "Submitted for review",
        "Approved and locked",
    ]


def test_staff_cannot_approve(submitted_ilacs, staff_user, client):
    with pytest.raises(WorkflowError, match="Only managers can approve"):
        services.approve_self_evaluation(self_evaluation=submitted_ilacs, approved_by=staff_user)
    client.force_login(staff_user)
    response = client.post(reverse("judgements:approve", args=[submitted_ilacs.pk]))
    assert response.status_code == 403
    submitted_ilacs.refresh_from_db()
    assert submitted_ilacs.status == Status.SUBMITTED


def test_staff_cannot_return(submitted_ilacs, staff_user, client):
    client.force_login(staff_user)
    response = client.post(
        reverse("judgements:return", args=[submitted_ilacs.pk]), {"general": "Not good enough."}
    )
    assert response.status_code == 403
    assert not ReviewComment.objects.exists()


def test_returning_needs_a_comment(submitted_ilacs, manager_user, client):
    client.force_login(manager_user)
    response = client.post(reverse("judgements:return", args=[submitted_ilacs.pk]), {})
    assert b"Write at least one comment to say what needs to change" in response.content
    submitted_ilacs.refresh_from_db()
    assert submitted_ilacs.status == Status.SUBMITTED


def test_a_grade_above_its_cap_cannot_be_submitted(complete_ilacs, staff_user, client):
    fill(complete_ilacs, staff_user, "J2", "inadequate")
    with pytest.raises(SubmissionBlocked) as blocked:
        services.submit_self_evaluation(self_evaluation=complete_ilacs, submitted_by=staff_user)
    assert [p.message for p in blocked.value.problems] == [
        "Overall effectiveness is proposed good, above its cap of inadequate. Lower the "
        "proposed grade to submit"
    ]
    client.force_login(staff_user)
    page = client.get(reverse("judgements:submit", args=[complete_ilacs.pk]))
    assert b"above its cap of inadequate" in page.content
    assert b"Submit for review</h1>" in page.content and b'value="Submit for review"' not in (
        page.content
    )
    response = client.post(reverse("judgements:submit", args=[complete_ilacs.pk]), follow=True)
    assert b"was not submitted" in response.content
    complete_ilacs.refresh_from_db()
    assert complete_ilacs.status == Status.DRAFT

    fill(complete_ilacs, staff_user, "OE", "inadequate")
    client.post(reverse("judgements:submit", args=[complete_ilacs.pk]))
    complete_ilacs.refresh_from_db()
    assert complete_ilacs.status == Status.SUBMITTED


def test_approved_is_locked(approved_ilacs, staff_user, manager_user, client):
    oe = area(approved_ilacs, "OE")
    with pytest.raises(WorkflowError, match="approved and locked"):
        fill(approved_ilacs, manager_user, "OE", "outstanding")
    with pytest.raises(WorkflowError, match="approved and locked"):
        services.add_evidence(
            assessment=oe, kind="text", title="Late", text="Too late.", added_by=staff_user
        )
    with pytest.raises(WorkflowError, match="cannot be deleted"):
        services.delete_self_evaluation(self_evaluation=approved_ilacs, deleted_by=manager_user)

    client.force_login(staff_user)
    url = reverse("judgements:area", args=[approved_ilacs.pk, "OE"])
    page = client.get(url)
    assert b"This revision is approved and locked." in page.content
    assert b"Save this judgement area" not in page.content
    response = client.post(
        url, {"version": oe.version, "proposed_grade": "outstanding", "rationale": "x"}, follow=True
    )
    assert b"approved and locked" in response.content
    oe.refresh_from_db()
    assert oe.proposed_grade.code == "good"


def test_a_new_revision_copies_the_approved_one_and_shows_the_differences(
    approved_ilacs, staff_user, manager_user, client
):
    j1 = area(approved_ilacs, "J1")
    assert j1.evidence.count() == 0
    # Evidence and actions were added before approval in real use; add them to the old revision
    # directly to have something to copy.
    kept = EvidenceItem.objects.create(area_assessment=j1, kind="text", title="Audit", text="x")
    Action.objects.create(area_assessment=j1, description="Fix", owner="Head", due_on="2030-01-01")

    revision = services.start_revision(approved=approved_ilacs, started_by=staff_user)
    assert (revision.revision, revision.status) == (2, Status.DRAFT)
    assert revision.previous_revision == approved_ilacs
    new_j1 = area(revision, "J1")
    assert new_j1.proposed_grade.code == "good"
    assert new_j1.evidence.get().copied_from == kept
    with pytest.raises(WorkflowError, match="already been started"):
        services.start_revision(approved=approved_ilacs, started_by=staff_user)

    fill(revision, staff_user, "J2", "requires-improvement", rationale="Assessments vary.")
    fill(revision, staff_user, "OE", "requires-improvement")
    services.add_evidence(
        assessment=new_j1, kind="text", title="New audit", text="y", added_by=staff_user
    )
    differences = {d.code: d for d in between(approved_ilacs, revision)}
    assert set(differences) == {"OE", "J2", "J1"}
    grade_change = next(c for c in differences["J2"].changes if c.label == "Proposed grade")
    assert (grade_change.before, grade_change.after) == ("Good", "Requires improvement to be good")
    assert differences["J1"].evidence_added == ["New audit (written evidence)"]
    assert differences["J1"].evidence_removed == []

    approved_ilacs.refresh_from_db()
    assert approved_ilacs.status == Status.APPROVED
    assert area(approved_ilacs, "J2").proposed_grade.code == "good"

    client.force_login(manager_user)
    page = client.get(reverse("judgements:changes", args=[revision.pk]))
    assert b"Changes since approved revision 1" in page.content
    assert b"Requires improvement to be good" in page.content


def test_deleting_a_draft_asks_first_and_is_for_managers(ilacs, staff_user, manager_user, client):
    url = reverse("judgements:delete", args=[ilacs.pk])
    client.force_login(staff_user)
    assert client.post(url).status_code == 403
    client.force_login(manager_user)
    page = client.get(url)
    assert b"Are you sure you want to delete this self-evaluation?" in page.content
    assert SelfEvaluation.objects.filter(pk=ilacs.pk).exists()
    client.post(url)
    assert not SelfEvaluation.objects.filter(pk=ilacs.pk).exists()
    assert LogEntry.objects.filter(
        additional_data__self_evaluation_id=ilacs.pk, action=LogEntry.Action.DELETE
    ).exists()


def test_actions_are_recorded_with_owner_and_due_date(ilacs, staff_user, client):
    client.force_login(staff_user)
    url = reverse("judgements:action_add", args=[ilacs.pk, "J2"])
    response = client.post(
        url,
        {
            "description": "Audit child-in-need reviews",
            "owner": "Head of Service",
            "due_on_0": "31",
            "due_on_1": "3",
            "due_on_2": "2030",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.due_on.isoformat(), action.status) == (
        "Head of Service",
        "2030-03-31",
        "open",
    )
    services.change_action(
        action=action,
        fields=ActionFields(
            "Audit child-in-need reviews", "Head of Service", action.due_on, "done"
        ),
        changed_by=staff_user,
    )
    page = client.get(reverse("judgements:detail", args=[ilacs.pk]))
    assert page.context["board"].open_actions_total == 0

    missing = client.post(url, {"description": "", "owner": "", "due_on_0": ""})
    assert b"Enter what will be done" in missing.content
    assert b"Enter who owns the action" in missing.content
    assert b"Enter the due date" in missing.content
