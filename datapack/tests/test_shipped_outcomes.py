"""Ofsted's published outcomes ship with the service: loaded by migration or command, shown on
"How we compare" with no upload (inspections from April 2026 included, with no overall grade),
and an upload still adds newer inspections."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from datapack import services
from datapack.models import OutcomesUpload, PublishedJudgement
from datapack.outcomes import NO_OVERALL_GRADE
from datapack.queries import outcome_sources, published_judgements
from frameworks.published_record import post_reform_inspections, provenance
from inspection_readiness.roles import Role

from .conftest import make_version

pytestmark = pytest.mark.django_db

S, M, A = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN
TRAFFORD = "E08000009"


@pytest.fixture
def shipped(db):
    """The shipped outcomes, loaded in this test's transaction. (The data migration loads them
    too, but a browser test's flush empties the tables for the tests after it.)"""
    return services.load_shipped_outcomes()


def _shipped_rows():
    return PublishedJudgement.objects.filter(upload__is_shipped=True)


def test_the_data_migration_loads_the_shipped_outcomes_with_no_uploader():
    OutcomesUpload.objects.all().delete()
    migration = importlib.import_module("datapack.migrations.0005_load_ofsted_outcomes")
    migration.load(apps, None)
    (upload,) = OutcomesUpload.objects.all()
    assert (upload.is_shipped, upload.uploaded_by, upload.row_count) == (True, None, 153)
    assert upload.as_at == provenance().as_at
    assert upload.source == provenance().source
    assert _shipped_rows().count() == 153
    trafford = _shipped_rows().get(area_code=TRAFFORD)
    assert (trafford.overall_effectiveness, trafford.impact_of_leaders) == ("", "Inadequate")
    assert trafford.inspection_date.isoformat() == "2026-06-08"
    assert _shipped_rows().filter(overall_effectiveness="").count() == len(
        post_reform_inspections()
    )


def test_the_command_reloads_the_shipped_outcomes_and_keeps_an_upload(
    shipped, outcomes_csv, data_admin_user
):
    upload = services.import_outcomes(
        content=outcomes_csv, file_name="latest.csv", uploaded_by=data_admin_user
    )
    out = StringIO()
    call_command("load_ofsted_outcomes", stdout=out)
    assert "Loaded Ofsted's outcomes for 153 local authorities, as at 20 August 2026." in (
        out.getvalue()
    )
    assert OutcomesUpload.objects.filter(is_shipped=True).count() == 1
    assert not OutcomesUpload.objects.filter(pk=shipped.pk).exists()
    assert PublishedJudgement.objects.filter(upload=upload).count() == 153


def test_the_command_refuses_half_an_update():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--from and --update-extract together"):
        call_command("load_ofsted_outcomes", "--update-extract")


def test_with_no_upload_the_latest_judgements_are_the_shipped_ones(shipped):
    judgements = published_judgements()
    assert len(judgements) == 153
    assert all(record.upload_id == shipped.pk for record in judgements)
    assert outcome_sources() == [shipped.source]


def test_an_older_upload_adds_nothing_over_the_inspections_from_april_2026(
    shipped, outcomes_csv, data_admin_user
):
    upload = services.import_outcomes(
        content=outcomes_csv, file_name="latest.csv", uploaded_by=data_admin_user
    )
    by_code = {record.area_code: record for record in published_judgements()}
    assert len(by_code) == 153
    assert by_code[TRAFFORD].upload_id == shipped.pk  # June 2026 is later than the upload's
    assert by_code["E09000003"].upload_id == upload.pk  # Barnet: same inspection, the upload's
    sources = outcome_sources()
    assert sources[0] == shipped.source
    assert sources[1].startswith("Updated with the file 'latest.csv' a data admin uploaded on ")
    assert sources[1].endswith(
        "(153 local authorities, published up to 14 May 2025): where both hold a local "
        "authority, the later inspection is shown."
    )


@pytest.fixture
def quick_build(monkeypatch):
    """Builds without the PDF layout and charts (tested in test_services)."""
    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    monkeypatch.setattr(
        services,
        "bar_chart",
        lambda *, title, rows, value_label, chart_id: f'<svg id="{chart_id}"></svg>',
    )


def test_how_we_compare_shows_the_shipped_outcomes_on_a_fresh_install_with_no_upload(
    client, shipped, data_admin_user, manager_user, quick_build
):
    services.load_published_figures()
    services.choose_own_authority(authority="Trafford", chosen_by=data_admin_user)
    pack = services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)
    assert not OutcomesUpload.objects.filter(is_shipped=False).exists()
    client.force_login(manager_user)
    page = client.get(reverse("datapack:how_we_compare", args=[pack.pk]))
    html = page.content.decode()
    assert "Trafford (this council)" in html
    assert NO_OVERALL_GRADE in html
    assert "Where these figures come from" in html
    assert "as at 31 March 2025, updated with the 11 inspections from April 2026" in html
    assert "published by 20 August 2026" in html
    later = len(post_reform_inspections())
    assert f"{153 - later} judged; {later} inspected from April 2026, with no overall grade" in (
        html
    )


def test_the_index_says_the_outcomes_come_with_the_service(client, shipped, data_admin_user):
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:index")).content.decode()
    assert "Ofsted's published outcomes, as at 20 August 2026, come with the service." in html
    assert reverse("datapack:neighbours") in html


def test_the_neighbours_are_chosen_from_the_shipped_outcomes_with_no_upload(
    client, shipped, data_admin_user
):
    client.force_login(data_admin_user)
    page = client.get(reverse("datapack:neighbours"))
    assert page.status_code == 200
    assert "Trafford (North West)" in page.content.decode()


@pytest.mark.parametrize("role", [S, M, None], ids=["staff", "manager", "no role"])
def test_only_data_admins_may_post_an_outcomes_file(client, user_for_role, role, outcomes_csv):
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("datapack:outcomes"), {"source": SimpleUploadedFile("o.csv", outcomes_csv)}
    )
    assert response.status_code == 403
    assert not OutcomesUpload.objects.filter(is_shipped=False).exists()


def test_a_data_admin_uploads_a_file_with_inspections_from_april_2026(
    client, shipped, data_admin_user, outcomes_csv
):
    header = outcomes_csv.splitlines()[0]
    lines = [
        header,
        b"E08000009,Trafford,North West,2026-09-14,2026-10-30,not_reported_post_reform,"
        b"Requires improvement to be good,Good,Good,Good",
        b"E09000003,Barnet,London,2026-05-11,2026-06-30,,Good,Good,Good,Good",
    ]
    client.force_login(data_admin_user)
    response = client.post(
        reverse("datapack:outcomes"),
        {"source": SimpleUploadedFile("newer.csv", b"\n".join(lines) + b"\n")},
    )
    assert response.status_code == 302
    by_code = {record.area_code: record for record in published_judgements()}
    assert by_code[TRAFFORD].impact_of_leaders == "Requires improvement to be good"
    assert by_code[TRAFFORD].overall_effectiveness == ""
    assert by_code["E09000003"].inspection_date.isoformat() == "2026-05-11"
    assert len(by_code) == 153
