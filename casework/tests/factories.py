"""Annex A versions for casework tests, written straight to the database from the synthetic
generator: the same rows an import would store, without reading a workbook (seconds saved per
test). One test imports through the real pipeline to prove the signal path."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from annex_a.models import AnnexAVersion
from annex_a.synthetic import generate_rows, store_version


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
    return store_version(generated, as_at=as_at, created_by=imported_by)
