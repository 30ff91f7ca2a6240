import pytest

from casework.agreement import agreement, cohens_kappa, describe_kappa


def pairs_from_table(table: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    return [pair for pair, count in table.items() for _ in range(count)]


def test_kappa_on_a_table_worked_by_hand():
    # 50 sections. Auditor good & moderator good 20; good/RI 5; RI/good 10; RI/RI 15.
    # Observed agreement (20 + 15) / 50 = 0.7. Auditor: good 25, RI 25; moderator: good 30,
    # RI 20. Chance agreement 0.5 x 0.6 + 0.5 x 0.4 = 0.5. Kappa (0.7 - 0.5) / (1 - 0.5) = 0.4.
    pairs = pairs_from_table(
        {("good", "good"): 20, ("good", "ri"): 5, ("ri", "good"): 10, ("ri", "ri"): 15}
    )
    result = agreement(pairs)
    assert result.pairs == 50
    assert result.agreed == 35
    assert result.percent == pytest.approx(70.0)
    assert result.kappa == pytest.approx(0.4)
    assert describe_kappa(result.kappa) == "Fair"


def test_kappa_with_three_grades_worked_by_hand():
    # 10 sections: outstanding/outstanding 1, outstanding/good 1, good/good 3, good/outstanding 2,
    # inadequate/inadequate 3. Observed 7/10 = 0.7. Auditor: O 2, G 5, I 3; moderator: O 3, G 4,
    # I 3. Chance (2x3 + 5x4 + 3x3) / 100 = 0.35. Kappa (0.7 - 0.35) / 0.65 = 0.538.
    pairs = pairs_from_table(
        {("o", "o"): 1, ("o", "g"): 1, ("g", "g"): 3, ("g", "o"): 2, ("i", "i"): 3}
    )
    assert cohens_kappa(pairs) == pytest.approx(0.5385, abs=1e-4)
    assert describe_kappa(cohens_kappa(pairs)) == "Moderate"


@pytest.mark.parametrize(
    ("pairs", "kappa", "percent"),
    [
        ([("good", "good")] * 4, None, 100.0),
        ([("good", "good"), ("ri", "ri")], 1.0, 100.0),
        ([("good", "ri"), ("ri", "good")], -1.0, 0.0),
        ([], None, None),
    ],
    ids=["all-one-grade-is-not-measurable", "perfect", "opposite", "nothing-moderated"],
)
def test_kappa_edge_cases(pairs, kappa, percent):
    result = agreement(pairs)
    assert result.kappa == (pytest.approx(kappa) if kappa is not None else None)
    assert result.percent == percent


@pytest.mark.parametrize(
    ("kappa", "words"),
    [
        (-0.01, "Poor"),
        (0.0, "Slight"),
        (0.2, "Slight"),
        (0.21, "Fair"),
        (0.4, "Fair"),
        (0.6, "Moderate"),
        (0.8, "Substantial"),
        (0.81, "Almost perfect"),
    ],
    ids=[
        "below-chance",
        "zero",
        "top-of-slight",
        "fair",
        "top-of-fair",
        "moderate",
        "substantial",
        "almost-perfect",
    ],  # fmt: skip
)
def test_kappa_words_follow_landis_and_koch(kappa, words):
    assert describe_kappa(kappa) == words
