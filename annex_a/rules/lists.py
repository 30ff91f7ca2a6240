"""Annex A rules about a whole list: one row per child or adopter, duplicates, and counts that
must agree across a child's rows (``annex_a.md`` section 5.2 rules 1-3 and 26)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import itemgetter

from .registry import ROW, Problem, Row, header, list_rule

# ---- Uniqueness and grain (5.2 rules 1-3) --------------------------------------------------------


def _repeats(rows: list[Row], key: Callable[[Row], tuple]) -> Iterator[tuple[Row, Row]]:
    first_seen: dict[tuple, Row] = {}
    for row in rows:
        value = key(row)
        if None in value:
            continue
        if value in first_seen:
            yield row, first_seen[value]
        else:
            first_seen[value] = row


@list_rule(
    "AA01",
    lists=(6, 7, 8, 9),
    title="One row per child",
    source="Template guidance: Lists 6, 7 and 8 have a single row per child (the most recent "
    "episode, plan or period of care); List 9 has one row per young person.",
)
def one_row_per_child(rows, list_spec, context):
    for row, first in _repeats(rows, lambda row: (row.get("child_id"),)):
        yield Problem(
            row,
            "child_id",
            f"Child {row['child_id']} is already on row {first[ROW]}. {list_spec.title} has one "
            "row per child: keep only the most recent one.",
        )


@list_rule(
    "AA02Q",
    lists=(1, 2, 3, 4, 5),
    title="No duplicate rows",
    source="A child may appear more than once on Lists 1-5, but not twice for the same event "
    "(the public tools' de-duplication keys).",
)
def no_duplicate_events(rows, list_spec, context):
    names = list_spec.unique_key
    key = itemgetter(*names)  # parsed rows hold every column of their list
    for row, first in _repeats(rows, key):
        yield Problem(
            row,
            names[1],
            f"This row repeats row {first[ROW]} (same child and "
            f"{', '.join(header(list_spec, n) for n in names[1:])}). Remove the duplicate.",
        )


@list_rule(
    "AA03",
    lists=(11,),
    title="One row per adopter",
    source="Template guidance, List 11: one row per adopter (a couple is two rows).",
)
def one_row_per_adopter(rows, list_spec, context):
    for row, first in _repeats(rows, lambda row: (row.get("adopter_id"),)):
        yield Problem(
            row,
            "adopter_id",
            f"Adopter {row['adopter_id']} is already on row {first[ROW]}. "
            "List 11 has one row per adopter.",
        )


# ---- Numbers (rule 26; rules 24-25 are the columns' minimums, CELL-MINIMUM) ----------------------

_SAME_FOR_EACH_CHILD = {
    3: ("referrals_last_12_months",),
    5: ("s47s_last_12_months", "icpcs_last_12_months"),
}


@list_rule(
    "AA26",
    lists=(3, 5),
    title="Twelve-month counts the same on every row of a child",
    source="Template FAQ 01/08/2019: the 'in the last 12 months' counts are counted back from "
    "the child's latest referral or section 47 and repeated on each of the child's rows.",
)
def counts_same_for_each_child(rows, list_spec, context):
    for name in _SAME_FOR_EACH_CHILD[list_spec.number]:
        first_seen: dict[str, Row] = {}
        for row in rows:
            child, value = row.get("child_id"), row.get(name)
            if child is None or value is None:
                continue
            first = first_seen.setdefault(child, row)
            if first[name] != value:
                yield Problem(
                    row,
                    name,
                    f"{header(list_spec, name)} is {value} here but {first[name]} on row "
                    f"{first[ROW]} for the same child. Give the same count on every row of "
                    "the child.",
                )


# ---- Unallocated children --------------------------------------------------------------------


@list_rule(
    "AA37Q",
    lists=(3, 4, 5, 6, 7, 8),
    title="Children with no allocated team or worker",
    source="Template guidance, Lists 3-8: Allocated Team and Allocated Worker name who holds the "
    "case; blank means the child is unallocated, which inspectors ask about, so it is counted "
    "once per list rather than refused.",
)
def unallocated_children(rows, list_spec, context):
    unallocated: dict[str, Row] = {}
    for row in rows:
        if row.get("allocated_team") is None or row.get("allocated_worker") is None:
            unallocated.setdefault(row.get("child_id") or f"row {row[ROW]}", row)
    if unallocated:
        count = len(unallocated)
        first = next(iter(unallocated.values()))
        yield Problem(
            first,
            "allocated_worker",
            f"{count:,} {'child has' if count == 1 else 'children have'} no allocated team or "
            f"worker on {list_spec.title}, the first on row {first[ROW]}. Blank means "
            "unallocated: check these children are unallocated, not missing from the extract.",
        )
