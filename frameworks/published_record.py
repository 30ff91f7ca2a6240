"""Ofsted's published ILACS record as the service ships it, in ``frameworks/data/ofsted_outcomes/``.

Three files (their source and licence are in that folder's README):

- Ofsted's table of each local authority's latest judgements as at 31 March 2025;
- Ofsted's history of every ILACS standard and short inspection, 2018 to 2025;
- the inspections from 1 April 2026, which have no overall effectiveness grade, as a third party
  read them from Ofsted's reports (``POST_REFORM_FILE``: only those rows, and only the columns
  that are facts from the report, taken from ``THIRD_PARTY_FILE`` by ``post_reform_rows``).

Both consumers read this module: the data pack's "How we compare" and the never-seen-combination
warnings (``frameworks.combinations``). Pure functions over files; no database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent / "data" / "ofsted_outcomes"
LATEST_FILE = "la_latest_judgements_as_at_31_march_2025.csv"
LATEST_AS_AT = date(2025, 3, 31)
HISTORY_FILE = "ilacs_inspection_history_2018_2025.csv"
THIRD_PARTY_FILE = "third_party_jt39_ofsted_csc_ilacs_history.csv"
POST_REFORM_FILE = "ilacs_post_reform_inspections.csv"
# The third party writes this where a report from April 2026 has no overall effectiveness grade.
NO_OVERALL_GRADE_MARKER = "not_reported_post_reform"
POST_REFORM_COLUMNS = (
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
)

# Column names of Ofsted's tables (the latest-judgements table and the history share them).
AREA_CODE = "Local authority area code"
NAME = "Local authority name"
REGION = "Ofsted region"
INSPECTION_DATE = "Inspection date"
PUBLICATION_DATE = "Publication date"
INSPECTION_TYPE = "Inspection type"
OVERALL = "Overall effectiveness"
LEADERS = "The impact of leaders on social work practice with children and families"
HELP_AND_PROTECTION = "The experiences and progress of children who need help and protection"
CHILDREN_IN_CARE = "The experiences and progress of children in care"
CARE_LEAVERS = "The experiences and progress of care leavers"
GRADE_LABELS = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
# The third party's grade columns, with Ofsted's column for each.
THIRD_PARTY_GRADES = (
    ("overall_effectiveness_grade", OVERALL),
    ("impact_of_leaders_grade", LEADERS),
    ("help_and_protection_grade", HELP_AND_PROTECTION),
    ("in_care_grade", CHILDREN_IN_CARE),
    ("care_leavers_grade", CARE_LEAVERS),
)
THIRD_PARTY_FRAMEWORKS = {
    "standard": "ILACS Standard Inspection",
    "short": "ILACS Short Inspection",
}


class PublishedRecordProblem(ValueError):
    """A bundled or supplied file does not say what this module expects; the message says what."""


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise PublishedRecordProblem(f"{path.name} is not in {path.parent}.")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def post_reform_rows(third_party_rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """The third party's rows for inspections with no overall grade, fact columns only."""
    return [
        {column: row[column] for column in POST_REFORM_COLUMNS}
        for row in third_party_rows
        if row["overall_effectiveness_grade"] == NO_OVERALL_GRADE_MARKER
    ]


def post_reform_text(third_party_rows: Iterable[dict[str, str]]) -> str:
    """``POST_REFORM_FILE``'s contents, made from the third party's file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, POST_REFORM_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(post_reform_rows(third_party_rows))
    return out.getvalue()


def _name_key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace(",", " ").split())


def _day(text: str, *, column: str, council: str) -> date:
    for layout in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), layout).date()
        except ValueError:
            continue
    raise PublishedRecordProblem(f"{council}: '{text}' in '{column}' is not a date.")


def _grade_label(text: str, *, column: str, council: str) -> str:
    text = text.strip().lower()
    if text == NO_OVERALL_GRADE_MARKER:
        return ""
    for label in GRADE_LABELS:
        if label.lower().startswith(text) and text:
            return label
    raise PublishedRecordProblem(f"{council}: '{text}' in '{column}' is not an Ofsted grade.")


def post_reform_inspections(folder: Path = BUNDLED) -> list[dict[str, str]]:
    """The inspections from April 2026 in the layout of Ofsted's history table (with a blank
    overall effectiveness), each council named, coded and placed in its region as in Ofsted's
    latest-judgements table."""
    councils = {_name_key(row[NAME]): row for row in _rows(folder / LATEST_FILE)}
    inspections = []
    for row in _rows(folder / POST_REFORM_FILE):
        council = councils.get(_name_key(row["local_authority"]))
        if council is None:
            raise PublishedRecordProblem(
                f"'{row['local_authority']}' is not a council in {LATEST_FILE}."
            )
        name = council[NAME]
        inspection = {
            AREA_CODE: council[AREA_CODE],
            NAME: name,
            REGION: council[REGION],
            INSPECTION_DATE: _day(
                row["inspection_start_date"], column="inspection_start_date", council=name
            ).isoformat(),
            PUBLICATION_DATE: _day(
                row["publication_date"], column="publication_date", council=name
            ).isoformat(),
            INSPECTION_TYPE: THIRD_PARTY_FRAMEWORKS.get(row["inspection_framework"], ""),
        }
        for source, column in THIRD_PARTY_GRADES:
            inspection[column] = _grade_label(row[source], column=source, council=name)
        inspections.append(inspection)
    return inspections


def latest_judgements(folder: Path = BUNDLED) -> list[dict[str, str]]:
    """Ofsted's latest-judgements table, each council's row replaced by its inspection from
    April 2026 where it has one (a later inspection, so its latest judgements)."""
    newer = {row[AREA_CODE]: row for row in post_reform_inspections(folder)}
    rows = []
    for row in _rows(folder / LATEST_FILE):
        replacement = newer.get(row[AREA_CODE])
        if replacement and replacement[INSPECTION_DATE] > row[INSPECTION_DATE]:
            row = {column: replacement.get(column, "") for column in row}
        rows.append(row)
    return rows


@cache
def ilacs_inspections(folder: Path = BUNDLED) -> tuple[dict[str, str], ...]:
    """Every published ILACS standard and short inspection, 2018 to 2025 and from April 2026,
    in the layout of Ofsted's history table."""
    return (*_rows(folder / HISTORY_FILE), *post_reform_inspections(folder))


@dataclass(frozen=True)
class Provenance:
    """Where the shipped outcomes come from, in plain words, and as at when."""

    source: str
    as_at: date


def provenance(folder: Path = BUNDLED) -> Provenance:
    newer = post_reform_inspections(folder)
    published = max(
        (date.fromisoformat(row[PUBLICATION_DATE]) for row in newer), default=LATEST_AS_AT
    )
    source = (
        f"Ofsted's published table of each local authority's latest ILACS judgements as at "
        f"{LATEST_AS_AT:%-d %B %Y}"
    )
    if newer:
        source += (
            f", updated with the {len(newer)} inspections from April 2026 (which have no overall "
            f"grade) whose reports Ofsted published by {published:%-d %B %Y}"
        )
    source += (
        ". Inspections from before April 2026 that Ofsted's table does not hold yet are not "
        "shown: a data admin can upload Ofsted's newer table to add them."
    )
    return Provenance(source=source, as_at=published)
