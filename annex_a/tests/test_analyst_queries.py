"""The queries an analyst runs first (issue 14, item 3): each a warning, each case at the boundary
where the answer changes and citing its source (``../shared/reference/annex_a.md`` unless said).
The as-at date is 20 November 2026 (``test_validation.AS_AT``)."""

from __future__ import annotations

from datetime import date

import pytest

from annex_a.findings import WARNING
from annex_a.rules import RULES
from annex_a.spec import load_spec
from annex_a.synthetic import SERVICES_CEASED
from annex_a.validation import Context, check_rows

from .test_severities import Case, parsed_list, run
from .test_validation import AS_AT, valid_dataset

SPEC = load_spec("2023")
EARLY_HELP = "RC9 - Case closed after assessment, referred to early help"


def born(day: date, age: int) -> dict:
    return {"date_of_birth": day, "age": age}


def in_care(day: date, age: int, **changes) -> dict[tuple[int, int], dict]:
    """C2, in care on List 8 and on List 6, born on ``day``."""
    return {(6, 1): born(day, age), (8, 0): {**born(day, age), **changes}}


def second_referral(count: int) -> dict[tuple[int, int], dict]:
    """C1's referral of 2 October 2026 and a later one on 2 November 2026, both with ``count``."""
    later = {"referral_date": date(2026, 11, 2), "referrals_last_12_months": count}
    return {(3, 0): {"referrals_last_12_months": count}, (3, 1): later}


def second_s47(s47s: int, icpcs: int) -> dict[tuple[int, int], dict]:
    """C1's s47 of 5 October 2026 (ICPC 15 October) and a later one on 10 November 2026."""
    counts = {"s47s_last_12_months": s47s, "icpcs_last_12_months": icpcs}
    later = {
        **counts,
        "strategy_discussion_date": date(2026, 11, 10),
        "icpc_unnecessary": None,
        "icpc_date": None,
        "icpc_resulted_in_plan": None,
    }
    return {(5, 0): counts, (5, 1): later}


ANALYST_CASES = [
    # ---- AA40Q: List 8 child aged 18 or over with no date ceased ----
    Case(
        "in-care-exactly-18-with-no-date-ceased-is-queried",
        "AA40Q",
        "annex_a.md List 8 (in care at the point of inspection); SSDA903 rule 352",
        in_care(date(2008, 11, 20), 18),
        [("AA40Q", WARNING, 8, 0, "date_ceased_looked_after")],
    ),
    Case(
        "in-care-17-the-day-before-turning-18-is-not-queried",
        "AA40Q",
        "annex_a.md List 8; SSDA903 rule 352: a child is under 18",
        in_care(date(2008, 11, 21), 17),
    ),
    Case(
        "aged-18-with-a-date-ceased-is-not-queried",
        "AA40Q",
        "annex_a.md List 8: Date Ceased to be Looked After, if ceased in the six months",
        in_care(
            date(2008, 11, 20),
            18,
            date_ceased_looked_after=date(2026, 11, 20),
            reason_ceased="m) E5: Moved into independent living - supported",
        ),
    ),
    Case(
        "in-care-aged-18-by-the-age-column-alone-is-queried",
        "AA40Q",
        "annex_a.md section 3: Age is the age at the last birthday",
        in_care(None, 18),
        [("AA40Q", WARNING, 8, 0, "date_ceased_looked_after")],
    ),
    # ---- AA41Q: List 9 ages outside 16-25 ----
    Case(
        "care-leaver-aged-15-is-queried",
        "AA41Q",
        "annex_a.md List 9 (Children Act 1989 ss.19B, 23A-24): care leavers are 16 to 25",
        {(9, 0): born(date(2010, 11, 21), 15)},
        [("AA41Q", WARNING, 9, 0, "age")],
    ),
    Case(
        "care-leaver-exactly-16-is-not-queried",
        "AA41Q",
        "annex_a.md List 9: eligible children are 16 or 17",
        {(9, 0): born(date(2010, 11, 20), 16)},
    ),
    Case(
        "care-leaver-25-the-day-before-turning-26-is-not-queried",
        "AA41Q",
        "annex_a.md List 9: leaving-care support runs to 25",
        {(9, 0): born(date(2000, 11, 21), 25)},
    ),
    Case(
        "care-leaver-exactly-26-is-queried-once",
        "AA41Q",
        "annex_a.md List 9; CIN 8775Q (AA31Q) leaves List 9 to this rule",
        {(9, 0): born(date(2000, 11, 20), 26)},
        [("AA41Q", WARNING, 9, 0, "age")],
    ),
    # ---- AA42Q: V3/V4 short-break legal statuses on List 8 ----
    Case(
        "single-period-under-s20-is-not-queried",
        "AA42Q",
        "annex_a_lists.yaml legal_status_grouped_by_ofsted: V2 is e) Accommodated under S20",
        {(8, 0): {"legal_status": "V2: Single period under S20"}},
    ),
    Case(
        "short-breaks-episodes-recorded-is-queried",
        "AA42Q",
        "annex_a_lists.yaml legal_status_grouped_by_ofsted: zzCodeError [V3, V4]",
        {(8, 0): {"legal_status": "V3: Short term breaks, episodes recorded"}},
        [("AA42Q", WARNING, 8, 0, "legal_status")],
    ),
    Case(
        "short-breaks-agreements-recorded-is-queried",
        "AA42Q",
        "annex_a_lists.yaml legal_status_grouped_by_ofsted: zzCodeError [V3, V4]",
        {(8, 0): {"legal_status": "V4: Short term breaks, agreements recorded"}},
        [("AA42Q", WARNING, 8, 0, "legal_status")],
    ),
    # ---- AA43Q: RC8 rows on List 6 ----
    Case(
        "closed-for-any-other-reason-rc7-is-not-queried",
        "AA43Q",
        "annex_a.md List 6, Reason for Closure RC1-RC7",
        {(6, 2): {"reason_for_closure": SERVICES_CEASED}},
    ),
    Case(
        "closed-after-assessment-no-further-action-rc8-is-queried",
        "AA43Q",
        "annex_a.md List 6: RC8 'included for completeness' (FAQ 01/08/2019)",
        {(6, 2): {"reason_for_closure": "RC8 - Case closed after assessment, no further action"}},
        [("AA43Q", WARNING, 6, 2, "reason_for_closure")],
    ),
    Case(
        "closed-after-assessment-referred-to-early-help-rc9-is-not-queried",
        "AA43Q",
        "annex_a.md List 6: 2023/24 RC9",
        {(6, 2): {"reason_for_closure": EARLY_HELP}},
    ),
    # ---- AA44Q: a 12-month count smaller than the child's listed earlier events ----
    Case(
        "referral-count-equal-to-the-listed-earlier-referrals-is-not-queried",
        "AA44Q",
        "annex_a.md List 3: referrals in the 12 months before the latest (FAQ 01/08/2019)",
        second_referral(1),
    ),
    Case(
        "referral-count-one-below-the-listed-earlier-referrals-is-queried",
        "AA44Q",
        "annex_a.md List 3 (FAQ 01/08/2019)",
        second_referral(0),
        [("AA44Q", WARNING, 3, 1, "referrals_last_12_months")],
    ),
    Case(
        "s47-and-icpc-counts-equal-to-the-listed-earlier-ones-are-not-queried",
        "AA44Q",
        "annex_a.md List 5: prior s47s and ICPCs in the 12 months before the latest s47",
        second_s47(1, 1),
    ),
    Case(
        "s47-and-icpc-counts-one-below-the-listed-earlier-ones-are-queried",
        "AA44Q",
        "annex_a.md List 5 (FAQ 01/08/2019 worked examples)",
        second_s47(0, 0),
        [
            ("AA44Q", WARNING, 5, 1, "s47s_last_12_months"),
            ("AA44Q", WARNING, 5, 1, "icpcs_last_12_months"),
        ],
    ),
    # ---- AA45Q: formula-like text in a free-text column ----
    *[
        Case(
            f"allocated-worker-beginning-with-{name}-is-queried",
            "AA45Q",
            "OWASP CSV injection; inspection_readiness/spreadsheets.FORMULA_TRIGGERS",
            {(3, 0): {"allocated_worker": f"{first}Jo Smith"}},
            [("AA45Q", WARNING, 3, 0, "allocated_worker")],
        )
        for name, first in [
            ("equals", "="),
            ("plus", "+"),
            ("minus", "-"),
            ("at", "@"),
            ("tab", "\t"),
            ("carriage-return", "\r"),
        ]
    ],
    Case(
        "a-formula-sign-after-the-first-character-is-not-queried",
        "AA45Q",
        "OWASP CSV injection: only the first character starts a formula",
        {(3, 0): {"allocated_worker": "Jo Smith-Jones", "allocated_team": "Team =1"}},
    ),
    Case(
        "an-adopters-family-identifier-beginning-with-at-is-queried",
        "AA45Q",
        "OWASP CSV injection: every free-text column, List 11 included",
        {(11, 0): {"family_identifier": "@SUM(1+1)"}},
        [("AA45Q", WARNING, 11, 0, "family_identifier")],
    ),
]


@pytest.mark.parametrize("case", ANALYST_CASES, ids=[case.id for case in ANALYST_CASES])
def test_the_analysts_first_queries(case):
    dataset = valid_dataset()
    for (number, index), changes in case.changes.items():
        while len(dataset[number]) <= index:
            dataset[number].append(dict(dataset[number][-1]))
        dataset[number][index].update(changes)
    findings = run(dataset, SPEC)
    assert [(f.rule, f.severity, f.list_number, f.row, f.column) for f in findings] == [
        (rule, severity, n, i + 3, SPEC.list(n).column(name).header.strip())
        for rule, severity, n, i, name in case.expected
    ], case.source
    assert all(f.message for f in findings)


def test_every_analyst_query_is_a_warning_with_a_source():
    for code in ("AA40Q", "AA41Q", "AA42Q", "AA43Q", "AA44Q", "AA45Q"):
        assert RULES[code].severity == WARNING
        assert RULES[code].source


def test_a_formula_read_from_a_cell_is_queried_after_its_spaces_are_trimmed():
    # Reading trims the tab, but what follows it is still a formula a spreadsheet would run.
    row = {**valid_dataset()[3][0], "allocated_worker": '\t=HYPERLINK("http://example.com")'}
    parsed, cell_findings = parsed_list(3, [row])
    assert cell_findings == []
    context = Context(spec=SPEC, as_at=AS_AT, lists_present=frozenset({3}))
    [finding] = check_rows({3: parsed}, context)
    assert (finding.rule, finding.column) == ("AA45Q", "Allocated Worker")
    assert "begins with “=”" in finding.message
