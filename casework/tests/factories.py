"""Annex A versions for casework tests, written straight to the database from the synthetic
generator: the same rows an import would store, without reading a workbook (seconds saved per
test). One test imports through the real pipeline to prove the signal path."""

from __future__ import annotations

import json
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max
from django.utils import timezone

from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from annex_a.synthetic import generate_rows
from inspection_readiness.councils import current_council


def _json_ready(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def make_version(
    *,
    rows: int,
    as_at: date,
    seed: int,
    imported_by: AbstractBaseUser,
    edit=None,
) -> AnnexAVersion:
    """A version of ``rows`` generated rows; ``edit(generated)`` may change them first."""
    _spec, generated = generate_rows(rows=rows, as_at=as_at, seed=seed)
    if edit is not None:
        edit(generated)
    council = current_council()
    latest = AnnexAVersion.objects.filter(council=council).aggregate(n=Max("number"))["n"]
    number = (latest or 0) + 1
    annex_a_import = AnnexAImport.objects.create(
        council=council,
        source=f"annex_a/test/version-{number}.xlsx",
        source_name=f"version-{number}.xlsx",
        source_sha256=f"test-{number}",
        source_size=0,
        as_at=as_at,
        uploaded_by=imported_by,
        uploaded_at=timezone.now(),
        status=AnnexAImport.Status.IMPORTED,
    )
    total = sum(len(listed) for listed in generated.values())
    version = AnnexAVersion.objects.create(
        council=council,
        number=number,
        annex_a_import=annex_a_import,
        source_name=annex_a_import.source_name,
        source_sha256=annex_a_import.source_sha256,
        as_at=as_at,
        spec_version="2023",
        created_by=imported_by,
        created_at=timezone.now(),
        row_count=total,
        row_counts={str(n): len(listed) for n, listed in generated.items()},
    )
    AnnexARow.objects.bulk_create(
        (
            AnnexARow(
                version=version,
                list_number=number,
                source_row=position + 3,
                child_id=(row.get("child_id") or "") if number != 11 else "",
                row_key=f"{number}-{position}",
                row_hash=f"{position:032d}",
                data=json.loads(json.dumps(_json_ready(row))),
            )
            for number, listed in generated.items()
            for position, row in enumerate(listed)
        ),
        batch_size=2000,
    )
    return version
