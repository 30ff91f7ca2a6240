"""A messy council extract on notification day: what it costs a data admin (prints, never asserts).

Generates a messy workbook (``generate_annex_a --messy``: council spellings, blank cells, pre-birth
work, ages with decimals, ...), then, in one process:
  floor     python-calamine reading every cell (the least any import can cost);
  import    the full import, which keeps the file as a version with its findings;
  findings  the import's page (findings grouped) and the one-screen spelling page, as a data admin
            sees them, each the median of three loads;
  actions   what the data admin must do before the version is ready: one submit on the spelling
            page (each group without a proposal is one choice in it), then, if errors remain, a
            manager's confirmation to send it with them. The proposals are accepted and the file
            checked again to count what is left.

Run on a database without the council's spellings mapped (a new name each time; it is created):
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench_messy_1 \
        .venv/bin/python bench/annex_a_messy.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, ensure_database, peak_mb, setup_django, stored_upload

AS_AT = "2026-11-20"


def _timed_get(client, url: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    arguments = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    os.environ["JOBS_RUN_IN_BACKGROUND_THREAD"] = "false"  # the re-check runs here, to count
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    setup_django()
    ensure_database()

    import python_calamine
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from annex_a.models import AnnexAImport, Finding
    from annex_a.queries import finding_groups, spelling_groups
    from annex_a.services import run_import
    from annex_a.spelling_services import map_spellings_and_check_again
    from annex_a.spellings import SpellingMapping
    from inspection_readiness.roles import Role
    from inspection_readiness.second_factor import PASSED
    from inspection_readiness.second_factor import SESSION_KEY as SECOND_FACTOR_KEY

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "messy.xlsx")
        subprocess.run(
            [sys.executable, "manage.py", "generate_annex_a", path, "--rows", str(arguments.rows),
             "--as-at", AS_AT, "--seed", "7", "--messy", "--skip-checks"],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        started = time.perf_counter()
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        for name in workbook.sheet_names:
            for _row in workbook.get_sheet_by_name(name).iter_rows():
                pass
        floor = time.perf_counter() - started

        upload = stored_upload(path, as_at=AS_AT)
        started = time.perf_counter()
        run_import(annex_a_import=upload, report=lambda *_: None)
        imported = time.perf_counter() - started
    upload.refresh_from_db()

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    admin.groups.set([Role.DATA_ADMIN.group()])
    client = Client()
    client.force_login(admin)
    session = client.session  # signed in as if through both steps (password and second factor)
    session[SECOND_FACTOR_KEY] = PASSED
    session.save()
    page = _timed_get(client, upload.get_absolute_url())
    spellings_url = reverse("annex_a:map_spellings", args=[upload.pk])
    spelling_page = _timed_get(client, spellings_url)

    findings = upload.findings.all()
    groups = finding_groups(upload, findings)
    spellings = spelling_groups(upload)
    proposed = [group for group in spellings if group.proposal and group.proposal.code]
    unproposed = len(spellings) - len(proposed)
    print(f"rows {upload.row_count:,}; floor {floor:.2f} s; import {imported:.2f} s "
          f"({imported / floor:.1f} x floor); peak {peak_mb():.0f} MB")  # fmt: skip
    print(f"findings {findings.count():,} ({upload.error_count:,} errors, "
          f"{upload.warning_count:,} warnings) in {len(groups)} groups on the page")  # fmt: skip
    print(f"import page {page:.2f} s; spelling page {spelling_page:.2f} s")
    print(f"spellings: {len(spellings)} distinct, {len(proposed)} proposed, "
          f"{unproposed} to choose by hand")  # fmt: skip

    if proposed:
        map_spellings_and_check_again(
            annex_a_import=upload,
            mappings=[
                SpellingMapping(code_set=g.code_set, spelling=g.spelling, code=g.proposal.code)
                for g in proposed
            ],
            mapped_by=admin,
        )
    after = AnnexAImport.objects.order_by("-pk").first()
    remaining = Finding.objects.filter(annex_a_import=after)
    left_errors = remaining.filter(severity="error").count()
    actions = 1 + (1 if spellings else 0) + (1 if left_errors else 0)
    print(f"after accepting every proposal: {left_errors:,} errors, "
          f"{remaining.filter(severity='warning').count():,} warnings; "
          f"{len(spelling_groups(after))} spellings still unmapped")  # fmt: skip
    steps = ["upload"]
    if spellings:
        by_hand = f", with {unproposed} choices by hand" if unproposed else ""
        steps.append(f"one submit on the spelling page{by_hand}")
    if left_errors:
        steps.append("a manager confirms sending it with its errors")
    print(f"distinct actions before the version can be sent: {actions} ({'; '.join(steps)})")


if __name__ == "__main__":
    main()
