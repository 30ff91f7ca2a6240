"""Services that change the data pack's state: building a pack, entering the population,
uploading Ofsted's outcomes, choosing the council and its statistical neighbours, and loading
the DfE's published figures and Ofsted's shipped outcomes. Each is audited, but for those two:
reference data loaded by a command or migration, like the frameworks."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from annex_a.models import AnnexAVersion
from casework.practice import practice_settings_for
from inspection_readiness import celery_app
from inspection_readiness.audit import record_event
from inspection_readiness.councils import current_council
from inspection_readiness.jobs import JobFailed, fail_if_stuck, start_job
from inspection_readiness.models import Job
from inspection_readiness.pdf import pdf_for_job
from inspection_readiness.roles import Role, check_role

from . import exporting, outcomes, published
from .charts import bar_chart
from .frames import Lists, load_lists
from .measures import BREAKDOWNS, CHILDREN, compute_all, compute_measures
from .measures.base import CP_VISIT_STANDARD
from .models import (
    ComparisonGroup,
    DataPack,
    OutcomesUpload,
    Population,
    PublishedAuthority,
    PublishedFigure,
    PublishedJudgement,
)
from .queries import (
    area_sections,
    comparison_group,
    comparison_words,
    current_population,
    find_authority,
    headline_groups,
    headlines,
    latest_pack,
    outcome_sources,
    previous_version_of,
    published_comparison,
    published_judgements,
)

BUILD_JOB = "datapack_build"
# Who builds packs and enters the council's figures, as the views allow.
ADMIN_ROLES = (Role.DATA_ADMIN,)

Report = Callable[[int, str], None]


def _quiet(percent: int, message: str) -> None:
    pass


# ---- Building a pack ------------------------------------------------------------------------


def request_pack_build(
    *, version: AnnexAVersion, requested_by: AbstractBaseUser, started_by_system: bool = False
) -> Job:
    """Queue a build, unless one for this version is already waiting or running.

    ``started_by_system`` is for the build the service starts itself after an import; a person
    who asks must be a data admin."""
    if not started_by_system:
        check_role(requested_by, ADMIN_ROLES, to="build a data pack")
    waiting = Job.objects.filter(
        kind=BUILD_JOB,
        subject_id=version.pk,
        status__in=(Job.Status.QUEUED, Job.Status.RUNNING),
    ).first()
    # A build whose worker died is failed here, so it never stands in for a new one.
    if waiting is not None and not fail_if_stuck(waiting).is_finished:
        return waiting
    return start_job(
        kind=BUILD_JOB, owner=requested_by, subject=version, started_by_system=started_by_system
    )


def start_build_after_import(sender, version: AnnexAVersion, **kwargs) -> None:
    """Receiver for ``annex_a.signals.version_imported``: build the new version's pack in the
    background, so it is ready minutes after the import.

    Only with a real worker: without a broker, jobs run in-process, and the import would wait
    for the pack. Then the pack is built when someone asks (or by ``load_demo``).
    """
    if celery_app.conf.task_always_eager:
        return
    request_pack_build(version=version, requested_by=version.created_by, started_by_system=True)


def pack_summary(version: AnnexAVersion, results: dict, built_at) -> list[tuple[str, str]]:
    population = results.get("population")
    return [
        ("Council", settings.COUNCIL_NAME),
        ("Annex A version", f"Version {version.number}, file {version.source_name}"),
        (
            "Annex A status",
            f"{version.get_readiness_display()} ({version.error_count:,} errors, "
            f"{version.warning_count:,} warnings found when the file was checked)",
        ),
        ("As-at date", f"{version.as_at:%d %B %Y}"),
        ("Built", f"{timezone.localtime(built_at):%d %B %Y at %H:%M}"),
        (
            "Population for rates",
            (
                f"{population['children']:,} children aged 0 to 17 ({population['source']}, "
                f"{population['year']})"
                + (" – demo value, not real data" if population["is_demo"] else "")
            )
            if population
            else "Not entered: rates per 10,000 are not shown",
        ),
        (
            "Compared with",
            comparison_words(results) or "No earlier version",
        ),
    ]


def build_data_pack(
    *,
    version: AnnexAVersion,
    built_by: AbstractBaseUser,
    job: Job | None = None,
    report: Report = _quiet,
) -> DataPack:
    """Count every measure, draw the charts, write the workbook and PDF, and store the pack.

    Nothing is stored until everything has worked, so a failure leaves the last pack as it was.
    """
    started = time.perf_counter()
    if not version.row_count:
        raise JobFailed(f"Version {version.number} has no rows, so there is nothing to count.")
    report(3, "Reading the lists.")
    lists = load_lists(
        version, report=lambda number: report(3 + 3 * number, f"Read List {number}.")
    )
    standards = council_standards(version)
    apply_standards(lists, standards)
    population = current_population()
    children = population.children if population else None
    report(38, "Counting the measures.")
    results = compute_all(lists, children)
    del lists
    results.update(
        version_number=version.number,
        as_at=version.as_at.isoformat(),
        population=(
            {
                "children": population.children,
                "source": population.source,
                "year": population.year,
                "is_demo": population.is_demo,
            }
            if population
            else None
        ),
        standards=standards,
        previous=_previous_measures(version, children, report, standards),
        comparison=_comparison_snapshot(),
        published=published_comparison(),
    )
    report(55, "Drawing the charts.")
    charts = {
        breakdown.key: bar_chart(
            title=breakdown.title,
            rows=[tuple(row) for row in results["breakdowns"][breakdown.key]["rows"]],
            value_label="Children" if breakdown.per == CHILDREN else "Count",
            chart_id=f"chart-{breakdown.key}",
        )
        for breakdown in BREAKDOWNS
    }
    built_at = timezone.now()
    summary = pack_summary(version, results, built_at)
    sections = area_sections(results, charts)
    report(68, "Writing the workbook.")
    headline_lines = headlines(results)
    xlsx = exporting.pack_workbook(
        summary=summary,
        sections=sections,
        comparison=results["comparison"],
        headlines=headline_lines,
    )
    report(75, "Writing the PDF.")
    html = exporting.pack_html(
        {
            "results": results,
            "as_at": version.as_at,
            "summary": summary,
            "sections": sections,
            "comparison": results["comparison"],
            "headline_groups": headline_groups(headline_lines),
            "compared_with": comparison_words(results),
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "built_at": built_at,
        }
    )
    pdf = pdf_for_job(html, kept="The last pack is still shown.")
    report(95, "Saving the pack.")
    stem = f"day-1-data-pack-version-{version.number}-{timezone.localtime(built_at):%Y-%m-%d-%H%M}"
    with transaction.atomic():
        pack = DataPack(
            version=version,
            built_at=built_at,
            built_by=built_by,
            job=job,
            results=results,
            charts=charts,
            seconds=round(time.perf_counter() - started, 2),
        )
        pack.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        pack.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        pack.save()
        record_event(
            actor=built_by,
            obj=version,
            description=f"Built the Day 1 data pack from version {version.number}.",
            details={"data_pack": pack.pk},
        )
    return pack


def council_standards(version: AnnexAVersion) -> dict:
    """The council's own practice standards the pack counts against, as its practice settings
    hold them when the pack is built (stored with the pack, so its figures can be explained)."""
    practice = practice_settings_for(version.council)
    return {CP_VISIT_STANDARD: practice.cp_visit_working_days}


def apply_standards(lists: Lists, standards: dict | None) -> Lists:
    """The lists count against ``standards`` (a pack's stored ones; defaults if it has none)."""
    if standards and standards.get(CP_VISIT_STANDARD):
        lists.cp_visit_working_days = int(standards[CP_VISIT_STANDARD])
    return lists


def _previous_measures(
    version: AnnexAVersion, children: int | None, report: Report, standards: dict
) -> dict | None:
    previous_version = previous_version_of(version)
    if previous_version is None:
        return None
    report(45, f"Comparing with version {previous_version.number}.")
    previous_pack = latest_pack(previous_version)
    if previous_pack is not None:
        measures = previous_pack.results["measures"]
    else:
        measures = compute_measures(
            apply_standards(load_lists(previous_version), standards), children
        )
    return {
        "version_number": previous_version.number,
        "as_at": previous_version.as_at.isoformat(),
        "measures": measures,
    }


def _comparison_snapshot() -> dict | None:
    group = comparison_group()
    judgements = published_judgements()
    if group is None or not judgements:
        return None
    return outcomes.comparison(
        judgements, group.own_area_code, group.neighbour_area_codes, sources=outcome_sources()
    )


# ---- Population, outcomes and neighbours ------------------------------------------------------


def record_population(
    *,
    children: int,
    source: str,
    year: int,
    entered_by: AbstractBaseUser,
    is_demo: bool = False,
) -> Population:
    check_role(entered_by, ADMIN_ROLES, to="enter the number of children in the area")
    with transaction.atomic():
        population = Population.objects.create(
            council=current_council(),
            children=children,
            source=source,
            year=year,
            is_demo=is_demo,
            entered_by=entered_by,
            entered_at=timezone.now(),
        )
    return population


def import_outcomes(
    *, content: bytes, file_name: str, uploaded_by: AbstractBaseUser
) -> OutcomesUpload:
    """Store Ofsted's outcomes table, replacing the last one; all of it or none of it.

    Raises ``outcomes.OutcomesFileProblem`` naming each bad row and column.
    """
    check_role(uploaded_by, ADMIN_ROLES, to="upload Ofsted's outcomes")
    rows = outcomes.read_outcomes(content)
    with transaction.atomic():
        PublishedJudgement.objects.filter(upload__is_shipped=False).delete()
        upload = OutcomesUpload.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            row_count=len(rows),
            as_at=_latest_publication(rows),
            uploaded_by=uploaded_by,
            uploaded_at=timezone.now(),
        )
        _store_judgements(upload, rows, PublishedJudgement)
        record_event(
            actor=uploaded_by,
            obj=upload,
            description=f"Uploaded Ofsted's outcomes for {len(rows)} local authorities.",
            details={"sha256": upload.sha256},
        )
    return upload


def _latest_publication(rows: list[outcomes.OutcomeRow]) -> date | None:
    return max((row.publication_date for row in rows if row.publication_date), default=None)


def _store_judgements(upload, rows: list[outcomes.OutcomeRow], judgement_model) -> None:
    judgement_model.objects.bulk_create(
        judgement_model(
            upload=upload,
            area_code=row.area_code,
            name=row.name,
            region=row.region,
            inspection_date=row.inspection_date,
            publication_date=row.publication_date,
            **row.judgements,
        )
        for row in rows
    )


def load_shipped_outcomes(
    *, folder: Path | None = None, upload_model=OutcomesUpload, judgement_model=PublishedJudgement
) -> OutcomesUpload:
    """Load Ofsted's published outcomes shipped with the service (or a folder in the layout of
    ``frameworks/data/ofsted_outcomes``), replacing the shipped set loaded before and keeping
    any upload. Reference data, like the DfE's figures: not audited. (The models are parameters
    for the data migration.) Raises ``outcomes.OutcomesFileProblem`` if the files are wrong."""
    shipped = outcomes.read_shipped(*([folder] if folder else []))
    with transaction.atomic():
        upload_model.objects.filter(is_shipped=True).delete()
        upload = upload_model.objects.create(
            file_name=outcomes.published_record.LATEST_FILE,
            sha256=shipped.sha256,
            row_count=len(shipped.rows),
            is_shipped=True,
            source=shipped.provenance.source[:500],
            as_at=shipped.provenance.as_at,
            uploaded_at=timezone.now(),
        )
        _store_judgements(upload, shipped.rows, judgement_model)
    return upload


def choose_comparison_group(
    *, own_area_code: str, neighbour_area_codes: list[str], chosen_by: AbstractBaseUser
) -> ComparisonGroup:
    check_role(chosen_by, ADMIN_ROLES, to="choose the council's statistical neighbours")
    neighbours = [code for code in dict.fromkeys(neighbour_area_codes) if code != own_area_code]
    with transaction.atomic():
        group, _ = ComparisonGroup.objects.select_for_update().get_or_create(
            council=current_council(),
            defaults={
                "own_area_code": own_area_code,
                "neighbour_area_codes": neighbours,
                "updated_by": chosen_by,
                "updated_at": timezone.now(),
            },
        )
        group.own_area_code = own_area_code
        group.neighbour_area_codes = neighbours
        group.updated_by = chosen_by
        group.updated_at = timezone.now()
        group.save(
            update_fields=["own_area_code", "neighbour_area_codes", "updated_by", "updated_at"]
        )
    return group


def choose_own_authority(*, authority: str, chosen_by: AbstractBaseUser) -> ComparisonGroup:
    """The council names itself once, by name or code; its ten statistical neighbours come
    from the DfE's published list. Raises ``queries.UnknownAuthority``."""
    check_role(chosen_by, ADMIN_ROLES, to="choose the council")
    found = find_authority(authority)
    by_number = {
        neighbour.la_number: neighbour.area_code
        for neighbour in PublishedAuthority.objects.filter(la_number__in=found.neighbours)
    }
    group = choose_comparison_group(
        own_area_code=found.area_code,
        neighbour_area_codes=[by_number[n] for n in found.neighbours if n in by_number],
        chosen_by=chosen_by,
    )
    record_event(
        actor=chosen_by,
        obj=group,
        description=f"Chose {found.name} as this council, with DfE's statistical neighbours.",
        details={"area_code": found.area_code},
    )
    return group


# ---- The DfE's published figures ---------------------------------------------------------------


def store_published_figures(
    *,
    figures: list[published.Figure],
    authorities: list[published.Authority],
    figure_model=PublishedFigure,
    authority_model=PublishedAuthority,
) -> int:
    """Store figures, replacing those of the same series and year and keeping every other
    year, so a new year's files add a year without losing the last. The councils, regions and
    neighbours are replaced whole. (The models are parameters for the data migration.)"""
    with transaction.atomic():
        for series, year in sorted({(figure.series, figure.year) for figure in figures}):
            figure_model.objects.filter(series=series, year=year).delete()
        figure_model.objects.bulk_create(
            (
                figure_model(
                    series=figure.series,
                    year=figure.year,
                    level=figure.level,
                    area=figure.area,
                    name=figure.name[:200],
                    area_code=figure.area_code[:9],
                    text=figure.text[:20],
                    value=figure.value,
                )
                for figure in figures
            ),
            batch_size=5000,
        )
        if authorities:
            authority_model.objects.all().delete()
            authority_model.objects.bulk_create(
                authority_model(
                    area_code=authority.area_code,
                    la_number=authority.la_number,
                    name=authority.name,
                    region=authority.region,
                    neighbours=list(authority.neighbours),
                )
                for authority in authorities
            )
    return len(figures)


def load_published_figures(*, folder=None) -> int:
    """Load the bundled extract, or a folder in the extract's layout."""
    source = folder or published.BUNDLED
    return store_published_figures(
        figures=published.read_extract(source), authorities=published.read_authorities(source)
    )
