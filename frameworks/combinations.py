"""Never-seen combinations: proposed grades that no published ILACS inspection has had together.

From Ofsted's published ILACS inspections as the service ships them (``published_record``: the
271 standard and short inspections of 2018 to 2025, and those from April 2026, which have no
overall grade), count how often each checked pair of judgements had the proposed pair of grades,
and warn in plain words when the count is nought. A warning is not a rule: Ofsted does not publish
how its judgements combine, so an unseen combination is only a reason to check the evidence.

The pairs checked:

- ILACS (inspections that started before 1 April 2026): overall effectiveness against each other
  judgement (the impact of leaders, help and protection, children in care and care leavers or,
  before 2023, children in care and care leavers together, and care leavers), and the impact of
  leaders against each practice judgement.
- ILACS 2026 (no overall grade): the impact of leaders against each practice judgement (help and
  protection, children in care, care leavers).

Each pair is counted over the published inspections that graded both judgements: children in care
(J3) and care leavers (J4) were first graded separately in 2023; before that, one judgement covered
both (J3a). The judgement and grade codes are those of ``frameworks/fixtures`` (``ilacs.yaml``,
``ilacs2026.yaml`` and the ofsted-2013 scale in ``scales.yaml``), as the self-evaluation stores
them. Pure functions; no database.

Use ``never_seen_warnings(framework, grades)``, for example
``never_seen_warnings("ILACS", {"OE": "outstanding", "J1": "good"})``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from . import published_record as record

# The ofsted-2013 scale, best first: (grade code, Ofsted's label, how a warning says it).
GRADES = (
    ("outstanding", "Outstanding", "outstanding"),
    ("good", "Good", "good"),
    ("requires-improvement", "Requires improvement to be good", "requires improvement"),
    ("inadequate", "Inadequate", "inadequate"),
)
RANK = {code: rank for rank, (code, _, _) in enumerate(GRADES)}
CODE_FOR_LABEL = {label: code for code, label, _ in GRADES}
SAID = {code: said for code, _, said in GRADES}

# Care leavers became a separate judgement on 1 January 2023; before, the children in care column
# held the combined judgement.
SEPARATE_CARE_LEAVERS_FROM = date(2023, 1, 1)


@dataclass(frozen=True)
class Judgement:
    code: str
    said: str  # how a warning names it


OVERALL = Judgement("OE", "overall")
LEADERS = Judgement("J1", "leaders")
HELP_AND_PROTECTION = Judgement("J2", "help and protection")
COMBINED_CARE = Judgement("J3a", "children in care and care leavers")
CHILDREN_IN_CARE = Judgement("J3", "children in care")
CARE_LEAVERS = Judgement("J4", "care leavers")
PRACTICE = (HELP_AND_PROTECTION, COMBINED_CARE, CHILDREN_IN_CARE, CARE_LEAVERS)

PAIRS: dict[str, tuple[tuple[Judgement, Judgement], ...]] = {
    "ILACS": (
        *((OVERALL, other) for other in (LEADERS, *PRACTICE)),
        *((LEADERS, practice) for practice in PRACTICE),
    ),
    "ILACS 2026": tuple(
        (LEADERS, practice) for practice in (HELP_AND_PROTECTION, CHILDREN_IN_CARE, CARE_LEAVERS)
    ),
}


def graded(inspection: Mapping[str, str]) -> dict[str, str]:
    """One published inspection's grades as {judgement code: grade code}; judgements it did not
    grade (no overall grade from April 2026, no separate care leavers before 2023) are absent."""
    separate = date.fromisoformat(inspection[record.INSPECTION_DATE][:10]) >= (
        SEPARATE_CARE_LEAVERS_FROM
    )
    columns = (
        (record.OVERALL, OVERALL),
        (record.LEADERS, LEADERS),
        (record.HELP_AND_PROTECTION, HELP_AND_PROTECTION),
        (record.CHILDREN_IN_CARE, CHILDREN_IN_CARE if separate else COMBINED_CARE),
        (record.CARE_LEAVERS, CARE_LEAVERS),
    )
    return {
        judgement.code: CODE_FOR_LABEL[inspection[column]]
        for column, judgement in columns
        if inspection.get(column) in CODE_FOR_LABEL
    }


def published_grades() -> tuple[dict[str, str], ...]:
    """Every shipped ILACS inspection's grades (see ``graded``)."""
    return tuple(graded(inspection) for inspection in record.ilacs_inspections())


@dataclass(frozen=True)
class PairCount:
    first: Judgement
    second: Judgement
    first_grade: str
    second_grade: str
    inspections: int  # published inspections that graded both judgements
    together: int  # of those, how many had exactly the proposed pair of grades
    same_direction: int  # how many had first_grade with second above (or below) it, as proposed

    @property
    def warning(self) -> str | None:
        if self.together:
            return None
        start = (
            f"In {self.inspections} published inspections, {self.first.said} "
            f"{SAID[self.first_grade]} never came with {self.second.said}"
        )
        difference = RANK[self.second_grade] - RANK[self.first_grade]
        if difference and not self.same_direction:
            relation = "below" if difference > 0 else "above"
            return f"{start} {relation} {SAID[self.first_grade]}."
        return f"{start} {SAID[self.second_grade]}."


def combination_counts(
    framework: str,
    grades: Mapping[str, str],
    *,
    published: Iterable[Mapping[str, str]] | None = None,
) -> list[PairCount]:
    """For each of the framework's checked pairs that ``grades`` grades both of, how often the
    published inspections had that pair of grades. ``published`` defaults to the shipped record
    (``published_grades()``); unknown frameworks and grade codes are not checked."""
    pairs = PAIRS.get(framework, ())
    wanted = [
        (first, second)
        for first, second in pairs
        if grades.get(first.code) in RANK and grades.get(second.code) in RANK
    ]
    if not wanted:
        return []
    inspections = list(published_grades() if published is None else published)
    counts = []
    for first, second in wanted:
        first_grade, second_grade = grades[first.code], grades[second.code]
        both = [
            inspection
            for inspection in inspections
            if first.code in inspection and second.code in inspection
        ]
        with_first = [inspection for inspection in both if inspection[first.code] == first_grade]
        difference = RANK[second_grade] - RANK[first_grade]
        counts.append(
            PairCount(
                first=first,
                second=second,
                first_grade=first_grade,
                second_grade=second_grade,
                inspections=len(both),
                together=sum(inspection[second.code] == second_grade for inspection in with_first),
                same_direction=sum(
                    _sign(RANK[inspection[second.code]] - RANK[first_grade]) == _sign(difference)
                    for inspection in with_first
                ),
            )
        )
    return counts


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


def never_seen_warnings(
    framework: str,
    grades: Mapping[str, str],
    *,
    published: Iterable[Mapping[str, str]] | None = None,
) -> list[str]:
    """Plain warnings for each checked pair of proposed grades that no published inspection had,
    such as "In 271 published inspections, overall outstanding never came with leaders below
    outstanding." ``framework`` is the framework's short name ("ILACS", "ILACS 2026");
    ``grades`` is {judgement area code: grade code}, as a self-evaluation's areas hold them."""
    return [
        count.warning
        for count in combination_counts(framework, grades, published=published)
        if count.warning
    ]
