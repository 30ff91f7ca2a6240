"""Reading and checking a whole Annex A file, without touching the database.

``read_and_check`` is the one entry point for the web import, the command line and the
benchmarks: it reads every sheet, identifies the lists, parses every cell and runs every rule,
and returns the clean rows with every finding. Storing them is ``services.run_import``'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .findings import ERROR, WARNING, Finding
from .headers import match_sheets
from .reading import read_source
from .spec import AnnexASpec, load_spec
from .validation import Context, ParsedList, check_rows, parse_list

Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str) -> None:
    pass


@dataclass
class ImportOutcome:
    spec: AnnexASpec
    as_at: date
    parsed: dict[int, ParsedList]
    findings: list[Finding]
    sheet_names: dict[int, str] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == ERROR)

    @property
    def warning_count(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == WARNING)

    @property
    def has_errors(self) -> bool:
        return any(finding.severity == ERROR for finding in self.findings)

    @property
    def row_count(self) -> int:
        return sum(len(parsed.rows) for parsed in self.parsed.values())

    def counts_by_list(self) -> dict[int, dict[str, int]]:
        """Rows, errors and warnings for each list (0 holds findings about the whole file)."""
        tally = Counter((finding.list_number or 0, finding.severity) for finding in self.findings)
        counts = {}
        for number in [0] + [list_spec.number for list_spec in self.spec.lists]:
            parsed = self.parsed.get(number)
            counts[number] = {
                "rows": len(parsed.rows) if parsed else 0,
                "errors": tally[(number, ERROR)],
                "warnings": tally[(number, WARNING)],
                "found": number in self.parsed,
            }
        return counts


def read_and_check(
    path: Path,
    original_name: str,
    *,
    as_at: date,
    spec_version: str,
    council_synonyms: Mapping[str, Mapping[str, str]] | None = None,
    size_limit: int = 50 * 1024 * 1024,
    report: Progress = _quiet,
) -> ImportOutcome:
    """Read ``path`` and check it all. Raises ``reading.UnreadableFile`` if it cannot be read."""
    spec = load_spec(spec_version)
    report(5, "Reading the file.")
    sheets = read_source(path, original_name, size_limit=size_limit)
    report(30, f"Read {len(sheets)} sheet(s). Identifying the lists by their headers.")
    matches, findings = match_sheets(sheets, spec)
    parsed: dict[int, ParsedList] = {}
    synonyms = council_synonyms or {}
    for position, (number, match) in enumerate(sorted(matches.items()), start=1):
        parsed[number], cell_findings = parse_list(match, synonyms)
        findings.extend(cell_findings)
        report(
            30 + 40 * position // max(1, len(matches)),
            f"Checked every cell of {match.list_spec.title} ({len(parsed[number].rows):,} rows).",
        )
    report(72, "Checking the rules within and across lists.")
    context = Context(spec=spec, as_at=as_at, lists_present=frozenset(parsed))
    findings.extend(check_rows(parsed, context))
    findings.sort(key=lambda f: (f.list_number or 0, f.row or 0, f.column_letter, f.rule))
    return ImportOutcome(
        spec=spec,
        as_at=as_at,
        parsed=parsed,
        findings=findings,
        sheet_names={number: match.sheet.name for number, match in matches.items()},
    )
