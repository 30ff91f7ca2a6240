"""Writing Annex A workbooks: Ofsted's layout for a version, and a highlighted copy of a source.

Both are written as a stream (XlsxWriter's constant-memory mode, rows read from the database in
chunks), so a 100,000-row version never sits in memory. Every text cell goes through
``neutralise_formula``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from inspection_readiness.marking import mark_workbook, mark_worksheet, marking_line
from inspection_readiness.spreadsheets import neutralise_formula

from .reading import read_source
from .spec import DATE, INTEGER, AnnexASpec

DATE_FORMAT = "dd/mm/yyyy"
# Ofsted's own template opens with a sheet of this name before List_1 (annex_a.md section 2),
# and importers skip it (headers.TEMPLATE_GUIDANCE_SHEETS), so a cover here leaves the lists'
# layout exactly as the template has it. It always carries the OFFICIAL-SENSITIVE marking, and
# the lists stay untouched.
COVER_SHEET = "Front_Sheet"
COVER_TITLE = "Annex A - Child level data"

RowsForList = Callable[[int], Iterable[Mapping]]


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value))


def write_annex_a_workbook(
    spec: AnnexASpec,
    rows_for_list: RowsForList,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cover: Sequence[tuple[str, str]] = (),
) -> int:
    """Write ``List_1``..``List_11`` in Ofsted's layout: the list title in row 1, the template's
    headers (exact spelling) in row 2, data from row 3. A ``Front_Sheet`` comes first, where the
    template has its own, with the OFFICIAL-SENSITIVE marking and any ``cover`` (label, text
    pairs: the version's status and a manager's confirmation to send it with its findings).
    Returns the number of rows written."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "in_memory": False})
    workbook.formats[0].set_font_name("Arial")  # the default cell style, so plain cells need none
    title_format = workbook.add_format({"bold": True, "font_name": "Arial"})
    header_format = workbook.add_format({"bold": True, "font_name": "Arial", "text_wrap": True})
    date_format = workbook.add_format({"num_format": DATE_FORMAT, "font_name": "Arial"})
    _write_cover(workbook, cover, title_format)
    written = 0
    for list_spec in spec.lists:
        sheet = workbook.add_worksheet(list_spec.sheet)
        sheet.write_string(0, 0, list_spec.title, title_format)
        for index, column in enumerate(list_spec.columns):
            sheet.write_string(1, index, column.header, header_format)
            sheet.set_column(index, index, 18)
        columns = list(enumerate(list_spec.columns))
        row_index = 2
        for data in rows_for_list(list_spec.number):
            for index, column in columns:
                value = data.get(column.name)
                if value is None or value == "":
                    continue
                if column.type == DATE:
                    sheet.write_datetime(row_index, index, _as_datetime(value), date_format)
                elif column.type == INTEGER:
                    sheet.write_number(row_index, index, value)
                else:
                    sheet.write_string(row_index, index, neutralise_formula(value))
            row_index += 1
            written += 1
            if progress and written % 5000 == 0:
                progress(list_spec.number, written)
        sheet.freeze_panes(2, 0)
    workbook.close()
    return written


def _write_cover(workbook, cover: Sequence[tuple[str, str]], title_format) -> None:
    sheet = workbook.add_worksheet(COVER_SHEET)
    wrapped = workbook.add_format({"font_name": "Arial", "text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 90)
    mark_worksheet(sheet)
    sheet.write_string(0, 0, marking_line(), title_format)
    sheet.write_string(1, 0, COVER_TITLE, title_format)
    for index, (label, text) in enumerate(cover, start=3):
        sheet.write_string(index, 0, neutralise_formula(label), title_format)
        sheet.write_string(index, 1, neutralise_formula(text), wrapped)


def write_highlighted_copy(
    source_path: Path,
    source_name: str,
    findings_by_cell: Mapping[tuple[str, int, int], list[str]],
    findings_by_row: Mapping[tuple[str, int], list[str]],
    path: Path,
    *,
    size_limit: int,
) -> None:
    """A copy of the source's values, one sheet per source sheet (or CSV file), with each faulty
    cell filled and commented with what is wrong; problems about a whole row are commented on
    its first cell."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    fault = workbook.add_format({"bg_color": "#F4CCCC", "border": 2, "border_color": "#D4351C"})
    fault_date = workbook.add_format(
        {"bg_color": "#F4CCCC", "border": 2, "border_color": "#D4351C", "num_format": DATE_FORMAT}
    )
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    used_names: set[str] = set()
    for sheet in read_source(source_path, source_name, size_limit=size_limit):
        name = _sheet_name(sheet.name, used_names)
        target = workbook.add_worksheet(name)
        for row_number, cells in sheet.rows:
            row_problems = findings_by_row.get((sheet.name, row_number))
            for column_index, value in enumerate(cells):
                messages = findings_by_cell.get((sheet.name, row_number, column_index))
                if row_problems and column_index == 0:
                    messages = [*(messages or []), *row_problems]
                is_date = isinstance(value, date)
                cell_format = (
                    (fault_date if is_date else fault)
                    if messages
                    else (date_format if is_date else None)
                )
                r, c = row_number - 1, column_index
                if is_date:
                    target.write_datetime(r, c, _as_datetime(value), cell_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    target.write_number(r, c, value, cell_format)
                elif value is None or value == "":
                    if messages:
                        target.write_blank(r, c, None, cell_format)
                else:
                    target.write_string(r, c, neutralise_formula(str(value)), cell_format)
                if messages:
                    target.write_comment(r, c, "\n".join(messages)[:30000])
    # A copy keeps the source's rows where they were, so the marking goes in each sheet's header.
    mark_workbook(workbook)
    workbook.close()


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Sheet"
    candidate, suffix = cleaned, 2
    while candidate.lower() in used:
        candidate = f"{cleaned[:28]}_{suffix}"
        suffix += 1
    used.add(candidate.lower())
    return candidate
