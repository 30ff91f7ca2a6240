"""Opening an uploaded Annex A file: an Excel workbook (.xlsx, .xlsm or the older .xls), one CSV,
or a zip of CSVs.

Every source becomes a series of ``SourceSheet``: a name and its rows as the admin sees them,
each row carrying its row number in the source (the spreadsheet row, or the CSV record). Files
are recognised by their content, not their name, so a renamed file is refused with a clear
reason. Before anything is parsed, the file is measured against ``limits.UploadLimits`` (how
far it unpacks, how many rows and columns it has), so a file that would exhaust the machine is
refused with a reason instead. Rows are not held: each walk over a sheet's rows reads them again
(a CSV from disk, a workbook sheet from python-calamine's copy), so only the rows being parsed
are in memory as Python objects.

An old .xls workbook (BIFF, inside an OLE2 container) is not a zip, so it cannot be measured
before it is opened; its size is capped as uploaded, the format itself cannot address more than
65,536 rows by 256 columns, and each sheet's rows and columns are checked against the limits as
soon as python-calamine has read it, before any row is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree

import python_calamine

from .limits import (
    MEGABYTE,
    Extent,
    LimitExceeded,
    UploadLimits,
    check_archive,
    check_extent,
    too_many_columns,
    too_many_rows,
    too_many_rows_in_file,
)

XLSX = "xlsx"
XLS = "xls"
CSV = "csv"
ZIP = "zip"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".zip")
# An OLE2 compound file, the container of an old .xls (BIFF) workbook.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Rows kept from the top of each sheet: headers.py looks for the header row among the first 3.
HEAD_ROWS = 3

Row = tuple[int, list]
Opener = Callable[[], AbstractContextManager[IO[bytes]]]


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why and what to do."""


class StreamedRows:
    """A sheet's rows, read again from their source each time they are walked.

    Indexing and short slices come from the first rows, kept in memory; ``rows[n:]`` is a walk
    from row ``n`` to the end. That is every use the import makes of a sheet's rows, and it
    means a million-row list is never held twice (as raw cells and as parsed rows)."""

    def __init__(self, walk: Callable[[], Iterator[Row]]):
        self._walk = walk
        self._head = list(islice(walk(), HEAD_ROWS))

    def __iter__(self) -> Iterator[Row]:
        return self._walk()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.start or 0, index.stop, index.step
            if stop is None and step is None:
                return islice(self._walk(), start, None)
            if step is None and 0 <= start and stop is not None and stop <= HEAD_ROWS:
                return self._head[start:stop]
            return list(islice(self._walk(), start, stop, step))
        if 0 <= index < len(self._head):
            return self._head[index]
        raise IndexError("only the first rows of a streamed sheet can be indexed")


@dataclass
class SourceSheet:
    name: str
    rows: list[Row] | StreamedRows  # (row number as the admin sees it, cell values)


def detect_kind(path: Path, original_name: str) -> str:
    """What the file really is, checked against what its name claims."""
    _check_suffix(original_name)
    with path.open("rb") as handle:
        return _kind(handle.read(8), original_name)


def _check_suffix(original_name: str) -> None:
    if PurePosixPath(original_name.lower()).suffix not in ACCEPTED_SUFFIXES:
        raise UnreadableFile(
            f"“{original_name}” is not a file the service can import. Upload an Excel workbook "
            "(.xlsx, .xlsm or .xls), a CSV file, or a zip of CSV files (one per list)."
        )


def _kind(head: bytes, original_name: str) -> str:
    suffix = PurePosixPath(original_name.lower()).suffix
    is_zip_container = head.startswith(b"PK\x03\x04")
    if suffix in SPREADSHEET_SUFFIXES:
        # Recognised by content: an .xls saved under an .xlsx name (or the reverse) is read too.
        if is_zip_container:
            return XLSX
        if head.startswith(OLE2_SIGNATURE):
            return XLS
        raise UnreadableFile(f"“{original_name}” is named like an Excel workbook but is not one.")
    if suffix == ".zip":
        if not is_zip_container:
            raise UnreadableFile(f"“{original_name}” is named like a zip file but is not one.")
        return ZIP
    if is_zip_container or head.startswith(OLE2_SIGNATURE) or b"\x00" in head:
        raise UnreadableFile(
            f"“{original_name}” is named like a CSV file but is not text. "
            "Export the list as CSV from your case-management system and upload it again."
        )
    return CSV


def read_source(
    path: Path, original_name: str, *, size_limit: int, limits: UploadLimits | None = None
) -> list[SourceSheet]:
    return list(stream_source(path, original_name, size_limit=size_limit, limits=limits))


def stream_source(
    path: Path, original_name: str, *, size_limit: int, limits: UploadLimits | None = None
) -> Iterator[SourceSheet]:
    """The file's sheets one at a time, after the whole file has been measured against
    ``limits`` (the settings' limits unless given). A workbook's next sheet is read in the
    background while the caller works on the current one. ``size_limit`` is the most a file may
    weigh as uploaded."""
    limits = limits or UploadLimits.from_settings()
    kind = detect_kind(path, original_name)
    if path.stat().st_size > size_limit:
        raise UnreadableFile(
            f"“{original_name}” is larger than {size_limit // MEGABYTE:,} MB, which is more "
            "than the service accepts."
        )
    try:
        texts = _measure(kind, lambda: path.open("rb"), original_name, limits)
    except LimitExceeded as exceeded:
        raise UnreadableFile(str(exceeded)) from None
    if kind == XLSX:
        return _workbook_sheets(_open_workbook(path, original_name), original_name, limits)
    if kind == XLS:
        with path.open("rb") as handle:
            workbook = _open_old_workbook(handle, original_name)
        return _workbook_sheets(workbook, original_name, limits, extent=_read_extent)
    return iter([_csv_sheet(text, limits) for text in texts])


def check_upload(
    handle: IO[bytes], original_name: str, *, limits: UploadLimits | None = None
) -> None:
    """Measure an uploaded file against the limits without parsing it, so that the upload form
    can refuse at once a file the import would refuse. Raises ``UnreadableFile``; leaves
    ``handle`` open, at its start."""
    limits = limits or UploadLimits.from_settings()
    _check_suffix(original_name)

    @contextmanager
    def reopen() -> Iterator[IO[bytes]]:
        handle.seek(0)
        yield handle

    try:
        with reopen() as head:
            kind = _kind(head.read(8), original_name)
        _measure(kind, reopen, original_name, limits)
    except LimitExceeded as exceeded:
        raise UnreadableFile(str(exceeded)) from None
    finally:
        handle.seek(0)


@dataclass
class _Text:
    """One CSV, measured: how to open it, its encoding and its name as the admin knows it."""

    opener: Opener
    encoding: str
    name: str


def _measure(kind: str, opener: Opener, original_name: str, limits: UploadLimits) -> list[_Text]:
    """Check the whole file against ``limits`` before any of it is parsed; the CSVs it holds.
    Raises ``LimitExceeded`` or ``UnreadableFile``."""
    if kind == XLSX:
        with opener() as handle:
            _measure_workbook(handle, original_name, limits)
        return []
    if kind == XLS:
        with opener() as handle:
            _measure_old_workbook(handle, original_name, limits)
        return []
    if kind == ZIP:
        with opener() as handle:
            members = _csv_members(handle, original_name, limits)
        sources = [(_member_opener(opener, info), info.filename) for info in members]
    else:
        sources = [(opener, original_name)]
    texts, lines = [], 0
    for source_opener, name in sources:
        name = PurePosixPath(name).name
        encoding, counted = _measure_text(source_opener, name)
        lines += counted
        texts.append(_Text(opener=source_opener, encoding=encoding, name=name))
    # Lines, not records: a cell may hold a line break, but it is the number that bounds memory.
    if lines > limits.rows_per_file:
        raise LimitExceeded(too_many_rows_in_file(original_name, limits.rows_per_file))
    return texts


def _measure_workbook(handle: IO[bytes], original_name: str, limits: UploadLimits) -> None:
    try:
        summary = check_archive(handle, original_name, limits=limits, scan_sheets=True)
        sheet_parts = _sheet_parts(handle)
    except (zipfile.BadZipFile, ElementTree.ParseError) as error:
        raise UnreadableFile(
            f"“{original_name}” could not be opened as a workbook ({error}). "
            "Open it in Excel, save it as .xlsx, and upload it again."
        ) from None
    names = {part: name for name, part in sheet_parts.items()}
    # Every part is measured, named or not: calamine may read a sheet the index does not name.
    for part, extent in summary.extents.items():
        check_extent(extent, names.get(part, part), original_name, limits=limits)
    if sum(extent.rows for extent in summary.extents.values()) > limits.rows_per_file:
        raise LimitExceeded(too_many_rows_in_file(original_name, limits.rows_per_file))


def _read_extent(sheet: python_calamine.CalamineSheet) -> Extent:
    """How far an .xls sheet's cells reach, from the cells calamine read (its dimension record
    is not reliable: calamine 0.9 reports the last row and column, counting from 0)."""
    first_row, first_column = sheet.start or (0, 0)
    return Extent(rows=first_row + sheet.height, columns=first_column + sheet.width)


def _declared_extent(sheet: python_calamine.CalamineSheet) -> Extent:
    return Extent(rows=sheet.total_height, columns=sheet.total_width)


def _open_old_workbook(handle: IO[bytes], original_name: str) -> python_calamine.CalamineWorkbook:
    """An .xls workbook, read by its content whatever its name says."""
    handle.seek(0)
    try:
        return python_calamine.CalamineWorkbook.from_filelike(handle)
    except Exception as error:  # noqa: BLE001  calamine raises several error types
        raise UnreadableFile(
            f"“{original_name}” could not be opened as an Excel 97-2003 workbook ({error}). If "
            "it has a password, remove it; otherwise open it in Excel, save it as .xlsx, and "
            "upload it again."
        ) from error


def _measure_old_workbook(handle: IO[bytes], original_name: str, limits: UploadLimits) -> None:
    """Every sheet of an .xls workbook against the limits, read once to count its cells (an .xls
    is small: the format stops at 65,536 rows)."""
    workbook = _open_old_workbook(handle, original_name)
    rows = 0
    for name in workbook.sheet_names:
        try:
            extent = _read_extent(workbook.get_sheet_by_name(name))
        except Exception as error:  # noqa: BLE001
            raise UnreadableFile(
                f"The sheet “{name}” in “{original_name}” could not be read ({error})."
            ) from error
        check_extent(extent, name, original_name, limits=limits)
        rows += extent.rows
    if rows > limits.rows_per_file:
        raise LimitExceeded(too_many_rows_in_file(original_name, limits.rows_per_file))


def _open_workbook(path: Path, original_name: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # noqa: BLE001  calamine raises several error types
        raise UnreadableFile(
            f"“{original_name}” could not be opened as a workbook ({error}). "
            "Open it in Excel, save it as .xlsx, and upload it again."
        ) from error


def _workbook_sheets(
    workbook: python_calamine.CalamineWorkbook,
    original_name: str,
    limits: UploadLimits,
    *,
    extent: Callable[[python_calamine.CalamineSheet], Extent] = _declared_extent,
) -> Iterator[SourceSheet]:
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
                # Checked before any row is read; the workbook's parts were measured already.
                check_extent(extent(sheet), name, original_name, limits=limits)
                rows = StreamedRows(_sheet_walk(sheet))
            except LimitExceeded as exceeded:
                raise UnreadableFile(str(exceeded)) from None
            except Exception as error:  # noqa: BLE001
                raise UnreadableFile(
                    f"The sheet “{name}” in “{original_name}” could not be read ({error})."
                ) from error
            yield SourceSheet(name=name, rows=rows)


def _sheet_walk(sheet: python_calamine.CalamineSheet) -> Callable[[], Iterator[Row]]:
    first_row, first_column = sheet.start or (0, 0)
    padding = [""] * first_column

    def walk() -> Iterator[Row]:
        for offset, row in enumerate(sheet.iter_rows()):
            yield first_row + offset + 1, padding + row if padding else row

    return walk


def _sheet_parts(handle: IO[bytes]) -> dict[str, str]:
    """Each sheet's name and the zip part holding it, from the workbook's own index (its size
    already checked); empty when the workbook is laid out unusually."""
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(handle) as archive:
        present = set(archive.namelist())
        if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= present:
            return {}
        targets = {}
        with archive.open("xl/_rels/workbook.xml.rels") as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag.endswith("Relationship"):
                    target = element.get("Target", "")
                    part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    targets[element.get("Id")] = part
                element.clear()
        sheets = {}
        with archive.open("xl/workbook.xml") as stream:
            for _, element in ElementTree.iterparse(stream):
                if element.tag.endswith("}sheet") and element.get(relationships) in targets:
                    sheets[element.get("name", "")] = targets[element.get(relationships)]
                element.clear()
    return sheets


def _measure_text(opener: Opener, name: str) -> tuple[str, int]:
    """The text's encoding, and how many lines it has, read as a stream."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        newlines = returns = 0
        try:
            with opener() as stream:
                while chunk := stream.read(MEGABYTE):
                    decoder.decode(chunk)
                    newlines += chunk.count(b"\n")
                    returns += chunk.count(b"\r")  # lines ended the old Mac way
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, max(newlines, returns)
    raise UnreadableFile(f"“{name}” is not readable text. Save it as CSV (UTF-8) and try again.")


def _csv_sheet(text_source: _Text, limits: UploadLimits) -> SourceSheet:
    name = text_source.name
    sheet_name = PurePosixPath(name).stem

    def walk() -> Iterator[Row]:
        with text_source.opener() as stream:
            text = io.TextIOWrapper(stream, encoding=text_source.encoding, newline="")
            try:
                for number, row in enumerate(csv.reader(text), start=1):
                    if number > limits.rows_per_sheet:
                        raise UnreadableFile(too_many_rows(sheet_name, name, limits.rows_per_sheet))
                    if len(row) > limits.columns_per_sheet:
                        row = _trim(row, sheet_name, name, number, limits)
                    yield number, row
            except csv.Error as error:
                raise UnreadableFile(f"“{name}” is not a well-formed CSV file ({error}).") from None
            finally:
                text.detach()  # the opener closes the stream

    return SourceSheet(name=sheet_name, rows=StreamedRows(walk))


def _trim(row: list[str], sheet: str, original_name: str, number: int, limits: UploadLimits):
    """A row's empty trailing cells beyond the column limit are dropped (spreadsheets often
    export them); a value beyond it refuses the file."""
    if any(cell for cell in row[limits.columns_per_sheet :]):
        raise UnreadableFile(
            too_many_columns(sheet, original_name, number, limits.columns_per_sheet)
        )
    return row[: limits.columns_per_sheet]


def _csv_members(
    handle: IO[bytes], original_name: str, limits: UploadLimits
) -> list[zipfile.ZipInfo]:
    try:
        summary = check_archive(handle, original_name, limits=limits, scan_sheets=False)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"“{original_name}” is not a readable zip file ({error}).") from None
    members = sorted(
        (
            info
            for info in summary.parts
            if info.filename.lower().endswith(".csv") and not info.filename.startswith("__MACOSX/")
        ),
        key=lambda member: member.filename,
    )
    if not members:
        raise UnreadableFile(
            f"“{original_name}” holds no CSV files. Put one CSV per list in the zip."
        )
    return members


def _member_opener(opener: Opener, info: zipfile.ZipInfo) -> Opener:
    """Opens one CSV in the zip (already measured), closing the zip with it."""

    @contextmanager
    def open_member() -> Iterator[IO[bytes]]:
        with opener() as handle, zipfile.ZipFile(handle) as archive, archive.open(info) as member:
            yield member

    return open_member
