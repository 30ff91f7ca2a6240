"""Reading and checking a whole Annex A file, without touching the database.

``read_and_check`` reads every sheet, identifies the lists, parses every cell and runs every
rule, and returns the clean rows with every finding. It is two steps, ``read_and_parse`` then
``check_rules``, so that ``services.run_import`` can send the rows to the database while the
rules run. Storing them is ``services.run_import``'s job.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .findings import ERROR, WARNING, Finding
from .headers import SheetMatch, match_sheets
from .layouts import file_template
from .reading import stream_source
from .spec import SPEC_2023, SPEC_RECOGNISED, AnnexASpec, load_spec
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
    # The template each list's headers follow (None where its columns are the same in both).
    templates: dict[int, str | None] = field(default_factory=dict)

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
                "template": self.templates.get(number),
            }
        return counts


def read_and_parse(
    path: Path,
    original_name: str,
    *,
    as_at: date,
    spec_version: str,
    council_synonyms: Mapping[str, Mapping[str, str]] | None = None,
    size_limit: int = 50 * 1024 * 1024,
    report: Progress = _quiet,
) -> ImportOutcome:
    """Read ``path``, identify its lists and parse every cell; the outcome's findings are the
    file's and the cells' problems so far. ``spec_version`` may be ``SPEC_RECOGNISED``: each
    list is then read as the template its headers follow, and the outcome's spec is the one
    the version is kept in (``layouts.file_template``). Raises ``reading.UnreadableFile``."""
    recognise = spec_version == SPEC_RECOGNISED
    spec = load_spec(SPEC_2023 if recognise else spec_version)
    report(5, "Reading the file.")
    sheets = stream_source(path, original_name, size_limit=size_limit)
    parsed: dict[int, ParsedList] = {}
    cell_findings: list[Finding] = []
    synonyms = council_synonyms or {}

    def parse(match: SheetMatch) -> None:
        number = match.list_spec.number
        parsed[number], found = parse_list(match, synonyms)
        cell_findings.extend(found)
        # The raw cells are no longer needed once parsed; keep only the rows down to the header.
        match.sheet.rows = match.sheet.rows[: match.header_position + 1]
        report(
            5 + 6 * len(parsed),
            f"Checked every cell of {match.list_spec.title} ({len(parsed[number].rows):,} rows).",
        )

    matches, findings = match_sheets(sheets, spec, on_match=parse, recognise=recognise)
    findings.extend(cell_findings)
    parsed = dict(sorted(parsed.items()))
    templates = {number: match.template for number, match in sorted(matches.items())}
    if recognise:
        spec = load_spec(file_template(templates))
    return ImportOutcome(
        spec=spec,
        templates=templates,
        as_at=as_at,
        parsed=parsed,
        findings=findings,
        sheet_names={number: match.sheet.name for number, match in matches.items()},
    )


def structural_problem(outcome: ImportOutcome) -> str | None:
    """Why the file's rows would mean nothing as a version, or ``None``. Only two things stop an
    import: no list identified at all, or a list without its identifying column (Child Unique
    ID, or List 11's adopter identifier), whose rows could not be told apart. Everything else
    is a finding on a version."""
    if not outcome.parsed:
        return (
            "No Annex A list was found in the file, so nothing was imported. Each list needs its "
            "headers in row 1, or in row 2 under the list's title, spelt as in Ofsted's template."
        )
    for parsed in outcome.parsed.values():
        id_column = parsed.list_spec.id_column
        if parsed.match is not None and id_column.name not in parsed.match.columns:
            return (
                f"{parsed.list_spec.title} (sheet “{parsed.match.sheet.name}”) has no "
                f"“{id_column.header.strip()}” column, so its rows cannot be told apart and "
                "nothing was imported. Add the column and upload the file again."
            )
    return None


def check_rules(outcome: ImportOutcome) -> ImportOutcome:
    """Run the rules within and across lists over a parsed file, adding their findings."""
    context = Context(
        spec=outcome.spec, as_at=outcome.as_at, lists_present=frozenset(outcome.parsed)
    )
    outcome.findings.extend(check_rows(outcome.parsed, context))
    outcome.findings.sort(key=lambda f: (f.list_number or 0, f.row or 0, f.column_letter, f.rule))
    return outcome


def read_and_check(path: Path, original_name: str, **options) -> ImportOutcome:
    """Read, parse and check ``path`` completely (``read_and_parse``'s options)."""
    report = options.get("report", _quiet)
    with cyclic_gc_paused():
        outcome = read_and_parse(path, original_name, **options)
        report(72, "Checking the rules within and across lists.")
        return check_rules(outcome)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a whole import. An import makes millions of
    small lists, dicts and tuples that all live until it ends, and none forms a cycle; the
    collector would walk them again and again for nothing (a third of the time at 300,000 rows,
    measured with bench/annex_a.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
