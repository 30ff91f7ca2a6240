"""Files built to exhaust the machine are refused before they are parsed, each with its reason.

The files are built here, in memory or in a temporary folder, never unpacked to disk. Peak
memory for each row of the table is measured by bench/upload_memory.py, not here.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annex_a.forms import UploadForm
from annex_a.limits import UploadLimits
from annex_a.reading import UnreadableFile, check_upload, read_source

MEGABYTE = 1024 * 1024
LIMITS = UploadLimits(
    inflated_bytes=400 * MEGABYTE,
    compression_ratio=200,
    rows_per_sheet=1_050_000,
    columns_per_sheet=200,
    rows_per_file=600_000,
    cells_per_sheet=10_000_000,
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"
CELL = '<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# Building zips by hand: the bombs need a packed part whose record can say what it likes.


@dataclass
class Part:
    name: str
    packed: bytes
    size: int  # what the zip's records say it unpacks to
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    crc: int = 0  # left 0 in a bomb: the limits stop reading long before a check of it


def deflated(name: str, data: bytes | str) -> Part:
    data = data.encode() if isinstance(data, str) else data
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = compressor.compress(data) + compressor.flush()
    return Part(name, packed, len(data), crc=zlib.crc32(data))


def bomb(name: str, megabytes: int, *, declared: int | None = None) -> Part:
    """A part that unpacks to ``megabytes`` of sheet XML from about a 300th of that: one
    megabyte packed once and its packed form repeated (a full flush makes each copy the same)."""
    unit = (CELL.format(ref="A1", text="x" * 40) * 20_000).encode()[:MEGABYTE]
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed_unit = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    size = megabytes * MEGABYTE
    return Part(name, packed_unit * megabytes + compressor.flush(), declared or size)


def write_zip(path: Path, parts: list[Part]) -> Path:
    central = []
    with path.open("wb") as out:
        for part in parts:
            offset = out.tell()
            name = part.name.encode()
            sizes = (part.crc, len(part.packed), part.size)
            out.write(
                struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    20,
                    part.flags,
                    part.method,
                    0,
                    0,
                    *sizes,
                    len(name),
                    0,
                )
            )
            out.write(name)
            out.write(part.packed)
            central.append(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    part.flags,
                    part.method,
                    0,
                    0,
                    *sizes,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
        start = out.tell()
        for entry in central:
            out.write(entry)
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(central),
                len(central),
                out.tell() - start,
                start,
                0,
            )
        )
    return path


def workbook_parts(sheet: Part) -> list[Part]:
    return [
        deflated(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        ),
        deflated(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        deflated(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="List 1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        deflated(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        ),
        sheet,
    ]


def sheet_xml(rows: str) -> Part:
    return deflated("xl/worksheets/sheet1.xml", SHEET_START + rows + SHEET_END)


def row(number: int, *refs: str, text: str = "x") -> str:
    cells = "".join(CELL.format(ref=ref, text=text) for ref in refs)
    return f'<row r="{number}">{cells}</row>'


def workbook(tmp_path: Path, sheet: Part, name: str = "annex-a.xlsx") -> Path:
    return write_zip(tmp_path / name, workbook_parts(sheet))


def csv_file(tmp_path: Path, content: bytes, name: str = "list-1.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def read_everything(path: Path, limits: UploadLimits = LIMITS) -> list[tuple[str, int, list]]:
    """Every sheet's name, row count and first row, walking every row as the import does."""
    read = []
    for sheet in read_source(path, path.name, size_limit=50 * MEGABYTE, limits=limits):
        rows = list(sheet.rows)
        read.append((sheet.name, len(rows), rows[0][1] if rows else []))
    return read


def _million_row_csv(tmp_path: Path) -> Path:
    header = b"Child Unique ID,Gender,Ethnicity,Date of Birth,Age,Date of Contact,Source\n"
    return csv_file(
        tmp_path, header + b"ID1,a) Male,a) WBRI,01/01/2015,9,01/10/2026,g) 3A\n" * 1_000_000
    )


# What a probe of the service tried, and what each gets (None: read without error).
UPLOAD_TABLE = [
    pytest.param(
        lambda tmp: workbook(tmp, bomb("xl/worksheets/sheet1.xml", 1100)),
        LIMITS,
        "“annex-a.xlsx” would take more than 400 MB once unpacked, which is more than the "
        "service accepts.",
        id="zip bomb: 3.8 MB unpacking to 1,100 MB, sizes declared",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, bomb("xl/worksheets/sheet1.xml", 1100, declared=10_000)),
        LIMITS,
        "“annex-a.xlsx” would take more than 400 MB once unpacked",
        id="zip bomb: 3.8 MB unpacking to 1,100 MB, sizes understated as 10 KB",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, bomb("xl/worksheets/sheet1.xml", 50)),
        LIMITS,
        "holds a part that unpacks to more than 200 times its packed size",
        id="one part packed 300 to 1, under the size limit",
    ),
    pytest.param(
        lambda tmp: write_zip(tmp / "lists.zip", [bomb("list-1.csv", 1100, declared=1000)]),
        LIMITS,
        "“lists.zip” would take more than 400 MB once unpacked",
        id="zip of CSVs with a bomb in it",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml(row(1, "A1") + "<x>" * 100_000 + "</x>" * 100_000)),
        LIMITS,
        None,
        id="deep XML nesting: 100,000 levels",
    ),
    pytest.param(
        lambda tmp: csv_file(tmp, b"Child Unique ID,Gender\nA\x00B,a) Male\n"),
        LIMITS,
        None,
        id="NUL bytes in a CSV cell reach the cell checks",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml(row(1, "A1", "B1", "XFD1"))),
        LIMITS,
        "The sheet “List 1” in “annex-a.xlsx” has cells as far as column XFD; the service "
        "reads at most 200 columns (up to column GR).",
        id="16,384 columns in a workbook",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml(row(1, "A1") + row(1048576, "XFD1048576"))),
        LIMITS,
        "has cells as far as column XFD",
        id="one cell at XFD1048576 (17 billion cells to python-calamine)",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml(row(1048576, "A1048576") + row(1, "A1"))),
        LIMITS,
        "The sheet “List 1” in “annex-a.xlsx” reaches row 1,048,576, more than the service can "
        "read from one sheet (at most 10,000,000 cells, counting every row across every column).",
        id="one cell at A1048576, before row 1",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml(row(1, "A1") + row(300_000, "AH300000"))),
        LIMITS,
        "reaches row 300,000 and column AH, more than the service can read from one sheet",
        id="a List 8 width (34 columns) down to row 300,000",
    ),
    pytest.param(
        lambda tmp: workbook(
            tmp,
            deflated(
                "xl/worksheets/sheet1.xml",
                SHEET_START.replace("<worksheet", "<x:worksheet")
                .replace("<sheetData", "<x:sheetData")
                .replace("xmlns=", "xmlns:x=")
                + '<x:row r="1"><x:c r="XFD1"><x:v>1</x:v></x:c></x:row>'
                + "</x:sheetData></x:worksheet>",
            ),
        ),
        LIMITS,
        "has cells as far as column XFD",
        id="16,384 columns behind a namespace prefix",
    ),
    pytest.param(
        lambda tmp: workbook(tmp, sheet_xml('<row r="1">' + "<c><v>1</v></c>" * 201 + "</row>")),
        LIMITS,
        "has cells as far as column GS",
        id="201 columns of cells without references",
    ),
    pytest.param(
        lambda tmp: workbook(
            tmp,
            deflated(
                "xl/worksheets/sheet1.xml",
                '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'
                + SHEET_START.split("?>", 1)[1]
                + "<row><c><v>1</v></c></row>"
                + SHEET_END,
            ),
        ),
        LIMITS,
        "declares its own document type",
        id="a document type declaration (billion laughs)",
    ),
    pytest.param(
        lambda tmp: csv_file(tmp, b"Child Unique ID" + b",x" * 16_383 + b"\n"),
        LIMITS,
        "Row 1 of “list-1” in “list-1.csv” has values beyond column GR; the service reads at "
        "most 200 columns.",
        id="16,384 columns in a CSV",
    ),
    pytest.param(
        lambda tmp: csv_file(tmp, b"Child Unique ID,Gender" + b"," * 16_382 + b"\n1,a\n"),
        LIMITS,
        None,
        id="16,384 columns in a CSV, all but two empty",
    ),
    pytest.param(
        _million_row_csv,
        LIMITS,
        "“list-1.csv” has more than 600,000 rows in all, which is more than the service imports "
        "at once.",
        id="1,000,000-row CSV",
    ),
    pytest.param(
        lambda tmp: write_zip(
            tmp / "lists.zip",
            [deflated(f"list-{n}.csv", b"ID\n" + b"1\n" * 300_000) for n in (1, 2)],
        ),
        LIMITS,
        "“lists.zip” has more than 600,000 rows in all",
        id="zip of CSVs with 600,002 rows between them",
    ),
    pytest.param(
        lambda tmp: write_zip(
            tmp / "annex-a.xlsx",
            workbook_parts(replace(sheet_xml(row(1, "A1")), flags=0x1)),
        ),
        LIMITS,
        "is protected with a password",
        id="an encrypted part",
    ),
    pytest.param(
        lambda tmp: write_zip(
            tmp / "annex-a.xlsx", workbook_parts(replace(sheet_xml(row(1, "A1")), size=10))
        ),
        LIMITS,
        "could not be opened as a workbook",
        id="a part whose record misstates its size",
    ),
]


@pytest.mark.parametrize("build, limits, expected", UPLOAD_TABLE)
def test_upload_table(tmp_path, build, limits, expected):
    path = build(tmp_path)
    if expected is None:
        assert read_everything(path, limits)
    else:
        with pytest.raises(UnreadableFile) as refused:
            read_everything(path, limits)
        assert expected in str(refused.value)


def test_nul_bytes_are_passed_to_the_cell_checks(tmp_path):
    path = csv_file(tmp_path, b"Child Unique ID,Gender\nA\x00B,a) Male\n")
    [(_, _, _)] = read_everything(path)
    [sheet] = read_source(path, path.name, size_limit=MEGABYTE, limits=LIMITS)
    assert list(sheet.rows)[1] == (2, ["A\x00B", "a) Male"])


def test_the_table_uses_the_settings_limits():
    assert UploadLimits.from_settings() == LIMITS


@pytest.mark.parametrize(
    "rows, refused",
    [(5, False), (6, True)],
    ids=["5 rows with a limit of 5", "6 rows with a limit of 5"],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("limit", ["rows_per_sheet", "rows_per_file"])
def test_rows_boundary(tmp_path, kind, limit, rows, refused):
    limits = replace(LIMITS, **{limit: 5})
    if kind == "csv":
        path = csv_file(tmp_path, b"ID\n" + b"1\n" * (rows - 1))
    else:
        path = workbook(tmp_path, sheet_xml("".join(row(n, f"A{n}") for n in range(1, rows + 1))))
    if refused:
        with pytest.raises(UnreadableFile, match="has more than 5 rows"):  # per sheet or in all
            read_everything(path, limits)
    else:
        [(_, count, _)] = read_everything(path, limits)
        assert count == rows


@pytest.mark.parametrize(
    "columns, refused",
    [(200, False), (201, True)],
    ids=["200 columns", "201 columns"],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_columns_per_sheet_boundary(tmp_path, kind, columns, refused):
    from openpyxl.utils import get_column_letter

    if kind == "csv":
        path = csv_file(tmp_path, ",".join(["v"] * columns).encode() + b"\n")
    else:
        refs = [f"{get_column_letter(n)}1" for n in range(1, columns + 1)]
        path = workbook(tmp_path, sheet_xml(row(1, *refs)))
    if refused:
        with pytest.raises(UnreadableFile, match="column GS|beyond column GR"):
            read_everything(path)
    else:
        [(_, _, first)] = read_everything(path)
        assert len(first) == columns


@pytest.mark.parametrize(
    "extra_bytes, refused",
    [(0, False), (1, True)],
    ids=["unpacks to exactly the limit", "one byte over the limit"],
)
def test_inflated_size_boundary(tmp_path, extra_bytes, refused):
    content = SHEET_START + row(1, "A1") + SHEET_END
    parts = workbook_parts(sheet_xml(row(1, "A1")))
    total = sum(part.size for part in parts)
    limits = replace(LIMITS, inflated_bytes=total - extra_bytes)
    path = write_zip(tmp_path / "annex-a.xlsx", parts)
    assert content  # the sheet is one of the parts counted
    if refused:
        with pytest.raises(UnreadableFile, match="would take more than"):
            read_everything(path, limits)
    else:
        assert read_everything(path, limits)


def test_the_upload_form_refuses_a_zip_bomb_with_its_reason(tmp_path, settings):
    settings.ANNEX_A_MAX_INFLATED_MEGABYTES = 400
    path = workbook(tmp_path, bomb("xl/worksheets/sheet1.xml", 1100))
    form = UploadForm(
        data={"as_at_0": "1", "as_at_1": "11", "as_at_2": "2026", "spec_version": "2023"},
        files={"source": SimpleUploadedFile("annex-a.xlsx", path.read_bytes())},
    )
    assert not form.is_valid()
    assert form.errors["source"] == [
        "“annex-a.xlsx” would take more than 400 MB once unpacked, which is more than the "
        "service accepts. Check it holds only the Annex A lists (no images or other "
        "documents), or split it and upload each part."
    ]


def test_check_upload_leaves_the_file_open_at_its_start(tmp_path):
    path = workbook(tmp_path, sheet_xml(row(1, "A1")))
    with path.open("rb") as handle:
        handle.read(10)
        check_upload(handle, "annex-a.xlsx", limits=LIMITS)
        assert handle.tell() == 0
        assert not handle.closed


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_rows_in_all_are_counted_whatever_ends_the_lines(tmp_path, ending):
    path = csv_file(tmp_path, ending.join([b"ID"] + [b"1"] * 5) + ending)
    with pytest.raises(UnreadableFile, match="has more than 5 rows in all"):
        read_everything(path, replace(LIMITS, rows_per_file=5))
