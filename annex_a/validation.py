"""Validating Annex A: every cell of every row, then every rule in ``rules`` over the rows.

Cell checks (blank, unreadable date or number, unknown code, below the minimum) have ``CELL-``
codes and sit in ``cells.py``; the rules within rows, within lists and across lists sit in the
``rules`` package, registered in ``rules.RULES``. A cell that cannot be read is kept blank and
its finding names the value as the file gave it: nothing is silently corrected.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .cells import CELL_CONTROL, NUL, NUL_MESSAGE, CellProblem, cell_parser
from .findings import ERROR, Finding, display_value
from .headers import SheetMatch
from .rules import NO, ROW, RULES, YES, Context, Problem, Row, Rule
from .spec import ListSpec

CELL_REQUIRED = "CELL-REQUIRED"
# A value that cannot be read is never guessed at: the version holds the cell blank.
KEPT_BLANK = "Until it is fixed, the version holds this cell blank."

__all__ = [
    "CELL_REQUIRED",
    "NO",
    "ROW",
    "RULES",
    "YES",
    "Context",
    "ParsedList",
    "Problem",
    "Row",
    "Rule",
    "check_rows",
    "parse_list",
]


@dataclass
class ParsedList:
    list_spec: ListSpec
    match: SheetMatch | None
    rows: list[Row]


def parse_list(
    match: SheetMatch, council_synonyms: Mapping[str, Mapping[str, str]]
) -> tuple[ParsedList, list[Finding]]:
    """Read every cell of one matched sheet into clean values, reporting each bad cell."""
    list_spec = match.list_spec
    # Bound once per list, so the loop over every cell looks nothing up.
    present = [
        (
            column.name,
            match.columns[column.name],
            cell_parser(column, council_synonyms),
            column.required,
            column,
        )
        for column in list_spec.columns
        if column.name in match.columns
    ]
    absent = [column.name for column in list_spec.columns if column.name not in match.columns]
    findings: list[Finding] = []
    rows: list[Row] = []
    sheet_name = match.sheet.name
    for row_number, cells in match.data_rows:
        if cells.count("") + cells.count(None) == len(cells):
            continue  # wholly blank rows are not data (liia-tools issue #44)
        row: Row = {ROW: row_number}
        width = len(cells)
        for name, index, parse, required, column in present:
            raw = cells[index] if index < width else None
            is_text = raw.__class__ is str
            if is_text and NUL in raw:
                raw = raw.replace(NUL, "")
                findings.append(
                    Finding(
                        rule=CELL_CONTROL,
                        severity=ERROR,
                        list_number=list_spec.number,
                        sheet=sheet_name,
                        row=row_number,
                        column=match.headers[name],
                        column_letter=match.letter(name),
                        value=display_value(raw),
                        message=NUL_MESSAGE,
                    )
                )
                required = False  # a blank left by the NUL is reported once, as the NUL
            if (not raw or raw.isspace()) if is_text else raw is None:
                row[name] = None
                if required:
                    findings.append(
                        Finding(
                            rule=CELL_REQUIRED,
                            severity=ERROR,
                            list_number=list_spec.number,
                            sheet=sheet_name,
                            row=row_number,
                            column=match.headers[name],
                            column_letter=match.letter(name),
                            message=f"{column.header.strip()} is blank. It must be filled in "
                            "for every row.",
                        )
                    )
                continue
            try:
                row[name] = parse(raw)
            except CellProblem as problem:
                row[name] = None
                findings.append(
                    Finding(
                        rule=problem.rule,
                        severity=ERROR,
                        list_number=list_spec.number,
                        sheet=sheet_name,
                        row=row_number,
                        column=match.headers[name],
                        column_letter=match.letter(name),
                        value=display_value(raw),
                        message=f"{problem.message} {KEPT_BLANK}",
                        code_set=column.code_set.key if column.code_set else "",
                    )
                )
        for name in absent:
            row[name] = None
        rows.append(row)
    return ParsedList(list_spec=list_spec, match=match, rows=rows), findings


def _finding(rule: Rule, parsed: ParsedList, problem: Problem) -> Finding:
    list_spec = parsed.list_spec
    match = parsed.match
    column = problem.column
    header = (
        match.headers.get(column) if match and column in match.headers else None
    ) or list_spec.column(column).header.strip()
    return Finding(
        rule=rule.code,
        severity=rule.severity,
        list_number=list_spec.number,
        sheet=match.sheet.name if match else "",
        row=problem.row.get(ROW),
        column=header,
        column_letter=match.letter(column) if match else "",
        value=display_value(problem.row.get(column)),
        message=problem.message,
    )


def check_rows(parsed_lists: Mapping[int, ParsedList], context: Context) -> list[Finding]:
    """Run every row, list and dataset rule over the parsed lists."""
    findings: list[Finding] = []
    rules_by_scope = defaultdict(list)
    for rule in RULES.values():
        rules_by_scope[rule.scope].append(rule)
    for number, parsed in parsed_lists.items():
        row_checks = [(rule, rule.check) for rule in rules_by_scope["row"] if number in rule.lists]
        list_spec = parsed.list_spec
        for row in parsed.rows:
            for rule, check in row_checks:
                for column, message in check(row, list_spec, context):
                    findings.append(_finding(rule, parsed, Problem(row, column, message)))
        for rule in rules_by_scope["list"]:
            if number in rule.lists:
                for problem in rule.check(parsed.rows, list_spec, context):
                    findings.append(_finding(rule, parsed, problem))
    rows_by_list = {number: parsed.rows for number, parsed in parsed_lists.items()}
    for rule in rules_by_scope["dataset"]:
        for problem in rule.check(rows_by_list, context):
            findings.append(_finding(rule, parsed_lists[problem.list_number], problem))
    return findings
