"""Time building children from a 100,000-row Annex A version, and cohort selection from them
(prints, never asserts).

The version is generated with the synthetic generator and written straight to the database (the
import itself is timed by bench/annex_a.py). Then:
  build     casework.services.refresh_children: every child and journey event from the version
  rebuild   the same again, as when a new version arrives and children already exist
  select    the sampling module alone (pure Python over the children)
  cohorts   casework.services.select_cohorts end to end: read children, choose, store the places

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench .venv/bin/python bench/cohorts.py
      [--rows 100000] (the database is created and migrated if needed)
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from _setup import ensure_database, peak_mb, setup_django

AS_AT = date(2026, 11, 20)


def _version(rows: int):
    from django.contrib.auth import get_user_model

    from annex_a.synthetic import generate_rows, store_version
    from inspection_readiness.roles import Role

    user, _ = get_user_model().objects.get_or_create(username="bench")
    user.groups.add(Role.MANAGER.group())  # choosing cohorts is a manager's work
    _spec, generated = generate_rows(rows=rows, as_at=AS_AT, seed=1)
    version = store_version(generated, as_at=AS_AT, created_by=user)
    return version, user, version.row_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    setup_django()
    ensure_database()
    from casework import sampling, services
    from casework.queries import candidates_for, sampling_targets
    from frameworks.models import Framework, Inspection
    from inspection_readiness.councils import current_council

    started = time.perf_counter()
    version, user, total = _version(args.rows)
    print(f"setup    {total:,} rows generated and stored in {time.perf_counter() - started:.1f} s")

    for label in ("build", "rebuild"):
        started = time.perf_counter()
        build = services.refresh_children(version=version, built_by=user)
        seconds = time.perf_counter() - started
        print(
            f"{label:8} {build.child_count:,} children, {build.event_count:,} journey events in "
            f"{seconds:.2f} s ({total / seconds:,.0f} rows/s)"
        )

    inspection = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="SIF"),
        notified_at=datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("Europe/London")),
        is_rehearsal=True,
        notes="bench",
    )
    targets, _ = sampling_targets(inspection.framework)
    started = time.perf_counter()
    candidates = candidates_for(inspection.council)
    read = time.perf_counter() - started
    started = time.perf_counter()
    selection = sampling.select_cohorts(candidates, targets=targets, seed=1)
    chosen = time.perf_counter() - started
    print(
        f"select   {len(selection.picks)} of {len(candidates):,} candidates chosen in "
        f"{chosen * 1000:.0f} ms (reading the candidates: {read * 1000:.0f} ms)"
    )
    started = time.perf_counter()
    stored = services.select_cohorts(inspection=inspection, seed=1, selected_by=user)
    print(
        f"cohorts  end to end (read, choose, store {stored.members.count()} places) in "
        f"{time.perf_counter() - started:.2f} s; shortfalls: {len(stored.shortfalls)}"
    )
    print(f"peak memory {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
