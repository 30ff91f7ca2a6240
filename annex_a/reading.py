"""Opening an uploaded Annex A file: an Excel workbook, one CSV, or a zip of CSVs.

Every source becomes a list of ``SourceSheet``: a name and its rows as the admin sees them, each
row carrying its row number in the source (the spreadsheet row, or the CSV line). Files are
recognised by their content, not their name, so a renamed file is refused with a clear reason.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import python_calamine

XLSX = "xlsx"
CSV = "csv"
ZIP = "zip"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm"}
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".zip")
# A zip of CSVs may not expand beyond this many times the upload limit (a "zip bomb").
ZIP_EXPANSION_LIMIT = 20


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why and what to do."""


@dataclass
class SourceSheet:
    name: str
    rows: list[tuple[int, list]]  # (row number as the admin sees it, cell values)

    def __len__(self) -> int:
        return len(self.rows)


def detect_kind(path: Path, original_name: str) -> str:
    """What the file really is, checked against what its name claims."""
    suffix = PurePosixPath(original_name.lower()).suffix
    if suffix not in ACCEPTED_SUFFIXES:
        raise UnreadableFile(
            f"“{original_name}” is not a file the service can import. Upload an Excel workbook "
            "(.xlsx or .xlsm), a CSV file, or a zip of CSV files (one per list)."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    is_zip_container = head.startswith(b"PK\x03\x04")
    if suffix in SPREADSHEET_SUFFIXES:
        if not is_zip_container:
            old_excel = head.startswith(b"\xd0\xcf\x11\xe0")
            raise UnreadableFile(
                f"“{original_name}” is named like an Excel workbook but is not one"
                + (
                    " (it is an old .xls file: save it as .xlsx and upload again)."
                    if old_excel
                    else "."
                )
            )
        return XLSX
    if suffix == ".zip":
        if not is_zip_container:
            raise UnreadableFile(f"“{original_name}” is named like a zip file but is not one.")
        return ZIP
    if is_zip_container or b"\x00" in head:
        raise UnreadableFile(
            f"“{original_name}” is named like a CSV file but is not text. "
            "Export the list as CSV from your case-management system and upload it again."
        )
    return CSV


def read_source(path: Path, original_name: str, *, size_limit: int) -> list[SourceSheet]:
    return list(stream_source(path, original_name, size_limit=size_limit))


def stream_source(path: Path, original_name: str, *, size_limit: int) -> Iterator[SourceSheet]:
    """The file's sheets one at a time. A workbook's next sheet is read in the background while
    the caller works on the current one."""
    kind = detect_kind(path, original_name)
    if kind == XLSX:
        return _read_workbook(path, original_name)
    if kind == ZIP:
        return _read_zip(path, original_name, size_limit=size_limit)
    return iter([_read_csv(path.read_bytes(), PurePosixPath(original_name).stem, original_name)])


def _read_workbook(path: Path, original_name: str) -> Iterator[SourceSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # noqa: BLE001  calamine raises several error types
        raise UnreadableFile(
            f"“{original_name}” could not be opened as a workbook ({error}). "
            "Open it in Excel, save it as .xlsx, and upload it again."
        ) from error
    names = workbook.sheet_names
    # calamine parses a sheet's XML without holding the GIL, so loading the next sheet on a
    # second thread overlaps with the caller's Python work on this one.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="annex-a-sheet") as loader:
        upcoming = [loader.submit(workbook.get_sheet_by_name, name) for name in names[:1]]
        for position, name in enumerate(names):
            try:
                sheet = upcoming.pop().result()
                if position + 1 < len(names):
                    upcoming.append(loader.submit(workbook.get_sheet_by_name, names[position + 1]))
                first_row, first_column = sheet.start or (0, 0)
                padding = [""] * first_column
                rows = [
                    (first_row + offset + 1, padding + row if padding else row)
                    for offset, row in enumerate(sheet.iter_rows())
                ]
            except Exception as error:  # noqa: BLE001
                raise UnreadableFile(
                    f"The sheet “{name}” in “{original_name}” could not be read ({error})."
                ) from error
            yield SourceSheet(name=name, rows=rows)


def _decode(content: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"“{name}” is not readable text. Save it as CSV (UTF-8) and try again.")


def _read_csv(content: bytes, sheet_name: str, original_name: str) -> SourceSheet:
    text = _decode(content, original_name)
    try:
        rows = [(number, row) for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    except csv.Error as error:
        raise UnreadableFile(
            f"“{original_name}” is not a well-formed CSV file ({error})."
        ) from None
    return SourceSheet(name=sheet_name, rows=rows)


def _read_zip(path: Path, original_name: str, *, size_limit: int) -> Iterator[SourceSheet]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"“{original_name}” is not a readable zip file ({error}).") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        if sum(info.file_size for info in members) > size_limit * ZIP_EXPANSION_LIMIT:
            raise UnreadableFile(
                f"“{original_name}” expands to more data than the service accepts."
            )
        csv_members = [info for info in members if info.filename.lower().endswith(".csv")]
        if not csv_members:
            raise UnreadableFile(
                f"“{original_name}” holds no CSV files. Put one CSV per list in the zip."
            )
        for info in sorted(csv_members, key=lambda member: member.filename):
            member_name = PurePosixPath(info.filename).name
            yield _read_csv(archive.read(info), PurePosixPath(member_name).stem, member_name)
