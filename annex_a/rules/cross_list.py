"""Annex A rules across lists: the same child described the same way, and every open child on
the children-in-need list (``annex_a.md`` section 5.2 rules 32-33)."""

from __future__ import annotations

from ..findings import display_value
from .registry import ROW, Problem, Row, dataset_rule

# ---- Cross-list consistency (rules 32-33) --------------------------------------------------------

_SAME_EVERYWHERE = ("gender", "ethnicity", "date_of_birth")


@dataset_rule(
    "AA32Q",
    lists=range(1, 11),
    title="Same gender, ethnicity and date of birth on every list",
    source="Derived; SSDA903 rule 203 is the date-of-birth analogue. Reported once per child "
    "and column.",
)
def same_child_same_details(rows_by_list, context):
    # Per child: the first value seen for each detail, and the list and row it came from.
    first_seen: dict[str, tuple[tuple, list[tuple[int, Row] | None]]] = {}
    reported: set[tuple[str, str]] = set()
    for number in sorted(rows_by_list):
        if number == 11:
            continue
        for row in rows_by_list[number]:
            child = row.get("child_id")
            if child is None:
                continue
            details = (row.get("gender"), row.get("ethnicity"), row.get("date_of_birth"))
            seen = first_seen.get(child)
            if seen is None:
                origin = (number, row)
                first_seen[child] = (
                    details,
                    [None if value is None else origin for value in details],
                )
            elif details != seen[0]:  # the usual case, same details, costs one comparison
                yield from _differing_details(child, number, row, details, first_seen, reported)


def _differing_details(child, number, row, details, first_seen, reported):
    """Report each detail that differs from the first value given for the child; a detail
    not given before is remembered from this row."""
    first_details, origins = first_seen[child]
    merged = list(first_details)
    for position, name in enumerate(_SAME_EVERYWHERE):
        value, first_value = details[position], first_details[position]
        if value is None:
            continue
        if first_value is None:
            merged[position] = value
            origins[position] = (number, row)
            continue
        if value != first_value and (child, name) not in reported:
            reported.add((child, name))
            first_number, first_row = origins[position]
            yield Problem(
                row,
                name,
                f"Child {child} has {display_value(value)} here but "
                f"{display_value(first_value)} on List {first_number} row "
                f"{first_row[ROW]}. Use the same value on every list.",
                list_number=number,
            )
    first_seen[child] = (tuple(merged), origins)


# The case status each open involvement requires on List 6, strongest first.
_OPEN_INVOLVEMENT = (
    (8, "date_ceased_looked_after", ("a) Looked after child",), "looked after"),
    (7, "cpp_end_date", ("b) Child Protection plan",), "on a child protection plan"),
    (
        4,
        "assessment_authorised_date",
        (
            "a) Looked after child",
            "b) Child Protection plan",
            "c) Child in need plan",
            "d) Open assessment",
        ),
        "being assessed",
    ),
)


@dataset_rule(
    "AA33Q",
    lists=(4, 6, 7, 8),
    title="Open children on the children-in-need list",
    source="annex_a.md 5.2 rule 33 (cross-list consistency, 'derived, not coded anywhere'): "
    "List 6's scope says every child looked after, on a child protection plan or with an open "
    "assessment should be on List 6 with the case status that applies first. A query, since "
    "no source codes it as an error.",
)
def open_children_on_children_in_need_list(rows_by_list, context):
    if 6 not in rows_by_list:
        return  # the missing list is reported already
    status_by_child = {row["child_id"]: row for row in rows_by_list[6] if row.get("child_id")}
    placed: set[str] = set()
    for number, open_when_blank, statuses, description in _OPEN_INVOLVEMENT:
        for row in rows_by_list.get(number, ()):
            child = row.get("child_id")
            if child is None or row.get(open_when_blank) is not None or child in placed:
                continue
            placed.add(child)
            need_row = status_by_child.get(child)
            if need_row is None:
                yield Problem(
                    row,
                    "child_id",
                    f"Child {child} is {description} (open on List {number}) but is not on "
                    "List 6. Add the child's episode of need to List 6.",
                    list_number=number,
                )
            elif need_row.get("case_status") not in statuses and need_row.get("case_status"):
                yield Problem(
                    need_row,
                    "case_status",
                    f"Child {child} is {description} (List {number} row {row[ROW]}), so the case "
                    f"status should be “{statuses[0]}”, not “{need_row['case_status']}”.",
                    list_number=6,
                )
