"""Cohort selection, table by table: strata met when the data allow, clear shortfall messages
when they do not, the same cohorts from the same seed, and no child in two cohorts."""

import random

import pytest

from casework.sampling import (
    AGE_BAND_CODES,
    AUDIT,
    OUT_OF_AREA_VISIT,
    SAMPLED,
    THRESHOLDS,
    TRACKED,
    Candidate,
    Targets,
    allocate,
    audited_among_the_rest,
    choose_replacement,
    coverage,
    even_shares,
    select_cohorts,
)


def population(
    *, per_cell: int = 4, homes_out_of_area: int = 5, only: dict | None = None
) -> list[Candidate]:
    """``per_cell`` children at every threshold and age band (``only`` overrides a threshold's
    count), and ``homes_out_of_area`` more living in children's homes out of the area."""
    candidates = []
    for threshold in THRESHOLDS:
        for band in AGE_BAND_CODES:
            count = (only or {}).get(threshold, per_cell * len(AGE_BAND_CODES)) // len(
                AGE_BAND_CODES
            ) or (1 if (only or {}).get(threshold) else 0)
            for n in range(count):
                group = "fostering" if threshold == "looked_after" and n % 2 else ""
                if threshold == "looked_after" and not group:
                    group = "childrens_home"
                candidates.append(Candidate(f"{threshold}-{band}-{n}", threshold, band, group))
    for n in range(homes_out_of_area):
        candidates.append(Candidate(f"home-{n}", "looked_after", "10_15", "childrens_home", True))
    return candidates


@pytest.mark.parametrize(
    ("total", "keys", "capacity", "expected"),
    [
        (10, "abcde", dict.fromkeys("abcde", 9), dict.fromkeys("abcde", 2)),
        (7, "abc", dict.fromkeys("abc", 9), {"a": 3, "b": 2, "c": 2}),
        (10, "abc", {"a": 1, "b": 9, "c": 9}, {"a": 1, "b": 5, "c": 4}),
        (10, "ab", {"a": 2, "b": 3}, {"a": 2, "b": 3}),
        (0, "ab", {"a": 2, "b": 3}, {"a": 0, "b": 0}),
    ],
    ids=["even", "remainder-to-earlier", "short-key-passes-places-on", "not-enough-at-all", "zero"],
)
def test_allocate_spreads_places_and_passes_on_what_a_stratum_cannot_take(
    total, keys, capacity, expected
):
    assert allocate(total, list(keys), capacity) == expected


def test_even_shares_of_the_sif_numbers_over_the_thresholds():
    shares = even_shares(98, THRESHOLDS)
    assert sum(shares.values()) == 98
    assert set(shares.values()) == {12, 13}


@pytest.mark.parametrize("seed", [1, 2, 3, 42, 2026])
def test_each_cohort_gets_its_number_and_every_stratum_is_met_when_the_data_allow(seed):
    candidates = population(per_cell=10)
    selection = select_cohorts(candidates, targets=Targets(), seed=seed)
    assert len(selection.cohort(AUDIT)) == 18
    assert len(selection.cohort(TRACKED)) == 30
    assert len(selection.cohort(SAMPLED)) == 50
    assert len(selection.cohort(OUT_OF_AREA_VISIT)) == 2
    assert selection.shortfalls == []
    rows = coverage(selection.picks, candidates, targets=Targets())
    short = [row.label for row in rows if row.is_short]
    assert short == []
    audit_thresholds = {pick.threshold for pick in selection.cohort(AUDIT)}
    assert audit_thresholds == set(THRESHOLDS)  # 18 places reach all 8 thresholds
    audit_bands = {pick.age_band for pick in selection.cohort(AUDIT)}
    assert audit_bands == set(AGE_BAND_CODES)


def test_every_child_has_a_reason():
    selection = select_cohorts(population(), targets=Targets(), seed=3)
    assert all(pick.reason for pick in selection.picks)
    visit = selection.cohort(OUT_OF_AREA_VISIT)[0]
    assert "children's home outside the council's area" in visit.reason


SHORTFALLS = [
    (
        "one-child-out-of-area",
        {"homes_out_of_area": 1},
        "Only 1 child in this Annex A version lives in a children's home outside the area; "
        "inspectors visit at least 2.",
    ),
    (
        "nobody-out-of-area",
        {"homes_out_of_area": 0},
        "Only 0 children in this Annex A version live in a children's home outside the area",
    ),
    (
        "few-adoptions",
        {"only": {"adoption": 6}},
        "Adoption: only 6 children in this Annex A version, against a target of 12. Their "
        "places went to other thresholds.",
    ),
    (
        "too-few-children",
        {"per_cell": 1, "homes_out_of_area": 2},
        "The sampled by inspectors cohort has 0 of 50 children: there are no more children in "
        "this Annex A version to choose from.",
    ),
]


@pytest.mark.parametrize(
    ("shape", "message"), [(s, m) for _, s, m in SHORTFALLS], ids=[i for i, _, _ in SHORTFALLS]
)
def test_a_shortfall_is_explained(shape, message):
    selection = select_cohorts(population(**shape), targets=Targets(), seed=4)
    assert any(message in text for text in selection.shortfalls), selection.shortfalls


def test_places_a_short_threshold_cannot_take_go_to_other_thresholds():
    selection = select_cohorts(population(only={"adoption": 6}), targets=Targets(), seed=4)
    assert len(selection.cohort(SAMPLED)) == 50
    assert sum(1 for pick in selection.picks if pick.threshold == "adoption") == 6


@pytest.mark.parametrize("seed", [0, 1, 99, 123456])
def test_the_same_seed_chooses_the_same_children_whatever_the_input_order(seed):
    candidates = population()
    shuffled = candidates[:]
    random.Random(seed).shuffle(shuffled)
    first = select_cohorts(candidates, targets=Targets(), seed=seed)
    again = select_cohorts(shuffled, targets=Targets(), seed=seed)
    assert first.picks == again.picks


def test_a_different_seed_chooses_differently():
    candidates = population()
    one = {p.child_id for p in select_cohorts(candidates, targets=Targets(), seed=1).picks}
    two = {p.child_id for p in select_cohorts(candidates, targets=Targets(), seed=2).picks}
    assert one != two


@pytest.mark.parametrize("seed", range(5))
def test_no_child_is_in_two_cohorts(seed):
    selection = select_cohorts(population(per_cell=3), targets=Targets(), seed=seed)
    ids = [pick.child_id for pick in selection.picks]
    assert len(ids) == len(set(ids))


def test_framework_numbers_are_used():
    targets = Targets(audit=5, tracked=6, sampled=7, out_of_area_visit=1)
    selection = select_cohorts(population(), targets=targets, seed=1)
    assert [len(selection.cohort(c)) for c in (AUDIT, TRACKED, SAMPLED, OUT_OF_AREA_VISIT)] == [
        5,
        6,
        7,
        1,
    ]


def test_children_with_no_key_threshold_are_never_chosen():
    candidates = population() + [Candidate("nobody", "", "5_9")]
    selection = select_cohorts(candidates, targets=Targets(), seed=1)
    assert "nobody" not in {pick.child_id for pick in selection.picks}


@pytest.mark.parametrize(
    ("leaving", "expected_threshold", "expected_band"),
    [
        (Candidate("x", "cp_plan", "5_9"), "cp_plan", "5_9"),
        (Candidate("x", "adoption", "16_plus"), "adoption", None),
    ],
    ids=["like-for-like", "same-threshold-when-no-same-age"],
)
def test_a_replacement_is_like_for_like_when_possible(leaving, expected_threshold, expected_band):
    candidates = [
        c for c in population() if not (c.threshold == "adoption" and c.age_band == "16_plus")
    ]
    found = choose_replacement(candidates, leaving=leaving, excluded=set(), seed=1)
    assert found.threshold == expected_threshold
    if expected_band:
        assert found.age_band == expected_band


def test_an_out_of_area_visit_is_replaced_by_another_child_in_a_home_out_of_area():
    candidates = population(homes_out_of_area=3)
    found = choose_replacement(
        candidates,
        leaving=candidates[-1],
        excluded={candidates[-1].child_id},
        seed=1,
        cohort=OUT_OF_AREA_VISIT,
    )
    assert found.in_childrens_home_out_of_area
    assert found.child_id != candidates[-1].child_id


@pytest.mark.parametrize(
    ("total", "sampled"),
    [
        (80, 32),  # the SIF: 18 audited among 30 tracked and 50 sampled
        (97, 49),
        (98, 50),  # the cohorts already make the total
        (120, 50),  # a total above the cohorts leaves them as they are
        (40, 0),  # audited and tracked alone pass the total
    ],
    ids=["sif-80", "one-short", "exactly-the-total", "above-the-total", "below-audit-and-tracked"],
)
def test_audited_cases_are_among_the_children_inspectors_track_and_sample(total, sampled):
    targets = audited_among_the_rest(Targets(), total=total)
    assert (targets.audit, targets.tracked, targets.sampled) == (18, 30, sampled)
    assert targets.out_of_area_visit == 2
