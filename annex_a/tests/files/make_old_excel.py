"""Writes ``annex_a_2019_lists_1_and_3.xls``, the small Excel 97-2003 (BIFF) workbook the tests
read. Run it once from the repository's root with xlwt on the path (xlwt writes .xls; it is used
only to make this committed file, never by the service or its tests):

    pip install --target /tmp/xlwt xlwt
    PYTHONPATH=.:/tmp/xlwt .venv/bin/python annex_a/tests/files/make_old_excel.py

Ofsted's 2019 layout: each list's title in row 1, its headers in row 2, its rows from row 3.
Dates are real Excel dates, except one written as dd/mm/yyyy text; one ID is a number.
"""

from datetime import date
from pathlib import Path

import xlwt

from annex_a.spec import load_spec

OUT = Path(__file__).resolve().parent / "annex_a_2019_lists_1_and_3.xls"
DATE = xlwt.easyxf(num_format_str="DD/MM/YYYY")
ROWS = {
    1: [
        ["C1", "a) Male", "a) WBRI", date(2016, 3, 10), 10, date(2026, 10, 1), "a) 1A: Individual"],
        [12345, "b) Female", "a) WBRI", date(2012, 1, 5), 14, "02/10/2026", "e) 2A: Schools"],
    ],
    3: [
        [
            "C1",
            "a) Male",
            "a) WBRI",
            date(2016, 3, 10),
            10,
            date(2026, 10, 2),
            "e) 2A: Schools",
            "b) No",
            0,
            "Assessment Team 1",
            "Jo Smith",
        ]
    ],
}


def main() -> None:
    spec = load_spec("2019")
    workbook = xlwt.Workbook()
    for number, rows in ROWS.items():
        list_spec = spec.list(number)
        sheet = workbook.add_sheet(list_spec.sheet)
        sheet.write(0, 0, list_spec.title)
        for column, header in enumerate(c.header for c in list_spec.columns):
            sheet.write(1, column, header)
        for row_index, row in enumerate(rows, start=2):
            for column, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write(row_index, column, value, DATE)
                else:
                    sheet.write(row_index, column, value)
    workbook.save(str(OUT))


if __name__ == "__main__":
    main()
