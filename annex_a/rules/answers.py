"""Annex A rules about the answers within one row: conditional blanks, ages, references and
allocation (``annex_a.md`` section 5.2 rules 18-23, 27-31, 34-35, and the rules after them)."""

from __future__ import annotations

from ..periods import age_on, years_after
from .registry import YES, both_or_neither, header, is_unborn, row_rule, when

# ---- Conditional blanks (rules 18-23) ------------------------------------------------------------


@row_rule(
    "AA18",
    lists=(4,),
    title="Outcome given once the assessment is authorised",
    source="Template guidance, List 4: 'requiring support' is blank while the assessment is "
    "ongoing, and answered once it is authorised.",
)
def assessment_outcome_with_authorisation(row, list_spec, context):
    yield from both_or_neither(row, list_spec, "assessment_authorised_date", "requires_support")


UNKNOWN = "c) Unknown"


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
    # An unknown result is a result for "was one given", but not an answer that needs a
    # conference: AA19Q reports it, once.
    answered = None if result == UNKNOWN else result
    if unnecessary == YES:
        for name, value in (("icpc_date", held), ("icpc_resulted_in_plan", answered)):
            if value is not None:
                yield (
                    name,
                    f"The conference was deemed unnecessary, so {header(list_spec, name)} must "
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
    if answered is not None and held is None:
        yield (
            "icpc_date",
            "The conference result is given but its date is blank. Give the conference date.",
        )


@row_rule(
    "AA19Q",
    lists=(5,),
    title="Conference result not known",
    source="List 5's result column is Yes/No in the template; liia-tools (annex_a.md S4, S5) "
    "also accept “c) Unknown”, so it is read, and queried once.",
)
def conference_result_unknown(row, list_spec, context):
    if row.get("icpc_resulted_in_plan") == UNKNOWN:
        yield (
            "icpc_resulted_in_plan",
            "The conference result is “c) Unknown”. Ofsted's template asks for “a) Yes” or "
            "“b) No”: give it if it is known now.",
        )


@row_rule(
    "AA20",
    lists=(6,),
    title="Closure reason and case status agree with the closure date",
    source="CIN 8805, 8810; template guidance, List 6: a reason for closure is given exactly "
    "when the episode has closed, and only a closed episode has the status 'e) Closed episode'.",
)
def closure_agrees(row, list_spec, context):
    yield from both_or_neither(row, list_spec, "cin_closure_date", "reason_for_closure")
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
    yield from both_or_neither(row, list_spec, "date_ceased_looked_after", "reason_ceased")


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
                    f"The child has no missing episodes, so {header(list_spec, name)} should "
                    "be blank.",
                )
    elif accepted is not None and offered != YES:
        yield (
            "return_interview_accepted",
            "Whether the child accepted a return interview is given, but no interview was "
            "offered. Leave it blank, or correct the offer.",
        )


ELIGIBLE = "d)"  # 2023/24 "d) Eligible child": aged 16 or 17 and still looked after
_LEAVING_CARE_DETAILS = ("accommodation", "suitability", "activity_status")
_NOT_IN_TOUCH_FOR_GOOD = ("c) Died", "f) Rhom")
_NOT_IN_TOUCH = ("b) No", "d) Refu", "e) NREQ")


@row_rule(
    "AA22",
    lists=(9,),
    title="Accommodation and activity known when in touch",
    source="SSDA903 rule 345: in touch means accommodation, suitability and activity are "
    "given; rule 344: a young person who has died or returned home has none. Not for 2023/24 "
    "“d) Eligible child”, who is still looked after.",
)
def in_touch_details(row, list_spec, context):
    if (row.get("eligibility_category") or "").startswith(ELIGIBLE):
        return  # still looked after (2023/24): List 8 holds their placement, not this list
    in_touch = row.get("in_touch")
    for name in _LEAVING_CARE_DETAILS:
        if not list_spec.has_column(name):
            continue
        value = row.get(name)
        if in_touch == YES and value is None:
            yield name, f"The council is in touch, so give the {header(list_spec, name)}."
        elif in_touch in _NOT_IN_TOUCH_FOR_GOOD and value is not None:
            yield (
                name,
                f"LA in touch is “{in_touch}”, so {header(list_spec, name)} must be blank.",
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
                f"LA in touch is “{in_touch}”, so {header(list_spec, name)} is expected to be "
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
    yield from both_or_neither(
        row, list_spec, "no_longer_placed_decision_date", "no_longer_placed_reason"
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
    if born is None or age is None or is_unborn(row, context):
        return
    expected = age_on(born, context.as_at)
    if age != expected:
        yield (
            "age",
            f"Age is {age}, but a child born on {when(born)} is {expected} on the as-at date "
            f"({when(context.as_at)}). Check the age and the date of birth.",
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
            f"Age is -1 (unborn) but the date of birth ({when(born)}) has passed. "
            "Give the child's age.",
        )
    elif born is not None and born > context.as_at and age is not None and age != -1:
        yield (
            "age",
            f"The date of birth ({when(born)}) is after the as-at date, so the child is unborn "
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
            f"The child was 18 or over on {when(started)}, when they started to be looked "
            "after. Check the dates.",
        )


_MINIMUM_AGE_AT_START = (
    # (column, code prefix, minimum age, start-date column, SSDA903 rule)
    ("legal_status", ("J1", "J2", "J3"), 10, "legal_status_start_date", "358"),
    ("placement_type", ("u) S1",), 4, "placement_start_date", "373"),
)


@row_rule(
    "AA30Q",
    lists=(8,),
    title="Old enough for the legal status or placement",
    source="SSDA903 rules 358 (youth justice statuses from 10) and 373 (residential school "
    "from 4).",
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
                f"{age_on(born, started)} on {when(started)} (SSDA903 rule {rule}). Check it.",
            )


def short_code(value: str) -> str:
    """``H5`` for ``n) H5: Residential accommodation``: the code without its letter or label."""
    return value.split(")", 1)[-1].split(":", 1)[0].strip().upper()


@row_rule(
    "AA30",
    lists=(8,),
    title="Sixteen or over in an H5 placement",
    source="SSDA903 2023/24 rule 371: a child placed in H5 (semi-independent or supported "
    "accommodation) is 16 or over on the placement's start date; placing under-16s in "
    "unregulated accommodation has been unlawful since September 2021.",
)
def sixteen_or_over_in_h5(row, list_spec, context):
    born, started, placement = (
        row.get("date_of_birth"),
        row.get("placement_start_date"),
        row.get("placement_type"),
    )
    if born is None or started is None or placement is None or short_code(placement) != "H5":
        return
    if started < years_after(born, 16):
        yield (
            "placement_type",
            f"“{placement}” is only for young people aged 16 or over, but the child was "
            f"{age_on(born, started)} on {when(started)}, when the placement started (SSDA903 "
            "rule 371). Check the placement type and the dates.",
        )


@row_rule(
    "AA31Q",
    lists=(1, 2, 3, 4, 5, 6, 7, 8, 10),
    title="Age over 25",
    source="CIN 8775Q: ages over 25 are queried (List 9's ages are queried by AA41Q).",
)
def age_over_twenty_five(row, list_spec, context):
    age = row.get("age")
    if age is not None and age > 25:
        yield "age", f"Age {age} is over 25. Check the age and date of birth."


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


# ---- Allocation and placement postcodes (rules the guidance implies beyond 5.2) ----------------


@row_rule(
    "AA38",
    lists=(9,),
    title="A care leaver has a worker or personal adviser",
    source="Template guidance, List 9: an allocated worker for every care leaver; from 2023/24 "
    "the allocated personal adviser may be given instead (Children Act 1989 s.23D).",
)
def care_leaver_has_a_worker(row, list_spec, context):
    if row.get("allocated_worker") is not None or row.get("allocated_personal_advisor"):
        return
    if list_spec.has_column("allocated_personal_advisor"):
        message = (
            "Neither an allocated worker nor a personal adviser is given. Every care leaver has "
            "one: give the worker or the personal adviser."
        )
    else:
        message = "The allocated worker is blank. Every care leaver has one: give their name."
    yield "allocated_worker", message


# LA of Placement codes for a placement whose postcode is withheld or is not a UK one.
POSTCODE_NOT_EXPECTED = frozenset({"CON", "NUK"})


@row_rule(
    "AA39",
    lists=(8,),
    title="Placement postcode given unless confidential or outside the UK",
    source="Template guidance, List 8: the placement's postcode, with LA of Placement “CON” for "
    "a confidential placement and “NUK” for one outside the UK, which have none to give.",
)
def placement_postcode_given(row, list_spec, context):
    if row.get("placement_postcode") is not None:
        return
    placement_la = (row.get("placement_la") or "").strip().upper()
    if placement_la in POSTCODE_NOT_EXPECTED:
        return
    yield (
        "placement_postcode",
        "Placement postcode is blank. Give the placement's postcode, or write “CON” (confidential) "
        "or “NUK” (not in the UK) as the LA of Placement.",
    )
