"""Time the Director's summary PDF for an inspection when Annex A holds 100,000 rows (prints,
never asserts). Goal: under 5 seconds. Measured on the 2-core development machine (30 November
2026): 0.5 s whole (0.06 s to read, 0.44 s to lay out the PDF), median of 3, for 100,003 rows
with 10 headline measures, 30 requests and 40 feedback points. The summary reads the version's
stored counts and the pack's stored results, never the rows, so the size of Annex A does not
change it.

It stores a synthetic Annex A version of that many rows, builds its data pack (so the summary
has headline measures against England and neighbours), records a short inspection with its
checklist, some inspectors' requests and feedback, then makes the summary several times, as
the background job does, printing the time to read it, to lay out the PDF and the whole build.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench_director \\
      .venv/bin/python bench/directors_summary.py [--rows 100000] [--runs 3]
(the database is created and migrated if needed).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

from _setup import ensure_database, setup_django


def prepare(rows: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from annex_a.signals import version_imported
    from annex_a.synthetic import generate_rows, store_version
    from datapack.demo import DEMO_AUTHORITY
    from datapack.models import PublishedFigure
    from datapack.queries import comparison_group
    from datapack.services import (
        build_data_pack,
        choose_own_authority,
        load_published_figures,
        record_population,
    )
    from frameworks.models import Framework
    from inspection_readiness.roles import Role
    from inspections import services
    from inspections.models import FeedbackPoint

    version_imported.receivers.clear()  # the pack is built below, timed apart
    manager, _ = get_user_model().objects.get_or_create(username="bench-manager")
    manager.groups.add(Role.MANAGER.group(), Role.DATA_ADMIN.group())
    record_population(children=52_400, source="Bench value", year=2025, entered_by=manager)
    # The published figures and the council's neighbours, so the pack has headline measures.
    if not PublishedFigure.objects.exists():
        load_published_figures()
    if comparison_group() is None:
        choose_own_authority(authority=DEMO_AUTHORITY, chosen_by=manager)
    as_at = timezone.localdate()
    _spec, tables = generate_rows(rows=rows, as_at=as_at, seed=7)
    started = time.perf_counter()
    version = store_version(tables, as_at=as_at, created_by=manager)
    build_data_pack(version=version, built_by=manager, report=lambda percent, message: None)
    print(f"Annex A of {version.row_count:,} rows stored and its pack built in "
          f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
    inspection = services.record_notification(
        actor=manager,
        framework=Framework.objects.get(short_name="ILACS 2026"),
        visit_kind_code="short",
        notified_at=timezone.now() - timedelta(days=2),
        lead_inspector="Bench Inspector",
        team="Bench team",
        annex_a_due=as_at + timedelta(days=1),
    )
    for number in range(30):
        services.log_request(
            actor=manager,
            inspection=inspection,
            inspector="Bench Inspector",
            asked=f"Request {number + 1}: supervision records for team {number}",
            owner=manager,
            due_at=timezone.now() + timedelta(hours=number - 10),
        )
    areas = list(inspection.framework.judgement_areas.all())
    for number in range(40):
        FeedbackPoint.objects.create(
            inspection=inspection,
            day=date.today() - timedelta(days=number % 3),
            kind=FeedbackPoint.Kind.CONCERN if number % 2 else FeedbackPoint.Kind.STRENGTH,
            text=f"Point {number + 1} raised at the keep-in-touch meeting.",
            judgement_area=areas[number % len(areas)],
        )
    return inspection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    setup_django()
    ensure_database()
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from inspections import director
    from judgements.reports import render_pdf

    inspection = prepare(options.rows)
    read, layout, whole = [], [], []
    for _ in range(options.runs):
        started = time.perf_counter()
        summary = director.director_summary(inspection)
        html = director.summary_html(summary)
        read.append(time.perf_counter() - started)
        pdf = render_pdf(html)
        whole.append(time.perf_counter() - started)
        layout.append(whole[-1] - read[-1])
    print(
        f"Director's summary, {options.runs} runs (median): read {statistics.median(read):.2f} s,"
        f" PDF {statistics.median(layout):.2f} s, whole {statistics.median(whole):.2f} s;"
        f" {len(summary.headlines)} headline measures, {len(pdf):,} bytes"
    )


if __name__ == "__main__":
    main()
