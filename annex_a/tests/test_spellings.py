"""Council spellings: the forms of a code recognised without any mapping, the code proposed for
the rest, and the council's mappings as CSV. Plain functions, no database."""

import pytest

from annex_a.spec import load_spec, normalise_code
from annex_a.spellings import (
    AFTER_NUMBERING,
    CLOSEST_SPELLING,
    RECOGNISED,
    SAME_LETTERS,
    STARTS_WITH_CODE,
    Proposer,
    RowProblem,
    SpellingMapping,
    changes,
    code_set_names,
    mappings_csv,
    read_mappings_csv,
)

SPEC = load_spec("2023")


def recognised(code_set: str, spelling: str) -> str | None:
    return SPEC.code_sets[code_set].index().get(normalise_code(spelling))


@pytest.mark.parametrize(
    ("code_set", "spelling", "code"),
    [
        # Ofsted's code as written, and without its "a)" prefix
        ("ethnicity", "a) WBRI", "a) WBRI"),
        ("ethnicity", "A) wbri", "a) WBRI"),
        ("placement_provider", "PR4: Private provision", "e) PR4: Private provision"),
        # the short code
        ("ethnicity", "WBRI", "a) WBRI"),
        ("placement_provider", "pr4", "e) PR4: Private provision"),
        ("primary_need_code_list6", "N1", "N1 - Abuse or neglect"),
        # the label
        ("ethnicity", "White British", "a) WBRI"),
        ("placement_provider", "Private provision", "e) PR4: Private provision"),
        # SHORT - Label
        ("ethnicity", "WBRI - White British", "a) WBRI"),
        ("ethnicity", "MWBC - White and Black Caribbean", "f) MWBC"),
        ("contact_referral_source", "2A - Schools", "e) 2A: Schools"),
        # Label (SHORT)
        ("ethnicity", "White British (WBRI)", "a) WBRI"),
        ("primary_need_code_list6", "Abuse or neglect (N1)", "N1 - Abuse or neglect"),
        ("legal_status", "ICO (C1)", "C1: ICO"),
        # one-letter forms only where the code set itself defines them
        ("gender", "M", "a) Male"),
        ("yes_no", "Y", "a) Yes"),
    ],
)
def test_each_unambiguous_form_of_a_code_is_recognised_without_a_mapping(code_set, spelling, code):
    assert recognised(code_set, spelling) == code


@pytest.mark.parametrize(
    ("code_set", "spelling"),
    [
        ("contact_referral_source", "Individual"),  # 1A, 1B, 1C and 1D
        ("contact_referral_source", "Health services"),  # 3A to 3F
        ("contact_referral_source", "Individual (1A)x"),
        ("gender", "1 - Male"),  # the council's own numbering is not Ofsted's
        ("case_status", "L"),  # no one-letter form unless the code set defines it
        ("ethnicity", "W"),
    ],
)
def test_a_form_that_matches_two_codes_or_none_is_not_recognised(code_set, spelling):
    assert recognised(code_set, spelling) is None


@pytest.mark.parametrize(
    ("code_set", "spelling", "code", "how"),
    [
        ("ethnicity", "WBRI - White British", "a) WBRI", RECOGNISED),
        ("gender", "Not.Stated", "c) Not stated/recorded", SAME_LETTERS),
        ("ethnicity", "White/British", "a) WBRI", SAME_LETTERS),
        ("gender", "1 - Male", "a) Male", AFTER_NUMBERING.format(numbering="1 -")),
        ("gender", "2 - Female", "b) Female", AFTER_NUMBERING.format(numbering="2 -")),
        ("gender", "02. Female", "b) Female", AFTER_NUMBERING.format(numbering="02.")),
        ("ethnicity", "WBRI English", "a) WBRI", STARTS_WITH_CODE.format(start="WBRI")),
        ("contact_referral_source", "School", "e) 2A: Schools", None),
        ("gender", "Femal", "b) Female", None),
    ],
)
def test_proposals_say_how_they_were_found(code_set, spelling, code, how):
    proposal = Proposer(SPEC.code_sets[code_set]).propose(spelling)
    assert proposal is not None and proposal.code == code
    if how is None:
        assert proposal.how.startswith(CLOSEST_SPELLING.split("(")[0])
    else:
        assert proposal.how == how


@pytest.mark.parametrize(
    ("code_set", "spelling"),
    [
        # equally close to 3A, 3B, 3C, 3D, 3E and 3F: never guess between them
        ("contact_referral_source", "Other primary health services"),
        ("contact_referral_source", "Individuals"),  # 1A to 1D equally
        ("gender", "Monkey"),  # nothing close enough
        ("gender", "Other"),
        ("gender", ""),
    ],
)
def test_no_proposal_between_two_equally_close_codes_or_none_close(code_set, spelling):
    assert Proposer(SPEC.code_sets[code_set]).propose(spelling) is None


def test_code_sets_are_named_as_people_know_them():
    names = code_set_names()
    assert names["gender"] == "Gender (Lists 1 to 10)"
    assert names["gender_adopters"] == "Gender (List 11)"
    assert names["ethnicity"].startswith("Ethnicity")


def test_mappings_round_trip_through_csv_with_formulas_neutralised():
    mappings = [
        ("gender", "1 - Male", "a) Male"),
        ("ethnicity", "=WBRI", "a) WBRI"),
        ("contact_referral_source", "School, primary", "e) 2A: Schools"),
    ]
    text = mappings_csv(mappings)
    assert "'=WBRI" in text  # a spreadsheet will not run it
    good, problems = read_mappings_csv(text)
    assert problems == []
    assert [(m.code_set, m.spelling, m.code) for m in good] == mappings


def test_each_bad_row_is_reported_precisely_and_the_good_ones_kept():
    text = (
        "Kind of code,Your spelling,Ofsted code\n"
        "gender,1 - Male,a) Male\n"
        "colour,Blue,a) Blue\n"
        "gender,,a) Male\n"
        "gender,2 - Female,Female\n"
        ",,\n"
        "Gender (Lists 1 to 10),2 - Female,b) Female\n"
    )
    good, problems = read_mappings_csv(text)
    assert good == [
        SpellingMapping("gender", "1 - Male", "a) Male"),
        SpellingMapping("gender", "2 - Female", "b) Female"),
    ]
    assert [(p.row, p.value) for p in problems] == [(3, "colour"), (4, ""), (5, "Female")]
    assert "not one of Ofsted's codes for Gender (Lists 1 to 10)" in problems[2].message
    assert "a) Male, b) Female" in problems[2].message


@pytest.mark.parametrize(
    "text", ["", "Spelling,Code\n1 - Male,a) Male\n", "\ufeffcode set,spelling\n"]
)
def test_a_file_without_the_headings_is_refused_at_row_1(text):
    good, problems = read_mappings_csv(text)
    assert good == [] and len(problems) == 1 and isinstance(problems[0], RowProblem)
    assert problems[0].row == 1


def test_what_a_mappings_file_will_change():
    existing = {("gender", "1 male"): "a) Male", ("gender", "2 female"): "a) Male"}
    planned = changes(
        [
            SpellingMapping("gender", "1 - Male", "a) Male"),
            SpellingMapping("gender", "2 - Female", "b) Female"),
            SpellingMapping("gender", "3 - Neither", "d) Neither"),
        ],
        existing,
    )
    assert [change for _, change in planned] == ["unchanged", "changed from a) Male", "new"]
