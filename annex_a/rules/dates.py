"""Annex A rules about dates within one row: the period each list covers, no future dates,
and events in the order they happen (``annex_a.md`` section 5.2 rules 4-17)."""

from __future__ import annotations

from datetime import date, timedelta

from ..spec import ListSpec
from .registry import date_chain, header, is_unborn, row_rule, when

# ---- Period membership (rules 4-7) ---------------------------------------------------------------

_EVENT_DATE = {1: "contact_date", 3: "referral_date", 5: "strategy_discussion_date"}


def _before_window(list_spec: ListSpec, name: str, value: date, start: date, months: int) -> str:
    return (
        f"{header(list_spec, name)} ({when(value)}) is before {when(start)}, more than "
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
                f"{column.header.strip()} ({when(value)}) is after the as-at date "
                f"({when(context.as_at)}). Correct the date, or check the as-at date.",
            )


# ---- Ordering (rules 9-17) -----------------------------------------------------------------------

FORTY_WEEKS = timedelta(weeks=40)


@row_rule(
    "AA09",
    lists=range(1, 11),
    title="Events no more than 40 weeks before the date of birth",
    source="annex_a.md 5.2 rule 9 and CIN 8606: work may start up to 40 weeks before the date of "
    "birth or expected date of birth, for a child born since as for one still unborn (pre-birth "
    "referrals and assessments); anything earlier is an error.",
)
def events_after_birth(row, list_spec, context):
    born = row.get("date_of_birth")
    if born is None:
        return
    earliest = born - FORTY_WEEKS  # 280 days before is still valid; 281 is not
    for column in list_spec.date_columns:
        value = row.get(column.name)
        if column.name == "date_of_birth" or value is None or value >= earliest:
            continue
        expected = "expected " if is_unborn(row, context) else ""
        yield (
            column.name,
            f"{column.header.strip()} ({when(value)}) is more than 40 weeks before the "
            f"{expected}date of birth ({when(born)}). Check both dates.",
        )


@row_rule(
    "AA10",
    lists=(4,),
    title="Assessment authorised on or after it started",
    source="CIN 8608: the assessment start date is on or before its authorisation date.",
)
def assessment_dates_in_order(row, list_spec, context):
    yield from date_chain(row, list_spec, ("assessment_start_date", "assessment_authorised_date"))


@row_rule(
    "AA11",
    lists=(5,),
    title="Conference on or after the strategy discussion",
    source="CIN 8615: the strategy discussion is on or before the initial child protection "
    "conference.",
)
def conference_after_strategy_discussion(row, list_spec, context):
    yield from date_chain(row, list_spec, ("strategy_discussion_date", "icpc_date"))


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
            f"The conference date ({when(held)}) is a {held.strftime('%A')}. Conferences are not "
            "held at weekends: check the date.",
        )


@row_rule(
    "AA12",
    lists=(6,),
    title="Episode of need closes on or after it starts",
    source="CIN 8630: CIN start date is on or before CIN closure date.",
)
def need_episode_in_order(row, list_spec, context):
    yield from date_chain(row, list_spec, ("cin_start_date", "cin_closure_date"))


@row_rule(
    "AA13",
    lists=(7,),
    title="Plan ends after it starts",
    source="CIN 8925 and 8840: a child protection plan ends after it starts; the same day is "
    "not valid.",
)
def plan_in_order(row, list_spec, context):
    yield from date_chain(row, list_spec, ("cpp_start_date", "cpp_end_date"), strict=True)


@row_rule(
    "AA14",
    lists=(7,),
    title="Review conference after the plan starts",
    source="CIN 8841: the latest review conference is after the plan's start date.",
)
def review_after_plan_start(row, list_spec, context):
    yield from date_chain(
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
    yield from date_chain(row, list_spec, ("date_started_looked_after", "placement_start_date"))
    yield from date_chain(row, list_spec, ("date_started_looked_after", "date_ceased_looked_after"))


@row_rule(
    "AA16",
    lists=(10,),
    title="Adoption milestones in order",
    source="SSDA903 rules 334, 1003, 184, 333, 331: entered care, decision, matching, placement "
    "and adoption order follow one another; the decision is after the date of birth.",
)
def adoption_milestones_in_order(row, list_spec, context):
    yield from date_chain(
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
    yield from date_chain(row, list_spec, ("date_of_birth", "adoption_decision_date"), strict=True)


@row_rule(
    "AA17Q",
    lists=(11,),
    title="Adopter approval stages in order",
    source="Derived (no source codes it): Stage 1 and Stage 2 follow one another; application, "
    "approval, matching, placement and adoption order follow one another.",
)
def adopter_stages_in_order(row, list_spec, context):
    yield from date_chain(
        row,
        list_spec,
        (
            "date_stage_1_started",
            "date_stage_1_ended",
            "date_stage_2_started",
            "date_stage_2_ended",
        ),
    )
    yield from date_chain(
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
