"""The shape every Annex A rule shares, the one index of rules, and the helpers rules reuse.

Rule codes follow ``annex_a.md`` section 5.2: ``AA10`` is rule 10 there; rules the guidance
implies beyond that list take the next numbers (``AA37Q`` onwards). A code ending in ``Q`` is a
query (a warning, the DfE validators' convention); any other code is an error. Neither stops a
file becoming a version: a version holds the data as it is, with its findings, and says whether
it is ready. Each rule's docstring says what the guidance asks and where it comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from ..findings import ERROR, WARNING
from ..periods import months_before
from ..spec import AnnexASpec, ListSpec

ROW = "_row"  # key of the source row number in a parsed row
YES = "a) Yes"
NO = "b) No"

Row = dict


@dataclass
class Context:
    """What every rule may need besides the rows: the as-at date and the lists present."""

    spec: AnnexASpec
    as_at: date
    lists_present: frozenset[int] = frozenset()

    # Cached: row rules ask for these once per row.
    @cached_property
    def six_months_ago(self) -> date:
        return months_before(self.as_at, 6)

    @cached_property
    def twelve_months_ago(self) -> date:
        return months_before(self.as_at, 12)


@dataclass(frozen=True)
class Problem:
    row: Row
    column: str
    message: str
    list_number: int | None = None  # set by dataset rules; list rules know their list


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    lists: tuple[int, ...]
    source: str
    scope: str  # "row", "list" or "dataset"
    check: Callable = field(repr=False)


RULES: dict[str, Rule] = {}


def _register(scope: str, code: str, *, lists: Iterable[int], title: str, source: str):
    severity = WARNING if code.endswith("Q") else ERROR

    def decorator(check: Callable) -> Callable:
        if code in RULES:
            raise ValueError(f"Rule {code} is defined twice")
        RULES[code] = Rule(code, severity, title, tuple(lists), source, scope, check)
        return check

    return decorator


def row_rule(code: str, **kwargs):
    """A rule about one row: ``check(row, list_spec, context)`` yields (column, message)."""
    return _register("row", code, **kwargs)


def list_rule(code: str, **kwargs):
    """A rule about a whole list: ``check(rows, list_spec, context)`` yields ``Problem``."""
    return _register("list", code, **kwargs)


def dataset_rule(code: str, **kwargs):
    """A rule across lists: ``check(rows_by_list, context)`` yields ``Problem`` with a list."""
    return _register("dataset", code, **kwargs)


def when(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def header(list_spec: ListSpec, name: str) -> str:
    return list_spec.column(name).header.strip()


def is_unborn(row: Row, context: Context) -> bool:
    born = row.get("date_of_birth")
    return row.get("age") == -1 or (born is not None and born > context.as_at)


def date_chain(row: Row, list_spec: ListSpec, names: Iterable[str], *, strict: bool = False):
    """Yield a problem for each date that comes before the date given earlier in ``names``."""
    previous: tuple[str, date] | None = None
    for name in names:
        value = row.get(name)
        if value is None:
            continue
        if previous is not None:
            earlier_name, earlier = previous
            if value < earlier or (strict and value == earlier):
                relation = "on or before" if strict else "before"
                yield (
                    name,
                    f"{header(list_spec, name)} ({when(value)}) is {relation} "
                    f"{header(list_spec, earlier_name)} ({when(earlier)}). "
                    "Check both dates: one of them is wrong.",
                )
        previous = (name, value)


def both_or_neither(row: Row, list_spec: ListSpec, first: str, second: str):
    has_first, has_second = row.get(first) is not None, row.get(second) is not None
    if has_first and not has_second:
        yield (
            second,
            f"{header(list_spec, second)} is blank but {header(list_spec, first)} is filled "
            "in. Give both, or neither.",
        )
    elif has_second and not has_first:
        yield (
            second,
            f"{header(list_spec, second)} is filled in but {header(list_spec, first)} is "
            "blank. Give both, or neither.",
        )
