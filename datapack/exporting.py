"""The pack as files: an XLSX workbook (one sheet per area, tables with native Excel charts)
and a PDF (WeasyPrint, matplotlib's SVG charts, Arial, page numbers)."""

from __future__ import annotations

import base64
import io

import xlsxwriter
from django.template.loader import render_to_string

from inspection_readiness.marking import mark_workbook, marking_line
from inspection_readiness.spreadsheets import neutralise_formula

from . import published
from .measures import COUNT, PERCENT
from .queries import AreaSection, Headline


def _text(value: object) -> object:
    return neutralise_formula(value)


def pack_workbook(*, summary: list[tuple[str, str]], sections: list[AreaSection],
                  comparison: dict | None, headlines: list[Headline] = ()) -> bytes:  # fmt: skip
    """The summary, the headline measures beside the DfE's published figures, then one sheet
    per area: the measures, then each breakdown as a table with a bar chart."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "font_name": "Arial"})
    title = book.add_format({"bold": True, "font_size": 14, "font_name": "Arial"})
    plain = book.add_format({"font_name": "Arial", "text_wrap": True, "valign": "top"})
    number = book.add_format({"font_name": "Arial", "num_format": "#,##0", "valign": "top"})
    decimal = book.add_format({"font_name": "Arial", "num_format": "0.0", "valign": "top"})
    header = book.add_format(
        {"bold": True, "font_name": "Arial", "bottom": 1, "text_wrap": True, "valign": "bottom"}
    )

    sheet = book.add_worksheet("Summary")
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 70)
    sheet.write(0, 0, "Day 1 data pack", title)
    sheet.write(1, 0, marking_line(), bold)
    for row, (label, value) in enumerate(summary, start=2):
        sheet.write(row, 0, _text(label), bold)
        sheet.write(row, 1, _text(value), plain)

    if headlines:
        _published_sheet(book, headlines, title, header, plain, decimal)

    for section in sections:
        sheet = book.add_worksheet(section.area.sheet)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 9, 14)
        sheet.write(0, 0, _text(f"{section.area.title} ({section.area.list_words})"), title)
        headings = ("Measure", "Definition", "Numerator", "Denominator", "Value", "Unit",
                    "Rate per 10,000", "Previous version", "Change")  # fmt: skip
        sheet.write_row(2, 0, headings, header)
        row = 3
        for line in section.measures:
            measure, value = line.measure, line.value
            sheet.write(row, 0, _text(measure.name), plain)
            rate_words = f" Rate {measure.rate_words}." if measure.rate else ""
            sheet.write(row, 1, _text(measure.definition + rate_words), plain)
            sheet.write(row, 2, value["numerator"], number)
            if value["denominator"] is not None:
                sheet.write(row, 3, value["denominator"], number)
            if value["value"] is not None:
                shown = number if measure.kind == COUNT else decimal
                sheet.write(row, 4, value["value"], shown)
            unit = {PERCENT: "%", COUNT: measure.per}.get(measure.kind, "days")
            sheet.write(row, 5, unit, plain)
            if line.rate is not None:
                sheet.write(row, 6, line.rate, decimal)
            if line.previous and line.previous["value"] is not None:
                sheet.write(row, 7, line.previous["value"], decimal)
            sheet.write(row, 8, _text(f"{line.change.arrow} {line.change.words}".strip()), plain)
            row += 1
        row += 2
        for line in section.breakdowns:
            sheet.write(row, 0, _text(line.breakdown.title), bold)
            sheet.write_row(row + 1, 0, ("Category", "Count", "% of total"), header)
            first = row + 2
            for offset, (label, count, percent) in enumerate(line.rows):
                sheet.write(first + offset, 0, _text(label), plain)
                sheet.write(first + offset, 1, count, number)
                if percent is not None:
                    sheet.write(first + offset, 2, percent, decimal)
            last = first + max(len(line.rows), 1) - 1
            sheet.write(last + 1, 0, "Total", bold)
            sheet.write(last + 1, 1, line.total, number)
            if line.rows:
                chart = book.add_chart({"type": "bar"})
                chart.add_series(
                    {
                        "name": line.breakdown.title,
                        "categories": [section.area.sheet, first, 0, last, 0],
                        "values": [section.area.sheet, first, 1, last, 1],
                        "fill": {"color": "#1D70B8"},
                        "data_labels": {"value": True},
                    }
                )
                chart.set_title({"name": line.breakdown.title, "name_font": {"size": 11}})
                chart.set_legend({"none": True})
                chart.set_y_axis({"reverse": True})
                chart.set_size({"width": 620, "height": max(220, 24 * len(line.rows) + 80)})
                sheet.insert_chart(row, 4, chart)
            row = max(last + 4, row + 4 + max(220, 24 * len(line.rows) + 80) // 20)

    if comparison:
        _comparison_sheet(book, comparison, title, bold, header, plain, number, decimal)
    mark_workbook(book)
    book.close()
    return buffer.getvalue()


def _comparison_sheet(book, comparison, title, bold, header, plain, number, decimal) -> None:
    sheet = book.add_worksheet("How we compare")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 6, 22)
    sheet.write(0, 0, "How we compare: latest Ofsted judgements", title)
    row = 1
    for source in comparison.get("sources", []):  # older packs have none
        row += 1
        sheet.write(row, 0, _text(source), plain)
    row += 1
    sheet.write_row(row, 0, ("Local authority", "Inspected", *comparison["headings"]), header)
    for record in ([comparison["own"]] if comparison["own"] else []) + comparison["neighbours"]:
        row += 1
        sheet.write(row, 0, _text(record["name"]), plain)
        sheet.write(row, 1, record["inspection_date"] or "", plain)
        sheet.write_row(row, 2, [_text(grade) for grade in record["grades"]], plain)
    row += 3
    for name, spread in (("England", comparison["england"]),
                         ("Statistical neighbours", comparison["neighbour_spread"])):  # fmt: skip
        sheet.write(row, 0, f"{name}: local authorities by grade", bold)
        row += 1
        sheet.write_row(row, 0, ("Judgement", "Grade", "Local authorities", "%"), header)
        for judgement in spread:
            for grade, count, percent in judgement["grades"]:
                row += 1
                sheet.write(row, 0, judgement["judgement"], plain)
                sheet.write(row, 1, grade, plain)
                sheet.write(row, 2, count, number)
                if percent is not None:
                    sheet.write(row, 3, percent, decimal)
            if judgement.get("note"):
                row += 1
                sheet.write(row, 0, judgement["judgement"], plain)
                sheet.write(row, 1, judgement["note"], plain)
        row += 3


PUBLISHED_SHEET = "Published comparators"
PUBLISHED_HEADINGS = (
    "National framework", "Measure", "Annex A figure", "Change since the version before",
    "Council's published figure", "Year", "England", "Year", "Region", "Region's figure", "Year",
    "Statistical neighbours (median)", "Year", "Neighbours with a figure", "Note",
)  # fmt: skip


def _published_sheet(book, headlines: list[Headline], title, header, plain, decimal) -> None:
    """Each headline measure's Annex A figure beside the council's, England's, its region's
    and its neighbours' published figures, each with its year (ending 31 March)."""
    sheet = book.add_worksheet(PUBLISHED_SHEET)
    sheet.set_column(0, 1, 40)
    sheet.set_column(2, 13, 14)
    sheet.set_column(14, 14, 50)
    sheet.write(0, 0, "Headline measures beside the DfE's published figures", title)
    sheet.write_row(2, 0, PUBLISHED_HEADINGS, header)
    for row, line in enumerate(headlines, start=3):
        element = line.element
        sheet.write(row, 0, _text(element.label if element else ""), plain)
        sheet.write(row, 1, _text(line.series.title), plain)
        if line.ours is not None:
            sheet.write(row, 2, line.ours, decimal)
        change = line.change
        sheet.write(row, 3, _text(f"{change.arrow} {change.words}".strip()), plain)
        region = line.comparison.get("region_name") or ""
        sheet.write(row, 8, _text(region), plain)
        for value_column, key in ((4, "own"), (6, "england"), (9, "region"), (11, "neighbours")):
            figure = line.comparison.get(key)
            if not figure or figure.get("value") is None:
                sheet.write(row, value_column, "Not published", plain)
                continue
            sheet.write(row, value_column, figure["value"], decimal)
            sheet.write(row, value_column + 1, _text(published.year_words(figure["year"])), plain)
            if key == "neighbours" and figure.get("count") is not None:
                sheet.write(row, 13, figure["count"])
        sheet.write(row, 14, _text(line.note), plain)


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def pack_html(context: dict) -> str:
    sections = context["sections"]
    for section in sections:
        for line in section.breakdowns:
            line.image = svg_data_uri(line.chart) if line.chart else ""
    return render_to_string("datapack/report/pack.html", context)
