"""A child's journey from their Annex A rows: chronology, thresholds, age band and flags.

Pure functions over the rows' ``data`` dictionaries (column names from ``annex_a/spec``, dates as
ISO text), so they can be tested without a database and run fast over 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache

from annex_a.periods import years_after
from inspection_readiness.children import (
    CP_VISIT_DEFAULT_WORKING_DAYS,
    LONG_TERM_PLACEMENT_CODES,
    age_band_for,
    care_visit_interval_words,
    next_care_visit_due,
)
from inspection_readiness.working_days import add_working_days

YES = "a) Yes"

LONG_PLAN_YEARS = 2


class Threshold(StrEnum):
    """The key thresholds inspectors sample at, furthest along a child's journey first."""

    ADOPTION = "adoption"
    CARE_LEAVER = "care_leaver"
    LOOKED_AFTER = "looked_after"
    CP_PLAN = "cp_plan"
    CIN_PLAN = "cin_plan"
    S47_NO_CONFERENCE = "s47_no_conference"
    ASSESSMENT_NFA = "assessment_nfa"
    CONTACT_NFA = "contact_nfa"


THRESHOLD_LABELS = {
    Threshold.CONTACT_NFA: "Contact or referral, no further action",
    Threshold.ASSESSMENT_NFA: "Assessment closed, no further action",
    Threshold.S47_NO_CONFERENCE: "Section 47 enquiry without a conference",
    Threshold.CIN_PLAN: "Child in need plan",
    Threshold.CP_PLAN: "Child protection plan",
    Threshold.LOOKED_AFTER: "Looked after",
    Threshold.CARE_LEAVER: "Care leaver",
    Threshold.ADOPTION: "Adoption",
}
# Shown in the order of a child's journey, front door first.
THRESHOLD_ORDER = tuple(reversed(Threshold))

# Ofsted placement codes grouped the way inspectors look at children in care (the letter-and-code
# prefix of the List 8 "Placement type" code, e.g. "p) K2: Children's Homes").
PLACEMENT_GROUPS = {
    "fostering": ("U1", "U2", "U3", "U4", "U5", "U6"),
    "childrens_home": ("K1", "K2", "R1", "H5"),
    "placed_for_adoption": ("A3", "A4", "A5", "A6"),
    "placed_with_parents": ("P1",),
    "independent_living": ("P2",),
}
PLACEMENT_GROUP_LABELS = {
    "fostering": "Fostering",
    "childrens_home": "Children's homes and residential care",
    "placed_for_adoption": "Placed for adoption",
    "placed_with_parents": "Placed with parents",
    "independent_living": "Independent living",
    "other": "Other placements",
}
CHILDRENS_HOME_CODES = ("K1", "K2")


class Flag(StrEnum):
    REPEAT_REFERRAL = "repeat_referral"
    REPEAT_PLAN = "repeat_plan"
    PLAN_OVER_TWO_YEARS = "plan_over_two_years"
    VISITS_OVERDUE = "visits_overdue"
    MISSING_NO_RETURN_INTERVIEW = "missing_no_return_interview"
    OUT_OF_AREA = "out_of_area"


FLAG_LABELS = {
    Flag.REPEAT_REFERRAL: "Repeat referral",
    Flag.REPEAT_PLAN: "Repeat child protection plan",
    Flag.PLAN_OVER_TWO_YEARS: "Child protection plan over 2 years",
    Flag.VISITS_OVERDUE: "Visits overdue",
    Flag.MISSING_NO_RETURN_INTERVIEW: "Missing without a return interview",
    Flag.OUT_OF_AREA: "Living out of area",
}


@dataclass(frozen=True)
class Event:
    date: date
    kind: str
    title: str
    detail: str
    list_number: int
    source_row: int


@dataclass
class Journey:
    """Everything the child record holds, assembled from one child's rows."""

    child_id: str
    demographics: dict = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    thresholds: list[str] = field(default_factory=list)
    threshold: str = ""
    age_band: str = ""
    placement_type: str = ""
    placement_group: str = ""
    placement_la: str = ""
    in_childrens_home_out_of_area: bool = False
    flags: list[str] = field(default_factory=list)
    flag_reasons: dict[str, str] = field(default_factory=dict)


def _date(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def age_band(age: int | None) -> str:
    """The band's code for Annex A's "Age of Child (Years)" (-1: unborn), or "" if not known."""
    band = age_band_for(age)
    return band.code if band else ""


def placement_group(placement_type: str) -> str:
    code = _placement_code(placement_type)
    for group, codes in PLACEMENT_GROUPS.items():
        if code in codes:
            return group
    return "other" if placement_type else ""


def _placement_code(placement_type: str) -> str:
    """'p) K2: Children's Homes' -> 'K2'."""
    after_letter = placement_type.split(") ", 1)[-1]
    return after_letter.split(":", 1)[0].strip()


# ---- events, one list at a time --------------------------------------------------------------


def _yes(value: object) -> bool:
    return value == YES


def _events_for_row(number: int, row: Mapping, source_row: int) -> list[Event]:
    """The dated events one Annex A row records."""

    def event(when, kind, title, detail=""):
        day = _date(when)
        return [Event(day, kind, title, detail, number, source_row)] if day else []

    if number == 1:
        return event(row.get("contact_date"), "contact", "Contact", row.get("contact_source") or "")
    if number == 2:
        return event(
            row.get("assessment_start_date"),
            "early_help",
            "Early help assessment started",
            row.get("organisation") or "",
        ) + event(
            row.get("assessment_completion_date"), "early_help", "Early help assessment completed"
        )
    if number == 3:
        nfa = "No further action" if _yes(row.get("referral_nfa")) else ""
        return event(
            row.get("referral_date"),
            "referral",
            "Referral",
            "; ".join(filter(None, [row.get("referral_source"), nfa])),
        )
    if number == 4:
        outcome = ""
        if row.get("requires_support"):
            outcome = (
                "Assessed as needing support"
                if _yes(row.get("requires_support"))
                else "No further action"
            )
        return event(row.get("assessment_start_date"), "assessment", "Assessment started") + event(
            row.get("assessment_authorised_date"), "assessment", "Assessment authorised", outcome
        )
    if number == 5:
        conference = ""
        if _yes(row.get("icpc_unnecessary")):
            conference = "Conference not needed"
        return event(
            row.get("strategy_discussion_date"),
            "section_47",
            "Strategy discussion and section 47 enquiry",
            conference,
        ) + event(
            row.get("icpc_date"),
            "icpc",
            "Initial child protection conference",
            "Child protection plan made" if _yes(row.get("icpc_resulted_in_plan")) else "No plan",
        )
    if number == 6:
        return event(
            row.get("cin_start_date"),
            "child_in_need",
            "Child in need episode started",
            row.get("primary_need") or "",
        ) + event(
            row.get("cin_closure_date"),
            "child_in_need",
            "Child in need episode closed",
            row.get("reason_for_closure") or "",
        )
    if number == 7:
        return event(
            row.get("cpp_start_date"),
            "cp_plan",
            "Child protection plan started",
            row.get("initial_category_of_abuse") or "",
        ) + event(row.get("cpp_end_date"), "cp_plan", "Child protection plan ended")
    if number == 8:
        placement = ", ".join(
            filter(None, [row.get("placement_type"), row.get("placement_la") or ""])
        )
        missing = int(row.get("missing_episodes") or 0)
        return (
            event(
                row.get("date_started_looked_after"),
                "care",
                "Started to be looked after",
                row.get("legal_status") or "",
            )
            + event(row.get("placement_start_date"), "placement", "Placement started", placement)
            + event(
                row.get("date_ceased_looked_after"),
                "care",
                "Ceased to be looked after",
                row.get("reason_ceased") or "",
            )
            + (
                []
                if not missing
                else event(
                    row.get("placement_start_date"),
                    "missing",
                    f"Missing episodes in this placement: {missing}",
                    "Return interview offered: "
                    + (row.get("return_interview_offered") or "not recorded"),
                )
            )
        )
    if number == 9:
        return event(
            row.get("pathway_plan_review_date"), "care_leaver", "Pathway plan reviewed"
        ) + event(
            row.get("latest_contact_date"),
            "care_leaver",
            "Latest contact as a care leaver",
            row.get("accommodation") or "",
        )
    if number == 10:
        return (
            event(row.get("adoption_decision_date"), "adoption", "Decision that adoption is best")
            + event(row.get("placement_order_date"), "adoption", "Placement order")
            + event(row.get("matching_date"), "adoption", "Matched with adopters")
            + event(row.get("placed_for_adoption_date"), "adoption", "Placed for adoption")
            + event(row.get("adoption_order_date"), "adoption", "Adoption order")
        )
    return []


# ---- the whole journey ----------------------------------------------------------------------

DEMOGRAPHIC_COLUMNS = ("gender", "ethnicity", "date_of_birth", "age", "disability")
ALLOCATION_LISTS = (9, 8, 7, 6, 5, 4, 3)  # the most involved list names the current worker


def assemble_journey(
    child_id: str,
    rows: Iterable[tuple[int, int, Mapping]],
    *,
    as_at: date,
    cp_visit_working_days: int = CP_VISIT_DEFAULT_WORKING_DAYS,
) -> Journey:
    """One child's journey from their rows, given as (list number, source row, data).

    ``cp_visit_working_days`` is the council's own standard for visits to children on a plan.
    """
    journey = Journey(child_id=child_id)
    by_list: dict[int, list[Mapping]] = {}
    for number, source_row, row in rows:
        by_list.setdefault(number, []).append(row)
        journey.events.extend(_events_for_row(number, row, source_row))
        for column in DEMOGRAPHIC_COLUMNS:
            if row.get(column) not in (None, "") and column not in journey.demographics:
                journey.demographics[column] = row[column]
    for number in ALLOCATION_LISTS:
        for row in by_list.get(number, ()):
            if row.get("allocated_worker") and "allocated_worker" not in journey.demographics:
                journey.demographics["allocated_worker"] = row["allocated_worker"]
                journey.demographics["allocated_team"] = row.get("allocated_team") or ""
            if row.get("allocated_personal_advisor") and "allocated_worker" not in (
                journey.demographics
            ):
                journey.demographics["allocated_worker"] = row["allocated_personal_advisor"]
    journey.events.sort(key=lambda e: (e.date, e.list_number, e.source_row))
    age = journey.demographics.get("age")
    journey.age_band = age_band(int(age) if age not in (None, "") else None)
    journey.thresholds = _thresholds(by_list)
    journey.threshold = next((t for t in Threshold if t in journey.thresholds), "")
    current_care = [r for r in by_list.get(8, ()) if not r.get("date_ceased_looked_after")]
    if current_care:
        placement = max(current_care, key=lambda r: r.get("placement_start_date") or "")
        journey.placement_type = placement.get("placement_type") or ""
        journey.placement_group = placement_group(journey.placement_type)
        journey.placement_la = placement.get("placement_la") or ""
        journey.in_childrens_home_out_of_area = (
            _is_out_of_area(placement)
            and _placement_code(journey.placement_type) in CHILDRENS_HOME_CODES
        )
    journey.flag_reasons = _flags(by_list, as_at=as_at, cp_visit_working_days=cp_visit_working_days)
    journey.flags = list(journey.flag_reasons)
    return journey


def _care_visit_overdue(care: Mapping, *, as_at: date) -> str:
    """Why the child in care's social work visit is overdue on ``as_at`` (regulation 28), or
    "" if it is not. Without a placement start date, six weeks from the last visit."""
    visited = _date(care.get("last_social_work_visit_date"))
    placed = _date(care.get("placement_start_date"))
    long_term = _placement_code(care.get("placement_type") or "") in LONG_TERM_PLACEMENT_CODES
    if placed is None:
        if visited is None:
            return "social work visit not recorded"
        placed = visited
    due = next_care_visit_due(placement_start=placed, last_visit=visited, long_term=long_term)
    if as_at <= due:
        return ""
    interval = care_visit_interval_words(
        placement_start=placed, last_visit=visited, long_term=long_term
    )
    last = f"last on {visited:%d/%m/%Y}" if visited else "not recorded"
    return f"social work visit {last} (due {interval}; due by {due:%d/%m/%Y})"


def _is_out_of_area(row: Mapping) -> bool:
    return (row.get("placement_location") or "").endswith("Out")


def _thresholds(by_list: Mapping[int, list[Mapping]]) -> list[str]:
    found = set()
    if by_list.get(10):
        found.add(Threshold.ADOPTION)
    if by_list.get(9):
        found.add(Threshold.CARE_LEAVER)
    if any(not r.get("date_ceased_looked_after") for r in by_list.get(8, ())):
        found.add(Threshold.LOOKED_AFTER)
    if any(not r.get("cpp_end_date") for r in by_list.get(7, ())):
        found.add(Threshold.CP_PLAN)
    if any(
        r.get("case_status") == "c) Child in need plan" and not r.get("cin_closure_date")
        for r in by_list.get(6, ())
    ):
        found.add(Threshold.CIN_PLAN)
    if any(_yes(r.get("icpc_unnecessary")) for r in by_list.get(5, ())):
        found.add(Threshold.S47_NO_CONFERENCE)
    if any(r.get("requires_support") == "b) No" for r in by_list.get(4, ())):
        found.add(Threshold.ASSESSMENT_NFA)
    referrals = by_list.get(3, ())
    if any(_yes(r.get("referral_nfa")) for r in referrals) or (by_list.get(1) and not referrals):
        found.add(Threshold.CONTACT_NFA)
    return [t.value for t in Threshold if t in found]


@lru_cache(maxsize=8)
def _cp_visit_cutoff(as_at: date, working_days: int) -> date:
    """A protection-plan visit before this day is overdue on ``as_at`` (the inverse of
    ``children.next_cp_visit_due``, kept for 100,000 children in one build)."""
    return add_working_days(as_at, -working_days)


def _flags(
    by_list: Mapping[int, list[Mapping]], *, as_at: date, cp_visit_working_days: int
) -> dict[str, str]:
    """Each flag that applies, with the plain-English reason shown on the child's page."""
    flags: dict[str, str] = {}
    referrals = by_list.get(3, ())
    earlier = max((int(r.get("referrals_last_12_months") or 0) for r in referrals), default=0)
    if len(referrals) > 1 or earlier:
        flags[Flag.REPEAT_REFERRAL] = (
            f"{len(referrals)} referral(s) in this Annex A; {earlier} earlier in the last "
            "12 months."
        )
    plans = by_list.get(7, ())
    previous = max((int(r.get("previous_cp_plans") or 0) for r in plans), default=0)
    if len(plans) > 1 or previous:
        flags[Flag.REPEAT_PLAN] = f"{previous} previous child protection plan(s)."
    long_before = years_after(as_at, -LONG_PLAN_YEARS)
    visit_due_after = _cp_visit_cutoff(as_at, cp_visit_working_days)
    overdue: list[str] = []
    for plan in plans:
        if plan.get("cpp_end_date"):
            continue
        started = _date(plan.get("cpp_start_date"))
        if started and started <= long_before:
            flags[Flag.PLAN_OVER_TWO_YEARS] = f"Plan open since {started:%d/%m/%Y}."
        visited = _date(plan.get("last_statutory_visit_date"))
        if visited is None or visited < visit_due_after:
            overdue.append(
                "protection plan visit "
                + (f"last on {visited:%d/%m/%Y}" if visited else "not recorded")
                + f" (due every {cp_visit_working_days} working days, the council's standard)"
            )
    missing_reasons: list[str] = []
    for care in by_list.get(8, ()):
        if care.get("date_ceased_looked_after"):
            continue
        visit = _care_visit_overdue(care, as_at=as_at)
        if visit:
            overdue.append(visit)
        if _is_out_of_area(care):
            flags[Flag.OUT_OF_AREA] = (
                f"Placed in {care.get('placement_la') or 'another area'}: "
                f"{care.get('placement_type') or 'placement type not recorded'}."
            )
    for care in by_list.get(8, ()):
        missing = int(care.get("missing_episodes") or 0)
        if missing and not (
            _yes(care.get("return_interview_offered"))
            and _yes(care.get("return_interview_accepted"))
        ):
            missing_reasons.append(
                f"{missing} missing episode(s); return interview offered: "
                f"{care.get('return_interview_offered') or 'not recorded'}, accepted: "
                f"{care.get('return_interview_accepted') or 'not recorded'}"
            )
    if overdue:
        flags[Flag.VISITS_OVERDUE] = "; ".join(overdue).capitalize() + "."
    if missing_reasons:
        flags[Flag.MISSING_NO_RETURN_INTERVIEW] = "; ".join(missing_reasons).capitalize() + "."
    return {flag.value: flags[flag] for flag in Flag if flag in flags}
