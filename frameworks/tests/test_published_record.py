"""The published ILACS record the service ships: the same as the shared data, read correctly."""

import csv
from pathlib import Path

import pytest

from frameworks import published_record as record

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofsted_outcomes"


def _shared(name: str) -> Path:
    # Fail, never skip: a CI run without the shared data must not pass by testing less.
    assert SHARED.is_dir(), f"Ofsted's published outcomes are not at {SHARED}."
    return SHARED / name


def _shared_rows(name: str) -> list[dict[str, str]]:
    with _shared(name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", [record.LATEST_FILE, record.HISTORY_FILE])
def test_the_bundled_ofsted_tables_are_unchanged_copies_of_the_shared_ones(name):
    assert (record.BUNDLED / name).read_bytes() == _shared(name).read_bytes()


def test_the_bundled_post_reform_inspections_are_the_third_partys_marked_rows():
    third_party = _shared_rows(record.THIRD_PARTY_FILE)
    expected = record.post_reform_text(third_party)
    assert (record.BUNDLED / record.POST_REFORM_FILE).read_text() == expected
    marked = [
        row
        for row in third_party
        if row["overall_effectiveness_grade"] == "not_reported_post_reform"
    ]
    assert len(marked) == len(expected.splitlines()) - 1 >= 11


def test_post_reform_inspections_have_no_overall_grade_and_a_council_from_ofsteds_table():
    latest = {row[record.AREA_CODE]: row for row in _shared_rows(record.LATEST_FILE)}
    inspections = record.post_reform_inspections()
    assert len(inspections) >= 11
    for inspection in inspections:
        assert inspection[record.OVERALL] == ""
        assert inspection[record.INSPECTION_DATE] >= "2026-04-01"
        council = latest[inspection[record.AREA_CODE]]
        assert (council[record.NAME], council[record.REGION]) == (
            inspection[record.NAME], inspection[record.REGION]
        )  # fmt: skip
    trafford = next(row for row in inspections if row[record.NAME] == "Trafford")
    assert trafford == {
        record.AREA_CODE: "E08000009",
        record.NAME: "Trafford",
        record.REGION: "North West",
        record.INSPECTION_DATE: "2026-06-08",
        record.PUBLICATION_DATE: "2026-08-03",
        record.INSPECTION_TYPE: "ILACS Standard Inspection",
        record.OVERALL: "",
        record.LEADERS: "Inadequate",
        record.HELP_AND_PROTECTION: "Inadequate",
        record.CHILDREN_IN_CARE: "Good",
        record.CARE_LEAVERS: "Requires improvement to be good",
    }


def test_the_latest_judgements_take_each_councils_inspection_from_april_2026():
    newer = {row[record.AREA_CODE] for row in record.post_reform_inspections()}
    rows = record.latest_judgements()
    assert len(rows) == len(_shared_rows(record.LATEST_FILE))
    no_overall = {row[record.AREA_CODE] for row in rows if not row[record.OVERALL]}
    assert no_overall == newer
    barnet = next(row for row in rows if row[record.NAME] == "Barnet")
    assert barnet[record.OVERALL] == "Good"  # no inspection since: Ofsted's table as it is


def test_the_history_holds_the_271_inspections_and_those_from_april_2026():
    assert len(record.ilacs_inspections()) == len(_shared_rows(record.HISTORY_FILE)) + len(
        record.post_reform_inspections()
    )
    assert len(_shared_rows(record.HISTORY_FILE)) == 271


def test_a_council_the_table_does_not_know_is_named(tmp_path):
    (tmp_path / record.LATEST_FILE).write_bytes((record.BUNDLED / record.LATEST_FILE).read_bytes())
    text = (record.BUNDLED / record.POST_REFORM_FILE).read_text()
    (tmp_path / record.POST_REFORM_FILE).write_text(text.replace("trafford", "atlantis"))
    with pytest.raises(record.PublishedRecordProblem, match="'atlantis' is not a council"):
        record.post_reform_inspections(tmp_path)


def test_the_provenance_says_where_the_figures_come_from_and_as_at_when():
    found = record.provenance()
    assert found.as_at.isoformat() == max(
        row[record.PUBLICATION_DATE] for row in record.post_reform_inspections()
    )
    assert found.source.startswith(
        "Ofsted's published table of each local authority's latest ILACS judgements as at "
        "31 March 2025, updated with the 11 inspections from April 2026"
    )
