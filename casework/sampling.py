"""Cohort selection: choose children the way inspectors would, from a seed.

Under the 2013 SIF the council audits 18 cases that inspectors pick, inspectors track at least 30
and sample at least 50 "at key thresholds and within specific groups and ages", and visit at least
2 children living in children's homes outside the area (frameworks.md, section 7.5, S4 and S5).
A framework's own numbers come from its ``SamplingRequirement`` rows; where it has none (ILACS
publishes none) the council's own cohort sizes are used (its practice settings), and the page
says so.

Pure functions over plain values: the same candidates and seed always give the same cohorts.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from inspection_readiness.children import AGE_BAND_CODES, AGE_BAND_LABELS

from .journeys import (
    PLACEMENT_GROUP_LABELS,
    THRESHOLD_LABELS,
    THRESHOLD_ORDER,
    Threshold,
)

AUDIT, TRACKED, SAMPLED, OUT_OF_AREA_VISIT = "audit", "tracked", "sampled", "out_of_area_visit"
COHORT_LABELS = {
    AUDIT: "Audited by the council",
    TRACKED: "Tracked by inspectors",
    SAMPLED: "Sampled by inspectors",
    OUT_OF_AREA_VISIT: "Visited in a children's home out of the area",
}
# Framework ``SamplingRequirement`` codes for each cohort (frameworks/fixtures/sif.yaml).
REQUIREMENT_CODES = {
    AUDIT: "audited",
    TRACKED: "tracked",
    SAMPLED: "sampled",
    OUT_OF_AREA_VISIT: "out-of-area-homes",
}
# A framework's number for all its cohorts together (the SIF's "at least 80" children).
TOTAL_CODE = "total"
THRESHOLDS = tuple(t.value for t in THRESHOLD_ORDER)


@dataclass(frozen=True)
class Targets:
    """How many children each cohort needs. The defaults are the 2013 SIF's numbers, which a
    council's own cohort sizes start from until it changes them."""

    audit: int = 18
    tracked: int = 30
    sampled: int = 50
    out_of_area_visit: int = 2

    def for_cohort(self, cohort: str) -> int:
        return getattr(self, cohort)

    @property
    def stratified_total(self) -> int:
        return self.audit + self.tracked + self.sampled


def audited_among_the_rest(targets: Targets, *, total: int) -> Targets:
    """Cohorts that together make ``total`` children, the audited cases among those inspectors
    track and sample: under the SIF the council audits 18 of the 80 children inspectors track
    (30) and sample (50) (frameworks.md 7.5, S4 and S5). No child is in two cohorts, so the
    sampled cohort gives up the audited places."""
    if targets.stratified_total <= total:
        return targets
    return dataclasses.replace(targets, sampled=max(0, total - targets.audit - targets.tracked))


@dataclass(frozen=True)
class Candidate:
    child_id: str
    threshold: str
    age_band: str
    placement_group: str = ""
    in_childrens_home_out_of_area: bool = False


@dataclass(frozen=True)
class Pick:
    child_id: str
    cohort: str
    threshold: str
    age_band: str
    reason: str


@dataclass(frozen=True)
class CoverageRow:
    dimension: str  # "threshold", "age_band" or "placement_group"
    code: str
    label: str
    target: int | None
    selected: int
    available: int
    by_cohort: Mapping[str, int]

    @property
    def is_short(self) -> bool:
        return self.target is not None and self.selected < self.target

    @property
    def shortfall(self) -> int:
        return max(0, (self.target or 0) - self.selected)


@dataclass
class Selection:
    picks: list[Pick]
    shortfalls: list[str] = field(default_factory=list)

    def cohort(self, cohort: str) -> list[Pick]:
        return [pick for pick in self.picks if pick.cohort == cohort]


def even_shares(total: int, keys: Sequence[str]) -> dict[str, int]:
    """``total`` split as evenly as possible over ``keys``, earlier keys taking any remainder."""
    if not keys:
        return {}
    share, extra = divmod(total, len(keys))
    return {key: share + (1 if position < extra else 0) for position, key in enumerate(keys)}


def allocate(total: int, keys: Sequence[str], capacity: Mapping[str, int]) -> dict[str, int]:
    """Even shares of ``total`` over ``keys``, none above its capacity; a key that cannot take its
    share passes the rest to the others. Earlier keys take any remainder."""
    quota = dict.fromkeys(keys, 0)
    remaining = total
    while remaining > 0:
        open_keys = [key for key in keys if quota[key] < capacity.get(key, 0)]
        if not open_keys:
            break
        for key, share in even_shares(remaining, open_keys).items():
            given = min(share, capacity.get(key, 0) - quota[key])
            quota[key] += given
            remaining -= given
    return quota


def select_cohorts(candidates: Iterable[Candidate], *, targets: Targets, seed: int) -> Selection:
    """Out-of-area visits first, then the audit, tracked and sampled cohorts, each spread over the
    thresholds and age bands; no child is in two cohorts."""
    rng = random.Random(seed)
    pool = sorted(
        (c for c in candidates if c.threshold), key=lambda c: c.child_id
    )  # sorted, so input order never changes the outcome
    selection = Selection(picks=[])
    taken: set[str] = set()

    homes = [c for c in pool if c.in_childrens_home_out_of_area]
    wanted = targets.out_of_area_visit
    for candidate in rng.sample(homes, min(wanted, len(homes))):
        taken.add(candidate.child_id)
        selection.picks.append(
            Pick(
                candidate.child_id,
                OUT_OF_AREA_VISIT,
                candidate.threshold,
                candidate.age_band,
                "Lives in a children's home outside the council's area: inspectors visit at "
                f"least {wanted} such children.",
            )
        )
    if len(homes) < wanted:
        selection.shortfalls.append(
            f"Only {len(homes)} child{'' if len(homes) == 1 else 'ren'} in this Annex A version "
            f"live{'s' if len(homes) == 1 else ''} in a children's home outside the area; "
            f"inspectors visit at least {wanted}. Check List 8's placement type and location for "
            "children placed out of area, or plan visits to other children placed away."
        )

    # Running totals across cohorts: a cohort's odd places go to the thresholds and ages the
    # earlier cohorts gave fewest, so together the cohorts meet every stratum's target.
    so_far: Counter[str] = Counter()
    for cohort in (AUDIT, TRACKED, SAMPLED):
        remaining = [c for c in pool if c.child_id not in taken]
        picks = _stratified(remaining, targets.for_cohort(cohort), cohort, rng, so_far)
        so_far.update(pick.threshold for pick in picks)
        so_far.update(pick.age_band for pick in picks)
        taken.update(pick.child_id for pick in picks)
        selection.picks.extend(picks)
        wanted = targets.for_cohort(cohort)
        if len(picks) < wanted:
            selection.shortfalls.append(
                f"The {COHORT_LABELS[cohort].lower()} cohort has {len(picks)} of {wanted} "
                "children: there are no more children in this Annex A version to choose from."
            )
    selection.shortfalls.extend(_stratum_shortfalls(pool, targets))
    return selection


def _stratified(
    pool: list[Candidate], size: int, cohort: str, rng: random.Random, so_far: Counter[str]
) -> list[Pick]:
    """``size`` children spread evenly over thresholds, and within them over age bands (and, for
    children in care, placement types)."""
    cells: dict[str, dict[tuple[str, str], list[Candidate]]] = {t: {} for t in THRESHOLDS}
    for candidate in pool:
        if candidate.threshold in cells:
            key = (candidate.age_band, candidate.placement_group)
            cells[candidate.threshold].setdefault(key, []).append(candidate)
    available = {t: sum(len(v) for v in cells[t].values()) for t in THRESHOLDS}
    # Odd places go to the strata with fewest so far; ties are broken by the seed.
    tie_break = {t: rng.random() for t in THRESHOLDS}
    order = sorted(THRESHOLDS, key=lambda t: (so_far[t], tie_break[t]))
    quota = allocate(size, order, available)
    band_available = Counter(c.age_band for c in pool)
    band_order = sorted(AGE_BAND_CODES, key=lambda b: (so_far[b], AGE_BAND_CODES.index(b)))
    band_target = allocate(size, band_order, band_available)
    band_count: Counter[str] = Counter()
    group_count: Counter[tuple[str, str]] = Counter()
    filled: Counter[str] = Counter()
    picks: list[Pick] = []
    while len(picks) < size:
        progressed = False
        for threshold in order:  # round robin: one child per threshold per turn
            if filled[threshold] >= quota[threshold]:
                continue
            open_cells = [key for key, members in cells[threshold].items() if members]
            if not open_cells:
                continue
            band, group = min(
                open_cells,
                key=lambda key: (
                    -(band_target.get(key[0], 0) - band_count[key[0]]),
                    group_count[(threshold, key[1])],
                    AGE_BAND_CODES.index(key[0]) if key[0] in AGE_BAND_CODES else 99,
                    key[1],
                ),
            )
            members = cells[threshold][(band, group)]
            candidate = members.pop(rng.randrange(len(members)))
            band_count[band] += 1
            group_count[(threshold, group)] += 1
            filled[threshold] += 1
            picks.append(
                Pick(
                    candidate.child_id,
                    cohort,
                    threshold,
                    band,
                    _reason(candidate, quota[threshold]),
                )
            )
            progressed = True
            if len(picks) >= size:
                break
        if not progressed:
            break
    return picks


def _reason(candidate: Candidate, places: int) -> str:
    label = THRESHOLD_LABELS[Threshold(candidate.threshold)]
    band = AGE_BAND_LABELS.get(candidate.age_band, "age not known")
    text = (
        f"{label}, aged {band.lower()}: chosen at random for one of this threshold's {places} "
        "places, spreading the cohort across ages"
    )
    if candidate.placement_group:
        text += f" and placement types ({PLACEMENT_GROUP_LABELS[candidate.placement_group]})"
    return text + "."


def threshold_targets(targets: Targets) -> dict[str, int]:
    """At least an even share of the audited, tracked and sampled places at each threshold."""
    return dict.fromkeys(THRESHOLDS, targets.stratified_total // len(THRESHOLDS))


def age_band_targets(targets: Targets) -> dict[str, int]:
    return dict.fromkeys(AGE_BAND_CODES, targets.stratified_total // len(AGE_BAND_CODES))


def _stratum_shortfalls(pool: list[Candidate], targets: Targets) -> list[str]:
    messages = []
    by_threshold = Counter(c.threshold for c in pool)
    for threshold, target in threshold_targets(targets).items():
        if by_threshold[threshold] < target:
            messages.append(
                f"{THRESHOLD_LABELS[Threshold(threshold)]}: only {by_threshold[threshold]} "
                f"child{'' if by_threshold[threshold] == 1 else 'ren'} in this Annex A version, "
                f"against a target of {target}. Their places went to other thresholds."
            )
    by_band = Counter(c.age_band for c in pool)
    for band, target in age_band_targets(targets).items():
        if by_band[band] < target:
            messages.append(
                f"Aged {AGE_BAND_LABELS[band].lower()}: only {by_band[band]} "
                f"child{'' if by_band[band] == 1 else 'ren'} in this Annex A version, against a "
                f"target of {target}."
            )
    return messages


def coverage(
    picks: Iterable[Pick], candidates: Iterable[Candidate], *, targets: Targets
) -> list[CoverageRow]:
    """Each threshold, age band and (for children in care) placement type: the target, how many
    were chosen in each cohort, and how many children the version has."""
    picks = [pick for pick in picks if pick.cohort != OUT_OF_AREA_VISIT]
    candidates = list(candidates)
    group_of = {c.child_id: c.placement_group for c in candidates}
    rows: list[CoverageRow] = []

    def add(dimension, code, label, target, key_of_pick, key_of_candidate):
        per_cohort = Counter(pick.cohort for pick in picks if key_of_pick(pick) == code)
        rows.append(
            CoverageRow(
                dimension=dimension,
                code=code,
                label=label,
                target=target,
                selected=sum(per_cohort.values()),
                available=sum(1 for c in candidates if key_of_candidate(c) == code),
                by_cohort={cohort: per_cohort[cohort] for cohort in (AUDIT, TRACKED, SAMPLED)},
            )
        )

    for threshold, target in threshold_targets(targets).items():
        add(
            "threshold",
            threshold,
            THRESHOLD_LABELS[Threshold(threshold)],
            target,
            lambda p: p.threshold,
            lambda c: c.threshold,
        )
    for band, target in age_band_targets(targets).items():
        add(
            "age_band",
            band,
            AGE_BAND_LABELS[band],
            target,
            lambda p: p.age_band,
            lambda c: c.age_band,
        )
    for group, label in PLACEMENT_GROUP_LABELS.items():
        add(
            "placement_group",
            group,
            f"Looked after: {label.lower()}",
            None,
            lambda p: group_of.get(p.child_id, "") if p.threshold == Threshold.LOOKED_AFTER else "",
            lambda c: c.placement_group if c.threshold == Threshold.LOOKED_AFTER else "",
        )
    return rows


def choose_replacement(
    candidates: Iterable[Candidate],
    *,
    leaving: Candidate,
    excluded: set[str],
    seed: int,
    cohort: str = AUDIT,
) -> Candidate | None:
    """A like-for-like replacement for a child swapped out: same threshold and age band if
    possible, else the same threshold, else anyone not already chosen. A child visited out of
    the area is replaced only by another child in a children's home out of the area."""
    pool = sorted(
        (
            c
            for c in candidates
            if c.threshold
            and c.child_id not in excluded
            and (cohort != OUT_OF_AREA_VISIT or c.in_childrens_home_out_of_area)
        ),
        key=lambda c: c.child_id,
    )
    rng = random.Random(f"{seed}:{leaving.child_id}")
    for matches in (
        lambda c: c.threshold == leaving.threshold and c.age_band == leaving.age_band,
        lambda c: c.threshold == leaving.threshold,
        lambda c: True,
    ):
        options = [c for c in pool if matches(c)]
        if options:
            return rng.choice(options)
    return None
