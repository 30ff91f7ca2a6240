"""Every measure and breakdown in the Day 1 data pack, as data, with the code that counts them.

A ``Measure`` names the rows it counts (``selected``) within the rows it is out of (``cohort``),
in words and as a vectorised mask over one list's DataFrame (``frames.py``), so the same
definition gives the number, the change since the previous version and the children behind the
count (the drill-down). A ``Breakdown`` splits a cohort into categories the same way.

The measures are those analysts compute from Annex A (annex_a.md section 6, source S7), with
the bugs listed there put right; each fix is pinned by a test in ``tests/test_section_6.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from annex_a.spec import load_spec

from .frames import (
    AGE_BANDS,
    CARE_LEAVER_AGE_BANDS,
    ETHNICITY_ORDER,
    GENDER_ORDER,
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

# Timescales, each from the rule it comes from.
ASSESSMENT_WORKING_DAYS = 45  # Working Together 2018: assessments within 45 working days
ICPC_WORKING_DAYS = 15  # Working Together 2018: ICPC within 15 working days of the strategy
CP_VISIT_WORKING_DAYS = 10  # the common local standard for visits to children on a CP plan
CLA_VISIT_DAYS = 42  # Care Planning Regulations 2010 reg. 28: at least every six weeks
ADOPTION_DAYS = 426  # DfE adoption scorecard A1: entering care to placement, 14 months


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


@dataclass(frozen=True)
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
    with_rate: bool = False
    average_of: Callable[[pd.DataFrame, Lists], pd.Series] | None = None
    dates: tuple[str, ...] = ()

    def formatted(self, value: float | None) -> str:
        if value is None:
            return "No figure"
        if self.kind == PERCENT:
            return f"{value:.1f}%"
        if self.kind == AVERAGE:
            return f"{value:,.1f} days"
        return f"{value:,.0f}"


@dataclass(frozen=True)
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
open_cla = is_blank("date_ceased_looked_after")
new_plans = in_last_six_months("cpp_start_date")
ended_plans = in_last_six_months("cpp_end_date")
in_care_12_months = both(open_cla, in_care_at_least(12))
# DfE's long-term stability: under 16, looked after for 2½ years or more (S7's guard compared
# a date with itself, so it never applied the 2½-year condition).
in_care_long_term = both(open_cla, in_care_at_least(30), lambda df, lists: df["age_years"] < 16)
placed_last_12_months = both(
    in_last_twelve_months("placed_for_adoption_date"), is_present("date_entered_care")
)
assessment_working_days = working_days("assessment_start_date", "assessment_authorised_date")
icpc_working_days = working_days("strategy_discussion_date", "icpc_date")

C, R, A, S, N, P, L, CL, AD = (area.key for area in AREAS)

MEASURES: tuple[Measure, ...] = (
    # Contacts and early help (Lists 1 and 2)
    Measure(
        "contacts",
        C,
        "Contacts",
        "Contacts received in the six months before the as-at date.",
        1,
        "Contacts received in the six months",
        contacts_in_period,
        with_rate=True,
        dates=("contact_date",),
    ),
    Measure(
        "contact_children_referred",
        C,
        "Children with a contact who were referred",
        "Children with a contact in the six months who also appear on the referrals list.",
        1,
        "Children with a contact who are on List 3",
        on_list(3, referrals_in_period),
        "Children with a contact in the six months",
        contacts_in_period,
        PERCENT,
        CHILDREN,
        dates=("contact_date",),
    ),
    Measure(
        "early_help",
        C,
        "Early help assessments",
        "Early help assessments started in the six months, and open early help.",
        2,
        "Rows on List 2",
        everyone,
        with_rate=True,
        dates=("assessment_start_date", "assessment_completion_date"),
    ),
    Measure(
        "early_help_children_referred",
        C,
        "Children with early help who were referred",
        "Children on the early help list who also appear on the referrals list.",
        2,
        "Children with early help who are on List 3",
        on_list(3, referrals_in_period),
        "Children on List 2",
        everyone,
        PERCENT,
        CHILDREN,
        dates=("assessment_start_date",),
    ),
    # Referrals (List 3)
    Measure(
        "referrals",
        R,
        "Referrals",
        "Referrals received in the six months before the as-at date.",
        3,
        "Referrals in the six months",
        referrals_in_period,
        with_rate=True,
        dates=("referral_date",),
    ),
    Measure(
        "referrals_nfa",
        R,
        "Referrals with no further action",
        "Referrals in the six months that were closed with no further action.",
        3,
        "Referrals with 'Referral NFA?' Yes",
        equals("referral_nfa", YES),
        "Referrals in the six months",
        referrals_in_period,
        PERCENT,
        dates=("referral_date",),
    ),
    Measure(
        "children_re_referred",
        R,
        "Re-referrals within 12 months",
        "Children referred in the six months who had another referral in the 12 months before "
        "their latest referral. Counted per child: Annex A repeats the count on every row.",
        3,
        "Children with 1 or more referrals in the 12 months before their latest",
        at_least("referrals_last_12_months", 1),
        "Children referred in the six months",
        referrals_in_period,
        PERCENT,
        CHILDREN,
        dates=("referral_date",),
    ),
    # Assessments (List 4)
    Measure(
        "assessments",
        A,
        "Assessments",
        "Statutory assessments on List 4: started or completed in the six months, or open.",
        4,
        "Rows on List 4",
        everyone,
        with_rate=True,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        "assessments_completed",
        A,
        "Completed assessments",
        "Assessments with a date of authorisation.",
        4,
        "Assessments with an authorisation date",
        completed_assessments,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        "assessments_within_45_days",
        A,
        "Assessments completed within 45 working days",
        "Completed assessments authorised within 45 working days of their start, counting "
        "England's bank holidays as non-working days.",
        4,
        "Completed within 45 working days",
        within(assessment_working_days, ASSESSMENT_WORKING_DAYS),
        "Completed assessments",
        completed_assessments,
        PERCENT,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        "assessments_open",
        A,
        "Open assessments",
        "Assessments with no date of authorisation at the as-at date.",
        4,
        "Assessments with no authorisation date",
        open_assessments,
        dates=("assessment_start_date",),
    ),
    Measure(
        "assessments_open_over_45_days",
        A,
        "Open assessments over 45 working days",
        "Open assessments started more than 45 working days before the as-at date.",
        4,
        "Open for more than 45 working days",
        both(
            open_assessments,
            lambda df, lists: (
                working_days("assessment_start_date")(df, lists) > ASSESSMENT_WORKING_DAYS
            ),
        ),
        dates=("assessment_start_date",),
    ),
    Measure(
        "assessments_requiring_support",
        A,
        "Assessments finding the child needs support",
        "Completed assessments that found the child needed children's social care support.",
        4,
        "Assessed as requiring support",
        equals("requires_support", YES),
        "Completed assessments",
        completed_assessments,
        PERCENT,
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Measure(
        "assessments_child_seen",
        A,
        "Children seen during the assessment",
        "Assessments during which the child was seen.",
        4,
        "Child seen",
        equals("child_seen", YES),
        "Assessments on List 4",
        everyone,
        PERCENT,
        dates=("assessment_start_date",),
    ),
    # Section 47 enquiries and initial child protection conferences (List 5)
    Measure(
        "section_47s",
        S,
        "Section 47 enquiries",
        "Section 47 enquiries whose strategy discussion was in the six months.",
        5,
        "Section 47 enquiries in the six months",
        s47s_in_period,
        with_rate=True,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        "section_47s_icpc_unnecessary",
        S,
        "Enquiries where a conference was not needed",
        "Section 47 enquiries in the six months where a conference was deemed unnecessary.",
        5,
        "Conference deemed unnecessary",
        equals("icpc_unnecessary", YES),
        "Section 47 enquiries in the six months",
        s47s_in_period,
        PERCENT,
        dates=("strategy_discussion_date",),
    ),
    Measure(
        "section_47s_to_icpc",
        S,
        "Enquiries leading to a conference",
        "Section 47 enquiries in the six months that led to an initial child protection "
        "conference.",
        5,
        "Enquiries with a conference date",
        icpcs_held,
        "Section 47 enquiries in the six months",
        s47s_in_period,
        PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        "icpcs_within_15_days",
        S,
        "Conferences within 15 working days",
        "Initial child protection conferences held within 15 working days of the strategy "
        "discussion, counting England's bank holidays as non-working days.",
        5,
        "Held within 15 working days",
        within(icpc_working_days, ICPC_WORKING_DAYS),
        "Conferences held",
        icpcs_held,
        PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    Measure(
        "icpcs_to_plan",
        S,
        "Conferences leading to a plan",
        "Initial child protection conferences that resulted in a child protection plan.",
        5,
        "Resulted in a plan",
        equals("icpc_resulted_in_plan", YES),
        "Conferences held",
        icpcs_held,
        PERCENT,
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    # Children in need (List 6)
    Measure(
        "cin_open",
        N,
        "Children in need",
        "Children with an open episode of need at the as-at date (including those on a plan or "
        "in care).",
        6,
        "Children with no CIN closure date",
        open_cin,
        with_rate=True,
        dates=("cin_start_date", "last_seen_date"),
    ),
    Measure(
        "cin_started",
        N,
        "Episodes of need started",
        "Episodes of need that started in the six months.",
        6,
        "CIN start date in the six months",
        in_last_six_months("cin_start_date"),
        dates=("cin_start_date",),
    ),
    Measure(
        "cin_ceased",
        N,
        "Episodes of need closed",
        "Episodes of need that closed in the six months.",
        6,
        "CIN closure date in the six months",
        in_last_six_months("cin_closure_date"),
        dates=("cin_start_date", "cin_closure_date"),
    ),
    Measure(
        "cin_disabled",
        N,
        "Children in need with a disability",
        "Children in need at the as-at date recorded as disabled.",
        6,
        "Disability: Yes",
        equals("disability", YES),
        "Children in need at the as-at date",
        open_cin,
        PERCENT,
        dates=("cin_start_date",),
    ),
    Measure(
        "cin_seen_in_4_weeks",
        N,
        "Children in need seen in the last 4 weeks",
        "Children in need at the as-at date last seen by a social worker 28 days or fewer "
        "before it.",
        6,
        "Last seen within 28 days",
        lambda df, lists: (lists.period.as_at_ts - df["last_seen_date"]).dt.days <= 28,
        "Children in need at the as-at date",
        open_cin,
        PERCENT,
        dates=("last_seen_date",),
    ),
    # Child protection (List 7)
    Measure(
        "cp_open",
        P,
        "Children on a child protection plan",
        "Children whose plan had not ended at the as-at date.",
        7,
        "Plans with no end date",
        open_cp,
        with_rate=True,
        dates=("cpp_start_date", "last_statutory_visit_date"),
    ),
    Measure(
        "cp_started",
        P,
        "Plans started",
        "Child protection plans that started in the six months.",
        7,
        "Plan start date in the six months",
        new_plans,
        dates=("cpp_start_date",),
    ),
    Measure(
        "cp_ended",
        P,
        "Plans ended",
        "Child protection plans that ended in the six months, up to and including the as-at date.",
        7,
        "Plan end date in the six months",
        ended_plans,
        dates=("cpp_start_date", "cpp_end_date"),
    ),
    Measure(
        "cp_repeat_plans",
        P,
        "Second or subsequent plans",
        "Plans started in the six months for a child who had been on a plan before.",
        7,
        "Previous child protection plans: 1 or more",
        at_least("previous_cp_plans", 1),
        "Plans started in the six months",
        new_plans,
        PERCENT,
        dates=("cpp_start_date",),
    ),
    Measure(
        "cp_ended_after_2_years",
        P,
        "Plans that lasted 2 years or more",
        "Plans ended in the six months that had lasted 2 years or more.",
        7,
        "End date 2 years or more after the start",
        plan_lasted_two_years,
        "Plans ended in the six months",
        ended_plans,
        PERCENT,
        dates=("cpp_start_date", "cpp_end_date"),
    ),
    Measure(
        "cp_open_over_2_years",
        P,
        "Open plans over 2 years",
        "Plans open at the as-at date that started 2 years or more before it.",
        7,
        "Open plans started 2 years or more ago",
        both(open_cp, lambda df, lists: df["cpp_start_date"] <= lists.period.months_ago(24)),
        dates=("cpp_start_date",),
    ),
    Measure(
        "cp_visited_in_10_days",
        P,
        "Statutory visits within 10 working days",
        "Children on a plan whose last statutory visit was 10 working days or fewer before "
        "the as-at date (a common local standard; councils set their own).",
        7,
        "Last visit within 10 working days",
        within(working_days("last_statutory_visit_date"), CP_VISIT_WORKING_DAYS),
        "Children on a plan",
        open_cp,
        PERCENT,
        dates=("last_statutory_visit_date",),
    ),
    Measure(
        "cp_seen_alone",
        P,
        "Children seen alone",
        "Children on a plan who were seen alone at their last statutory visit.",
        7,
        "Seen alone: Yes",
        equals("seen_alone", YES),
        "Children on a plan",
        open_cp,
        PERCENT,
        dates=("last_statutory_visit_date",),
    ),
    # Children in care (List 8)
    Measure(
        "cla_open",
        L,
        "Children in care",
        "Children looked after at the as-at date.",
        8,
        "Children with no date ceased to be looked after",
        open_cla,
        with_rate=True,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        "cla_started",
        L,
        "Started to be looked after",
        "Children who started to be looked after in the six months.",
        8,
        "Date started to be looked after in the six months",
        in_last_six_months("date_started_looked_after"),
        dates=("date_started_looked_after",),
    ),
    Measure(
        "cla_ceased",
        L,
        "Ceased to be looked after",
        "Children who ceased to be looked after in the six months.",
        8,
        "Date ceased in the six months",
        in_last_six_months("date_ceased_looked_after"),
        dates=("date_started_looked_after", "date_ceased_looked_after"),
    ),
    Measure(
        "cla_uasc",
        L,
        "Unaccompanied asylum-seeking children",
        "Children in care at the as-at date who were UASC in the last 12 months.",
        8,
        "UASC: Yes",
        equals("uasc", YES),
        "Children in care",
        open_cla,
        PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        "cla_three_or_more_placements",
        L,
        "Three or more placements in 12 months",
        "Short-term stability: children in care with 3 or more placements in the last 12 "
        "months (lower is better).",
        8,
        "Placements in the last 12 months: 3 or more",
        at_least("placements_last_12_months", 3),
        "Children in care",
        open_cla,
        PERCENT,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        "cla_long_term_stability",
        L,
        "Long-term stability",
        "Children under 16 in care for 2½ years or more who have been in their current "
        "placement for 2 years or more.",
        8,
        "Current placement started 2 years or more ago",
        lambda df, lists: df["placement_start_date"] <= lists.period.months_ago(24),
        "Children under 16 in care for 2½ years or more",
        in_care_long_term,
        PERCENT,
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    Measure(
        "cla_health_assessment_in_time",
        L,
        "Health assessments in time",
        "Children in care for 12 months or more whose last health assessment was within 6 "
        "months (under 5) or 12 months (5 and over).",
        8,
        "Health assessment in time for the child's age",
        health_assessment_in_time,
        "Children in care for 12 months or more",
        in_care_12_months,
        PERCENT,
        dates=("date_started_looked_after", "last_health_assessment_date"),
    ),
    Measure(
        "cla_dental_check_in_time",
        L,
        "Dental checks in time",
        "Children in care for 12 months or more with a dental check in the last 12 months.",
        8,
        "Dental check in the last 12 months",
        on_or_after_months_before("last_dental_check_date", 12),
        "Children in care for 12 months or more",
        in_care_12_months,
        PERCENT,
        dates=("date_started_looked_after", "last_dental_check_date"),
    ),
    Measure(
        "cla_visited_in_6_weeks",
        L,
        "Visited in the last 6 weeks",
        "Children in care whose last social work visit was 42 days or fewer before the as-at date.",
        8,
        "Last visit within 6 weeks",
        lambda df, lists: (
            (lists.period.as_at_ts - df["last_social_work_visit_date"]).dt.days <= CLA_VISIT_DAYS
        ),
        "Children in care",
        open_cla,
        PERCENT,
        dates=("last_social_work_visit_date",),
    ),
    Measure(
        "cla_placed_out_of_area",
        L,
        "Placed outside the council's area",
        "Children in care whose placement is outside the council's boundary.",
        8,
        "Placement location: Out",
        equals("placement_location", "b) Out"),
        "Children in care",
        open_cla,
        PERCENT,
        dates=("placement_start_date",),
    ),
    Measure(
        "cla_missing",
        L,
        "Children who went missing",
        "Children in care in the period with 1 or more missing episodes in the last 12 months.",
        8,
        "Missing episodes: 1 or more",
        at_least("missing_episodes", 1),
        "Children on List 8",
        everyone,
        PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        "cla_return_interview_offered",
        L,
        "Return interviews offered",
        "Children who went missing who were offered a return interview after their last "
        "missing episode.",
        8,
        "Return interview offered: Yes",
        equals("return_interview_offered", YES),
        "Children with 1 or more missing episodes",
        at_least("missing_episodes", 1),
        PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        "cla_return_interview_accepted",
        L,
        "Return interviews accepted",
        "Children offered a return interview who accepted it.",
        8,
        "Return interview accepted: Yes",
        equals("return_interview_accepted", YES),
        "Children offered a return interview",
        equals("return_interview_offered", YES),
        PERCENT,
        dates=("date_started_looked_after",),
    ),
    Measure(
        "cla_absent",
        L,
        "Children absent from placement",
        "Children in care in the period with 1 or more absences from placement in the last 12 "
        "months.",
        8,
        "Absent episodes: 1 or more",
        at_least("absent_episodes", 1),
        "Children on List 8",
        everyone,
        PERCENT,
        dates=("date_started_looked_after",),
    ),
    # Care leavers (List 9)
    Measure(
        "care_leavers",
        CL,
        "Care leavers",
        "Care leavers receiving a leaving care service at the as-at date.",
        9,
        "Rows on List 9",
        everyone,
        dates=("latest_contact_date",),
    ),
    *(
        Measure(
            f"care_leavers_{name}_{band.replace(' to ', '_')}",
            CL,
            f"{title}, aged {band}",
            f"Care leavers aged {band} {words}.",
            9,
            numerator,
            test,
            f"Care leavers aged {band}",
            aged("care_leaver_age_band", band),
            PERCENT,
            dates=("latest_contact_date",),
        )
        for name, title, words, numerator, test in (
            (
                "in_touch",
                "In touch",
                "the council is in touch with",
                "LA in touch: Yes",
                equals("in_touch", YES),
            ),
            (
                "suitable",
                "In suitable accommodation",
                "whose accommodation is suitable",
                "Suitability: Suitable",
                equals("suitability", SUITABLE),
            ),
            (
                "eet",
                "In education, employment or training",
                "in education, employment or training (any activity but G4, G5 or G6)",
                "Activity other than G4, G5, G6",
                in_education_employment_or_training,
            ),
        )
        for band in ("17 to 18", "19 to 21")
    ),
    # Adoption (Lists 10 and 11)
    Measure(
        "adoption_decisions",
        AD,
        "Decisions that a child should be adopted",
        "Children with a decision in the 12 months that they should be placed for adoption.",
        10,
        "Decision date in the 12 months",
        in_last_twelve_months("adoption_decision_date"),
        dates=("date_entered_care", "adoption_decision_date"),
    ),
    Measure(
        "placed_for_adoption",
        AD,
        "Children placed for adoption",
        "Children placed for adoption in the 12 months.",
        10,
        "Placed for adoption in the 12 months",
        in_last_twelve_months("placed_for_adoption_date"),
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        "adopted",
        AD,
        "Children adopted",
        "Children with an adoption order in the 12 months.",
        10,
        "Adoption order in the 12 months",
        in_last_twelve_months("adoption_order_date"),
        dates=("date_entered_care", "adoption_order_date"),
    ),
    Measure(
        "adoption_average_days",
        AD,
        "Average days from entering care to placement",
        "For children placed for adoption in the 12 months: the average number of days from "
        "entering care to being placed (DfE scorecard A1).",
        10,
        "Days from entering care to placement",
        everyone,
        "Children placed in the 12 months",
        placed_last_12_months,
        AVERAGE,
        average_of=days_between("date_entered_care", "placed_for_adoption_date"),
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        "adoption_placed_within_426_days",
        AD,
        "Placed within 14 months of entering care",
        "Children placed for adoption in the 12 months within 426 days of entering care.",
        10,
        "Placed within 426 days",
        within(days_between("date_entered_care", "placed_for_adoption_date"), ADOPTION_DAYS),
        "Children placed in the 12 months",
        placed_last_12_months,
        PERCENT,
        dates=("date_entered_care", "placed_for_adoption_date"),
    ),
    Measure(
        "adopters_approved",
        AD,
        "Adopters approved",
        "Prospective adopters approved in the 12 months (stage 2 ended or application approved).",
        11,
        "Approved in the 12 months",
        lambda df, lists: (
            lists.period.in_last_twelve_months(df["date_stage_2_ended"])
            | lists.period.in_last_twelve_months(df["date_application_approved"])
        ),
        per=CHILDREN,  # one row per adopter: counted once each
        dates=("enquiry_date", "date_stage_2_ended", "date_application_approved"),
    ),
)
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}


# ---- Breakdowns -------------------------------------------------------------------------------

ASSESSMENT_BINS = (
    [0, 1, 11, 21, 31, 41, 46, 51, 61],
    ("Same day", "1 to 10", "11 to 20", "21 to 30", "31 to 40", "41 to 45", "46 to 50",
     "51 to 60", "61 and over"),
)  # fmt: skip
# S7's last two bins were "18-20" and "20+", which both hold 20; ours do not overlap.
ICPC_BINS = (
    [0, 1, 6, 11, 14, 16, 18, 21],
    ("Same day", "1 to 5", "6 to 10", "11 to 13", "14 to 15", "16 to 17", "18 to 20",
     "21 and over"),
)  # fmt: skip
SEEN_BINS = ([0, 29, 57, 85], ("Within 4 weeks", "4 to 8 weeks", "8 to 12 weeks", "Over 12 weeks"))
VISIT_BINS = (
    [0, 11, 21, 31],
    ("Within 10 working days", "11 to 20", "21 to 30", "Over 30 working days"),
)
CIN_LENGTH_BINS = (
    [0, 91, 183, 365, 730],
    ("Under 3 months", "3 to 6 months", "6 months to 1 year", "1 to 2 years", "2 years or more"),
)


def _days_to_as_at(column: str) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    return lambda df, lists: (lists.period.as_at_ts - df[column]).dt.days


def _code_breakdown(key, area, title, number, cohort_words, cohort, column, dates=()):
    return Breakdown(
        key,
        area,
        title,
        number,
        cohort_words,
        cohort,
        code_label(column),
        code_order(number, column),
        dates=dates,
    )


SPECIFIC_BREAKDOWNS: tuple[Breakdown, ...] = (
    _code_breakdown(
        "contacts_by_source",
        C,
        "Contacts by source",
        1,
        "Contacts in the six months",
        contacts_in_period,
        "contact_source",
        ("contact_date",),
    ),
    _code_breakdown(
        "referrals_by_source",
        R,
        "Referrals by source",
        3,
        "Referrals in the six months",
        referrals_in_period,
        "referral_source",
        ("referral_date",),
    ),
    Breakdown(
        "referrals_previous_12_months",
        R,
        "Children by referrals in the 12 months before their latest referral",
        3,
        "Children referred in the six months",
        referrals_in_period,
        capped_count("referrals_last_12_months", 3),
        capped_order(0, 3),
        CHILDREN,
        ("referral_date",),
    ),
    Breakdown(
        "assessment_duration",
        A,
        "Completed assessments by working days taken",
        4,
        "Completed assessments",
        completed_assessments,
        binned(assessment_working_days, *ASSESSMENT_BINS),
        (*ASSESSMENT_BINS[1], NOT_RECORDED),
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Breakdown(
        "icpc_timeliness",
        S,
        "Conferences by working days from the strategy discussion",
        5,
        "Conferences held",
        icpcs_held,
        binned(icpc_working_days, *ICPC_BINS),
        (*ICPC_BINS[1], NOT_RECORDED),
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    _code_breakdown(
        "cin_primary_need",
        N,
        "Children in need by primary need",
        6,
        "Children in need at the as-at date",
        open_cin,
        "primary_need",
        ("cin_start_date",),
    ),
    Breakdown(
        "cin_time_since_seen",
        N,
        "Children in need by time since last seen",
        6,
        "Children in need at the as-at date",
        open_cin,
        binned(_days_to_as_at("last_seen_date"), *SEEN_BINS),
        (*SEEN_BINS[1], NOT_RECORDED),
        dates=("last_seen_date",),
    ),
    Breakdown(
        "cin_length_of_closed_episodes",
        N,
        "Episodes closed in the six months by length",
        6,
        "Episodes closed in the six months",
        in_last_six_months("cin_closure_date"),
        binned(days_between("cin_start_date", "cin_closure_date"), *CIN_LENGTH_BINS),
        (*CIN_LENGTH_BINS[1], NOT_RECORDED),
        dates=("cin_start_date", "cin_closure_date"),
    ),
    _code_breakdown(
        "cin_reason_for_closure",
        N,
        "Episodes closed in the six months by reason",
        6,
        "Episodes closed in the six months",
        in_last_six_months("cin_closure_date"),
        "reason_for_closure",
        ("cin_closure_date",),
    ),
    _code_breakdown(
        "cp_latest_category",
        P,
        "Children on a plan by latest category of abuse",
        7,
        "Children on a plan",
        open_cp,
        "latest_category_of_abuse",
        ("cpp_start_date",),
    ),
    _code_breakdown(
        "cp_initial_category_new_plans",
        P,
        "Plans started in the six months by initial category of abuse",
        7,
        "Plans started in the six months",
        new_plans,
        "initial_category_of_abuse",
        ("cpp_start_date",),
    ),
    Breakdown(
        "cp_previous_plans",
        P,
        "Plans started in the six months by number of previous plans",
        7,
        "Plans started in the six months",
        new_plans,
        capped_count("previous_cp_plans", 3),
        capped_order(0, 3),
        dates=("cpp_start_date",),
    ),
    Breakdown(
        "cp_time_since_visit",
        P,
        "Children on a plan by working days since the last statutory visit",
        7,
        "Children on a plan",
        open_cp,
        binned(working_days("last_statutory_visit_date"), *VISIT_BINS),
        (*VISIT_BINS[1], NOT_RECORDED),
        dates=("last_statutory_visit_date",),
    ),
    _code_breakdown(
        "cla_legal_status",
        L,
        "Children in care by legal status",
        8,
        "Children in care",
        open_cla,
        "legal_status",
        ("legal_status_start_date",),
    ),
    _code_breakdown(
        "cla_placement_type",
        L,
        "Children in care by placement type",
        8,
        "Children in care",
        open_cla,
        "placement_type",
        ("placement_start_date",),
    ),
    _code_breakdown(
        "cla_placement_provider",
        L,
        "Children in care by placement provider",
        8,
        "Children in care",
        open_cla,
        "placement_provider",
        ("placement_start_date",),
    ),
    Breakdown(
        "cla_placements_12_months",
        L,
        "Children in care by placements in the last 12 months",
        8,
        "Children in care",
        open_cla,
        capped_count("placements_last_12_months", 4),
        capped_order(1, 4),
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    _code_breakdown(
        "cla_permanence_plan",
        L,
        "Children in care by permanence plan",
        8,
        "Children in care",
        open_cla,
        "permanence_plan",
        ("date_started_looked_after",),
    ),
    _code_breakdown(
        "cla_reason_ceased",
        L,
        "Children who ceased to be looked after in the six months, by reason",
        8,
        "Ceased in the six months",
        in_last_six_months("date_ceased_looked_after"),
        "reason_ceased",
        ("date_ceased_looked_after",),
    ),
    _code_breakdown(
        "care_leavers_in_touch",
        CL,
        "Care leavers by whether the council is in touch",
        9,
        "Care leavers",
        everyone,
        "in_touch",
        ("latest_contact_date",),
    ),
    _code_breakdown(
        "care_leavers_accommodation",
        CL,
        "Care leavers by type of accommodation",
        9,
        "Care leavers",
        everyone,
        "accommodation",
        ("latest_contact_date",),
    ),
    _code_breakdown(
        "care_leavers_activity",
        CL,
        "Care leavers by activity",
        9,
        "Care leavers",
        everyone,
        "activity_status",
        ("latest_contact_date",),
    ),
)


@dataclass(frozen=True)
class Cohort:
    """The main group of children in an area, broken down by age, ethnicity and gender."""

    key: str
    area: str
    words: str
    list_number: int
    mask: Mask
    age_column: str = "age_band"


COHORTS = (
    Cohort("contacts", C, "Children with a contact in the six months", 1, contacts_in_period),
    Cohort("early_help", C, "Children on the early help list", 2, everyone),
    Cohort("referrals", R, "Children referred in the six months", 3, referrals_in_period),
    Cohort("assessments", A, "Children assessed", 4, everyone),
    Cohort("section_47", S, "Children subject to a section 47 enquiry", 5, s47s_in_period),
    Cohort("cin", N, "Children in need at the as-at date", 6, open_cin),
    Cohort("cp", P, "Children on a plan at the as-at date", 7, open_cp),
    Cohort("cla", L, "Children in care at the as-at date", 8, open_cla),
    Cohort("care_leavers", CL, "Care leavers", 9, everyone, "care_leaver_age_band"),
    Cohort("adoption", AD, "Children on the adoption list", 10, everyone),
)


def _demographic_breakdowns() -> tuple[Breakdown, ...]:
    made = []
    for cohort in COHORTS:
        ages = CARE_LEAVER_AGE_BANDS if cohort.age_column == "care_leaver_age_band" else AGE_BANDS
        for suffix, title, column, order in (
            ("age", "age", cohort.age_column, ages),
            ("ethnicity", "ethnicity", "ethnicity_group", ETHNICITY_ORDER),
            ("gender", "gender", "gender_label", GENDER_ORDER),
        ):
            made.append(
                Breakdown(
                    f"{cohort.key}_by_{suffix}",
                    cohort.area,
                    f"{cohort.words} by {title}",
                    cohort.list_number,
                    cohort.words,
                    cohort.mask,
                    column_label(column),
                    order,
                    CHILDREN,
                    demographic=True,
                )
            )
    return tuple(made)


BREAKDOWNS: tuple[Breakdown, ...] = SPECIFIC_BREAKDOWNS + _demographic_breakdowns()
BREAKDOWNS_BY_KEY = {breakdown.key: breakdown for breakdown in BREAKDOWNS}


# ---- Computing ------------------------------------------------------------------------------


def _mask(mask: Mask | None, df: pd.DataFrame, lists: Lists) -> pd.Series:
    if mask is None:
        return pd.Series(True, index=df.index)
    return mask(df, lists).fillna(False).astype(bool)


def measure_rows(measure: Measure, lists: Lists) -> tuple[pd.Series, pd.Series]:
    """The rows in the measure's cohort, and those of them it counts, as boolean masks."""
    df = lists[measure.list_number]
    cohort = _mask(measure.cohort, df, lists)
    return cohort, cohort & _mask(measure.selected, df, lists)


def _tally(df: pd.DataFrame, mask: pd.Series, per: str) -> int:
    if per == CHILDREN:
        return int(df.loc[mask, "child_id"].nunique())
    return int(mask.sum())


def compute_measure(measure: Measure, lists: Lists, population: int | None) -> Value:
    df = lists[measure.list_number]
    cohort, selected = measure_rows(measure, lists)
    if measure.kind == AVERAGE:
        values = measure.average_of(df, lists)[selected].dropna()
        average = round(float(values.mean()), 1) if len(values) else None
        return Value(average, int(len(values)))
    numerator = _tally(df, selected, measure.per)
    if measure.kind == PERCENT:
        denominator = _tally(df, cohort, measure.per)
        percent = round(100 * numerator / denominator, 1) if denominator else None
        return Value(percent, numerator, denominator)
    rate = (
        round(PER_10000 * numerator / population, 1) if measure.with_rate and population else None
    )
    return Value(float(numerator), numerator, None, rate)


def breakdown_categories(breakdown: Breakdown, lists: Lists) -> tuple[pd.DataFrame, pd.Series]:
    """The cohort's rows (one per child when counted per child) and each one's category."""
    df = lists[breakdown.list_number]
    rows = df[_mask(breakdown.cohort, df, lists)]
    if breakdown.per == CHILDREN:
        rows = rows.drop_duplicates("child_id", keep="last")
    return rows, breakdown.categorise(rows, lists)


def compute_breakdown(breakdown: Breakdown, lists: Lists) -> dict:
    rows, categories = breakdown_categories(breakdown, lists)
    counts = categories.value_counts()
    order = list(breakdown.order) or list(counts.index)
    # Categories outside the expected order (a code from another template) are still shown.
    order += [label for label in counts.index if label not in order]
    table = [[label, int(counts.get(label, 0))] for label in order]
    # "Not recorded" and other empty trailing rows say nothing when they are zero.
    table = [row for row in table if row[1] or row[0] != NOT_RECORDED]
    return {"total": int(len(rows)), "rows": table}


def compute_all(lists: Lists, population: int | None) -> dict:
    return {
        "measures": {
            measure.key: compute_measure(measure, lists, population).as_dict()
            for measure in MEASURES
        },
        "breakdowns": {
            breakdown.key: compute_breakdown(breakdown, lists) for breakdown in BREAKDOWNS
        },
    }


def compute_measures(lists: Lists, population: int | None) -> dict:
    return {
        measure.key: compute_measure(measure, lists, population).as_dict() for measure in MEASURES
    }


# ---- Change since the previous version --------------------------------------------------------


@dataclass(frozen=True)
class Change:
    arrow: str
    words: str


def describe_change(measure: Measure, current: float | None, previous: float | None) -> Change:
    """The change in words as well as an arrow, so it never depends on the symbol or colour."""
    if previous is None and current is None:
        return Change("", "Not available in either version")
    if previous is None:
        return Change("", "No figure for the previous version")
    if current is None:
        return Change("", "No figure for this version")
    difference = round(current - previous, 1)
    if measure.kind == PERCENT:
        amount = f"{abs(difference):.1f} percentage points"
        was = f"{previous:.1f}%"
    elif measure.kind == AVERAGE:
        amount = f"{abs(difference):,.1f} days"
        was = f"{previous:,.1f} days"
    else:
        amount = f"{abs(difference):,.0f}"
        was = f"{previous:,.0f}"
    if difference > 0:
        return Change("↑", f"Up {amount} from {was}")
    if difference < 0:
        return Change("↓", f"Down {amount} from {was}")
    return Change("→", f"No change from {was}")


# ---- The children behind a count -------------------------------------------------------------


@dataclass(frozen=True)
class DrillDown:
    area: str
    title: str
    cohort_words: str
    list_number: int
    per: str
    dates: tuple[str, ...]
    rows: pd.DataFrame


def drill_down(
    lists: Lists, *, measure_key: str = "", breakdown_key: str = "", category: str = ""
) -> DrillDown:
    """The rows behind a measure's count, or behind one category of a breakdown, using the
    same masks as the count itself. Raises ``KeyError`` for an unknown measure or category."""
    if measure_key:
        measure = MEASURES_BY_KEY[measure_key]
        df = lists[measure.list_number]
        _, selected = measure_rows(measure, lists)
        rows = df[selected]
        if measure.per == CHILDREN:
            rows = rows.drop_duplicates("child_id", keep="last")
        return DrillDown(
            measure.area,
            measure.name,
            measure.numerator,
            measure.list_number,
            measure.per,
            measure.dates,
            rows,
        )
    breakdown = BREAKDOWNS_BY_KEY[breakdown_key]
    rows, categories = breakdown_categories(breakdown, lists)
    known = set(breakdown.order) | set(categories.unique())
    if category not in known:
        raise KeyError(category)
    return DrillDown(
        breakdown.area,
        f"{breakdown.title}: {category}",
        breakdown.cohort_words,
        breakdown.list_number,
        breakdown.per,
        breakdown.dates,
        rows[categories == category],
    )
