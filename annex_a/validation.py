"""Validating Annex A: every cell, every row, every list and the lists against each other.

Rule codes follow ``annex_a.md`` section 5.2: ``AA10`` is rule 10 there. A code ending in ``Q``
is a query (a warning, the DfE validators' convention): the admin should check it, but it does not
stop the import. Errors stop the import until they are fixed. Cell checks (blank, unreadable
date or number, unknown code, below the minimum) have ``CELL-`` codes and sit in ``cells.py``.
Each rule's docstring says what the guidance asks and where it comes from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import itemgetter

from .cells import CELL_CONTROL, NUL, NUL_MESSAGE, CellProblem, cell_parser
from .findings import ERROR, WARNING, Finding, display_value
from .headers import SheetMatch
from .periods import age_on, months_before, years_after
from .spec import AnnexASpec, ListSpec

CELL_REQUIRED = "CELL-REQUIRED"
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


def _when(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _header(list_spec: ListSpec, name: str) -> str:
    return list_spec.column(name).header.strip()


def _is_unborn(row: Row, context: Context) -> bool:
    born = row.get("date_of_birth")
    return row.get("age") == -1 or (born is not None and born > context.as_at)


def _chain(row: Row, list_spec: ListSpec, names: Iterable[str], *, strict: bool = False):
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
                    f"{_header(list_spec, name)} ({_when(value)}) is {relation} "
                    f"{_header(list_spec, earlier_name)} ({_when(earlier)}). "
                    "Check both dates: one of them is wrong.",
                )
        previous = (name, value)


def _both_or_neither(row: Row, list_spec: ListSpec, first: str, second: str):
    has_first, has_second = row.get(first) is not None, row.get(second) is not None
    if has_first and not has_second:
        yield (
            second,
            f"{_header(list_spec, second)} is blank but {_header(list_spec, first)} is filled "
            "in. Give both, or neither.",
        )
    elif has_second and not has_first:
        yield (
            second,
            f"{_header(list_spec, second)} is filled in but {_header(list_spec, first)} is "
            "blank. Give both, or neither.",
        )


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
            f"{', '.join(_header(list_spec, n) for n in names[1:])}). Remove the duplicate.",
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


# ---- Period membership (rules 4-7) ---------------------------------------------------------------

_EVENT_DATE = {1: "contact_date", 3: "referral_date", 5: "strategy_discussion_date"}


def _before_window(list_spec: ListSpec, name: str, value: date, start: date, months: int) -> str:
    return (
        f"{_header(list_spec, name)} ({_when(value)}) is before {_when(start)}, more than "
        f"{months} months before the as-at date. Ofsted asks for the last {months} months: "
        "remove the row, or check the as-at date."
    )


@row_rule(
    "AA04Q",
    lists=(1, 3, 5),
    title="Contacts, referrals and section 47s in the last six months",
    source="Template guidance, Lists 1, 3 and 5: received in the six months before the inspection.",
)
def event_in_last_six_months(row, list_spec, context):
    name = _EVENT_DATE[list_spec.number]
    value = row.get(name)
    if value is not None and value < context.six_months_ago:
        yield name, _before_window(list_spec, name, value, context.six_months_ago, 6)


@row_rule(
    "AA05Q",
    lists=(4,),
    title="Assessments open or completed in the last six months",
    source="Template guidance, List 4: assessments in the six months before the inspection, "
    "including open ones; an authorisation date 'will be within the last six months'.",
)
def assessment_in_window(row, list_spec, context):
    value = row.get("assessment_authorised_date")
    if value is not None and value < context.six_months_ago:
        yield (
            "assessment_authorised_date",
            _before_window(
                list_spec, "assessment_authorised_date", value, context.six_months_ago, 6
            ),
        )


_CLOSED_DATE = {6: "cin_closure_date", 7: "cpp_end_date", 8: "date_ceased_looked_after"}


@row_rule(
    "AA06Q",
    lists=(6, 7, 8),
    title="Open now, or closed in the last six months",
    source="Template guidance, Lists 6-8: open at the point of inspection or ended in the six "
    "months before.",
)
def open_or_recently_closed(row, list_spec, context):
    name = _CLOSED_DATE[list_spec.number]
    value = row.get(name)
    if value is not None and value < context.six_months_ago:
        yield name, _before_window(list_spec, name, value, context.six_months_ago, 6)


_TWELVE_MONTH_DATES = {
    10: ("adoption_order_date", "no_longer_placed_decision_date"),
    11: ("adoption_order_date", "left_process_date"),
}


@row_rule(
    "AA07Q",
    lists=(10, 11),
    title="Adoption and adopters in the last twelve months",
    source="Template guidance, Lists 10 and 11: the twelve months before the inspection.",
)
def adoption_in_last_twelve_months(row, list_spec, context):
    for name in _TWELVE_MONTH_DATES[list_spec.number]:
        value = row.get(name)
        if value is not None and value < context.twelve_months_ago:
            yield name, _before_window(list_spec, name, value, context.twelve_months_ago, 12)


# ---- No future dates (rule 8) --------------------------------------------------------------------


@row_rule(
    "AA08",
    lists=range(1, 12),
    title="No dates after the as-at date",
    source="No date may be after the as-at date, except an unborn child's expected date of "
    "birth (annex_a.md 5.2 rule 8; S11 rules 105a-d).",
)
def no_future_dates(row, list_spec, context):
    for column in list_spec.date_columns:
        if column.name == "date_of_birth" and list_spec.unborn_allowed:
            continue  # an expected date of birth; rule AA28 checks it against the age
        value = row.get(column.name)
        if value is not None and value > context.as_at:
            yield (
                column.name,
                f"{column.header.strip()} ({_when(value)}) is after the as-at date "
                f"({_when(context.as_at)}). Correct the date, or check the as-at date.",
            )


# ---- Ordering (rules 9-17) -----------------------------------------------------------------------

FORTY_WEEKS = timedelta(weeks=40)


@row_rule(
    "AA09",
    lists=range(1, 11),
    title="Events on or after the date of birth",
    source="Date of birth is on or before every event date, except for an unborn child, whose "
    "events may be up to 40 weeks before the expected date of birth (CIN 8606).",
)
def events_after_birth(row, list_spec, context):
    born = row.get("date_of_birth")
    if born is None:
        return
    unborn = _is_unborn(row, context)
    earliest = born - FORTY_WEEKS if unborn else born
    for column in list_spec.date_columns:
        value = row.get(column.name)
        if column.name == "date_of_birth" or value is None or value >= earliest:
            continue
        if unborn:
            message = (
                f"{column.header.strip()} ({_when(value)}) is more than 40 weeks before the "
                f"expected date of birth ({_when(born)}). Check both dates."
            )
        else:
            message = (
                f"{column.header.strip()} ({_when(value)}) is before the child's date of birth "
                f"({_when(born)}). Check both dates."
            )
        yield column.name, message


@row_rule(
    "AA10",
    lists=(4,),
    title="Assessment authorised on or after it started",
    source="CIN 8608: the assessment start date is on or before its authorisation date.",
)
def assessment_dates_in_order(row, list_spec, context):
    yield from _chain(row, list_spec, ("assessment_start_date", "assessment_authorised_date"))


@row_rule(
    "AA11",
    lists=(5,),
    title="Conference on or after the strategy discussion",
    source="CIN 8615: the strategy discussion is on or before the initial child protection "
    "conference.",
)
def conference_after_strategy_discussion(row, list_spec, context):
    yield from _chain(row, list_spec, ("strategy_discussion_date", "icpc_date"))


@row_rule(
    "AA11Q",
    lists=(5,),
    title="Conference on a weekday",
    source="CIN 8875: an initial child protection conference is not held at a weekend.",
)
def conference_on_a_weekday(row, list_spec, context):
    held = row.get("icpc_date")
    if held is not None and held.weekday() >= 5:
        yield (
            "icpc_date",
            f"The conference date ({_when(held)}) is a {held.strftime('%A')}. Conferences are not "
            "held at weekends: check the date.",
        )


@row_rule(
    "AA12",
    lists=(6,),
    title="Episode of need closes on or after it starts",
    source="CIN 8630: CIN start date is on or before CIN closure date.",
)
def need_episode_in_order(row, list_spec, context):
    yield from _chain(row, list_spec, ("cin_start_date", "cin_closure_date"))


@row_rule(
    "AA13",
    lists=(7,),
    title="Plan ends after it starts",
    source="CIN 8925 and 8840: a child protection plan ends after it starts; the same day is "
    "not valid.",
)
def plan_in_order(row, list_spec, context):
    yield from _chain(row, list_spec, ("cpp_start_date", "cpp_end_date"), strict=True)


@row_rule(
    "AA14",
    lists=(7,),
    title="Review conference after the plan starts",
    source="CIN 8841: the latest review conference is after the plan's start date.",
)
def review_after_plan_start(row, list_spec, context):
    yield from _chain(
        row, list_spec, ("cpp_start_date", "latest_review_conference_date"), strict=True
    )


@row_rule(
    "AA15",
    lists=(8,),
    title="Care dates in order",
    source="The date started to be looked after is on or before the start of the most recent "
    "placement and the date care ceased (SSDA903).",
)
def care_dates_in_order(row, list_spec, context):
    yield from _chain(row, list_spec, ("date_started_looked_after", "placement_start_date"))
    yield from _chain(row, list_spec, ("date_started_looked_after", "date_ceased_looked_after"))


@row_rule(
    "AA16",
    lists=(10,),
    title="Adoption milestones in order",
    source="SSDA903 rules 334, 1003, 184, 333, 331: entered care, decision, matching, placement "
    "and adoption order follow one another; the decision is after the date of birth.",
)
def adoption_milestones_in_order(row, list_spec, context):
    yield from _chain(
        row,
        list_spec,
        (
            "date_entered_care",
            "adoption_decision_date",
            "matching_date",
            "placed_for_adoption_date",
            "adoption_order_date",
        ),
    )
    yield from _chain(row, list_spec, ("date_of_birth", "adoption_decision_date"), strict=True)


@row_rule(
    "AA17Q",
    lists=(11,),
    title="Adopter approval stages in order",
    source="Derived (no source codes it): Stage 1 and Stage 2 follow one another; application, "
    "approval, matching, placement and adoption order follow one another.",
)
def adopter_stages_in_order(row, list_spec, context):
    yield from _chain(
        row,
        list_spec,
        (
            "date_stage_1_started",
            "date_stage_1_ended",
            "date_stage_2_started",
            "date_stage_2_ended",
        ),
    )
    yield from _chain(
        row,
        list_spec,
        (
            "date_application_submitted",
            "date_application_approved",
            "matched_date",
            "placed_date",
            "adoption_order_date",
        ),
    )


# ---- Conditional blanks (rules 18-23) ------------------------------------------------------------


@row_rule(
    "AA18",
    lists=(4,),
    title="Outcome given once the assessment is authorised",
    source="Template guidance, List 4: 'requiring support' is blank while the assessment is "
    "ongoing, and answered once it is authorised.",
)
def assessment_outcome_with_authorisation(row, list_spec, context):
    yield from _both_or_neither(row, list_spec, "assessment_authorised_date", "requires_support")


@row_rule(
    "AA19",
    lists=(5,),
    title="Conference answers agree",
    source="Template guidance, List 5; CIN 8868: an unnecessary conference has no date or "
    "result; a conference held was necessary and has a result.",
)
def conference_answers_agree(row, list_spec, context):
    unnecessary = row.get("icpc_unnecessary")
    held = row.get("icpc_date")
    result = row.get("icpc_resulted_in_plan")
    if unnecessary == YES:
        for name in ("icpc_date", "icpc_resulted_in_plan"):
            if row.get(name) is not None:
                yield (
                    name,
                    f"The conference was deemed unnecessary, so {_header(list_spec, name)} must "
                    "be blank.",
                )
        return
    if held is not None and unnecessary is None:
        yield (
            "icpc_unnecessary",
            "A conference date is given, so “deemed unnecessary” must be “b) No”.",
        )
    if held is not None and result is None:
        yield (
            "icpc_resulted_in_plan",
            "A conference date is given, so say whether it resulted in a child protection plan.",
        )
    if result is not None and held is None:
        yield (
            "icpc_date",
            "The conference result is given but its date is blank. Give the conference date.",
        )


@row_rule(
    "AA20",
    lists=(6,),
    title="Closure reason and case status agree with the closure date",
    source="CIN 8805, 8810; template guidance, List 6: a reason for closure is given exactly "
    "when the episode has closed, and only a closed episode has the status 'e) Closed episode'.",
)
def closure_agrees(row, list_spec, context):
    yield from _both_or_neither(row, list_spec, "cin_closure_date", "reason_for_closure")
    status = row.get("case_status")
    closed = row.get("cin_closure_date") is not None
    if status is None:
        return
    if closed and status != "e) Closed episode":
        yield (
            "case_status",
            f"The episode has a closure date, so its case status should be “e) Closed episode”, "
            f"not “{status}”.",
        )
    elif not closed and status == "e) Closed episode":
        yield (
            "case_status",
            "The case status is “e) Closed episode” but there is no CIN closure date. "
            "Give the closure date, or correct the status.",
        )


@row_rule(
    "AA21",
    lists=(8,),
    title="Reason ceased given with the date ceased",
    source="Template guidance, List 8: the reason care ceased is given only when the date "
    "ceased is.",
)
def ceased_reason_with_date(row, list_spec, context):
    yield from _both_or_neither(row, list_spec, "date_ceased_looked_after", "reason_ceased")


@row_rule(
    "AA21Q",
    lists=(8,),
    title="Return interviews only after a missing episode",
    source="Template guidance, List 8: 'accepted' is blank if no interview was offered or the "
    "child was never missing.",
)
def return_interviews_follow_missing(row, list_spec, context):
    missing = row.get("missing_episodes")
    offered = row.get("return_interview_offered")
    accepted = row.get("return_interview_accepted")
    if missing == 0:
        for name in ("return_interview_offered", "return_interview_accepted"):
            if row.get(name) is not None:
                yield (
                    name,
                    f"The child has no missing episodes, so {_header(list_spec, name)} should "
                    "be blank.",
                )
    elif accepted is not None and offered != YES:
        yield (
            "return_interview_accepted",
            "Whether the child accepted a return interview is given, but no interview was "
            "offered. Leave it blank, or correct the offer.",
        )


_LEAVING_CARE_DETAILS = ("accommodation", "suitability", "activity_status")
_NOT_IN_TOUCH_FOR_GOOD = ("c) Died", "f) Rhom")
_NOT_IN_TOUCH = ("b) No", "d) Refu", "e) NREQ")


@row_rule(
    "AA22",
    lists=(9,),
    title="Accommodation and activity known when in touch",
    source="SSDA903 rule 345: in touch means accommodation, suitability and activity are "
    "given; rule 344: a young person who has died or returned home has none.",
)
def in_touch_details(row, list_spec, context):
    in_touch = row.get("in_touch")
    for name in _LEAVING_CARE_DETAILS:
        if not list_spec.has_column(name):
            continue
        value = row.get(name)
        if in_touch == YES and value is None:
            yield name, f"The council is in touch, so give the {_header(list_spec, name)}."
        elif in_touch in _NOT_IN_TOUCH_FOR_GOOD and value is not None:
            yield (
                name,
                f"LA in touch is “{in_touch}”, so {_header(list_spec, name)} must be blank.",
            )


@row_rule(
    "AA22Q",
    lists=(9,),
    title="No accommodation or activity when not in touch",
    source="Template guidance, List 9: accommodation, suitability and activity are blank if "
    "the council is not in touch.",
)
def not_in_touch_details(row, list_spec, context):
    in_touch = row.get("in_touch")
    if in_touch not in _NOT_IN_TOUCH:
        return
    for name in _LEAVING_CARE_DETAILS:
        if list_spec.has_column(name) and row.get(name) is not None:
            yield (
                name,
                f"LA in touch is “{in_touch}”, so {_header(list_spec, name)} is expected to be "
                "blank. Check which is right.",
            )


@row_rule(
    "AA23",
    lists=(10,),
    title="Reason given with the decision no longer to place",
    source="SSDA903 rule 119: the reason a child is no longer placed for adoption is given "
    "exactly when the date of that decision is.",
)
def no_longer_placed_reason(row, list_spec, context):
    yield from _both_or_neither(
        row, list_spec, "no_longer_placed_decision_date", "no_longer_placed_reason"
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
                    f"{_header(list_spec, name)} is {value} here but {first[name]} on row "
                    f"{first[ROW]} for the same child. Give the same count on every row of "
                    "the child.",
                )


# ---- Ages (rules 27-31) --------------------------------------------------------------------------


@row_rule(
    "AA27Q",
    lists=range(1, 11),
    title="Age agrees with the date of birth",
    source="Template guidance: age is the child's age at their last birthday.",
)
def age_agrees_with_birth(row, list_spec, context):
    born, age = row.get("date_of_birth"), row.get("age")
    if born is None or age is None or _is_unborn(row, context):
        return
    expected = age_on(born, context.as_at)
    if age != expected:
        yield (
            "age",
            f"Age is {age}, but a child born on {_when(born)} is {expected} on the as-at date "
            f"({_when(context.as_at)}). Check the age and the date of birth.",
        )


@row_rule(
    "AA28",
    lists=range(1, 11),
    title="Age -1 only for an unborn child",
    source="Template guidance, Lists 1-7 and 10: -1 for an unborn child, whose date of birth is "
    "the expected one.",
)
def unborn_age_agrees(row, list_spec, context):
    born, age = row.get("date_of_birth"), row.get("age")
    if age == -1 and born is not None and born <= context.as_at:
        yield (
            "age",
            f"Age is -1 (unborn) but the date of birth ({_when(born)}) has passed. "
            "Give the child's age.",
        )
    elif born is not None and born > context.as_at and age is not None and age != -1:
        yield (
            "age",
            f"The date of birth ({_when(born)}) is after the as-at date, so the child is unborn "
            "and the age should be -1.",
        )
    if age == -1 and not list_spec.unborn_allowed:
        yield "age", f"{list_spec.title} cannot include an unborn child."


@row_rule(
    "AA29",
    lists=(8,),
    title="Looked after before turning 18",
    source="SSDA903 rule 352: a child is under 18 when they start to be looked after.",
)
def looked_after_before_eighteen(row, list_spec, context):
    born, started = row.get("date_of_birth"), row.get("date_started_looked_after")
    if born is not None and started is not None and started >= years_after(born, 18):
        yield (
            "date_started_looked_after",
            f"The child was 18 or over on {_when(started)}, when they started to be looked "
            "after. Check the dates.",
        )


_MINIMUM_AGE_AT_START = (
    # (column, code prefix, minimum age, start-date column, SSDA903 rule)
    ("legal_status", ("J1", "J2", "J3"), 10, "legal_status_start_date", "358"),
    ("placement_type", ("n) H5",), 14, "placement_start_date", "371"),
    ("placement_type", ("u) S1",), 4, "placement_start_date", "373"),
)


@row_rule(
    "AA30Q",
    lists=(8,),
    title="Old enough for the legal status or placement",
    source="SSDA903 rules 358 (youth justice statuses from 10), 371 (H5 from 14) and 373 "
    "(residential school from 4).",
)
def old_enough_for_status(row, list_spec, context):
    born = row.get("date_of_birth")
    if born is None:
        return
    for name, prefixes, minimum, start_name, rule in _MINIMUM_AGE_AT_START:
        value, started = row.get(name), row.get(start_name)
        if value is None or started is None or not value.startswith(prefixes):
            continue
        if started < years_after(born, minimum):
            yield (
                name,
                f"“{value}” is for children aged {minimum} or over, but the child was "
                f"{age_on(born, started)} on {_when(started)} (SSDA903 rule {rule}). Check it.",
            )


@row_rule(
    "AA31Q",
    lists=range(1, 11),
    title="Age over 25",
    source="CIN 8775Q: ages over 25 are queried.",
)
def age_over_twenty_five(row, list_spec, context):
    age = row.get("age")
    if age is not None and age > 25:
        yield "age", f"Age {age} is over 25. Check the age and date of birth."


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
    "AA33",
    lists=(4, 6, 7, 8),
    title="Open children on the children-in-need list",
    source="Template guidance, List 6 scope: every child looked after, on a child protection "
    "plan or with an open assessment is on List 6 with the case status that applies first.",
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


# ---- Reference checks (rules 34-35; postcodes are checked as cells) ------------------------------


@row_rule(
    "AA34Q",
    lists=(8,),
    title="URN looks like an Ofsted URN",
    source="SSDA903 rule 1008; an Ofsted URN is 7 digits, or SC and 6 digits for a children's "
    "home.",
)
def urn_shape(row, list_spec, context):
    urn = row.get("placement_urn")
    if urn is None:
        return
    compact = urn.replace(" ", "").upper()
    if not (
        (compact.isdigit() and len(compact) == 7)
        or (compact[:2] == "SC" and compact[2:].isdigit() and len(compact) == 8)
    ):
        yield (
            "placement_urn",
            f"“{urn}” does not look like an Ofsted URN (7 digits, or SC and 6 digits). "
            "Check it, or leave it blank if the placement has none.",
        )


@row_rule(
    "AA35Q",
    lists=(8,),
    title="Own provision outside the council's area",
    source="SSDA903 rule 1015: own provision placed outside the council's boundary is queried.",
)
def own_provision_outside_area(row, list_spec, context):
    if (
        row.get("placement_provider") == "b) PR1: Own provision"
        and row.get("placement_location") == "b) Out"
    ):
        yield (
            "placement_location",
            "The placement is the council's own provision but outside its boundary. Check the "
            "provider and location.",
        )


# ---- Running the rules ---------------------------------------------------------------------------


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
            if raw.__class__ is str and NUL in raw:
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
            if raw is None or raw == "" or (raw.__class__ is str and raw.isspace()):
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
                        message=problem.message,
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
