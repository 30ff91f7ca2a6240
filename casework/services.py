"""The writes that change casework: each in one transaction, with its audit entry."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from annex_a.cells import ID_MAX_LENGTH
from annex_a.models import AnnexARow, AnnexAVersion
from frameworks.models import Grade, Inspection
from inspection_readiness.audit import record_event
from inspection_readiness.roles import Role, check_role, roles_of

from . import audits, sampling
from .journeys import Journey, assemble_journey
from .models import (
    AuditTemplate,
    CaseAudit,
    Child,
    ChildrenBuild,
    CohortMember,
    CohortSelection,
    InspectorChoice,
    JourneyEvent,
    SectionGrade,
)
from .practice import practice_settings_for
from .queries import candidates_for, last_on_site_day, sampling_targets

ProgressReporter = Callable[[int, str], None]
EVENT_BATCH = 20_000
CHILD_FIELDS = (
    "gender",
    "ethnicity",
    "date_of_birth",
    "age",
    "age_band",
    "disability",
    "allocated_team",
    "allocated_worker",
    "threshold",
    "thresholds",
    "placement_type",
    "placement_group",
    "placement_la",
    "in_childrens_home_out_of_area",
    "flags",
    "is_current",
    "version",
    "as_at",
)


class CaseworkError(Exception):
    """A change that cannot be made; the message says why and what to do."""


# ---- children from an Annex A version --------------------------------------------------------


def _journeys(version: AnnexAVersion, *, cp_visit_working_days: int) -> Iterator[Journey]:
    """Every child's journey, streamed from the version's rows grouped by Child Unique ID."""
    rows = (
        AnnexARow.objects.filter(version=version)
        .exclude(list_number=11)  # List 11 is adopters, not children
        .exclude(child_id="")
        .order_by("child_id", "list_number", "source_row")
        .values_list("child_id", "list_number", "source_row", "data")
        .iterator(chunk_size=10_000)
    )
    for child_id, group in groupby(rows, key=itemgetter(0)):
        yield assemble_journey(
            child_id,
            ((number, source_row, data) for _, number, source_row, data in group),
            as_at=version.as_at,
            cp_visit_working_days=cp_visit_working_days,
        )


def _child(journey: Journey, *, council, version: AnnexAVersion) -> Child:
    facts = journey.demographics
    age = facts.get("age")
    born = facts.get("date_of_birth")
    return Child(
        council=council,
        child_id=journey.child_id,
        gender=facts.get("gender") or "",
        ethnicity=facts.get("ethnicity") or "",
        date_of_birth=born or None,
        age=int(age) if age not in (None, "") else None,
        age_band=journey.age_band,
        disability=facts.get("disability") or "",
        allocated_team=(facts.get("allocated_team") or "")[:200],
        allocated_worker=(facts.get("allocated_worker") or "")[:200],
        threshold=journey.threshold,
        thresholds=journey.thresholds,
        placement_type=journey.placement_type[:100],
        placement_group=journey.placement_group,
        placement_la=journey.placement_la[:100],
        in_childrens_home_out_of_area=journey.in_childrens_home_out_of_area,
        flags=[{"code": code, "reason": reason} for code, reason in journey.flag_reasons.items()],
        is_current=True,
        version=version,
        as_at=version.as_at,
    )


_EVENT_COLUMNS = ("child_id", "date", "kind", "title", "detail", "list_number", "source_row")


def _write_events(rows: list[tuple]) -> None:
    """PostgreSQL's COPY where available (10x faster than INSERT at 100,000 rows), else bulk."""
    if connection.vendor == "postgresql":
        table = JourneyEvent._meta.db_table
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(_EVENT_COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for values in rows:
                    copy.write_row(values)
        return
    JourneyEvent.objects.bulk_create(
        [JourneyEvent(**dict(zip(_EVENT_COLUMNS, values, strict=True))) for values in rows],
        batch_size=2000,
    )


def refresh_children(
    *,
    version: AnnexAVersion,
    built_by: AbstractBaseUser | None,
    report: ProgressReporter = lambda percent, message: None,
) -> ChildrenBuild:
    """Build the council's children and chronologies from ``version``.

    Children are matched on council and Child Unique ID and updated in place, so audits and
    cohort places attached to them stay. Children the version no longer lists are kept, marked
    as not current. Chronologies are rebuilt whole: they are derived from the version.
    """
    started = time.perf_counter()
    council = version.council
    report(5, "Reading the version's rows.")
    practice = practice_settings_for(council)
    journeys = list(_journeys(version, cp_visit_working_days=practice.cp_visit_working_days))
    report(40, f"Assembled {len(journeys):,} children's journeys. Saving them.")
    with transaction.atomic():
        Child.objects.bulk_create(
            [_child(journey, council=council, version=version) for journey in journeys],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["council", "child_id"],
            update_fields=CHILD_FIELDS,
        )
        Child.objects.filter(council=council).exclude(version=version).update(is_current=False)
        ids = dict(Child.objects.filter(council=council).values_list("child_id", "pk"))
        report(60, "Rebuilding chronologies.")
        JourneyEvent.objects.filter(child__council=council).delete()
        event_count = 0
        batch: list[tuple] = []
        for journey in journeys:
            child_pk = ids[journey.child_id]
            for event in journey.events:
                batch.append(
                    (
                        child_pk,
                        event.date,
                        event.kind,
                        event.title[:200],
                        event.detail,
                        event.list_number,
                        event.source_row,
                    )
                )
            if len(batch) >= EVENT_BATCH:
                _write_events(batch)
                event_count += len(batch)
                batch = []
        if batch:
            _write_events(batch)
            event_count += len(batch)
        build = ChildrenBuild.objects.create(
            council=council,
            version=version,
            built_by=built_by,
            finished_at=timezone.now(),
            child_count=len(journeys),
            event_count=event_count,
            seconds=time.perf_counter() - started,
        )
        record_event(
            actor=built_by,
            obj=build,
            description=(
                f"Built {len(journeys):,} children and {event_count:,} journey events from "
                f"Annex A version {version.number}"
            ),
        )
    report(100, f"Built {len(journeys):,} children from version {version.number}.")
    return build


# ---- cohorts -------------------------------------------------------------------------------


def _require_manager(person: AbstractBaseUser, what: str) -> None:
    """The views check the role too; repeated here so no other caller can skip it."""
    check_role(person, [Role.MANAGER], to=what)


def select_cohorts(
    *, inspection: Inspection, seed: int, selected_by: AbstractBaseUser
) -> CohortSelection:
    """Choose the cohorts for ``inspection`` from the current children, replacing any earlier
    choice that has no audits assigned yet."""
    _require_manager(selected_by, "select cohorts")
    build = ChildrenBuild.objects.filter(council=inspection.council).first()
    if build is None:
        raise CaseworkError(
            "There are no children yet. Import an Annex A version, or build children from the "
            "latest version, then select cohorts."
        )
    with transaction.atomic():
        Inspection.objects.select_for_update().get(pk=inspection.pk)
        if CaseAudit.objects.filter(inspection=inspection).exists():
            raise CaseworkError(
                "Case audits have already been assigned for this inspection, so the cohorts "
                "cannot be chosen again. Swap individual children instead."
            )
        targets, _notes = sampling_targets(inspection.framework, council=inspection.council)
        candidates = candidates_for(inspection.council)
        result = sampling.select_cohorts(candidates, targets=targets, seed=seed)
        for old in CohortSelection.objects.filter(inspection=inspection):
            record_event(
                actor=selected_by,
                obj=old,
                action=LogEntry.Action.DELETE,
                description=f"Replaced the cohorts chosen with seed {old.seed}",
            )
            old.delete()
        selection = CohortSelection.objects.create(
            inspection=inspection,
            version=build.version,
            seed=seed,
            targets=targets.__dict__,
            shortfalls=result.shortfalls,
            selected_by=selected_by,
            selected_at=timezone.now(),
        )
        ids = dict(
            Child.objects.filter(
                council=inspection.council, child_id__in=[p.child_id for p in result.picks]
            ).values_list("child_id", "pk")
        )
        CohortMember.objects.bulk_create(
            CohortMember(
                selection=selection,
                child_id=ids[pick.child_id],
                cohort=pick.cohort,
                threshold=pick.threshold,
                age_band=pick.age_band,
                reason=pick.reason,
            )
            for pick in result.picks
        )
        record_event(
            actor=selected_by,
            obj=selection,
            description=(
                f"Chose {len(result.picks)} children with seed {seed} from Annex A version "
                f"{build.version.number if build.version else '(deleted)'}"
            ),
            details={"shortfalls": result.shortfalls},
        )
    return selection


def swap_cohort_member(
    *,
    member: CohortMember,
    reason: str,
    swapped_by: AbstractBaseUser,
    replacement_child_id: str = "",
) -> CohortMember:
    """Take a child out of a cohort, with a reason, and put a like-for-like child in."""
    _require_manager(swapped_by, "swap a child in a cohort")
    if not reason.strip():
        raise CaseworkError("Enter why this child is being swapped")
    with transaction.atomic():
        member = (
            CohortMember.objects.select_for_update()
            .select_related("selection__inspection", "child")
            .get(pk=member.pk)
        )
        if not member.is_active:
            raise CaseworkError("This child has already been swapped out.")
        selection = member.selection
        if CaseAudit.objects.filter(inspection=selection.inspection, child=member.child).exists():
            raise CaseworkError(
                f"Child {member.child.child_id} already has a case audit assigned, so they cannot "
                "be swapped out of the cohort."
            )
        in_use = set(
            selection.members.filter(swapped_out_at__isnull=True).values_list(
                "child__child_id", flat=True
            )
        )
        candidates = {c.child_id: c for c in candidates_for(selection.inspection.council)}
        if replacement_child_id:
            replacement = candidates.get(replacement_child_id.strip())
            if replacement is None:
                raise CaseworkError(
                    f"No current child has the Child Unique ID “{replacement_child_id}”. Check "
                    "the ID, or leave it blank to let the service choose a similar child."
                )
            if replacement.child_id in in_use:
                raise CaseworkError(
                    f"Child {replacement.child_id} is already in a cohort for this inspection."
                )
            if (
                member.cohort == sampling.OUT_OF_AREA_VISIT
                and not replacement.in_childrens_home_out_of_area
            ):
                raise CaseworkError(
                    f"Child {replacement.child_id} does not live in a children's home outside "
                    "the area, so cannot take a place in the out-of-area visits. Choose a child "
                    "who does, or leave the ID blank to let the service choose one."
                )
            how = "chosen by hand"
        else:
            leaving = candidates.get(member.child.child_id) or sampling.Candidate(
                member.child.child_id, member.threshold, member.age_band
            )
            replacement = sampling.choose_replacement(
                candidates.values(),
                leaving=leaving,
                excluded=in_use,
                seed=selection.seed,
                cohort=member.cohort,
            )
            if replacement is None:
                raise CaseworkError("There is no other child left to swap in.")
            how = "chosen at random, like for like"
        member.swapped_out_at = timezone.now()
        member.swapped_out_by = swapped_by
        member.swap_reason = reason.strip()
        member.save(update_fields=["swapped_out_at", "swapped_out_by", "swap_reason"])
        newcomer = CohortMember.objects.create(
            selection=selection,
            child=Child.objects.get(
                council=selection.inspection.council, child_id=replacement.child_id
            ),
            cohort=member.cohort,
            threshold=replacement.threshold,
            age_band=replacement.age_band,
            reason=f"Swapped in for {member.child.child_id} ({how}): {reason.strip()}",
            replaces=member,
        )
        record_event(
            actor=swapped_by,
            obj=member,
            description=f"Swapped {member.child.child_id} for {replacement.child_id}: {reason}",
        )
    return newcomer


ID_SEPARATORS = re.compile(r"[\s,;]+")


def parse_child_ids(text: str) -> list[str]:
    """Child Unique IDs pasted from anywhere: separated by lines, spaces, commas or semicolons."""
    return list(dict.fromkeys(part for part in ID_SEPARATORS.split(text) if part))


def record_inspector_choices(
    *, selection: CohortSelection, pasted: str, recorded_by: AbstractBaseUser
) -> list[InspectorChoice]:
    """Replace the list of children inspectors actually chose with the IDs pasted."""
    _require_manager(recorded_by, "record the children inspectors chose")
    chosen = parse_child_ids(pasted)
    if any(len(child_id) > ID_MAX_LENGTH for child_id in chosen):  # forms.InspectorChoicesForm
        raise CaseworkError(f"A Child Unique ID has at most {ID_MAX_LENGTH} characters.")
    known = dict(
        Child.objects.filter(council=selection.inspection.council, child_id__in=chosen).values_list(
            "child_id", "pk"
        )
    )
    now = timezone.now()
    with transaction.atomic():
        selection.inspector_choices.all().delete()
        choices = InspectorChoice.objects.bulk_create(
            InspectorChoice(
                selection=selection,
                chosen_id=child_id,
                child_id=known.get(child_id),
                recorded_by=recorded_by,
                recorded_at=now,
            )
            for child_id in chosen
        )
        record_event(
            actor=recorded_by,
            obj=selection,
            description=f"Recorded {len(chosen)} children the inspectors chose",
            details={"child_ids": chosen[:200]},
        )
    return choices


# ---- case audits ---------------------------------------------------------------------------


def active_template(inspection: Inspection) -> AuditTemplate:
    template = (
        AuditTemplate.objects.filter(framework=inspection.framework, is_active=True)
        .order_by("pk")
        .first()
    )
    if template is None:
        raise CaseworkError(
            f"There is no case-audit template for {inspection.framework}. Ask a data admin to add "
            "one in the admin (Casework → Audit templates)."
        )
    return template


def assign_audits(
    *,
    inspection: Inspection,
    children: Iterable[Child],
    auditor: AbstractBaseUser,
    due_date,
    assigned_by: AbstractBaseUser,
    moderator: AbstractBaseUser | None = None,
) -> list[CaseAudit]:
    """Each child's audit, made for ``auditor``; a child whose audit was already made this
    way (the same form sent twice) gets that audit back."""
    _require_manager(assigned_by, "assign case audits")
    if not audits.AUDITOR_ROLES & roles_of(auditor):
        raise CaseworkError("Audits can only be assigned to preparation staff or managers.")
    if moderator is not None and moderator.pk == auditor.pk:
        raise CaseworkError("The second auditor must be someone other than the auditor.")
    if moderator is not None and not audits.AUDITOR_ROLES & roles_of(moderator):
        raise CaseworkError("The second auditor must be preparation staff or a manager.")
    try:
        audits.check_due_while_inspectors_are_on_site(
            due_date=due_date,
            last_on_site_day=last_on_site_day(inspection),
            visit_name=_lower_first(inspection.visit_kind.name) if inspection.visit_kind else "",
        )
    except audits.AuditError as error:
        raise CaseworkError(str(error)) from error
    template = active_template(inspection)
    sections = list(template.sections.all())
    assigned = []
    with transaction.atomic():
        for child in {child.pk: child for child in children}.values():
            audit = CaseAudit.objects.filter(inspection=inspection, child=child).first()
            if audit is None:
                try:
                    # A savepoint: a request running alongside this one may have assigned
                    # the child since the line above, and the unique constraint stops this.
                    with transaction.atomic():
                        audit = CaseAudit.objects.create(
                            inspection=inspection,
                            child=child,
                            template=template,
                            auditor=auditor,
                            moderator=moderator,
                            assigned_by=assigned_by,
                            assigned_at=timezone.now(),
                            due_date=due_date,
                        )
                        SectionGrade.objects.bulk_create(
                            SectionGrade(audit=audit, section=section) for section in sections
                        )
                except IntegrityError:
                    audit = CaseAudit.objects.get(inspection=inspection, child=child)
                else:
                    assigned.append(audit)
                    continue
            assigned.append(
                _same_assignment(audit, auditor=auditor, moderator=moderator, due_date=due_date)
            )
    return assigned


def _lower_first(name: str) -> str:
    """'Short inspection' -> 'short inspection', keeping initialisms such as JTAI."""
    return name[:1].lower() + name[1:]


def _same_assignment(
    audit: CaseAudit,
    *,
    auditor: AbstractBaseUser,
    moderator: AbstractBaseUser | None,
    due_date,
) -> CaseAudit:
    """The child's audit, if it is what was asked for again (a form sent twice); otherwise
    the child cannot be assigned, and the message says to whom it is."""
    asked = (auditor.pk, moderator.pk if moderator else None, due_date)
    if (audit.auditor_id, audit.moderator_id, audit.due_date) == asked:
        return audit
    holder = audit.auditor
    raise CaseworkError(
        f"Child {audit.child.child_id} already has an audit for this inspection, assigned to "
        f"{holder.get_full_name() or holder.get_username()}."
    )


@dataclass(frozen=True)
class SectionAnswer:
    grade: Grade | None
    narrative: str
    themes: list[str]


def save_audit_draft(
    *,
    audit: CaseAudit,
    answers: dict[int, SectionAnswer],
    summary: str,
    saved_by: AbstractBaseUser,
) -> CaseAudit:
    """Keep what the auditor has typed so far (autosave and 'Save draft')."""
    with transaction.atomic():
        audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        audits.check_can_edit(status=audit.status, is_auditor=audit.auditor_id == saved_by.pk)
        for grade in audit.grades.select_related("section"):
            answer = answers.get(grade.section_id)
            if answer is None:
                continue
            changed = []
            if grade.grade_id != (answer.grade.pk if answer.grade else None):
                grade.grade = answer.grade
                changed.append("grade")
            if grade.narrative != answer.narrative:
                grade.narrative = answer.narrative
                changed.append("narrative")
            if grade.themes != answer.themes:
                grade.themes = answer.themes
                changed.append("themes")
            if changed:
                grade.save(update_fields=changed)
        audit.summary = summary
        audit.status = CaseAudit.Status.DRAFT
        audit.last_saved_at = timezone.now()
        audit.save(update_fields=["summary", "status", "last_saved_at"])
    return audit


def submit_audit(*, audit: CaseAudit, submitted_by: AbstractBaseUser) -> CaseAudit:
    with transaction.atomic():
        audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        audits.check_can_edit(status=audit.status, is_auditor=audit.auditor_id == submitted_by.pk)
        missing = audits.missing_answers(
            (row.section.title, row.grade_id, row.narrative)
            for row in audit.grades.select_related("section")
        )
        if missing:
            raise CaseworkError(
                "Give a grade and a narrative for every section before submitting. Still to do: "
                + ", ".join(missing)
                + "."
            )
        audit.status = CaseAudit.Status.SUBMITTED
        audit.submitted_at = timezone.now()
        audit.save(update_fields=["status", "submitted_at"])
    return audit


@dataclass(frozen=True)
class ModerationDecision:
    agree: bool
    grade: Grade | None = None
    reason: str = ""


def moderate_audit(
    *,
    audit: CaseAudit,
    decisions: dict[int, ModerationDecision],
    moderated_by: AbstractBaseUser,
) -> CaseAudit:
    """Agree or change each section's grade, with a reason for every change."""
    with transaction.atomic():
        audit = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        audits.check_can_moderate(
            status=audit.status,
            is_auditor=audit.auditor_id == moderated_by.pk,
            is_named_moderator=audit.moderator_id == moderated_by.pk,
            roles=roles_of(moderated_by),
        )
        for grade in audit.grades.select_related("section"):
            decision = decisions.get(grade.section_id)
            if decision is None:
                raise CaseworkError(f"Agree or change the grade for “{grade.section.title}”.")
            if decision.agree:
                grade.moderated_grade_id = grade.grade_id
                grade.moderation_reason = decision.reason.strip()
            else:
                if decision.grade is None or not decision.reason.strip():
                    raise CaseworkError(
                        f"Choose the grade for “{grade.section.title}” and say why you changed it."
                    )
                grade.moderated_grade = decision.grade
                grade.moderation_reason = decision.reason.strip()
            grade.save(update_fields=["moderated_grade", "moderation_reason"])
        audit.status = CaseAudit.Status.MODERATED
        audit.moderated_by = moderated_by
        audit.moderated_at = timezone.now()
        audit.save(update_fields=["status", "moderated_by", "moderated_at"])
    return audit


def cancel_audit(*, actor: AbstractBaseUser, audit: CaseAudit) -> None:
    """Delete a case audit not yet submitted (assigned to the wrong person, or no longer
    needed), so the child can be assigned again or swapped. The audit row keeps who cancelled
    it, whose it was and how far it had got."""
    with transaction.atomic():
        audit = (
            CaseAudit.objects.select_for_update(of=("self",))
            .select_related("child", "auditor")
            .get(pk=audit.pk)
        )
        audits.check_can_cancel(status=audit.status, roles=roles_of(actor))
        record_event(
            actor=actor,
            obj=audit,
            action=LogEntry.Action.DELETE,
            description=(
                f"Cancelled the case audit of child {audit.child.child_id} assigned to "
                f"{audit.auditor.get_full_name() or audit.auditor.get_username()} "
                f"({audit.get_status_display().lower()})"
            ),
            details={
                "inspection": audit.inspection_id,
                "child_id": audit.child.child_id,
                "auditor": audit.auditor.get_username(),
                "status": audit.status,
            },
        )
        with set_actor(actor):
            audit.delete()


def cohort_workbook(selection: CohortSelection) -> bytes:
    """The cohorts, coverage and inspectors' choices as an XLSX workbook (small: written in
    memory), every text cell neutralised against formula injection."""
    import xlsxwriter

    from inspection_readiness.marking import mark_workbook
    from inspection_readiness.spreadsheets import neutralise_formula

    from .queries import cohort_coverage, selection_members

    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})

    def sheet(name, header, rows):
        worksheet = book.add_worksheet(name)
        worksheet.write_row(0, 0, header, bold)
        for number, row in enumerate(rows, start=1):
            worksheet.write_row(number, 0, [neutralise_formula(value) for value in row])
        worksheet.freeze_panes(1, 0)

    sheet(
        "Cohorts",
        (
            "Cohort",
            "Child Unique ID",
            "Threshold",
            "Age band",
            "Age",
            "Allocated team",
            "Allocated worker",
            "Why chosen",
            "Swapped out",
            "Why swapped",
        ),
        (
            (
                member.get_cohort_display(),
                member.child.child_id,
                member.threshold_label,
                member.age_band_label,
                member.child.age if member.child.age is not None else "",
                member.child.allocated_team,
                member.child.allocated_worker,
                member.reason,
                f"{member.swapped_out_at:%d/%m/%Y %H:%M}" if member.swapped_out_at else "",
                member.swap_reason,
            )
            for member in selection_members(selection, include_swapped=True)
        ),
    )
    sheet(
        "Coverage",
        ("Kind", "Group", "Target", "Chosen", "Audit", "Tracked", "Sampled", "In the version"),
        (
            (
                row.dimension.replace("_", " "),
                row.label,
                "" if row.target is None else row.target,
                row.selected,
                row.by_cohort["audit"],
                row.by_cohort["tracked"],
                row.by_cohort["sampled"],
                row.available,
            )
            for row in cohort_coverage(selection)
        ),
    )
    sheet(
        "Inspectors' choices",
        ("Child Unique ID", "Known child", "In the rehearsal cohorts"),
        (
            (choice.chosen_id, "Yes" if choice.child_id else "No", "Yes" if rehearsed else "No")
            for choice, rehearsed in _choices_with_rehearsal(selection)
        ),
    )
    mark_workbook(book)
    book.close()
    return output.getvalue()


def _choices_with_rehearsal(selection: CohortSelection):
    rehearsed = set(
        selection.members.filter(swapped_out_at__isnull=True).values_list(
            "child__child_id", flat=True
        )
    )
    for choice in selection.inspector_choices.all():
        yield choice, choice.chosen_id in rehearsed
