"""The OFFICIAL-SENSITIVE marking that every export, PDF and page of children's data carries.

Under the Government Security Classifications, personal data about children is OFFICIAL with the
SENSITIVE handling caveat, and a council's information governance officer expects the marking on
every copy that leaves the service, with whose data it is and when the copy was made. The words
live here once: workbooks call ``mark_workbook`` (or ``marking_line`` for a first row),
CSV files start with ``marking_line``, and templates use ``{% official_marking %}`` from
``marking_tags``.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone

MARKING = "OFFICIAL-SENSITIVE"
# Excel's page-header codes: &C centres a section, and a literal ampersand is written twice.
HEADER_LIMIT = 255


def made_on(made_at: datetime | None = None) -> str:
    """The date a copy was made, as GOV.UK writes dates: 30 November 2026."""
    return f"{timezone.localtime(made_at):%-d %B %Y}"


def marking_line(*, made_at: datetime | None = None) -> str:
    """``OFFICIAL-SENSITIVE: Demo Borough Council, made 30 November 2026``."""
    return f"{MARKING}: {settings.COUNCIL_NAME}, made {made_on(made_at)}"


def _page_header(made_at: datetime | None) -> str:
    return "&C" + marking_line(made_at=made_at).replace("&", "&&")[: HEADER_LIMIT - 3]


def mark_worksheet(sheet, *, made_at: datetime | None = None) -> None:
    """Put the marking in the printed header of an XlsxWriter worksheet, so every printed page
    carries it without moving any cell of the sheet's table."""
    sheet.set_header(_page_header(made_at))


def mark_workbook(workbook, *, made_at: datetime | None = None) -> None:
    """Mark every sheet of an XlsxWriter workbook; call it just before ``workbook.close()``."""
    for sheet in workbook.worksheets():
        mark_worksheet(sheet, made_at=made_at)
