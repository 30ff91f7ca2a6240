"""What validation reports: one finding per problem, pointing at the cell the admin must fix."""

from __future__ import annotations

from dataclasses import dataclass

from inspection_readiness.spreadsheets import neutralise_formula

ERROR = "error"
WARNING = "warning"
SEVERITY_CHOICES = ((ERROR, "Error"), (WARNING, "Warning"))


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``row`` is the row number in the source sheet (or CSV line) as the admin sees
    it; ``column`` is the header as the admin's file spells it; ``code_set`` is set when the
    value could be mapped to an Ofsted code from now on."""

    rule: str
    severity: str
    message: str
    list_number: int | None = None
    sheet: str = ""
    row: int | None = None
    column: str = ""
    column_letter: str = ""
    value: str = ""
    code_set: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def display_value(value: object) -> str:
    """A cell value as text for a finding: dates as dd/mm/yyyy, numbers without ``.0``."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:500]


REPORT_COLUMNS = ("list", "row", "column", "value", "rule", "severity", "message")


def report_row(finding) -> list:
    """A finding (found now, or stored) as a row of the findings report, formula-safe."""
    return [
        neutralise_formula(value)
        for value in (
            finding.list_number or "",
            finding.row or "",
            finding.column,
            finding.value,
            finding.rule,
            finding.severity,
            finding.message,
        )
    ]
