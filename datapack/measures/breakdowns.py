"""Every breakdown in the pack: a cohort split into categories, shown as a table and chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from annex_a.spec import load_spec

from ..frames import AGE_BANDS, CARE_LEAVER_AGE_BANDS, ETHNICITY_ORDER, GENDER_ORDER
from .base import (
    AD,
    CHILDREN,
    CL,
    NOT_RECORDED,
    A,
    Breakdown,
    C,
    Categorise,
    L,
    Lists,
    Mask,
    N,
    P,
    R,
    S,
    assessment_working_days,
    binned,
    both,
    capped_count,
    capped_order,
    code_label,
    code_order,
    column_label,
    completed_assessments,
    contacts_in_period,
    cp_visit_bins,
    days_between,
    everyone,
    icpc_working_days,
    icpcs_held,
    in_last_six_months,
    looked_after,
    new_plans,
    open_cin,
    open_cla,
    open_cp,
    referrals_in_period,
    s47s_in_period,
    working_days,
)

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
CIN_LENGTH_BINS = (
    [0, 91, 183, 365, 730],
    ("Under 3 months", "3 to 6 months", "6 months to 1 year", "1 to 2 years", "2 years or more"),
)


def _days_to_as_at(column: str) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    return lambda df, lists: (lists.period.as_at_ts - df[column]).dt.days


CODE_LABELS = Path(__file__).resolve().parent.parent / "data" / "code_labels.yaml"


@cache
def _full_labels(list_number: int, column: str) -> dict[str, str]:
    """The full label of each code whose short label repeats in the column's code set."""
    code_set = load_spec("2023").list(list_number).column(column).code_set
    return yaml.safe_load(CODE_LABELS.read_text(encoding="utf-8")).get(code_set.key, {})


def _fuller(label: str, full: dict[str, str]) -> str:
    """``1A: Individual`` as ``1A: Individual – family member, relative or carer``."""
    code, separator, _ = label.partition(": ")
    return f"{code}: {full[code]}" if separator and code in full else label


def _distinct_code_label(list_number: int, column: str) -> Categorise:
    full = _full_labels(list_number, column)
    short = code_label(column)
    return lambda df, lists: short(df, lists).map(lambda label: _fuller(label, full))


def _code_breakdown(*, key, area, title, number, cohort_words, cohort, column, dates=()):
    full = _full_labels(number, column)
    return Breakdown(
        key=key,
        area=area,
        title=title,
        list_number=number,
        cohort_words=cohort_words,
        cohort=cohort,
        categorise=_distinct_code_label(number, column),
        order=tuple(_fuller(label, full) for label in code_order(number, column)),
        dates=dates,
    )


SPECIFIC_BREAKDOWNS: tuple[Breakdown, ...] = (
    _code_breakdown(
        key="contacts_by_source",
        area=C,
        title="Contacts by source",
        number=1,
        cohort_words="Contacts in the six months",
        cohort=contacts_in_period,
        column="contact_source",
        dates=("contact_date",),
    ),
    _code_breakdown(
        key="referrals_by_source",
        area=R,
        title="Referrals by source",
        number=3,
        cohort_words="Referrals in the six months",
        cohort=referrals_in_period,
        column="referral_source",
        dates=("referral_date",),
    ),
    Breakdown(
        key="referrals_previous_12_months",
        area=R,
        title="Children by referrals in the 12 months before their latest referral",
        list_number=3,
        cohort_words="Children referred in the six months",
        cohort=referrals_in_period,
        categorise=capped_count("referrals_last_12_months", 3),
        order=capped_order(0, 3),
        per=CHILDREN,
        dates=("referral_date",),
    ),
    Breakdown(
        key="assessment_duration",
        area=A,
        title="Completed assessments by working days taken",
        list_number=4,
        cohort_words="Completed assessments",
        cohort=completed_assessments,
        categorise=binned(assessment_working_days, *ASSESSMENT_BINS),
        order=(*ASSESSMENT_BINS[1], NOT_RECORDED),
        dates=("assessment_start_date", "assessment_authorised_date"),
    ),
    Breakdown(
        key="icpc_timeliness",
        area=S,
        title="Conferences by working days from the strategy discussion",
        list_number=5,
        cohort_words="Conferences held",
        cohort=icpcs_held,
        categorise=binned(icpc_working_days, *ICPC_BINS),
        order=(*ICPC_BINS[1], NOT_RECORDED),
        dates=("strategy_discussion_date", "icpc_date"),
    ),
    _code_breakdown(
        key="cin_primary_need",
        area=N,
        title="Children in need by primary need",
        number=6,
        cohort_words="Children in need at the as-at date",
        cohort=open_cin,
        column="primary_need",
        dates=("cin_start_date",),
    ),
    Breakdown(
        key="cin_time_since_seen",
        area=N,
        title="Children in need by time since last seen",
        list_number=6,
        cohort_words="Children in need at the as-at date",
        cohort=open_cin,
        categorise=binned(_days_to_as_at("last_seen_date"), *SEEN_BINS),
        order=(*SEEN_BINS[1], NOT_RECORDED),
        dates=("last_seen_date",),
    ),
    Breakdown(
        key="cin_length_of_closed_episodes",
        area=N,
        title="Episodes closed in the six months by length",
        list_number=6,
        cohort_words="Episodes closed in the six months",
        cohort=in_last_six_months("cin_closure_date"),
        categorise=binned(days_between("cin_start_date", "cin_closure_date"), *CIN_LENGTH_BINS),
        order=(*CIN_LENGTH_BINS[1], NOT_RECORDED),
        dates=("cin_start_date", "cin_closure_date"),
    ),
    _code_breakdown(
        key="cin_reason_for_closure",
        area=N,
        title="Episodes closed in the six months by reason",
        number=6,
        cohort_words="Episodes closed in the six months",
        cohort=in_last_six_months("cin_closure_date"),
        column="reason_for_closure",
        dates=("cin_closure_date",),
    ),
    _code_breakdown(
        key="cp_latest_category",
        area=P,
        title="Children on a plan by latest category of abuse",
        number=7,
        cohort_words="Children on a plan",
        cohort=open_cp,
        column="latest_category_of_abuse",
        dates=("cpp_start_date",),
    ),
    _code_breakdown(
        key="cp_initial_category_new_plans",
        area=P,
        title="Plans started in the six months by initial category of abuse",
        number=7,
        cohort_words="Plans started in the six months",
        cohort=new_plans,
        column="initial_category_of_abuse",
        dates=("cpp_start_date",),
    ),
    Breakdown(
        key="cp_previous_plans",
        area=P,
        title="Plans started in the six months by number of previous plans",
        list_number=7,
        cohort_words="Plans started in the six months",
        cohort=new_plans,
        categorise=capped_count("previous_cp_plans", 3),
        order=capped_order(0, 3),
        dates=("cpp_start_date",),
    ),
    Breakdown(
        key="cp_time_since_visit",
        area=P,
        title="Children on a plan by working days since the last statutory visit",
        list_number=7,
        cohort_words="Children on a plan",
        cohort=open_cp,
        # In steps of the council's own standard, read when the pack is built.
        categorise=lambda df, lists: binned(
            working_days("last_statutory_visit_date"), *cp_visit_bins(lists.cp_visit_working_days)
        )(df, lists),
        order_for=lambda lists: (*cp_visit_bins(lists.cp_visit_working_days)[1], NOT_RECORDED),
        dates=("last_statutory_visit_date",),
    ),
    _code_breakdown(
        key="cla_legal_status",
        area=L,
        title="Children in care by legal status",
        number=8,
        cohort_words="Children in care",
        cohort=open_cla,
        column="legal_status",
        dates=("legal_status_start_date",),
    ),
    _code_breakdown(
        key="cla_placement_type",
        area=L,
        title="Children in care by placement type",
        number=8,
        cohort_words="Children in care",
        cohort=open_cla,
        column="placement_type",
        dates=("placement_start_date",),
    ),
    _code_breakdown(
        key="cla_placement_provider",
        area=L,
        title="Children in care by placement provider",
        number=8,
        cohort_words="Children in care",
        cohort=open_cla,
        column="placement_provider",
        dates=("placement_start_date",),
    ),
    Breakdown(
        key="cla_placements_12_months",
        area=L,
        title="Children in care by placements in the last 12 months",
        list_number=8,
        cohort_words="Children in care",
        cohort=open_cla,
        categorise=capped_count("placements_last_12_months", 4),
        order=capped_order(1, 4),
        dates=("date_started_looked_after", "placement_start_date"),
    ),
    _code_breakdown(
        key="cla_permanence_plan",
        area=L,
        title="Children in care by permanence plan",
        number=8,
        cohort_words="Children in care",
        cohort=open_cla,
        column="permanence_plan",
        dates=("date_started_looked_after",),
    ),
    _code_breakdown(
        key="cla_reason_ceased",
        area=L,
        title="Children who ceased to be looked after in the six months, by reason",
        number=8,
        cohort_words="Ceased in the six months",
        cohort=both(in_last_six_months("date_ceased_looked_after"), looked_after),
        column="reason_ceased",
        dates=("date_ceased_looked_after",),
    ),
    _code_breakdown(
        key="care_leavers_in_touch",
        area=CL,
        title="Care leavers by whether the council is in touch",
        number=9,
        cohort_words="Care leavers",
        cohort=everyone,
        column="in_touch",
        dates=("latest_contact_date",),
    ),
    _code_breakdown(
        key="care_leavers_accommodation",
        area=CL,
        title="Care leavers by type of accommodation",
        number=9,
        cohort_words="Care leavers",
        cohort=everyone,
        column="accommodation",
        dates=("latest_contact_date",),
    ),
    _code_breakdown(
        key="care_leavers_activity",
        area=CL,
        title="Care leavers by activity",
        number=9,
        cohort_words="Care leavers",
        cohort=everyone,
        column="activity_status",
        dates=("latest_contact_date",),
    ),
)


NO_TEAM, NO_WORKER = "No allocated team", "No allocated worker"


def _allocated(column: str, blank: str) -> Callable[[pd.DataFrame, Lists], pd.Series]:
    return lambda df, lists: df[column].astype("object").where(df[column].notna(), blank)


# Caseloads: every child open to children's social care at the as-at date is on List 6 (children
# in need, including those on a plan or in care), with their current team and worker.
CASELOADS: tuple[Breakdown, ...] = tuple(
    Breakdown(
        key=f"caseload_by_{name}",
        area=N,
        title=f"Caseloads: children in need at the as-at date by allocated {name}",
        list_number=6,
        cohort_words="Children in need at the as-at date, including those on a plan or in care",
        cohort=open_cin,
        categorise=_allocated(column, blank),
        order=(blank,),  # unallocated children first: what inspectors ask about
        per=CHILDREN,
        dates=("cin_start_date",),
    )
    for name, column, blank in (
        ("team", "allocated_team", NO_TEAM),
        ("worker", "allocated_worker", NO_WORKER),
    )
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
                    key=f"{cohort.key}_by_{suffix}",
                    area=cohort.area,
                    title=f"{cohort.words} by {title}",
                    list_number=cohort.list_number,
                    cohort_words=cohort.words,
                    cohort=cohort.mask,
                    categorise=column_label(column),
                    order=order,
                    per=CHILDREN,
                    demographic=True,
                )
            )
    return tuple(made)


BREAKDOWNS: tuple[Breakdown, ...] = SPECIFIC_BREAKDOWNS + CASELOADS + _demographic_breakdowns()
BREAKDOWNS_BY_KEY = {breakdown.key: breakdown for breakdown in BREAKDOWNS}
