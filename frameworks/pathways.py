"""What comes next for a council: the visit kinds its last grade leads to, and the post-2026
ILACS pathway indicator.

The kinds and the grades that lead to them are data (``frameworks/fixtures/ilacs_visits.yaml``);
the indicator's judgements and threshold are data too (``pathway_indicator`` in
``ilacs2026.yaml``). Pure functions over plain values.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    code: str
    name: str
    pathway_grades: tuple[str, ...]
    pathway_note: str = ""


@dataclass(frozen=True)
class IndicatorResult:
    """The indicator's verdict with its wording, shown as indicative with its source."""

    is_met: bool
    verdict: str
    statement: str
    confidence: str
    leaders_ok: bool
    practice_ok: int
    practice_needed: int


def next_visit_kinds(kinds: Sequence[KindSpec], last_grade: str) -> list[KindSpec]:
    """The kinds of visit that usually follow a council's last grade, in the framework's order."""
    return [kind for kind in kinds if last_grade in kind.pathway_grades]


def pathway_indicator(
    indicator: Mapping, grades: Mapping[str, str], *, rank_of: Mapping[str, int]
) -> IndicatorResult | None:
    """Whether the next visit is likely to be a focused visit before a short inspection: the
    leaders judgement at ``grade`` or better and at least ``at_least`` of the practice
    judgements at ``grade`` or better. ``rank_of`` gives each grade code its rank (1 is best).
    None until every judgement the indicator reads has a grade."""
    if not indicator:
        return None
    needed = [indicator["leaders"], *indicator["practice"]]
    if any(not grades.get(code) for code in needed):
        return None
    threshold = rank_of[indicator["grade"]]

    def at_or_above(code: str) -> bool:
        return rank_of[grades[code]] <= threshold

    leaders_ok = at_or_above(indicator["leaders"])
    practice_ok = sum(1 for code in indicator["practice"] if at_or_above(code))
    is_met = leaders_ok and practice_ok >= indicator["at_least"]
    return IndicatorResult(
        is_met=is_met,
        verdict=indicator["met"] if is_met else indicator["not_met"],
        statement=indicator["statement"],
        confidence=indicator["confidence"],
        leaders_ok=leaders_ok,
        practice_ok=practice_ok,
        practice_needed=indicator["at_least"],
    )
