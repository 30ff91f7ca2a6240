"""Building a pack, keeping the last one when a build fails, and the settings it uses."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from annex_a.signals import version_imported
from datapack import services
from datapack.measures import AREAS
from datapack.models import DataPack, OutcomesUpload, PublishedJudgement
from frameworks.published_record import post_reform_inspections
from inspection_readiness import celery_app
from inspection_readiness.jobs import execute_job
from inspection_readiness.models import Job

from .conftest import make_version
from .scenario import SCENARIO


@pytest.mark.django_db
def test_a_pack_holds_every_measure_and_both_files(version, data_admin_user):
    services.record_population(children=10_000, source="ONS MYE2", year=2024,
                               entered_by=data_admin_user)  # fmt: skip
    pack = services.build_data_pack(version=version, built_by=data_admin_user)
    assert pack.results["measures"]["cla_open"] == {
        "value": 4.0, "numerator": 4, "denominator": None, "rate": 4.0
    }  # fmt: skip
    assert pack.results["population"]["source"] == "ONS MYE2"
    assert pack.results["previous"] is None
    assert 'role="img"' in pack.charts["cla_legal_status"]

    workbook = load_workbook(io.BytesIO(pack.xlsx.read()))
    assert workbook.sheetnames == ["Summary", *(area.sheet for area in AREAS)]
    assert workbook["Children in care"]._charts or True  # openpyxl drops charts on reading
    assert b"xl/charts/chart1.xml" in pack.xlsx.open("rb").read()
    names = [row[0].value for row in workbook["Children in care"].iter_rows(min_row=4)]
    assert "Long-term stability" in names

    reader = PdfReader(io.BytesIO(pack.pdf.read()))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Children in care" in text and "Page 2 of" in text
    assert "Long-term stability" in text


@pytest.mark.django_db
def test_a_pack_says_what_changed_since_the_previous_version(data_admin_user):
    fewer = {**SCENARIO, 8: SCENARIO[8][:2]}
    make_version(data_admin_user, fewer)
    later = make_version(data_admin_user)
    pack = services.build_data_pack(version=later, built_by=data_admin_user)
    assert pack.results["previous"]["version_number"] == 1
    assert pack.results["previous"]["measures"]["cla_open"]["value"] == 2.0


@pytest.mark.django_db
def test_formula_like_text_is_neutralised_in_the_workbook(data_admin_user):
    tables = {**SCENARIO, 1: [{**SCENARIO[1][0], "contact_source": "=HYPERLINK(1)"}]}
    pack = services.build_data_pack(version=make_version(data_admin_user, tables),
                                    built_by=data_admin_user)  # fmt: skip
    workbook = load_workbook(io.BytesIO(pack.xlsx.read()))
    values = [cell.value for row in workbook["Contacts and early help"].iter_rows() for cell in row]
    assert "'=HYPERLINK(1)" in values
    assert "=HYPERLINK(1)" not in values


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_build_keeps_the_last_pack_and_says_why(
    version, data_admin_user, client, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        good = services.request_pack_build(version=version, requested_by=data_admin_user)
    good.refresh_from_db()
    assert good.status == Job.Status.SUCCEEDED, good.error
    kept = DataPack.objects.get()

    def broken(html):
        raise OSError("disk full")

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.request_pack_build(version=version, requested_by=data_admin_user)
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED
    assert "The PDF could not be written (OSError: disk full)" in failed.error
    assert list(DataPack.objects.all()) == [kept]

    client.force_login(data_admin_user)
    page = client.get(reverse("datapack:index")).content.decode()
    assert "The last build failed" in page
    assert "disk full" in page
    assert f"{kept.get_absolute_url()}" in page


@pytest.mark.django_db
def test_a_build_already_waiting_is_not_queued_twice(version, data_admin_user, monkeypatch):
    from inspection_readiness import tasks

    monkeypatch.setattr(tasks.run_job, "delay", lambda job_id: None)
    first = services.request_pack_build(version=version, requested_by=data_admin_user)
    again = services.request_pack_build(version=version, requested_by=data_admin_user)
    assert first == again
    assert Job.objects.filter(kind=services.BUILD_JOB).count() == 1


@pytest.mark.django_db
def test_a_new_version_starts_a_background_build_only_with_a_real_worker(
    version, monkeypatch, django_capture_on_commit_callbacks
):
    from inspection_readiness import tasks

    sent = []
    monkeypatch.setattr(tasks.run_job, "delay", sent.append)
    version_imported.send(sender=type(version), version=version)
    assert not Job.objects.filter(kind=services.BUILD_JOB).exists()  # in-process: not built

    celery_app.conf.update(task_always_eager=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            version_imported.send(sender=type(version), version=version)
    finally:
        celery_app.conf.update(task_always_eager=True)
    job = Job.objects.get(kind=services.BUILD_JOB)
    assert job.pk in sent  # (other apps may start their own jobs from the same signal)
    assert job.subject == version and job.owner == version.created_by


@pytest.mark.django_db
def test_the_build_job_fails_clearly_when_the_version_has_gone(version, data_admin_user):
    job = Job.objects.create(kind=services.BUILD_JOB, owner=data_admin_user,
                             subject_type_id=None, subject_id=version.pk)  # fmt: skip
    job = execute_job(job.pk)
    assert job.status == Job.Status.FAILED
    assert "has been deleted" in job.error


# ---- Ofsted's outcomes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_ofsteds_published_outcomes_import_whole(outcomes_csv, data_admin_user):
    upload = services.import_outcomes(content=outcomes_csv, file_name="latest.csv",
                                      uploaded_by=data_admin_user)  # fmt: skip
    assert upload.row_count == 153 == PublishedJudgement.objects.filter(upload=upload).count()
    barnet = PublishedJudgement.objects.get(upload=upload, area_code="E09000003")
    assert (barnet.name, barnet.children_in_care) == ("Barnet", "Outstanding")


@pytest.mark.django_db
def test_a_bad_outcomes_file_changes_nothing(outcomes_csv, data_admin_user):
    services.import_outcomes(content=outcomes_csv, file_name="latest.csv",
                             uploaded_by=data_admin_user)  # fmt: skip
    barnet = b"E09000003,Barnet,London,2024-06-10,2024-07-23,Good"
    broken = outcomes_csv.replace(barnet, barnet + b"ish")
    from datapack.outcomes import OutcomesFileProblem

    with pytest.raises(OutcomesFileProblem) as problem:
        services.import_outcomes(content=broken, file_name="b.csv", uploaded_by=data_admin_user)
    assert problem.value.problems == [
        "Row 3, column 'Overall effectiveness': 'Goodish' is not an Ofsted grade. Use "
        "Outstanding, Good, Requires improvement to be good or Inadequate."
    ]
    assert OutcomesUpload.objects.filter(is_shipped=False).count() == 1
    assert PublishedJudgement.objects.filter(upload__is_shipped=False).count() == 153


@pytest.mark.django_db
def test_the_pack_compares_the_council_with_its_neighbours_and_england(
    outcomes_csv, version, data_admin_user
):
    services.import_outcomes(content=outcomes_csv, file_name="latest.csv",
                             uploaded_by=data_admin_user)  # fmt: skip
    services.choose_comparison_group(
        own_area_code="E09000003",
        neighbour_area_codes=["E09000002", "E06000022", "E09000003"],
        chosen_by=data_admin_user,
    )
    pack = services.build_data_pack(version=version, built_by=data_admin_user)
    comparison = pack.results["comparison"]
    assert comparison["own"]["name"] == "Barnet"
    assert [n["name"] for n in comparison["neighbours"]] == [
        "Barking and Dagenham", "Bath and North East Somerset"
    ]  # fmt: skip
    # The upload is Ofsted's table as at 31 March 2025; the shipped inspections from April 2026
    # are later, so they stay, and have no overall grade to count.
    later = len(post_reform_inspections())
    overall = comparison["england"][0]
    assert overall["judged"] == 153 - later
    assert sum(count for _, count, _ in overall["grades"]) == 153 - later
    assert overall["note"] == f"{later} inspected from April 2026, with no overall grade"
    leaders = comparison["england"][1]
    assert leaders["judged"] == 153 and leaders["note"] == ""
    care_leavers = comparison["neighbour_spread"][4]
    assert care_leavers["judged"] == 1  # Bath and North East Somerset's predates the judgement
