"""Ofsted's published local authority inspection outcomes, and how the council compares.

The file is Ofsted's table of each local authority's latest ILACS judgements, in the layout of
``la_latest_judgements_as_at_31_march_2025.csv``. Reading it is all or nothing: every problem is
reported with its row and column, and nothing is stored until the whole file is right.

ILACS inspections that start on or after 1 April 2026 have no overall effectiveness grade: such a
row may leave it blank or carry the third party's marker ``not_reported_post_reform``. Ofsted's
published outcomes ship with the service (``frameworks.published_record``); an upload adds to them
(``current_judgements``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frameworks import published_record
from frameworks.published_record import NO_OVERALL_GRADE_MARKER

AREA_CODE = "Local authority area code"
NAME = "Local authority name"
REGION = "Ofsted region"
INSPECTION_DATE = "Inspection date"
PUBLICATION_DATE = "Publication date"
# (column in Ofsted's file, field on PublishedJudgement, short heading for our tables)
JUDGEMENTS = (
    ("Overall effectiveness", "overall_effectiveness", "Overall effectiveness"),
    (
        "The impact of leaders on social work practice with children and families",
        "impact_of_leaders",
        "Impact of leaders",
    ),
    (
        "The experiences and progress of children who need help and protection",
        "help_and_protection",
        "Help and protection",
    ),
    (
        "The experiences and progress of children in care",
        "children_in_care",
        "Children in care",
    ),
    (
        "The experiences and progress of care leavers",
        "care_leavers",
        "Care leavers",
    ),
)
COLUMNS = (AREA_CODE, NAME, REGION, INSPECTION_DATE, PUBLICATION_DATE, *(j[0] for j in JUDGEMENTS))
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
NOT_JUDGED = "Not judged separately"
NO_OVERALL_GRADE = "No overall grade (inspections from April 2026)"
# ILACS inspections whose first day on site is on or after this day have no overall grade
# (frameworks/fixtures/ilacs2026.yaml).
NO_OVERALL_GRADE_FROM = date(2026, 4, 1)
OVERALL_FIELD = "overall_effectiveness"
# Care leavers became a separate judgement in January 2023; earlier inspections leave it blank.
MAY_BE_BLANK = {"care_leavers"}
AREA_CODE_PATTERN = re.compile(r"^E(06|07|08|09|10)\d{6}$")
MAX_BYTES = 1024 * 1024
MAX_PROBLEMS_SHOWN = 20


class OutcomesFileProblem(Exception):
    """The file cannot be used; ``problems`` says where and why, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "The file cannot be used.")


@dataclass(frozen=True)
class OutcomeRow:
    area_code: str
    name: str
    region: str
    inspection_date: date | None
    publication_date: date | None
    judgements: dict[str, str]  # field -> grade or ""


def _date(value: str, row: int, column: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    problems.append(
        f"Row {row}, column '{column}': '{value}' is not a real date. Enter a date like "
        "2024-03-14 or 14/03/2024."
    )
    return None


def read_outcomes(content: bytes) -> list[OutcomeRow]:
    """Check the whole file and return its rows, or raise ``OutcomesFileProblem``."""
    if len(content) > MAX_BYTES:
        raise OutcomesFileProblem(
            [f"The file is larger than {MAX_BYTES // 1024} KB. Ofsted's table is about 25 KB."]
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OutcomesFileProblem(
            ["The file is not a CSV file saved as UTF-8. Save it as 'CSV UTF-8' and try again."]
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise OutcomesFileProblem(
            [
                "Row 1 (the headers) has no column "
                + ", ".join(f"'{column}'" for column in missing)
                + ". Use Ofsted's table of each local authority's latest judgements as it is "
                "published."
            ]
        )
    position = {column: header.index(column) for column in COLUMNS}
    problems: list[str] = []
    rows: list[OutcomeRow] = []
    first_row_of: dict[str, int] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, *[""] * (len(header) - len(cells))]

        def cell(column: str, cells=cells) -> str:
            return cells[position[column]].strip()

        code = cell(AREA_CODE)
        if not AREA_CODE_PATTERN.match(code):
            problems.append(
                f"Row {row_number}, column '{AREA_CODE}': '{code}' is not an English local "
                "authority's area code. Enter a code like E09000002."
            )
        elif code in first_row_of:
            problems.append(
                f"Row {row_number}, column '{AREA_CODE}': {code} is already on row "
                f"{first_row_of[code]}. Each local authority must appear once."
            )
        else:
            first_row_of[code] = row_number
        for column in (NAME, REGION):
            if not cell(column):
                problems.append(f"Row {row_number}, column '{column}': enter the {column.lower()}.")
        inspection_date = _date(cell(INSPECTION_DATE), row_number, INSPECTION_DATE, problems)
        judgements = {}
        for column, field_name, _ in JUDGEMENTS:
            grade = cell(column)
            if field_name == OVERALL_FIELD and grade in ("", NO_OVERALL_GRADE_MARKER):
                date_unread = inspection_date is None and cell(INSPECTION_DATE)  # reported above
                if not date_unread and (
                    inspection_date is None or inspection_date < NO_OVERALL_GRADE_FROM
                ):
                    problems.append(
                        f"Row {row_number}, column '{column}': there is no grade, but only "
                        "inspections that started on or after 1 April 2026 have no overall "
                        f"grade. Enter the grade Ofsted published, or the '{INSPECTION_DATE}' "
                        "if the inspection started then."
                    )
                grade = ""
            elif grade and grade not in GRADES:
                problems.append(
                    f"Row {row_number}, column '{column}': '{grade}' is not an Ofsted grade. "
                    "Use Outstanding, Good, Requires improvement to be good or Inadequate."
                )
            elif not grade and field_name not in MAY_BE_BLANK:
                problems.append(
                    f"Row {row_number}, column '{column}': the grade is blank. Enter the grade "
                    "Ofsted published."
                )
            judgements[field_name] = grade
        rows.append(
            OutcomeRow(
                area_code=code,
                name=cell(NAME),
                region=cell(REGION),
                inspection_date=inspection_date,
                publication_date=_date(
                    cell(PUBLICATION_DATE), row_number, PUBLICATION_DATE, problems
                ),
                judgements=judgements,
            )
        )
    if not rows and not problems:
        problems.append("The file has headers but no local authorities.")
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"…and {len(problems) - MAX_PROBLEMS_SHOWN} more problems.")
        raise OutcomesFileProblem(shown)
    return rows


@dataclass(frozen=True)
class Shipped:
    rows: list[OutcomeRow]
    provenance: published_record.Provenance
    sha256: str  # of the table made from the shipped files


def read_shipped(folder: Path = published_record.BUNDLED) -> Shipped:
    """The outcomes shipped with the service (Ofsted's latest-judgements table with the
    inspections from April 2026), checked as an upload is, and where they come from."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(published_record.latest_judgements(folder))
    content = out.getvalue().encode()
    return Shipped(
        rows=read_outcomes(content),
        provenance=published_record.provenance(folder),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def current_judgements(shipped: Iterable, uploaded: Iterable) -> list:
    """Each local authority's latest judgements: the uploaded row, unless the row shipped with
    the service is from a later inspection (an older table uploaded must not hide inspections
    from April 2026); local authorities in only one of them are kept. Records need
    ``area_code``, ``inspection_date`` and ``name``; the result is sorted by name."""
    by_code = {record.area_code: record for record in shipped}
    for record in uploaded:
        kept = by_code.get(record.area_code)
        if (
            kept is None
            or record.inspection_date is None
            or kept.inspection_date is None
            or record.inspection_date >= kept.inspection_date
        ):
            by_code[record.area_code] = record
    return sorted(by_code.values(), key=lambda record: record.name)


def comparison(
    judgements: Iterable,
    own_area_code: str,
    neighbour_area_codes: Iterable[str],
    *,
    sources: Iterable[str] = (),
) -> dict:
    """The council's last judgements, its neighbours', and England's spread of each grade.

    ``judgements`` are PublishedJudgement records (or anything with the same attributes);
    ``sources`` are plain sentences saying where they come from and as at when. A missing
    overall grade (inspections from April 2026) is shown in words and never counted as a grade.
    """
    everyone = list(judgements)
    by_code = {record.area_code: record for record in everyone}
    neighbours = [by_code[code] for code in neighbour_area_codes if code in by_code]

    def row(record) -> dict:
        return {
            "area_code": record.area_code,
            "name": record.name,
            "region": record.region,
            "inspection_date": (
                record.inspection_date.isoformat() if record.inspection_date else None
            ),
            "grades": [
                getattr(record, field)
                or (NO_OVERALL_GRADE if field == OVERALL_FIELD else NOT_JUDGED)
                for _, field, _ in JUDGEMENTS
            ],
        }

    def spread(records: list) -> list[dict]:
        result = []
        for _, field_name, heading in JUDGEMENTS:
            grades = Counter(getattr(record, field_name) for record in records)
            judged = sum(grades[grade] for grade in GRADES)
            not_graded = len(records) - judged
            result.append(
                {
                    "judgement": heading,
                    "judged": judged,
                    "note": _not_graded_note(field_name, not_graded),
                    "grades": [
                        [
                            grade,
                            grades[grade],
                            round(100 * grades[grade] / judged, 1) if judged else None,
                        ]
                        for grade in GRADES
                    ],
                }
            )
        return result

    own = by_code.get(own_area_code)
    england, neighbour_spread = spread(everyone), spread(neighbours)
    return {
        "headings": [heading for _, _, heading in JUDGEMENTS],
        "grades": list(GRADES),
        "own": row(own) if own else None,
        "neighbours": [row(record) for record in neighbours],
        "england": england,
        "neighbour_spread": neighbour_spread,
        "spreads": [
            [f"England ({len(everyone)} local authorities)", england],
            [f"Statistical neighbours ({len(neighbours)})", neighbour_spread],
        ],
        "local_authorities": len(everyone),
        "sources": list(sources),
    }


def _not_graded_note(field_name: str, count: int) -> str:
    if not count:
        return ""
    if field_name == OVERALL_FIELD:
        return (
            f"{count} inspected from April 2026, with no overall grade"
            if count > 1
            else "1 inspected from April 2026, with no overall grade"
        )
    return f"{count} not judged separately"
