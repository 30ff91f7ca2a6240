"""Finding the lists in a file: each sheet is identified by its headers, never by its name.

Headers may be in row 1 (council extracts) or row 2 (Ofsted's template, under the list title).
Case, spacing, typographic quotes and known variants are tolerated. Unexpected, missing and
duplicated columns, sheets that match no list, and lists that are missing are all reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from .findings import ERROR, WARNING, Finding
from .layouts import TEMPLATE_NAMES, list_template
from .reading import SourceSheet
from .spec import AnnexASpec, ListSpec, load_spec, normalise_header

HEADER_ROWS_SEARCHED = 3
# The template's own sheets that hold guidance, not a list.
TEMPLATE_GUIDANCE_SHEETS = {"front_sheet", "faq_and_changes", "guidance", "codes_used"}

SHEET_UNMATCHED = "SHEET-UNMATCHED"
LIST_MISSING = "LIST-MISSING"
LIST_DUPLICATE = "LIST-DUPLICATE"
COLUMN_MISSING = "COLUMN-MISSING"
COLUMN_UNEXPECTED = "COLUMN-UNEXPECTED"
COLUMN_DUPLICATE = "COLUMN-DUPLICATE"
TEMPLATE_OTHER = "TEMPLATE-OTHER"


@dataclass
class SheetMatch:
    sheet: SourceSheet
    list_spec: ListSpec
    header_position: int  # index into sheet.rows of the header row
    columns: dict[str, int] = field(default_factory=dict)  # column name -> cell index
    headers: dict[str, str] = field(default_factory=dict)  # column name -> header as spelt
    template: str | None = None  # the template its headers follow; None if the same in both

    @property
    def header_row(self) -> int:
        return self.sheet.rows[self.header_position][0]

    @property
    def data_rows(self) -> list[tuple[int, list]]:
        return self.sheet.rows[self.header_position + 1 :]

    def letter(self, column_name: str) -> str:
        index = self.columns.get(column_name)
        return get_column_letter(index + 1) if index is not None else ""


def _spellings(list_spec: ListSpec) -> dict[str, str]:
    return {spelling: column.name for column in list_spec.columns for spelling in column.spellings}


def _score(list_spec: ListSpec, normalised: list[str]) -> int:
    spellings = _spellings(list_spec)
    return len({spellings[text] for text in normalised if text in spellings})


def _best_match(sheet: SourceSheet, spec: AnnexASpec) -> tuple[ListSpec, int] | None:
    best: tuple[int, int, ListSpec, int] | None = None  # (score, -width, list, position)
    for position, (_, cells) in enumerate(sheet.rows[:HEADER_ROWS_SEARCHED]):
        normalised = [normalise_header(cell) for cell in cells]
        for list_spec in spec.lists:
            score = _score(list_spec, normalised)
            candidate = (score, -len(list_spec.columns), list_spec, position)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        return None
    score, _, list_spec, position = best
    # Most of the list's own columns must be there: the five columns every list shares are
    # not enough to say which list a sheet is.
    if score < max(6, (len(list_spec.columns) + 1) // 2):
        return None
    return list_spec, position


def _map_columns(match: SheetMatch) -> list[Finding]:
    findings = []
    spellings = _spellings(match.list_spec)
    list_spec = match.list_spec
    cells = match.sheet.rows[match.header_position][1]
    for index, cell in enumerate(cells):
        text = normalise_header(cell)
        if not text:
            continue
        header = str(cell)
        letter = get_column_letter(index + 1)
        name = spellings.get(text)
        if name is None:
            findings.append(
                Finding(
                    rule=COLUMN_UNEXPECTED,
                    severity=WARNING,
                    list_number=list_spec.number,
                    sheet=match.sheet.name,
                    row=match.header_row,
                    column=header,
                    column_letter=letter,
                    value=header,
                    message=f"“{header}” is not a column of {list_spec.title}, so it is ignored. "
                    "Rename it if it holds one of the list's columns.",
                )
            )
        elif name in match.columns:
            first = match.headers[name]
            findings.append(
                Finding(
                    rule=COLUMN_DUPLICATE,
                    severity=ERROR,
                    list_number=list_spec.number,
                    sheet=match.sheet.name,
                    row=match.header_row,
                    column=header,
                    column_letter=letter,
                    value=header,
                    message=f"“{header}” (column {letter}) is the same column as “{first}” "
                    f"(column {match.letter(name)}). Delete one of them.",
                )
            )
        else:
            match.columns[name] = index
            match.headers[name] = header
    for column in list_spec.columns:
        if column.name not in match.columns:
            findings.append(
                Finding(
                    rule=COLUMN_MISSING,
                    severity=ERROR if column.required else WARNING,
                    list_number=list_spec.number,
                    sheet=match.sheet.name,
                    row=match.header_row,
                    column=column.header.strip(),
                    message=f"{list_spec.title} has no “{column.header.strip()}” column. "
                    + (
                        "It must be filled in for every row: add the column."
                        if column.required
                        else "It will be exported blank; add it if you hold the information."
                    ),
                )
            )
    return findings


def _other_template(
    list_spec: ListSpec, sheet: SourceSheet, template: str, spec: AnnexASpec
) -> Finding:
    """A list whose headers follow the template the admin did not choose."""
    return Finding(
        rule=TEMPLATE_OTHER,
        severity=WARNING,
        list_number=list_spec.number,
        sheet=sheet.name,
        message=f"The headers of {list_spec.title} follow the "
        f"{TEMPLATE_NAMES[template].split(' (')[0]}, but the file was read as the "
        f"{TEMPLATE_NAMES[spec.version].split(' (')[0]}. Change "
        "the template on the upload's page, or leave it to each list's headers.",
    )


def missing_list_message(list_spec: ListSpec) -> str:
    """A list the file does not hold is sent as an empty list: say what Ofsted will see."""
    return (
        f"{list_spec.label} is not in the file: Ofsted will see {list_spec.when_missing}. If the "
        f"council has none, nothing needs doing; if it has, add a sheet (or CSV file) for "
        f"{list_spec.title} and upload the file again."
    )


def match_sheets(
    sheets: Iterable[SourceSheet],
    spec: AnnexASpec,
    on_match: Callable[[SheetMatch], None] | None = None,
    *,
    recognise: bool = False,
) -> tuple[dict[int, SheetMatch], list[Finding]]:
    """Which sheet holds which list, and every problem with the sheets and their columns.
    ``on_match`` is called with each list's sheet as soon as it is identified, so its cells
    can be parsed while later sheets are still being read. With ``recognise``, each list is
    read as the template its own headers follow (``spec`` being the 2023/24 one, whose columns
    include the 2019 template's)."""
    matches: dict[int, SheetMatch] = {}
    findings: list[Finding] = []
    for sheet in sheets:
        found = _best_match(sheet, spec)
        if found is None:
            has_content = any(any(str(cell).strip() for cell in cells) for _, cells in sheet.rows)
            if has_content and sheet.name.lower() not in TEMPLATE_GUIDANCE_SHEETS:
                findings.append(
                    Finding(
                        rule=SHEET_UNMATCHED,
                        severity=WARNING,
                        sheet=sheet.name,
                        message=f"The sheet “{sheet.name}” does not look like any Annex A list, "
                        "so it is ignored. Check its headers are in row 1 or row 2.",
                    )
                )
            continue
        list_spec, position = found
        if list_spec.number in matches:
            first = matches[list_spec.number].sheet.name
            findings.append(
                Finding(
                    rule=LIST_DUPLICATE,
                    severity=ERROR,
                    list_number=list_spec.number,
                    sheet=sheet.name,
                    message=f"The sheets “{first}” and “{sheet.name}” both look like "
                    f"{list_spec.title}. Keep one sheet per list.",
                )
            )
            continue
        template = list_template(list_spec.number, sheet.rows[position][1])
        if template is not None and template != spec.version:
            if recognise:
                list_spec = load_spec(template).list(list_spec.number)
            else:
                findings.append(_other_template(list_spec, sheet, template, spec))
        match = SheetMatch(
            sheet=sheet, list_spec=list_spec, header_position=position, template=template
        )
        matches[list_spec.number] = match
        findings.extend(_map_columns(match))
        if on_match is not None:
            on_match(match)
    for list_spec in spec.lists:
        if list_spec.number not in matches:
            findings.append(
                Finding(
                    rule=LIST_MISSING,
                    severity=WARNING,
                    list_number=list_spec.number,
                    message=missing_list_message(list_spec),
                )
            )
    return matches, findings
