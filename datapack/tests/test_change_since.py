"""The change since the last version is measured against the version before by as-at date, and
says plainly when the two cover different periods."""

from datetime import date

import pytest
from django.urls import reverse

from datapack import services
from datapack.measures import describe_comparison
from datapack.queries import previous_version_of

from .conftest import make_version
from .scenario import SCENARIO

JUNE, MARCH, SEPTEMBER = date(2025, 6, 30), date(2025, 3, 31), date(2025, 9, 30)


@pytest.mark.django_db
def test_the_version_before_is_the_one_before_by_as_at_date_not_by_upload_order(data_admin_user):
    # Uploaded in this order: June, then an older March file, then June again, then September.
    uploads = [JUNE, MARCH, JUNE, SEPTEMBER]
    versions = [make_version(data_admin_user, {1: []}, as_at=as_at) for as_at in uploads]
    june, march, june_again, september = versions
    before = {version.number: previous_version_of(version) for version in versions}
    assert before == {
        june.number: march,  # the March file came later but covers an earlier period
        march.number: None,  # nothing covers an earlier period than March
        june_again.number: june,  # the same as-at date: the file imported before it
        september.number: june_again,  # the latest as-at date before, then the latest file
    }


@pytest.mark.parametrize(
    ("as_at", "previous_as_at", "words"),
    [
        (
            JUNE,
            JUNE,
            "Version 4, an earlier file for the same as-at date (30 June 2025): each change is "
            "what differs between the two files.",
        ),
        (
            JUNE,
            MARCH,
            "Version 4, as at 31 March 2025. It covers a different period: each change compares "
            "the months to 31 March 2025 with the months to 30 June 2025, not the same children "
            "at two dates.",
        ),
        # A day apart is still a different period.
        (
            JUNE,
            date(2025, 6, 29),
            "Version 4, as at 29 June 2025. It covers a different period: each change compares "
            "the months to 29 June 2025 with the months to 30 June 2025, not the same children "
            "at two dates.",
        ),
    ],
)
def test_the_comparison_says_when_the_two_versions_cover_different_periods(
    as_at, previous_as_at, words
):
    assert describe_comparison(as_at=as_at, previous_as_at=previous_as_at, previous_number=4) == (
        words
    )


@pytest.mark.django_db
def test_a_version_for_an_earlier_date_uploaded_later_is_not_compared_with_a_later_one(
    data_admin_user, monkeypatch
):
    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    fewer = {**SCENARIO, 1: SCENARIO[1][:1]}
    june = make_version(data_admin_user, SCENARIO, as_at=JUNE)
    march = make_version(data_admin_user, fewer, as_at=MARCH)  # uploaded second

    older = services.build_data_pack(version=march, built_by=data_admin_user)
    assert older.results["previous"] is None  # never "Up 3 from 1" against June's file
    assert dict(services.pack_summary(march, older.results, older.built_at))["Compared with"] == (
        "No earlier version"
    )

    newer = services.build_data_pack(version=june, built_by=data_admin_user)
    assert newer.results["previous"]["version_number"] == march.number
    compared = dict(services.pack_summary(june, newer.results, newer.built_at))["Compared with"]
    assert compared.startswith(f"Version {march.number}, as at 31 March 2025.")
    assert "covers a different period" in compared


@pytest.mark.django_db
def test_each_area_page_says_what_its_changes_compare_with(data_admin_user, client, monkeypatch):
    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    make_version(data_admin_user, SCENARIO, as_at=MARCH)
    june = make_version(data_admin_user, SCENARIO, as_at=JUNE)
    pack = services.build_data_pack(version=june, built_by=data_admin_user)
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:area", args=[pack.pk, "referrals"])).content.decode()
    assert "Changes compared with Version 1, as at 31 March 2025. It covers a different" in html
