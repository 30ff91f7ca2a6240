"""Inspectors' requests as an XLSX workbook, every text cell neutralised against formulas."""

import io
from collections.abc import Iterable
from datetime import datetime

import xlsxwriter
from django.utils import timezone

from inspection_readiness.marking import mark_workbook
from inspection_readiness.spreadsheets import neutralise_formula

from .models import InspectorRequest

HEADERS = (
    "Due",
    "Status",
    "Overdue",
    "Inspector",
    "What they asked for",
    "Owner",
    "Answer",
    "File",
    "Links",
    "Logged",
)


def requests_workbook(requests: Iterable[InspectorRequest], *, now: datetime) -> bytes:
    from .queries import request_is_overdue

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Requests")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, HEADERS, bold)
    sheet.freeze_panes(1, 0)
    for row, request in enumerate(requests, start=1):
        owner = request.owner.get_full_name() or request.owner.username if request.owner else ""
        values = (
            f"{timezone.localtime(request.due_at):%d/%m/%Y %H:%M}",
            request.get_status_display(),
            "Overdue" if request_is_overdue(request, now=now) else "",
            request.inspector,
            request.asked,
            owner,
            request.answer,
            request.original_filename,
            "; ".join(link.get("label", "") for link in request.links),
            f"{timezone.localtime(request.logged_at):%d/%m/%Y %H:%M}",
        )
        for column, value in enumerate(values):
            sheet.write_string(row, column, str(neutralise_formula(value)), wrap)
    sheet.set_column(0, 3, 18)
    sheet.set_column(4, 8, 40)
    mark_workbook(workbook, made_at=now)
    workbook.close()
    return buffer.getvalue()
