"""The parts every measure is made of: areas, the ``Measure`` and ``Breakdown`` shapes, the
timescales, and the small masks and categories the definitions are built from.

A ``Measure`` names the rows it counts (``selected``) within the rows it is out of (``cohort``),
in words and as a vectorised mask over one list's DataFrame (``frames.py``), so the same
definition gives the number, the change since the previous version and the children behind the
count (the drill-down). A ``Breakdown`` splits a cohort into categories the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from annex_a.spec import load_spec
from frameworks import national_framework
from frameworks.national_framework import Element
from inspection_readiness.children import (
    LONG_TERM_PLACEMENT_CODES,
    next_care_visit_due,
)

from ..frames import (
    NOT_RECORDED,
    Lists,
    working_days_between,
)

Mask = Callable[[pd.DataFrame, Lists], pd.Series]
Categorise = Callable[[pd.DataFrame, Lists], pd.Series]

YES, NO = "a) Yes", "b) No"
SUITABLE = "a) Suitable"
NOT_IN_EDUCATION_EMPLOYMENT_OR_TRAINING = ("G4", "G5", "G6")  # Ofsted's "Group 2" (S7)

COUNT, PERCENT, AVERAGE = "count", "percent", "average"
ROWS, CHILDREN = "rows", "children"
PER_10000 = 10_000
# How a rate per 10,000 is made. Published rates are for a year (flows) or on 31 March (stocks):
# a six-month count is doubled to a year, so a page never shows six-month and yearly rates
# side by side, and each rate says which it is.
AT_AS_AT, A_YEAR = "at the as-at date", "a year"
MONTHS_IN_ANNEX_A_PERIOD = 6

# Timescales, each from the rule it comes from.
ASSESSMENT_WORKING_DAYS = 45  # Working Together 2018: assessments within 45 working days
ICPC_WORKING_DAYS = 15  # Working Together 2018: ICPC within 15 working days of the strategy
# Visiting standards: the service's one definition (inspection_readiness.children). Visits to
# children on a plan follow the council's own standard, read from its practice settings when the
# pack is built (``Lists.cp_visit_working_days``); visits to children in care, regulation 28.
CP_VISIT_STANDARD = "cp_visit_working_days"  # its key in a pack's stored ``standards``
# The last published adoption scorecard thresholds (DfE, Adoption scorecards 2016-2019):
ADOPTION_DAYS = 426  # A1 and A10: entering care to moving in with the adoptive family, 14 months
PLACEMENT_ORDER_TO_MATCH_DAYS = 121  # A2: placement order to match, about 4 months
# SSDA903 legal statuses of an agreed series of short-term breaks. DfE's children looked after
# figures leave them out ("Children looked after in England", methodology); so does the pack.
SHORT_BREAK_STATUSES = ("V3", "V4")
# Placed for adoption with their current foster carers (SSDA903 placement codes), whom DfE's
# long-term stability measure treats as not having moved.
ADOPTION_WITH_OWN_FOSTER_CARERS = ("A3", "A5")


# The National Framework outcome or enabler each measure serves (frameworks/national_framework.py
# codes). Each measure the DfE's dashboard "Children's social care: outcomes and enablers" shows
# sits where the dashboard groups it (its summary_page_metadata.csv), said in a comment beside
# it; the rest sit with the nearest of those. The dashboard numbers the outcomes its own way:
# its "Outcome 2" (safe) is the framework's outcome 3, and its "Outcome 3" (family network) the
# framework's outcome 2; the pack uses the framework's numbers, as Ofsted's reports cite them.
OUTCOME_1, OUTCOME_2, OUTCOME_3, OUTCOME_4 = "outcome-1", "outcome-2", "outcome-3", "outcome-4"
ENABLER_1, ENABLER_2, ENABLER_3 = "enabler-1", "enabler-2", "enabler-3"


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    lists: tuple[int, ...]
    sheet: str  # a worksheet name: 31 characters at most

    @property
    def list_words(self) -> str:
        return " and ".join(f"List {number}" for number in self.lists)


AREAS = (
    Area("contacts", "Contacts and early help", (1, 2), "Contacts and early help"),
    Area("referrals", "Referrals", (3,), "Referrals"),
    Area("assessments", "Assessments", (4,), "Assessments"),
    Area("section-47", "Section 47 enquiries and conferences", (5,), "Section 47 and conferences"),
    Area("children-in-need", "Children in need", (6,), "Children in need"),
    Area("child-protection", "Child protection", (7,), "Child protection"),
    Area("children-in-care", "Children in care", (8,), "Children in care"),
    Area("care-leavers", "Care leavers", (9,), "Care leavers"),
    Area("adoption", "Adoption", (10, 11), "Adoption"),
)
AREAS_BY_KEY = {area.key: area for area in AREAS}


@dataclass(frozen=True, kw_only=True)
class Measure:
    key: str
    area: str
    name: str
    definition: str
    list_number: int
    numerator: str
    selected: Mask
    denominator: str = ""
    cohort: Mask | None = None
    kind: str = COUNT
    per: str = ROWS
    # A rate per 10,000 children: AT_AS_AT for a count of children at the as-at date, A_YEAR for
    # a six-month count doubled to a year; "" for no rate.
    rate: str = ""
    average_of: Callable[[pd.DataFrame, Lists], pd.Series] | None = None
    dates: tuple[str, ...] = ()
    source: str = ""  # where the definition comes from, shown on the measure's page
    footnote: str = ""  # what Annex A cannot tell, said plainly beside the figure
    comparator: str = ""  # the key of the DfE published series it stands beside (comparators)
    compare_rate: bool = False  # compare the rate per 10,000 rather than the value
    framework: str = ""  # the National Framework outcome or enabler, e.g. OUTCOME_1
    # The council's own standard it counts against (a key of ``standards`` in a pack's results),
    # stated beside the figure; "" for a measure whose rule is national.
    standard: str = ""

    @property
    def framework_element(self) -> Element | None:
        return national_framework.by_code().get(self.framework)

    @property
    def with_rate(self) -> bool:
        return bool(self.rate)

    @property
    def rate_words(self) -> str:
        return f"per 10,000 children {self.rate}" if self.rate else ""

    @property
    def six_months(self) -> bool:
        """A count or share of what happened in Annex A's six months (Lists 1 to 7), which a
        full year's published figure only roughly matches."""
        return self.list_number <= 7 and self.rate != AT_AS_AT and self.kind != COUNT

    def formatted(self, value: float | None) -> str:
        if value is None:
            return "No figure"
        if self.kind == PERCENT:
            return f"{value:.1f}%"
        if self.kind == AVERAGE:
            return f"{value:,.1f} days"
        return f"{value:,.0f}"


@dataclass(frozen=True, kw_only=True)
class Breakdown:
    key: str
    area: str
    title: str
    list_number: int
    cohort_words: str
    cohort: Mask
    categorise: Categorise
    order: tuple[str, ...] = ()
    per: str = ROWS
    dates: tuple[str, ...] = ()
    demographic: bool = False  # age, ethnicity or gender of an area's cohort
    # For categories that follow the council's own standard: the order, from the lists.
    order_for: Callable[[Lists], tuple[str, ...]] | None = None

    def ordered(self, lists: Lists) -> tuple[str, ...]:
        return self.order_for(lists) if self.order_for else self.order


@dataclass(frozen=True)
class Value:
    """A measure's result. ``value`` is the count, the percentage, or the average."""

    value: float | None
    numerator: int
    denominator: int | None = None
    rate: float | None = None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
        }


# ---- Small building blocks --------------------------------------------------------------------


def everyone(df: pd.DataFrame, lists: Lists) -> pd.Series:
    return pd.Series(True, index=df.index)


def in_last_six_months(column: str) -> Mask:
    return lambda df, lists: lists.period.in_last_six_months(df[column])


def in_last_twelve_months(column: str) -> Mask:
    return lambda df, lists: lists.period.in_last_twelve_months(df[column])


def is_blank(column: str) -> Mask:
    return lambda df, lists: df[column].isna()


def is_present(column: str) -> Mask:
    return lambda df, lists: df[column].notna()


def equals(column: str, value: str) -> Mask:
    return lambda df, lists: df[column] == value


def at_least(column: str, number: int) -> Mask:
    return lambda df, lists: df[column] >= number


def both(*masks: Mask) -> Mask:
    def combined(df: pd.DataFrame, lists: Lists) -> pd.Series:
        result = pd.Series(True, index=df.index)
        for mask in masks:
            result &= mask(df, lists).fillna(False).astype(bool)
        return result

    return combined


def on_list(number: int, when: Mask = everyone) -> Mask:
    """The row's child also appears on list ``number`` (in the rows ``when`` selects)."""

    def mask(df: pd.DataFrame, lists: Lists) -> pd.Series:
        other = lists[number]
        ids = other.loc[when(other, lists).fillna(False).astype(bool), "child_id"]
        return df["child_id"].isin(set(ids))

    return mask


def aged(band_column: str, *bands: str) -> Mask:
    """In one of ``bands``: a whole band, never an open-ended OR of ages (section 6 bug 3)."""
    return lambda df, lists: df[band_column].isin(bands)


def days_between(start: str, end: str) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    return lambda df, lists: (df[end] - df[start]).dt.days


def working_days(start: str, end: str | None = None) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    """Working days from ``start`` to ``end`` (or to the as-at date), from the one module."""

    def count(df: pd.DataFrame, lists: Lists) -> pd.Series:
        finish = (
            df[end]
            if end
            else pd.Series(lists.period.as_at_ts, index=df.index, dtype="datetime64[ns]")
        )
        return working_days_between(df[start], finish)

    return count


def within(counter: Callable, limit: int) -> Mask:
    return lambda df, lists: counter(df, lists) <= limit


def on_or_after_months_before(column: str, months: int) -> Mask:
    return lambda df, lists: df[column] >= lists.period.months_ago(months)


def health_assessment_in_time(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """Within six months for a child under 5, twelve months for a child of 5 or over (Promoting
    the health and well-being of looked-after children, 2015). S7 used six months for both."""
    six, twelve = lists.period.months_ago(6), lists.period.months_ago(12)
    due_since = pd.Series(twelve, index=df.index).where(df["age_years"] >= 5, six)
    return df["last_health_assessment_date"] >= due_since


def standard_words(standard: str, value: int) -> str:
    """The council's standard as the pack states it beside the figure."""
    if standard == CP_VISIT_STANDARD:
        return f"The council's standard: {value} working days"
    return ""


def cp_visit_within_standard(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """The last statutory visit was no more working days before the as-at date than the
    council's standard (a visit on the as-at date is 0 working days before it)."""
    since = working_days("last_statutory_visit_date")(df, lists)
    return since <= lists.cp_visit_working_days


def cp_visit_bins(standard: int) -> tuple[list[float], tuple[str, ...]]:
    """Working days since the last visit in steps of the council's standard."""
    return (
        [0, standard + 1, 2 * standard + 1, 3 * standard + 1],
        (
            f"Within {standard} working days",
            f"{standard + 1} to {2 * standard}",
            f"{2 * standard + 1} to {3 * standard}",
            f"Over {3 * standard} working days",
        ),
    )


def care_visit_on_time(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """Regulation 28, by ``inspection_readiness.children.next_care_visit_due``: the child's
    next visit is not yet overdue, that is, it is due on or after the as-at date. The placement
    is long-term (three-monthly visits after its first year) for U1 and U4 foster placements.
    Without a placement start date the last visit starts the six weeks; with neither date,
    nothing shows a visit, so it is not on time."""
    as_at = lists.period.as_at
    long_term = code_prefix("placement_type")(df, lists).isin(LONG_TERM_PLACEMENT_CODES)
    on_time = []
    for start, last, long in zip(
        df["placement_start_date"], df["last_social_work_visit_date"], long_term, strict=True
    ):
        last_visit = None if pd.isna(last) else last.date()
        placement_start = last_visit if pd.isna(start) else start.date()
        if placement_start is None:
            on_time.append(False)
            continue
        due = next_care_visit_due(
            placement_start=placement_start, last_visit=last_visit, long_term=bool(long)
        )
        on_time.append(due >= as_at)
    return pd.Series(on_time, index=df.index, dtype=bool)


def in_care_at_least(months: int) -> Mask:
    return lambda df, lists: df["date_started_looked_after"] <= lists.period.months_ago(months)


def plan_lasted_two_years(df: pd.DataFrame, lists: Lists) -> pd.Series:
    return df["cpp_start_date"] + pd.DateOffset(years=2) <= df["cpp_end_date"]


def in_education_employment_or_training(df: pd.DataFrame, lists: Lists) -> pd.Series:
    code = df["activity_status"].astype("object").str[:2]
    return df["activity_status"].notna() & ~code.isin(NOT_IN_EDUCATION_EMPLOYMENT_OR_TRAINING)


# ---- Categories for breakdowns ----------------------------------------------------------------


def _without_prefix(value: str) -> str:
    """``a) 1A: Individual`` reads as ``1A: Individual``; the letter only orders Ofsted's tools."""
    head, separator, rest = value.partition(") ")
    return rest if separator and len(head) <= 2 else value


@cache
def code_order(list_number: int, column: str) -> tuple[str, ...]:
    code_set = load_spec("2023").list(list_number).column(column).code_set
    return (*dict.fromkeys(_without_prefix(code) for code in code_set.codes), NOT_RECORDED)


def code_label(column: str) -> Categorise:
    def categorise(df: pd.DataFrame, lists: Lists) -> pd.Series:
        values = df[column].astype("object")
        labels = values.map(_without_prefix, na_action="ignore").astype("object")
        return labels.fillna(NOT_RECORDED)

    return categorise


def binned(
    counter: Callable, edges: list[float], labels: tuple[str, ...], missing: str = NOT_RECORDED
) -> Categorise:
    """Cut a number of days into labelled bins; each edge is the first value of its bin."""

    def categorise(df: pd.DataFrame, lists: Lists) -> pd.Series:
        values = counter(df, lists)
        cut = pd.cut(values, [*edges, np.inf], right=False, labels=labels)
        return cut.astype("object").where(cut.notna(), missing)

    return categorise


def capped_count(column: str, top: int) -> Categorise:
    """0, 1, 2 … ``top`` or more."""

    def categorise(df: pd.DataFrame, lists: Lists) -> pd.Series:
        values = df[column]
        labels = values.clip(upper=top).map(
            lambda n: f"{int(n)} or more" if n >= top else str(int(n)), na_action="ignore"
        )
        return labels.astype("object").fillna(NOT_RECORDED)

    return categorise


def capped_order(first: int, top: int) -> tuple[str, ...]:
    return (*(str(n) for n in range(first, top)), f"{top} or more", NOT_RECORDED)


def code_prefix(column: str) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    """The SSDA903 code at the start of a value (``V3`` of ``V3: Short term breaks...``)."""

    def code(df: pd.DataFrame, lists: Lists) -> pd.Series:
        values = df[column].astype("object").map(_without_prefix, na_action="ignore")
        return values.astype("object").str[:2]

    return code


def on_short_breaks(df: pd.DataFrame, lists: Lists) -> pd.Series:
    return code_prefix("legal_status")(df, lists).isin(SHORT_BREAK_STATUSES)


def looked_after(df: pd.DataFrame, lists: Lists) -> pd.Series:
    """Looked after as DfE counts it: not on an agreed series of short breaks (V3, V4)."""
    return ~on_short_breaks(df, lists)


def column_label(column: str) -> Categorise:
    return lambda df, lists: df[column].astype("object").where(df[column].notna(), NOT_RECORDED)


# ---- Cohorts used by several measures ---------------------------------------------------------

contacts_in_period = in_last_six_months("contact_date")
referrals_in_period = in_last_six_months("referral_date")
s47s_in_period = in_last_six_months("strategy_discussion_date")
completed_assessments = is_present("assessment_authorised_date")
open_assessments = is_blank("assessment_authorised_date")
icpcs_held = is_present("icpc_date")
open_cin = is_blank("cin_closure_date")
# A plan that ended on the as-at date has ended: it is not open, and it ended in the period.
open_cp = is_blank("cpp_end_date")
open_cla = both(is_blank("date_ceased_looked_after"), looked_after)
new_plans = in_last_six_months("cpp_start_date")
ended_plans = in_last_six_months("cpp_end_date")
in_care_12_months = both(open_cla, in_care_at_least(12))
# DfE's long-term stability: under 16, looked after for 2½ years or more (S7's guard compared
# a date with itself, so it never applied the 2½-year condition).
in_care_long_term = both(open_cla, in_care_at_least(30), lambda df, lists: df["age_years"] < 16)
assessment_working_days = working_days("assessment_start_date", "assessment_authorised_date")
icpc_working_days = working_days("strategy_discussion_date", "icpc_date")

C, R, A, S, N, P, L, CL, AD = (area.key for area in AREAS)
