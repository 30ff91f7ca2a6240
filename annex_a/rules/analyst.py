"""The queries an analyst runs first on a new Annex A (issue 14, item 3): rows that are allowed
but unlikely, each a warning to check rather than an error. Sources are
``../shared/reference/annex_a.md`` (its sections and the DfE validators it quotes) and
``annex_a_lists.yaml``."""

from __future__ import annotations

from collections import defaultdict

from inspection_readiness.spreadsheets import FORMULA_TRIGGERS

from ..periods import age_on, months_before
from ..spec import ID, STRING, ListSpec
from .answers import short_code
from .registry import ROW, Problem, Row, header, list_rule, row_rule, when


def _age(row: Row, context) -> int | None:
    """The child's age on the as-at date: from the date of birth when given (the age column is
    checked against it by AA27Q), otherwise the age column."""
    born = row.get("date_of_birth")
    if born is not None:
        return age_on(born, context.as_at)
    return row.get("age")


@row_rule(
    "AA40Q",
    lists=(8,),
    title="Aged 18 or over and still in care",
    source="annex_a.md List 8: children in care at the point of inspection, and SSDA903 rule "
    "352 (a child is under 18 when looked after); care ends at 18, so a child of 18 or over "
    "with no date ceased is usually a care leaver (List 9) or a missing end date.",
)
def eighteen_or_over_still_in_care(row, list_spec, context):
    if row.get("date_ceased_looked_after") is not None:
        return
    age = _age(row, context)
    if age is not None and age >= 18:
        yield (
            "date_ceased_looked_after",
            f"The child is {age} on the as-at date ({when(context.as_at)}) but has no date "
            "ceased to be looked after. Care ends at 18: give the date care ended, or check the "
            "date of birth.",
        )


CARE_LEAVER_AGES = (16, 25)


@row_rule(
    "AA41Q",
    lists=(9,),
    title="Care leaver aged 16 to 25",
    source="annex_a.md List 9: relevant, former relevant and qualifying care leavers and "
    "eligible children (Children Act 1989 ss.19B, 23A-24), who are 16 to 25.",
)
def care_leaver_age(row, list_spec, context):
    age = _age(row, context)
    youngest, oldest = CARE_LEAVER_AGES
    if age is not None and not youngest <= age <= oldest:
        yield (
            "age",
            f"The young person is {age} on the as-at date ({when(context.as_at)}). List 9 is for "
            f"young people aged {youngest} to {oldest}: check the date of birth, or whether they "
            "belong on this list.",
        )


SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})


@row_rule(
    "AA42Q",
    lists=(8,),
    title="Short-break legal status",
    source="annex_a_lists.yaml legal_status_grouped_by_ofsted: Ofsted's Codes_used puts V3 and "
    "V4 under zzCodeError; children on short breaks only are not in DfE's children-in-care "
    "figures.",
)
def short_break_legal_status(row, list_spec, context):
    status = row.get("legal_status")
    if status is not None and short_code(status) in SHORT_BREAK_STATUSES:
        yield (
            "legal_status",
            f"“{status}” is a short-break legal status. Ofsted treats it as a code error and "
            "DfE does not count short breaks as being in care: check whether the child belongs "
            "on List 8.",
        )


def _closure_code(value: str) -> str:
    """``RC8`` for ``RC8 - Case closed after assessment, no further action``."""
    return value.split("-", 1)[0].split(":", 1)[0].strip().upper()


@row_rule(
    "AA43Q",
    lists=(6,),
    title="Closed after assessment with no further action",
    source="annex_a.md List 6, Reason for Closure: RC8 is 'included for completeness' "
    "(FAQ 01/08/2019) and is not needed in List 6.",
)
def closed_after_assessment(row, list_spec, context):
    reason = row.get("reason_for_closure")
    if reason is not None and _closure_code(reason) == "RC8":
        yield (
            "reason_for_closure",
            "The episode closed after assessment with no further action (RC8). Ofsted's FAQ "
            "says these children are not needed on List 6: check whether to keep the row.",
        )


# (list, date column, count column, column dating the latest event the count goes back from)
_TWELVE_MONTH_COUNTS = (
    (3, "referral_date", "referrals_last_12_months", "referral_date"),
    (5, "strategy_discussion_date", "s47s_last_12_months", "strategy_discussion_date"),
    (5, "icpc_date", "icpcs_last_12_months", "strategy_discussion_date"),
)


@list_rule(
    "AA44Q",
    lists=(3, 5),
    title="Twelve-month count below the child's listed events",
    source="annex_a.md Lists 3 and 5 and FAQ 01/08/2019: the 'in the last 12 months' counts "
    "are the child's earlier referrals, s47s or ICPCs in the 12 months before their latest "
    "referral or s47, so they cannot be fewer than the earlier ones the list itself shows.",
)
def count_below_listed_events(rows, list_spec, context):
    by_child: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("child_id") is not None:
            by_child[row["child_id"]].append(row)
    for number, event_name, count_name, anchor_name in _TWELVE_MONTH_COUNTS:
        if number != list_spec.number:
            continue
        for child_rows in by_child.values():
            anchored = [row for row in child_rows if row.get(anchor_name) is not None]
            if not anchored:
                continue
            latest_row = max(anchored, key=lambda row: (row[anchor_name], row[ROW]))
            latest = latest_row[anchor_name]
            count = latest_row.get(count_name)
            if count is None:
                continue
            since = months_before(latest, 12)
            # Only events of the child's earlier rows count: the latest row's own ICPC follows
            # the latest s47, whatever date it is given.
            earlier = sum(
                1
                for row in anchored
                if row[anchor_name] < latest
                and row.get(event_name) is not None
                and since <= row[event_name] < latest
            )
            if count < earlier:
                yield Problem(
                    latest_row,
                    count_name,
                    f"{header(list_spec, count_name)} is {count}, but this list shows "
                    f"{earlier} of the child's {header(list_spec, event_name)} in the 12 months "
                    f"before their latest ({when(latest)}). The count cannot be smaller: check "
                    "it.",
                )


_FREE_TEXT: dict[int, tuple[ListSpec, tuple[str, ...]]] = {}


def _free_text_columns(list_spec: ListSpec) -> tuple[str, ...]:
    """The list's free-text columns, worked out once per list (the rule runs on every row)."""
    known = _FREE_TEXT.get(id(list_spec))
    if known is None or known[0] is not list_spec:
        names = tuple(column.name for column in list_spec.columns if column.type in (ID, STRING))
        known = _FREE_TEXT[id(list_spec)] = (list_spec, names)
    return known[1]


_FIRST = {"\t": "a tab", "\r": "a line break"}


@list_rule(
    "AA45Q",
    lists=range(1, 12),
    title="Text that a spreadsheet could run as a formula",
    source="OWASP, CSV injection: a cell beginning with =, +, -, @, a tab or a carriage return "
    "can be run as a formula when the list is opened; the service's exports neutralise it "
    "(inspection_readiness/spreadsheets.py), but the council's own copy does not.",
)
def formula_like_text(rows, list_spec, context):
    # A list rule, not a row rule: it looks at a few columns of every row of every list.
    for name in _free_text_columns(list_spec):
        column_header = header(list_spec, name)
        for row in rows:
            value = row.get(name)
            if value.__class__ is str and value.startswith(FORMULA_TRIGGERS):
                first = _FIRST.get(value[0], f"“{value[0]}”")
                yield Problem(
                    row,
                    name,
                    f"{column_header} begins with {first}, so a spreadsheet could run it as a "
                    "formula. Check the value in the case-management system; the service stores "
                    "and exports it as text.",
                )
