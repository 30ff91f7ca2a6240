"""State changes for self-evaluations: each one transaction, with its audit entries.

Field changes are recorded by django-auditlog (with the person set through ``set_actor``);
workflow steps, which are not a plain field change, are also written with ``record_event``.
Each service locks the self-evaluation row first, so a save and a submission cannot cross.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from auditlog.context import set_actor
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from frameworks import national_framework
from frameworks.models import Framework, Grade, Inspection
from frameworks.queries import framework_spec, framework_with_data, judgement_tree
from frameworks.rules import GradeSpec
from inspection_readiness.audit import record_event
from inspection_readiness.jobs import start_job
from inspection_readiness.models import Job
from inspection_readiness.roles import roles_of

from .evidence import check_evidence_file, is_safe_link_address, max_upload_bytes
from .job_kinds import SELF_EVALUATION_REPORT
from .models import (
    Action,
    AreaAssessment,
    DescriptorCheck,
    EvidenceItem,
    ReviewComment,
    SelfEvaluation,
)
from .queries import check_for, entry_for_area
from .rules import (
    FINDING_FIELDS,
    Entry,
    Problem,
    assessment_date,
    band_rules,
    derived_band,
    derived_finding,
    is_active_on,
)
from .workflow import (
    EDIT_ROLES,
    Step,
    WorkflowError,
    check_can_delete,
    check_can_edit,
    check_can_revise,
    check_transition,
)

Status = SelfEvaluation.Status


class EditConflict(Exception):
    """Someone else saved the area since this person opened it: nothing was saved."""

    def __init__(self, current: AreaAssessment):
        super().__init__("This judgement area was changed by someone else.")
        self.current = current


class SubmissionBlocked(Exception):
    """The self-evaluation cannot go for review (or be approved) until these are put right."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def _event(actor, self_evaluation: SelfEvaluation, description: str, **details) -> None:
    record_event(
        actor=actor,
        obj=self_evaluation,
        description=description,
        details={"self_evaluation_id": self_evaluation.pk, **details},
    )


def _locked(self_evaluation: SelfEvaluation) -> SelfEvaluation:
    return (
        SelfEvaluation.objects.select_for_update(of=("self",))
        .select_related("framework")
        .get(pk=self_evaluation.pk)
    )


def _editable(self_evaluation: SelfEvaluation, person: AbstractBaseUser) -> SelfEvaluation:
    """The self-evaluation, locked, once the person may change it; marked as changed now.

    The mark is a plain update, not a save, so the audit trail records the change itself
    rather than a second entry for the timestamp.
    """
    locked = _locked(self_evaluation)
    check_can_edit(status=locked.status, roles=roles_of(person))
    SelfEvaluation.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return locked


# --- Starting, revising and deleting ------------------------------------------------------------


def default_title(framework: Framework, inspection: Inspection | None, on: date) -> str:
    if inspection is None:
        return f"{framework.short_name} self-evaluation (rehearsal, {on:%B %Y})"
    kind = "rehearsal" if inspection.is_rehearsal else "inspection"
    return f"{framework.short_name} self-evaluation for the {kind} notified {on:%-d %B %Y}"


@transaction.atomic
def start_self_evaluation(
    *,
    framework: Framework,
    started_by: AbstractBaseUser,
    inspection: Inspection | None = None,
    title: str = "",
    today: date | None = None,
) -> SelfEvaluation:
    """A new draft with one row per judgement area in force, and the descriptors as a checklist."""
    if not EDIT_ROLES & roles_of(started_by):
        raise WorkflowError("Only preparation staff and managers can start a self-evaluation.")
    if inspection is not None and inspection.framework_id != framework.pk:
        raise ValueError("The inspection is under a different framework")
    basis = (
        timezone.localdate(inspection.notified_at) if inspection else today or timezone.localdate()
    )
    on = assessment_date(
        basis=basis, active_from=framework.active_from, active_to=framework.active_to
    )
    with set_actor(started_by):
        self_evaluation = SelfEvaluation.objects.create(
            framework=framework,
            inspection=inspection,
            title=title.strip() or default_title(framework, inspection, basis),
            assessed_on=on,
            created_by=started_by,
        )
        _create_areas(self_evaluation)
        _event(started_by, self_evaluation, "Self-evaluation started")
    return self_evaluation


def _create_areas(self_evaluation: SelfEvaluation) -> None:
    framework = framework_with_data(self_evaluation.framework.short_name)
    on = self_evaluation.assessed_on
    tree = [
        (area, depth)
        for area, depth in judgement_tree(framework)
        if is_active_on(on, active_from=area.active_from, active_to=area.active_to)
    ]
    assessments = AreaAssessment.objects.bulk_create(
        AreaAssessment(self_evaluation=self_evaluation, area=area, order=order, depth=depth)
        for order, (area, depth) in enumerate(tree, start=1)
    )
    checks = []
    for assessment, (area, _depth) in zip(assessments, tree, strict=True):
        descriptors = sorted(area.descriptors.all(), key=lambda d: d.grade.rank)
        order = 0
        for descriptor in descriptors:
            for characteristic in descriptor.characteristics:
                order += 1
                checks.append(
                    DescriptorCheck(
                        area_assessment=assessment,
                        descriptor=descriptor,
                        grade_label=descriptor.grade.label,
                        characteristic=characteristic,
                        is_provisional=descriptor.is_provisional,
                        order=order,
                    )
                )
    DescriptorCheck.objects.bulk_create(checks)


_COPIED_AREA_FIELDS = (
    "area_id",
    "order",
    "depth",
    "proposed_grade_id",
    "rationale",
    "strengths",
    "areas_for_development",
    "areas_for_priority_action",
    "services_inspected",
    "services_good_or_better",
    "strengths_tags",
    "development_tags",
)


@transaction.atomic
def start_revision(*, approved: SelfEvaluation, started_by: AbstractBaseUser) -> SelfEvaluation:
    """A new draft copied from an approved self-evaluation, which stays locked as it was."""
    approved = _locked(approved)
    check_can_revise(
        status=approved.status,
        has_later_revision=approved.later_revisions.exists(),
        roles=roles_of(started_by),
    )
    with set_actor(started_by):
        revision = SelfEvaluation.objects.create(
            framework=approved.framework,
            inspection=approved.inspection,
            title=approved.title,
            assessed_on=approved.assessed_on,
            revision=approved.revision + 1,
            previous_revision=approved,
            created_by=started_by,
        )
        old_areas = list(approved.areas.order_by("order"))
        new_areas = AreaAssessment.objects.bulk_create(
            AreaAssessment(
                self_evaluation=revision,
                **{name: getattr(old, name) for name in _COPIED_AREA_FIELDS},
            )
            for old in old_areas
        )
        by_old_pk = {old.pk: new for old, new in zip(old_areas, new_areas, strict=True)}
        DescriptorCheck.objects.bulk_create(
            DescriptorCheck(
                area_assessment=by_old_pk[check.area_assessment_id],
                descriptor_id=check.descriptor_id,
                grade_label=check.grade_label,
                characteristic=check.characteristic,
                is_provisional=check.is_provisional,
                order=check.order,
                judgement=check.judgement,
                note=check.note,
            )
            for check in DescriptorCheck.objects.filter(area_assessment__in=old_areas)
        )
        EvidenceItem.objects.bulk_create(
            _copy(item, area_assessment=by_old_pk[item.area_assessment_id], copied_from=item)
            for item in EvidenceItem.objects.filter(area_assessment__in=old_areas)
        )
        Action.objects.bulk_create(
            _copy(action, area_assessment=by_old_pk[action.area_assessment_id], copied_from=action)
            for action in Action.objects.filter(area_assessment__in=old_areas)
        )
        _event(
            started_by,
            revision,
            f"Revision {revision.revision} started from approved revision {approved.revision}",
        )
    return revision


def _copy(row: models.Model, *, area_assessment: AreaAssessment, copied_from: models.Model):
    """An unsaved copy of an evidence item or action for a new revision.

    Files are shared by name with the original: stored evidence files are never changed.
    """
    skipped = {"id", "area_assessment_id", "copied_from_id"}
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in skipped
    }
    return type(row)(**values, area_assessment=area_assessment, copied_from=copied_from)


@transaction.atomic
def delete_self_evaluation(
    *, self_evaluation: SelfEvaluation, deleted_by: AbstractBaseUser
) -> None:
    """Delete a self-evaluation that was never approved, with its areas, evidence and actions."""
    self_evaluation = _locked(self_evaluation)
    check_can_delete(status=self_evaluation.status, roles=roles_of(deleted_by))
    files = list(
        EvidenceItem.objects.filter(area_assessment__self_evaluation=self_evaluation)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    with set_actor(deleted_by):
        _event(deleted_by, self_evaluation, "Self-evaluation deleted")
        self_evaluation.delete()
    _delete_unused_files(files)


def _delete_unused_files(names: list[str]) -> None:
    """Remove stored files no remaining evidence item uses, once the deletion is committed.

    A new revision shares its files with the approved one it was copied from.
    """
    if not names:
        return
    storage = EvidenceItem._meta.get_field("file").storage

    def remove() -> None:
        still_used = set(EvidenceItem.objects.filter(file__in=names).values_list("file", flat=True))
        for name in set(names) - still_used:
            storage.delete(name)

    transaction.on_commit(remove)


# --- Editing a judgement area --------------------------------------------------------------------


@dataclass(frozen=True)
class AreaChanges:
    """What the area form saves. ``checks`` maps a descriptor check's id to (judgement, note)."""

    proposed_grade: Grade | None = None
    rationale: str = ""
    strengths: str = ""
    areas_for_development: str = ""
    areas_for_priority_action: str = ""
    services_inspected: int | None = None
    services_good_or_better: int | None = None
    checks: Mapping[int, tuple[str, str]] | None = None
    strengths_tags: list[str] | None = None  # None: leave the saved tags as they are
    development_tags: list[str] | None = None


_AREA_TEXT_FIELDS = ("rationale", "strengths", "areas_for_development", "areas_for_priority_action")
_AREA_TAG_FIELDS = ("strengths_tags", "development_tags")


@transaction.atomic
def save_area(
    *,
    assessment: AreaAssessment,
    expected_version: int,
    changes: AreaChanges,
    saved_by: AbstractBaseUser,
    now: datetime | None = None,
) -> AreaAssessment:
    """Save one judgement area, unless someone else has saved it since ``expected_version``."""
    self_evaluation = _editable(assessment.self_evaluation, saved_by)
    current = (
        AreaAssessment.objects.select_for_update(of=("self",))
        .select_related("area__scale", "proposed_grade", "updated_by")
        .get(pk=assessment.pk)
    )
    current.self_evaluation = self_evaluation
    if current.version != expected_version:
        raise EditConflict(current)
    for name in _AREA_TEXT_FIELDS:
        setattr(current, name, getattr(changes, name).strip())
    current.services_inspected = changes.services_inspected
    current.services_good_or_better = changes.services_good_or_better
    for name in _AREA_TAG_FIELDS:
        if getattr(changes, name) is not None:
            setattr(current, name, national_framework.known_codes(getattr(changes, name)))
    previous_grade = current.proposed_grade
    current.proposed_grade = _proposed_grade(current, changes)
    current.version += 1
    current.updated_by = saved_by
    current.updated_at = now or timezone.now()
    with set_actor(saved_by):
        current.save(
            update_fields=[
                *_AREA_TEXT_FIELDS,
                *_AREA_TAG_FIELDS,
                "services_inspected",
                "services_good_or_better",
                "proposed_grade",
                "version",
                "updated_by",
                "updated_at",
            ]
        )
        for check in current.descriptor_checks.all():
            judgement, note = (changes.checks or {}).get(check.pk, (check.judgement, check.note))
            if (judgement, note.strip()) != (check.judgement, check.note):
                check.judgement, check.note = judgement, note.strip()
                check.area_assessment = current
                check.save(update_fields=["judgement", "note"])
        if previous_grade != current.proposed_grade:
            # The field change alone records the grade's id; say it in words too.
            record_event(
                actor=saved_by,
                obj=current,
                description=f"{current.area.short_name}: proposed grade changed from "
                f"{_label(previous_grade)} to {_label(current.proposed_grade)}",
                details={"self_evaluation_id": self_evaluation.pk},
            )
    return current


def _label(grade: Grade | None) -> str:
    return grade.label.lower() if grade else "none"


def _proposed_grade(assessment: AreaAssessment, changes: AreaChanges) -> Grade | None:
    """The grade the area's entry gives: chosen, derived from counts, or from the findings."""
    spec = framework_spec(assessment.self_evaluation.framework)
    bands = band_rules(spec)
    area = assessment.area
    entry = entry_for_area(area, bands)
    grades = list(area.scale.grades.all()) if area.scale_id else []
    if entry == Entry.GRADED:
        grade = changes.proposed_grade
        if grade is not None and grade.scale_id != area.scale_id:
            raise ValueError(f"{grade} is not a grade for {area.short_name}")
        return grade
    if entry == Entry.BAND:
        code = derived_band(
            bands[area.code],
            inspected=changes.services_inspected,
            good_or_better=changes.services_good_or_better,
        )
    elif entry == Entry.FINDINGS:
        code = derived_finding(
            [GradeSpec(code=g.code, label=g.label, rank=g.rank) for g in grades],
            {name: getattr(changes, name) for name in FINDING_FIELDS.values()},
        )
    else:
        return None
    return next((grade for grade in grades if grade.code == code), None)


# --- Evidence and actions ------------------------------------------------------------------------


@transaction.atomic
def add_evidence(
    *,
    assessment: AreaAssessment,
    kind: str,
    title: str,
    added_by: AbstractBaseUser,
    text: str = "",
    upload: UploadedFile | None = None,
    link_kind: str = "",
    link_label: str = "",
    link_address: str = "",
    linked_record: models.Model | None = None,
) -> EvidenceItem:
    """Add written evidence, a checked file, or a link to a record to a judgement area."""
    _editable(assessment.self_evaluation, added_by)
    item = EvidenceItem(
        area_assessment=assessment, kind=kind, title=title.strip(), added_by=added_by
    )
    if kind == EvidenceItem.Kind.TEXT:
        if not text.strip():
            raise ValueError("Written evidence needs its text")
        item.text = text.strip()
    elif kind == EvidenceItem.Kind.FILE:
        if upload is None:
            raise ValueError("A file is needed")
        file_type = check_evidence_file(
            name=upload.name, size=upload.size, file=upload, max_bytes=max_upload_bytes()
        )
        item.original_filename = upload.name[-255:]
        item.file_type = file_type.label
        item.file_size = upload.size
        item.file = upload
    elif kind == EvidenceItem.Kind.LINK:
        if link_kind not in EvidenceItem.LinkKind.values:
            raise ValueError(f"{link_kind!r} is not a kind of link")
        if link_address and not is_safe_link_address(link_address):
            raise ValueError("A link address must be a path in this service or an https address")
        item.link_kind = link_kind
        item.link_label = (link_label or str(linked_record or "")).strip()
        item.link_address = link_address.strip()
        item.text = text.strip()
        if linked_record is not None:
            item.linked_object = linked_record
    else:
        raise ValueError(f"{kind!r} is not a kind of evidence")
    with set_actor(added_by):
        item.save()
    return item


@transaction.atomic
def delete_evidence(*, evidence: EvidenceItem, deleted_by: AbstractBaseUser) -> None:
    _editable(evidence.area_assessment.self_evaluation, deleted_by)
    name = evidence.file.name if evidence.file else ""
    with set_actor(deleted_by):
        evidence.delete()
    _delete_unused_files([name] if name else [])


@dataclass(frozen=True)
class ActionFields:
    description: str
    owner: str
    due_on: date
    status: str = Action.Status.OPEN
    tags: list[str] = field(default_factory=list)  # national framework codes


@transaction.atomic
def add_action(
    *, assessment: AreaAssessment, fields: ActionFields, added_by: AbstractBaseUser
) -> Action:
    _editable(assessment.self_evaluation, added_by)
    with set_actor(added_by):
        return Action.objects.create(
            area_assessment=assessment,
            description=fields.description.strip(),
            owner=fields.owner.strip(),
            due_on=fields.due_on,
            status=fields.status,
            tags=national_framework.known_codes(fields.tags),
            created_by=added_by,
        )


@transaction.atomic
def change_action(*, action: Action, fields: ActionFields, changed_by: AbstractBaseUser) -> Action:
    _editable(action.area_assessment.self_evaluation, changed_by)
    action.description = fields.description.strip()
    action.owner = fields.owner.strip()
    action.due_on = fields.due_on
    action.status = fields.status
    action.tags = national_framework.known_codes(fields.tags)
    with set_actor(changed_by):
        action.save(update_fields=["description", "owner", "due_on", "status", "tags"])
    return action


@transaction.atomic
def delete_action(*, action: Action, deleted_by: AbstractBaseUser) -> None:
    _editable(action.area_assessment.self_evaluation, deleted_by)
    with set_actor(deleted_by):
        action.delete()


# --- Review --------------------------------------------------------------------------------------


@transaction.atomic
def submit_self_evaluation(
    *, self_evaluation: SelfEvaluation, submitted_by: AbstractBaseUser
) -> SelfEvaluation:
    """Send the self-evaluation to a manager; refused while any judgement is above its cap."""
    self_evaluation = _locked(self_evaluation)
    target = check_transition(
        Step.SUBMIT, status=self_evaluation.status, roles=roles_of(submitted_by)
    )
    problems = check_for(self_evaluation).problems
    if problems:
        raise SubmissionBlocked(problems)
    self_evaluation.status = target
    self_evaluation.submitted_by = submitted_by
    self_evaluation.submitted_at = timezone.now()
    with set_actor(submitted_by):
        self_evaluation.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        _event(submitted_by, self_evaluation, "Submitted for review")
    return self_evaluation


@transaction.atomic
def return_self_evaluation(
    *,
    self_evaluation: SelfEvaluation,
    returned_by: AbstractBaseUser,
    comments: Mapping[AreaAssessment | None, str],
) -> SelfEvaluation:
    """Return the self-evaluation with comments, per judgement area (``None`` for the whole)."""
    self_evaluation = _locked(self_evaluation)
    target = check_transition(
        Step.RETURN, status=self_evaluation.status, roles=roles_of(returned_by)
    )
    written = {area: text.strip() for area, text in comments.items() if text and text.strip()}
    if not written:
        raise WorkflowError("Write at least one comment to say what needs to change.")
    for area in written:
        if area is not None and area.self_evaluation_id != self_evaluation.pk:
            raise ValueError("A comment is about an area of another self-evaluation")
    self_evaluation.status = target
    self_evaluation.review_round += 1
    self_evaluation.returned_at = timezone.now()
    with set_actor(returned_by):
        self_evaluation.save(update_fields=["status", "review_round", "returned_at", "updated_at"])
        for area, text in written.items():
            ReviewComment.objects.create(
                self_evaluation=self_evaluation,
                area_assessment=area,
                review_round=self_evaluation.review_round,
                text=text,
                author=returned_by,
            )
        _event(
            returned_by,
            self_evaluation,
            f"Returned with {len(written)} comment{'s' if len(written) != 1 else ''}",
        )
    return self_evaluation


@transaction.atomic
def approve_self_evaluation(
    *, self_evaluation: SelfEvaluation, approved_by: AbstractBaseUser
) -> SelfEvaluation:
    """Approve and lock the self-evaluation. The rules are checked again: framework data may
    have been corrected since it was submitted."""
    self_evaluation = _locked(self_evaluation)
    target = check_transition(
        Step.APPROVE, status=self_evaluation.status, roles=roles_of(approved_by)
    )
    problems = check_for(self_evaluation).problems
    if problems:
        raise SubmissionBlocked(problems)
    self_evaluation.status = target
    self_evaluation.approved_by = approved_by
    self_evaluation.approved_at = timezone.now()
    with set_actor(approved_by):
        self_evaluation.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        _event(approved_by, self_evaluation, "Approved and locked")
    return self_evaluation


# --- The PDF report ------------------------------------------------------------------------------


@transaction.atomic
def request_report(*, self_evaluation: SelfEvaluation, requested_by: AbstractBaseUser) -> Job:
    """Queue a PDF report build; the previous report stays available until this one succeeds."""
    job = start_job(kind=SELF_EVALUATION_REPORT, owner=requested_by, subject=self_evaluation)
    _event(requested_by, self_evaluation, "PDF report requested", job_id=job.pk)
    return job
