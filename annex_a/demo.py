"""Demo Annex A: two versions from the synthetic generator, the second a later, larger extract
(the generator makes the same children in the same order, so the second adds rows)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import AnnexAVersion
from .services import import_annex_a_file
from .synthetic import write_generated_workbook

DEMO_ROWS = 3000


def load_demo_annex_a(*, data_admin: AbstractBaseUser, council_name: str) -> None:
    """Import two demo versions unless the council has versions already."""
    if AnnexAVersion.objects.exists():
        return
    today = timezone.localdate()
    with tempfile.TemporaryDirectory() as folder:
        for rows in (DEMO_ROWS - 200, DEMO_ROWS):
            path = Path(folder) / f"demo-annex-a-{today:%Y-%m-%d}-{rows}-rows.xlsx"
            write_generated_workbook(path, rows=rows, as_at=today, seed=11, council=council_name)
            import_annex_a_file(path=path, as_at=today, spec_version="2023", imported_by=data_admin)
