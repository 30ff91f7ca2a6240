"""The DfE's published figures: the bundled extract, the loader, the council's neighbours and
region, and the comparison the pack shows beside each headline figure."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from datapack import published, services
from datapack.models import ComparisonGroup, PublishedAuthority, PublishedFigure
from datapack.queries import UnknownAuthority, headlines, published_comparison
from inspection_readiness.roles import Role

from .conftest import make_version

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "dfe_csc_outcomes_enablers"


@pytest.fixture
def figures_loaded(db):
    """The bundled figures, loaded in this test's transaction. (The data migration loads them
    too, but a browser test's flush empties the tables for the tests after it.)"""
    services.load_published_figures()


# ---- Suppressed values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("c", None),  # confidential
        ("x", None),  # not available
        ("z", None),  # not applicable
        ("k", None),  # fewer than 5
        ("low", None),
        ("", None),
        ("  ", None),
        ("0", 0.0),  # a real zero stays zero
        ("22.6", 22.6),
        ("1,234", 1234.0),
    ],
)
def test_suppressed_values_are_missing_never_zero(text, value):
    assert published.published_value(text) == value


@pytest.mark.django_db
def test_a_suppressed_value_is_stored_as_missing(figures_loaded):
    # Isles of Scilly's 2024 re-referral rate is suppressed ("c") in the DfE's file.
    figure = PublishedFigure.objects.get(
        series="re_referrals", year=2024, level=published.AUTHORITY, area="420"
    )
    assert (figure.text, figure.value) == ("c", None)
    assert not PublishedFigure.objects.filter(value=0, text__in=["c", "x", "z", "k", "low"])


# ---- Councils, regions and neighbours -----------------------------------------------------------

# Copied by hand from stats_neighbours.csv and location_data.csv.
NAMED_COUNCILS = [
    ("Plymouth", "E06000026", "879", "South West",
     ["Tameside", "Torbay", "Telford and Wrekin", "Dudley", "Rotherham", "Wakefield", "Kirklees",
      "Gateshead", "Medway", "Cornwall"]),
    ("Leeds", "E08000035", "383", "Yorkshire and The Humber",
     ["Portsmouth", "Southend-on-Sea", "Sheffield", "Milton Keynes", "Kirklees", "Salford",
      "Bristol, City of", "Southampton", "Croydon", "Bournemouth, Christchurch and Poole"]),
    ("Camden", "E09000007", "202", "Inner London",
     ["Islington", "Westminster", "Hammersmith and Fulham", "Southwark", "Lambeth",
      "Kensington and Chelsea", "Lewisham", "Haringey", "Hackney", "Barnet"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "code", "number", "region", "neighbours"), NAMED_COUNCILS)
def test_each_council_has_its_ten_neighbours_nearest_first_and_its_region(
    name, code, number, region, neighbours
):
    authorities = {a.name: a for a in published.read_authorities()}
    names_of = {a.la_number: a.name for a in authorities.values()}
    council = authorities[name]
    assert (council.area_code, council.la_number, council.region) == (code, number, region)
    assert [names_of[n] for n in council.neighbours] == neighbours


@pytest.mark.django_db
@pytest.mark.parametrize("chosen_as", ["leeds", " Leeds ", "E08000035", "383"])
def test_the_council_chooses_itself_by_name_or_code(figures_loaded, data_admin_user, chosen_as):
    group = services.choose_own_authority(authority=chosen_as, chosen_by=data_admin_user)
    neighbours = PublishedAuthority.objects.filter(area_code__in=group.neighbour_area_codes)
    assert group.own_area_code == "E08000035"
    assert len(group.neighbour_area_codes) == 10
    assert {n.name for n in neighbours} == set(NAMED_COUNCILS[1][4])


@pytest.mark.django_db
def test_an_unknown_council_is_refused_with_a_plain_message(figures_loaded, data_admin_user):
    with pytest.raises(UnknownAuthority, match="Enter its name, like Leeds"):
        services.choose_own_authority(authority="Atlantis", chosen_by=data_admin_user)
    assert not ComparisonGroup.objects.exists()


# ---- Comparing ------------------------------------------------------------------------------


def test_the_neighbours_median_is_over_those_with_a_figure_in_the_latest_year():
    A = published.AUTHORITY
    figures = {
        (published.ENGLAND, "England"): {2024: 21.0, 2025: 22.6},
        (published.REGION, "South West"): {2025: 22.1},
        (A, "879"): {2024: 30.0, 2025: None},  # suppressed this year: last year's, said so
        (A, "1"): {2025: 20.0},
        (A, "2"): {2025: 25.0},
        (A, "3"): {2025: None},  # suppressed: left out, not counted as zero
        (A, "4"): {2024: 99.0},  # nothing this year
    }
    result = published.comparators(
        published.SERIES_BY_KEY["re_referrals"],
        figures,
        own="879",
        region="South West",
        neighbours=["1", "2", "3", "4"],
    )
    assert result["own"] == {"value": 30.0, "year": 2024}
    assert result["england"] == {"value": 22.6, "year": 2025}
    assert result["region"] == {"value": 22.1, "year": 2025}
    assert result["neighbours"] == {"value": 22.5, "year": 2025, "count": 2}


@pytest.mark.django_db
def test_the_pack_shows_each_headline_beside_england_region_and_neighbours(
    figures_loaded, data_admin_user, client, monkeypatch
):

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    services.choose_own_authority(authority="Plymouth", chosen_by=data_admin_user)
    comparison = published_comparison()
    re_referrals = comparison["measures"]["re_referrals"]
    assert re_referrals["england"] == {"value": 22.6, "year": 2025}
    assert re_referrals["region"] == {"value": 22.1, "year": 2025}
    assert re_referrals["own"] == {"value": 26.0, "year": 2025}
    assert re_referrals["neighbours"]["count"] == 10

    pack = services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)
    lines = {line.measure.key: line for line in headlines(pack.results)}
    assert set(lines) == {
        "re_referrals", "cin_open", "cp_repeat_plans", "cla_open", "cla_three_or_more_placements",
        "cla_long_term_stability", "care_leavers_suitable_17_18", "care_leavers_suitable_19_21",
        "care_leavers_eet_17_18", "care_leavers_eet_19_21",
    }  # fmt: skip
    # A six-month Annex A figure beside a year's published one says so; a count of children
    # in care at the as-at date beside 31 March does not need to.
    assert "six months to 30 June 2025" in lines["re_referrals"].note
    assert lines["cla_open"].note == ""
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:pack", args=[pack.pk])).content.decode()
    row = html[html.index('id="headline-re_referrals"') :]
    row = row[: row.index("</tr>")]
    for expected in ("33.3%", "26.0%", "22.6%", "22.1%", "2024 to 2025", "10 councils"):
        assert expected in row
    assert "?measure=re_referrals" in row  # the referrals behind it


@pytest.mark.django_db
def test_staff_see_the_headlines_without_links_to_children(
    figures_loaded, data_admin_user, staff_user, client, monkeypatch
):

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    services.choose_own_authority(authority="Plymouth", chosen_by=data_admin_user)
    pack = services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)
    client.force_login(staff_user)
    html = client.get(reverse("datapack:pack", args=[pack.pk])).content.decode()
    assert 'id="headline-re_referrals"' in html
    assert "?measure=" not in html


@pytest.mark.django_db
def test_without_a_chosen_council_the_summary_says_how_to_choose_one(
    figures_loaded, data_admin_user, client, monkeypatch
):

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    pack = services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)
    assert pack.results["published"] is None
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:pack", args=[pack.pk])).content.decode()
    assert "built without the DfE's published figures" in html
    assert reverse("datapack:council") in html


# ---- Choosing the council through the page ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, Role.MANAGER, None])
def test_only_data_admins_choose_the_council(client, user_for_role, role, figures_loaded):
    client.force_login(user_for_role(role))
    assert client.get(reverse("datapack:council")).status_code == 403
    assert client.post(reverse("datapack:council"), {"authority": "Leeds"}).status_code == 403
    assert not ComparisonGroup.objects.exists()


@pytest.mark.django_db
def test_a_data_admin_chooses_the_council(client, data_admin_user, figures_loaded):
    client.force_login(data_admin_user)
    assert client.get(reverse("datapack:council")).status_code == 200
    response = client.post(reverse("datapack:council"), {"authority": "Atlantis"})
    assert response.status_code == 200
    assert "is not a council in the DfE" in response.content.decode()
    response = client.post(reverse("datapack:council"), {"authority": "Camden"})
    assert response.status_code == 302
    assert ComparisonGroup.objects.get().own_area_code == "E09000007"


# ---- Loading, and a new year -------------------------------------------------------------------


def _write_dfe_folder(folder: Path, year: int, value: str) -> None:
    """A folder in the DfE dashboard's layout holding England's figure for one year only."""
    by_file: dict[str, list[published.Series]] = {}
    for series in published.SERIES:
        by_file.setdefault(series.file, []).append(series)
    for name, series_list in by_file.items():
        columns = ["time_period", "geographic_level", "geo_breakdown", "old_la_code"]
        for series in series_list:
            columns += [series.column, *(column for column, _ in series.filters)]
        columns = list(dict.fromkeys(columns))
        with (folder / name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            for series in series_list:
                writer.writerow(
                    {"time_period": str(year), "geographic_level": "National",
                     "geo_breakdown": "National", series.column: value, **dict(series.filters)}
                )  # fmt: skip
    for name in (published.NEIGHBOURS_FILE, published.LOCATIONS_FILE):
        (folder / name).write_bytes((published.BUNDLED / name).read_bytes())


@pytest.mark.django_db
def test_a_new_years_files_add_a_year_without_losing_the_last(figures_loaded, tmp_path):
    _write_dfe_folder(tmp_path, 2026, "19.9")
    call_command("load_dfe_comparators", "--from", str(tmp_path), stdout=open("/dev/null", "w"))
    england = dict(
        PublishedFigure.objects.filter(series="re_referrals", level=published.ENGLAND).values_list(
            "year", "value"
        )
    )
    assert england[2026] == 19.9
    assert england[2025] == 22.6
    assert PublishedFigure.objects.filter(series="re_referrals", year=2025).count() > 150


def test_a_new_year_merged_into_the_extract_keeps_the_years_before(tmp_path):
    _write_dfe_folder(tmp_path, 2026, "19.9")
    combined = published.merged(published.read_extract(), published.read_dfe_folder(tmp_path))
    text = published.extract_text(combined, "re_referrals")
    assert "2026,National,England,England,E92000001,19.9" in text
    assert "2025,National,England,England,E92000001,22.6" in text


@pytest.mark.django_db
def test_the_bundled_figures_load_from_the_command():
    PublishedFigure.objects.all().delete()
    call_command("load_dfe_comparators", stdout=open("/dev/null", "w"))
    assert PublishedAuthority.objects.count() == 153
    assert PublishedFigure.objects.filter(year=2025, level=published.ENGLAND).count() == len(
        published.SERIES
    )


def test_the_bundled_extract_matches_the_dfe_files():
    # The extract in the repository is what the shared DfE folder holds for the pack's series.
    assert SHARED.is_dir(), f"The DfE figures are not at {SHARED}: this test needs them."
    from_dfe = published.read_dfe_folder(SHARED)
    assert sorted(from_dfe, key=repr) == sorted(published.read_extract(), key=repr)
    for name in (published.NEIGHBOURS_FILE, published.LOCATIONS_FILE):
        assert (published.BUNDLED / name).read_bytes() == (SHARED / name).read_bytes()


def test_each_series_is_filed_under_a_national_framework_outcome_and_has_a_measure():
    from datapack.measures import MEASURES

    compared = {measure.comparator for measure in MEASURES if measure.comparator}
    assert all(measure.framework for measure in MEASURES if measure.comparator)
    assert compared == set(published.SERIES_BY_KEY)


@pytest.mark.parametrize(
    ("values", "median"),
    [
        ([20.0, 25.0], 22.5),
        ([1.0, 2.0, 30.0], 2.0),  # the middle figure, not the mean (11.0)
        ([21.4, 21.5], 21.5),  # halves round up, as DfE's dashboard shows them
        ([20.0, 20.1], 20.1),
        ([7.0], 7.0),
    ],
)
def test_the_neighbours_figure_is_their_median(values, median):
    assert published.neighbour_median(values) == median


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("council", "dfe_median"),
    # DfE's own "Statistical neighbours (median)" rows of cin_referrals.csv, 2024 to 2025.
    [("Plymouth", 21.1), ("Leeds", 21.5), ("Barnet", 20.2), ("Cornwall", 20.1)],
)
def test_the_neighbours_figure_matches_the_dfe_dashboards_median(
    figures_loaded, data_admin_user, council, dfe_median
):
    with (SHARED / "cin_referrals.csv").open(encoding="utf-8-sig") as handle:
        published_rows = {
            row["geo_breakdown_sn"]: row["Re_referrals_percent"]
            for row in csv.DictReader(handle)
            if row["time_period"] == "2025" and row["geographic_level"].startswith("Statistical")
        }
    assert float(published_rows[council]) == dfe_median
    services.choose_own_authority(authority=council, chosen_by=data_admin_user)
    neighbours = published_comparison()["measures"]["re_referrals"]["neighbours"]
    assert neighbours == {"value": dfe_median, "year": 2025, "count": 10}
