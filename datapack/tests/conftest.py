import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from inspection_readiness.councils import current_council

from .scenario import AS_AT, SCENARIO

OUTCOMES = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofsted_outcomes"
OUTCOMES_CSV = OUTCOMES / "la_latest_judgements_as_at_31_march_2025.csv"


def make_version(owner, tables=SCENARIO, *, as_at: date = AS_AT) -> AnnexAVersion:
    """An Annex A version holding ``tables`` (list number -> row dicts), as an import stores it."""
    council = current_council()
    number = AnnexAVersion.objects.filter(council=council).count() + 1
    now = timezone.now()
    annex_a_import = AnnexAImport.objects.create(
        council=council,
        source=f"annex_a/imports/test-{number}.xlsx",
        source_name=f"test-{number}.xlsx",
        source_sha256="0" * 64,
        source_size=1,
        as_at=as_at,
        uploaded_by=owner,
        uploaded_at=now,
        status=AnnexAImport.Status.IMPORTED,
    )
    rows = [(n, row) for n, table in tables.items() for row in table]
    version = AnnexAVersion.objects.create(
        council=council,
        number=number,
        annex_a_import=annex_a_import,
        source_name=annex_a_import.source_name,
        source_sha256="0" * 64,
        as_at=as_at,
        spec_version="2023",
        created_by=owner,
        created_at=now,
        row_count=len(rows),
        row_counts={str(n): len(table) for n, table in tables.items()},
    )
    AnnexARow.objects.bulk_create(
        AnnexARow(
            version=version,
            list_number=n,
            source_row=position + 3,
            child_id=row.get("child_id") or row.get("adopter_id", ""),
            row_key=str(position),
            row_hash=str(position),
            data=json.loads(json.dumps(row)),
        )
        for position, (n, row) in enumerate(rows)
    )
    return version


@pytest.fixture
def version(data_admin_user):
    return make_version(data_admin_user)


@pytest.fixture
def outcomes_csv() -> bytes:
    if not OUTCOMES_CSV.exists():
        pytest.skip("The shared ofsted_outcomes folder is not beside the repository.")
    return OUTCOMES_CSV.read_bytes()
