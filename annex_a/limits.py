"""How much an uploaded Annex A file may ask of the machine that reads it, checked before any of
it is parsed.

An .xlsx or .xlsm workbook is a zip of XML parts, and so is a zip of CSV files. A zip says how
large each part will be once unpacked, but it can lie, and a few megabytes can unpack to many
gigabytes (a "zip bomb"). So every part is unpacked once here as a stream, counting the bytes it
really produces, and the file is refused as soon as a limit is passed: nothing unpacked is kept.

A worksheet is also scanned for the furthest cell it addresses: python-calamine sets aside room
for every cell between the first and that one, so a single cell at XFD1048576 in a 10 KB file
would ask for 17 billion cells. The scan stops, inside the regular expression engine, only at
references long enough to pass a limit, so it costs a fraction of reading the workbook; a part
written unusually (cells without references, attributes in another order, namespace prefixes)
is scanned again exactly with expat.

An old .xls workbook (BIFF in an OLE2 container) is neither a zip nor XML, so none of this
applies: ``reading`` caps it by its size as uploaded and checks each sheet's rows and columns
against the same limits as soon as python-calamine has read it, before any row is parsed. The
format itself stops at 65,536 rows by 256 columns, so the most such a sheet can ask for is
16.8 million cells, the same order as ``ANNEX_A_MAX_CELLS_PER_SHEET`` allows an .xlsx sheet.
"""

from __future__ import annotations

import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

from django.conf import settings
from openpyxl.utils import column_index_from_string, get_column_letter

MEGABYTE = 1024 * 1024
COMPRESSED_CHUNK = 64 * 1024
INFLATED_CHUNK = MEGABYTE
# Small parts (styles, relationships) can compress very well without being a danger.
RATIO_APPLIES_ABOVE = MEGABYTE
# A tag cut between two chunks is carried over, up to this length.
LONGEST_TAG = MEGABYTE
# Columns A to Z: a cell reference with one letter is not looked at one by one.
NARROW_COLUMNS = 26


class LimitExceeded(Exception):
    """The file would need more than the service allows; the message says which limit and what
    to do. ``reading`` turns it into ``UnreadableFile``."""


@dataclass(frozen=True)
class UploadLimits:
    inflated_bytes: int
    compression_ratio: int
    rows_per_sheet: int
    columns_per_sheet: int
    rows_per_file: int
    cells_per_sheet: int
    parts: int = 1000

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            inflated_bytes=settings.ANNEX_A_MAX_INFLATED_MEGABYTES * MEGABYTE,
            compression_ratio=settings.ANNEX_A_MAX_COMPRESSION_RATIO,
            rows_per_sheet=settings.ANNEX_A_MAX_ROWS_PER_SHEET,
            columns_per_sheet=settings.ANNEX_A_MAX_COLUMNS_PER_SHEET,
            rows_per_file=settings.ANNEX_A_MAX_ROWS,
            cells_per_sheet=settings.ANNEX_A_MAX_CELLS_PER_SHEET,
        )

    @property
    def inflated_megabytes(self) -> int:
        return self.inflated_bytes // MEGABYTE


@dataclass
class Extent:
    """The furthest row and column a worksheet part addresses (1-based; 0 when it has none).
    The quick scan does not look at one-letter columns one by one, so a sheet with cells
    counts as reaching column Z at least."""

    rows: int = 0
    columns: int = 0


@dataclass
class ArchiveSummary:
    parts: list[zipfile.ZipInfo]
    extents: dict[str, Extent] = field(default_factory=dict)  # part name -> extent


def check_archive(
    handle: BinaryIO, original_name: str, *, limits: UploadLimits, scan_sheets: bool
) -> ArchiveSummary:
    """Unpack every part of the zip in ``handle`` (an open binary file) as a stream, refusing
    the file as soon as the parts would take more than ``limits`` allow; with ``scan_sheets``,
    also measure how far each XML part's cells reach. Raises ``LimitExceeded``, or
    ``zipfile.BadZipFile`` when the zip is damaged."""
    too_large = (
        f"“{original_name}” would take more than {limits.inflated_megabytes:,} MB once "
        "unpacked, which is more than the service accepts. Check it holds only the Annex A "
        "lists (no images or other documents), or split it and upload each part."
    )
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:  # leaves the handle open
        parts = [info for info in archive.infolist() if not info.is_dir()]
    if len(parts) > limits.parts:
        raise LimitExceeded(
            f"“{original_name}” holds {len(parts):,} files; the service accepts at most "
            f"{limits.parts:,}."
        )
    if sum(info.file_size for info in parts) > limits.inflated_bytes:
        raise LimitExceeded(too_large)
    summary = ArchiveSummary(parts=parts)
    unpacked = 0
    for info in parts:
        scanner = _ExtentScanner(limits) if scan_sheets and _is_xml(info) else None
        produced = 0
        for chunk in _inflated_chunks(handle, info, original_name):
            produced += len(chunk)
            unpacked += len(chunk)
            if unpacked > limits.inflated_bytes:
                raise LimitExceeded(too_large)
            if produced > RATIO_APPLIES_ABOVE and produced > limits.compression_ratio * max(
                info.compress_size, 1
            ):
                raise LimitExceeded(
                    f"“{original_name}” holds a part that unpacks to more than "
                    f"{limits.compression_ratio:,} times its packed size, which is how "
                    "files built to exhaust a server look. Open it in Excel, save it again, "
                    "and upload the saved copy."
                )
            if scanner is not None:
                scanner.feed(chunk)
        if produced != info.file_size:
            raise zipfile.BadZipFile(f"the size of {info.filename} does not match its record")
        if scanner is not None:
            extent = scanner.finish()
            if extent is None:  # written unusually: scan it again, exactly
                extent = _exact_extent(_inflated_chunks(handle, info, original_name))
            summary.extents[info.filename] = extent
    return summary


def check_extent(extent: Extent, sheet: str, original_name: str, *, limits: UploadLimits) -> None:
    """Refuse a sheet that reaches past the row or column limit, before it is read."""
    if extent.columns > limits.columns_per_sheet:
        raise LimitExceeded(
            f"The sheet “{sheet}” in “{original_name}” has cells as far as column "
            f"{get_column_letter(min(extent.columns, 16384))}; the service reads at most "
            f"{limits.columns_per_sheet:,} columns (up to column "
            f"{get_column_letter(limits.columns_per_sheet)}). Delete the columns after the last "
            "Annex A column and upload it again."
        )
    if extent.rows > limits.rows_per_sheet:
        raise LimitExceeded(too_many_rows(sheet, original_name, limits.rows_per_sheet))
    # python-calamine holds every cell of the sheet's rectangle, empty or not.
    if extent.rows * extent.columns > limits.cells_per_sheet:
        column = f" and column {get_column_letter(extent.columns)}" if extent.columns > 26 else ""
        raise LimitExceeded(
            f"The sheet “{sheet}” in “{original_name}” reaches row {extent.rows:,}{column}, "
            f"more than the service can read from one sheet (at most "
            f"{limits.cells_per_sheet:,} cells, counting every row across every column). Delete "
            "any empty rows and columns at the end, or save each list as a CSV file and upload "
            "them in a zip."
        )


def too_many_rows(sheet: str, original_name: str, limit: int) -> str:
    return (
        f"The sheet “{sheet}” in “{original_name}” has more than {limit:,} rows, which is more "
        "than the service reads from one list. Delete any empty or extra rows at the end, or "
        "check it is the right file."
    )


def too_many_rows_in_file(original_name: str, limit: int) -> str:
    return (
        f"“{original_name}” has more than {limit:,} rows in all, which is more than the service "
        "imports at once. Check it is the right file: an Annex A for one council is usually well "
        "under this."
    )


def too_many_columns(sheet: str, original_name: str, row: int, limit: int) -> str:
    return (
        f"Row {row:,} of “{sheet}” in “{original_name}” has values beyond column "
        f"{get_column_letter(limit)}; the service reads at most {limit:,} columns. Delete the "
        "columns after the last Annex A column and upload it again."
    )


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.lower().endswith(".xml")


def _inflated_chunks(
    handle: BinaryIO, info: zipfile.ZipInfo, original_name: str
) -> Iterator[bytes]:
    """A part's unpacked bytes, a chunk at a time, however large its record says it is."""
    if info.flag_bits & 0x1:
        raise LimitExceeded(
            f"“{original_name}” is protected with a password. Remove the password and upload it "
            "again."
        )
    handle.seek(info.header_offset)
    header = handle.read(zipfile.sizeFileHeader)
    if len(header) != zipfile.sizeFileHeader or header[:4] != zipfile.stringFileHeader:
        raise zipfile.BadZipFile(f"{info.filename} has no local header")
    fields = struct.unpack(zipfile.structFileHeader, header)
    handle.seek(fields[zipfile._FH_FILENAME_LENGTH] + fields[zipfile._FH_EXTRA_FIELD_LENGTH], 1)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while left > 0:
            chunk = handle.read(min(left, INFLATED_CHUNK))
            if not chunk:
                raise zipfile.BadZipFile(f"{info.filename} is cut short")
            left -= len(chunk)
            yield chunk
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise LimitExceeded(
            f"“{original_name}” is compressed in a way the service cannot read. Open it and save "
            "it again as an ordinary .xlsx or .zip file."
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        while left > 0 and not inflater.eof:
            packed = handle.read(min(left, COMPRESSED_CHUNK))
            if not packed:
                raise zipfile.BadZipFile(f"{info.filename} is cut short")
            left -= len(packed)
            # max_length keeps each step to one chunk, however much a few bytes unpack to.
            chunk = inflater.decompress(packed, INFLATED_CHUNK)
            while chunk:
                yield chunk
                chunk = (
                    inflater.decompress(inflater.unconsumed_tail, INFLATED_CHUNK)
                    if inflater.unconsumed_tail
                    else b""
                )
        tail = inflater.flush()
        if tail:
            yield tail
    except zlib.error as error:
        raise zipfile.BadZipFile(f"{info.filename} cannot be unpacked ({error})") from None


# Excel writes every reference as the first attribute (`<c r="B7"`, `<row r="7"`). The scan
# looks only at references long enough to matter (shorter ones are passed over inside the
# regular expression engine) and at tags written any other way, which send the part to the
# exact scan. A cell reference's row counts too: a cell can sit below every row element.
@functools.cache
def _patterns(limits: UploadLimits) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    letters = len(get_column_letter(min(limits.columns_per_sheet, 16384)))
    # A row number this long could take a sheet of up to 26 columns past the cell limit.
    digits = len(str(min(limits.rows_per_sheet, limits.cells_per_sheet // NARROW_COLUMNS)))
    cells = re.compile(
        rb'<c(?: r="(?:([A-Za-z]{%d,3})(\d*)|[A-Za-z]{0,%d}(\d{%d,}))"|([>/\t\r\n]| (?!r=")))'
        % (letters, letters - 1, digits)
    )
    rows = re.compile(rb'<row(?: r="(\d{%d,})"|([>/\t\r\n]| (?!r=")))' % digits)
    return cells, rows


# Elements with a namespace prefix (`<x:c`), which Excel does not write but calamine reads.
_PREFIXED = re.compile(rb":(?:c|row)[>/\s]")


class _ExtentScanner:
    """The furthest row and column of a worksheet part written as Excel writes one, or None
    (from ``finish``) when the part is written some other way."""

    def __init__(self, limits: UploadLimits) -> None:
        self.cell_pattern, self.row_pattern = _patterns(limits)
        self.extent = Extent()
        self.carry = b""
        self.irregular = False

    def feed(self, chunk: bytes) -> None:
        if self.irregular:
            return
        text = self.carry + chunk if self.carry else chunk
        cut = text.rfind(b">") + 1
        if cut == 0 and len(text) < LONGEST_TAG:
            self.carry = text
            return
        cut = cut or len(text)
        self.carry = text[cut:]
        self._scan(text[:cut] if self.carry else text)

    def finish(self) -> Extent | None:
        if self.carry and not self.irregular:
            self._scan(self.carry)
        return None if self.irregular else self.extent

    def _scan(self, text: bytes) -> None:
        extent = self.extent
        if extent.columns < NARROW_COLUMNS and b"<c " in text:
            extent.columns = NARROW_COLUMNS  # at most Z, unless a longer reference says more
        last_row = text.rfind(b'<row r="')
        if last_row >= 0:
            digits = text[last_row + 8 : text.find(b'"', last_row + 8)]
            if digits.isdigit():
                extent.rows = max(extent.rows, int(digits))
        for letters, digits, long_digits, other in self.cell_pattern.findall(text):
            if other:
                self.irregular = True
                return
            if letters:
                extent.columns = max(
                    extent.columns, column_index_from_string(letters.decode().upper())
                )
            extent.rows = max(extent.rows, int(digits or long_digits or 0))
        for digits, other in self.row_pattern.findall(text):
            if other:
                self.irregular = True
                return
            extent.rows = max(extent.rows, int(digits))
        if _PREFIXED.search(text):
            self.irregular = True


_REFERENCE = re.compile(r"([A-Za-z]{0,3})(\d*)")


def _exact_extent(chunks: Iterator[bytes]) -> Extent:
    """The extent as python-calamine would lay the cells out: a row or cell without a reference
    follows the one before it."""
    extent = Extent()
    position = {"row": 0, "column": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            reference = attributes.get("r", "")
            position["row"] = int(reference) if reference.isdigit() else position["row"] + 1
            position["column"] = 0
        elif local == "c":
            reference = _REFERENCE.fullmatch(attributes.get("r", ""))
            letters, digits = reference.groups() if reference else ("", "")
            if letters:
                position["column"] = column_index_from_string(letters.upper())
            else:
                position["column"] += 1
            if digits:
                position["row"] = int(digits)
            extent.rows = max(extent.rows, position["row"])
            extent.columns = max(extent.columns, position["column"])

    def refuse_declarations(*_args) -> None:
        raise LimitExceeded(
            "A part of the workbook declares its own document type, which no "
            "Excel workbook does. Open it in Excel, save it again, and upload "
            "the saved copy."
        )

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse_declarations
    parser.EntityDeclHandler = refuse_declarations
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        pass  # not well-formed: python-calamine will say so when it reads the sheet
    return extent
