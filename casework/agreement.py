"""How far auditors and moderators agree: percentage agreement and Cohen's kappa.

Inspectors quality-assure the council's own audits, so inconsistent grading is itself a finding.
Kappa corrects raw agreement for the agreement two graders would reach by chance:
``kappa = (p_observed - p_expected) / (1 - p_expected)`` (Cohen, 1960).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    pairs: int
    agreed: int
    kappa: float | None  # None when chance agreement is total (every grade the same)

    @property
    def percent(self) -> float | None:
        return 100 * self.agreed / self.pairs if self.pairs else None


def agreement(pairs: Iterable[tuple[str, str]]) -> Agreement:
    """Agreement between first grades (auditor) and second grades (moderator) of the same items."""
    pairs = list(pairs)
    total = len(pairs)
    if not total:
        return Agreement(pairs=0, agreed=0, kappa=None)
    agreed = sum(1 for first, second in pairs if first == second)
    return Agreement(pairs=total, agreed=agreed, kappa=cohens_kappa(pairs))


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    total = len(pairs)
    if not total:
        return None
    observed = sum(1 for first, second in pairs if first == second) / total
    firsts = Counter(first for first, _ in pairs)
    seconds = Counter(second for _, second in pairs)
    expected = sum(firsts[grade] * seconds[grade] for grade in firsts) / (total * total)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


# Below this many moderated section grades, a kappa or a percentage swings with one grade: a
# handful of cases cannot show that auditors and moderators agree. 20 pairs is the usual floor
# for reporting kappa at all; the page says plainly when the figures rest on fewer.
MIN_PAIRS_FOR_EVIDENCE = 20


def too_few_to_mean_much(pairs: int) -> str:
    """A plain warning when agreement rests on too few moderated grades, else ''."""
    if pairs >= MIN_PAIRS_FOR_EVIDENCE:
        return ""
    if pairs == 0:
        return "No section grade has been moderated yet, so there is no agreement to measure."
    return (
        f"Kappa from {pairs} grade{'s' if pairs != 1 else ''} is not evidence: agreement figures "
        f"mean little until at least {MIN_PAIRS_FOR_EVIDENCE} section grades are moderated."
    )


def describe_kappa(kappa: float | None) -> str:
    """Landis and Koch's (1977) words for a kappa value, as commonly used in audit reports."""
    if kappa is None:
        return "Not enough variety in the grades to measure"
    if kappa < 0:
        return "Poor"  # worse than chance; 0 itself is "slight" agreement
    for limit, words in (
        (0.2, "Slight"),
        (0.4, "Fair"),
        (0.6, "Moderate"),
        (0.8, "Substantial"),
    ):
        if kappa <= limit:
            return words
    return "Almost perfect"
