"""The writes that map council spellings to Ofsted codes in bulk: every spelling of an upload
in one submit (then the file is checked again), and a council's mappings brought in as CSV.

Each mapping is saved by ``services.add_code_synonym``, which checks the role and records the
mapping in the audit trail; these services check the role themselves first, so nothing is
saved for someone who may not, and record the whole change once more against what it was for.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from inspection_readiness.audit import record_event
from inspection_readiness.models import Council, Job
from inspection_readiness.roles import check_role

from .models import AnnexAImport
from .queries import existing_mappings
from .services import IMPORTERS, add_code_synonym, recheck_import
from .spec import normalise_code
from .spellings import SpellingMapping, changes, known_codes


def _apply(
    *, council: Council, mappings: Iterable[SpellingMapping], by: AbstractBaseUser
) -> list[SpellingMapping]:
    """Save the mappings that change something; return them."""
    applied = []
    for mapping, change in changes(mappings, existing_mappings(council)):
        if change == "unchanged":
            continue
        if mapping.code not in known_codes(mapping.code_set):
            raise ValidationError(f"“{mapping.code}” is not one of Ofsted's codes for this column.")
        add_code_synonym(
            council=council,
            code_set=mapping.code_set,
            spelling=mapping.spelling,
            code=mapping.code,
            created_by=by,
        )
        applied.append(mapping)
    return applied


def map_spellings_and_check_again(
    *,
    annex_a_import: AnnexAImport,
    mappings: list[SpellingMapping],
    mapped_by: AbstractBaseUser,
) -> Job:
    """Save the data admin's choices for an upload's unrecognised spellings, all at once, and
    check the same kept file again (as a new version when it is one already)."""
    check_role(mapped_by, IMPORTERS, to="map the council's spellings to codes")
    if not mappings:
        raise ValidationError(
            "Choose an Ofsted code for at least one spelling, or leave them all unmapped by "
            "going back to the upload."
        )
    with transaction.atomic():
        applied = _apply(council=annex_a_import.council, mappings=mappings, by=mapped_by)
        record_event(
            actor=mapped_by,
            obj=annex_a_import,
            description=f"Mapped {len(applied)} spelling{'s' if len(applied) != 1 else ''} to "
            f"Ofsted codes in one go ({len(mappings) - len(applied)} already mapped) and asked "
            "for the file to be checked again",
            details={
                "mapped": [[m.code_set, m.spelling, m.code] for m in applied],
            },
        )
        return recheck_import(
            annex_a_import=annex_a_import, requested_by=mapped_by, as_new_version=True
        )


def import_mappings(
    *, council: Council, mappings: list[SpellingMapping], imported_by: AbstractBaseUser
) -> int:
    """Bring in a council's mappings (read from CSV by ``spellings.read_mappings_csv`` and
    confirmed by the data admin). Returns how many were added or changed."""
    check_role(imported_by, IMPORTERS, to="bring in the council's mappings of spellings")
    for mapping in mappings:
        if not normalise_code(mapping.spelling):
            raise ValidationError("Every mapping needs a spelling.")
    with transaction.atomic():
        applied = _apply(council=council, mappings=mappings, by=imported_by)
        record_event(
            actor=imported_by,
            obj=council,
            description=f"Brought in {len(applied)} mapping{'s' if len(applied) != 1 else ''} "
            "of the council's spellings to Ofsted codes from a CSV file",
            details={"mapped": [[m.code_set, m.spelling, m.code] for m in applied]},
        )
    return len(applied)
