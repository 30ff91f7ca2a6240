"""Children the same way everywhere in the service: age bands and visiting standards.

Casework (a child's record, cohorts) and the data pack both import these, so an unborn child is
"Unborn" on every page and a visit is overdue by the same rule in the pack and on the child's
record. Pure values and functions: no database, no requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from annex_a.periods import months_before, years_after

from .working_days import add_working_days

# ---- Age bands -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeBand:
    """Ages at last birthday from ``youngest`` to ``oldest`` (None: no limit that way)."""

    code: str
    label: str
    youngest: int | None
    oldest: int | None

    def holds(self, age: int) -> bool:
        return (self.youngest is None or age >= self.youngest) and (
            self.oldest is None or age <= self.oldest
        )


UNBORN = "Unborn"
NOT_KNOWN = "Not known"
# The bands the ChAT uses (annex_a.md section 6), with unborn children apart: an expected date of
# birth is not an age, and an unborn child is not "under 1".
UNBORN_BAND = AgeBand(code="unborn", label=UNBORN, youngest=None, oldest=None)
AGE_BANDS = (
    UNBORN_BAND,
    AgeBand(code="under_1", label="Under 1", youngest=0, oldest=0),
    AgeBand(code="1_4", label="1 to 4", youngest=1, oldest=4),
    AgeBand(code="5_9", label="5 to 9", youngest=5, oldest=9),
    AgeBand(code="10_15", label="10 to 15", youngest=10, oldest=15),
    AgeBand(code="16_plus", label="16 and over", youngest=16, oldest=None),
)
BORN_AGE_BANDS = AGE_BANDS[1:]
AGE_BAND_CODES = tuple(band.code for band in AGE_BANDS)
AGE_BAND_LABELS = {band.code: band.label for band in AGE_BANDS}


def age_band_for(age: int | None) -> AgeBand | None:
    """The band for an age at last birthday; Annex A's -1 (any negative age) is unborn; None
    when the age is not known."""
    if age is None:
        return None
    if age < 0:
        return UNBORN_BAND
    return next(band for band in BORN_AGE_BANDS if band.holds(age))


# ---- Visits to children in care: regulation 28 --------------------------------------------------

# The Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28(2):
# a child in care is visited "within one week of the start of any placement", then "at intervals
# of not more than six weeks for the first year of any placement", then, where the placement is
# intended to last until the child is 18, "at intervals of not more than three months", and in
# any other case at intervals of not more than six weeks.
CARE_VISIT_SOURCE = (
    "The Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28"
)
FIRST_VISIT_AFTER_PLACEMENT = timedelta(weeks=1)
CARE_VISIT_INTERVAL = timedelta(weeks=6)
LONG_TERM_CARE_VISIT_MONTHS = 3
# List 8 placement types for a placement meant to last until 18: long-term fostering.
LONG_TERM_PLACEMENT_CODES = ("U1", "U4")


def next_care_visit_due(
    *, placement_start: date, last_visit: date | None, long_term: bool = False
) -> date:
    """The last day the next visit to a child in care is on time (regulation 28).

    With no visit since the placement started: one week after its start (a visit on day 7 is on
    time, day 8 is late). Otherwise six weeks after the last visit, or, for a placement intended
    to last until 18 (``long_term``) whose last visit was on or after the placement's first
    anniversary, three months after it. The interval is the one in force on the day of the last
    visit, because that is when the social worker plans the next one.
    """
    if last_visit is None or last_visit < placement_start:
        return placement_start + FIRST_VISIT_AFTER_PLACEMENT
    if long_term and last_visit >= years_after(placement_start, 1):
        # Three calendar months on (30 November: 28 or 29 February).
        return months_before(last_visit, -LONG_TERM_CARE_VISIT_MONTHS)
    return last_visit + CARE_VISIT_INTERVAL


def care_visit_interval_words(
    *, placement_start: date, last_visit: date | None, long_term: bool
) -> str:
    """How often the child is due a visit now, in the words the child's record uses."""
    if last_visit is None or last_visit < placement_start:
        return "within one week of the placement starting"
    if long_term and last_visit >= years_after(placement_start, 1):
        return "at least every three months in a long-term placement after its first year"
    return "at least every six weeks"


# ---- Visits to children on a child protection plan: the council's own standard ---------------

# No law or statutory guidance sets how often a child on a protection plan is visited; each
# council sets its own standard (10 working days is common). The service holds it as the
# council's setting and never calls it statutory.
CP_VISIT_DEFAULT_WORKING_DAYS = 10
CP_VISIT_EXPLANATION = (
    "How often children on a child protection plan are visited is your council's own practice "
    "standard: the law and national guidance do not set it. Many councils visit at least every "
    "10 working days."
)


def next_cp_visit_due(*, last_visit: date, working_days: int) -> date:
    """The last day the next visit to a child on a plan is on time under the council's
    standard of a visit every ``working_days`` working days (England's bank holidays apart)."""
    return add_working_days(last_visit, working_days)
