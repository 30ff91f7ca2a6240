"""The template each list is read as, on the import's page, and changing it (issue 14, item 4):
a data admin only, in the view and in the service; the kept file is checked again as a new
version, recorded in the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from annex_a import services
from annex_a.models import AnnexAImport
from annex_a.spec import SPEC_RECOGNISED, load_spec
from annex_a.synthetic import write_generated_workbook
from annex_a.template_choice import read_as_template
from annex_a.template_views import list_templates
from inspection_readiness.audit import history_for

from .conftest import AS_AT
from .test_recognising_files import OLD_EXCEL, write_ssd_output
from .test_validation import valid_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_2019(tmp_path, data_admin_user):
    path = write_generated_workbook(
        tmp_path / "annex_a_2019.xlsx", rows=200, as_at=AS_AT, seed=7, spec_version="2019"
    ).path
    annex_a_import, _ = services.import_annex_a_file(
        path=path, as_at=AS_AT, spec_version=SPEC_RECOGNISED, imported_by=data_admin_user
    )
    return annex_a_import


def test_a_2019_file_left_to_its_headers_becomes_a_2019_version(import_2019):
    version = import_2019.version
    assert (import_2019.spec_version, version.spec_version) == ("auto", "2019")
    assert import_2019.counts["9"]["template"] == "2019"
    assert import_2019.counts["3"]["template"] is None
    assert version.error_count == 0


def test_the_import_page_shows_each_lists_template(client, data_admin_user, import_2019):
    client.force_login(data_admin_user)
    page = client.get(import_2019.get_absolute_url()).content.decode()
    assert "The template each list follows" in page
    assert "August 2019 template: its headers have none of “Unaccompanied Asylum" in page
    assert "The same in both templates" in page
    assert reverse("annex_a:change_template", args=[import_2019.pk]) in page


def test_a_manager_sees_the_templates_but_cannot_change_them(client, manager_user, import_2019):
    client.force_login(manager_user)
    page = client.get(import_2019.get_absolute_url()).content.decode()
    assert "The template each list follows" in page
    assert reverse("annex_a:change_template", args=[import_2019.pk]) not in page


@pytest.mark.parametrize("role", ["manager", "preparation_staff", None])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_a_data_admin_may_change_the_template(
    client, user_for_role, import_2019, role, method
):
    person = user_for_role(role)
    client.force_login(person)
    url = reverse("annex_a:change_template", args=[import_2019.pk])
    response = getattr(client, method)(url, {"spec_version": "2023"} if method == "post" else {})
    assert response.status_code == 403
    assert AnnexAImport.objects.count() == 1


def test_signed_out_people_are_sent_to_sign_in(client, import_2019):
    url = reverse("annex_a:change_template", args=[import_2019.pk])
    response = client.post(url, {"spec_version": "2023"})
    assert response.status_code == 302 and "sign-in" in response.url
    assert AnnexAImport.objects.count() == 1


@pytest.mark.parametrize("role", ["manager", "preparation_staff", None])
def test_the_service_refuses_anyone_but_a_data_admin(user_for_role, import_2019, role):
    with pytest.raises(PermissionDenied):
        read_as_template(
            annex_a_import=import_2019, spec_version="2023", requested_by=user_for_role(role)
        )
    assert AnnexAImport.objects.count() == 1


def test_changing_the_template_checks_the_file_again_as_a_new_version(
    client, data_admin_user, import_2019, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    url = reverse("annex_a:change_template", args=[import_2019.pk])
    assert "Change the template" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"spec_version": "2023"})
    again = AnnexAImport.objects.latest("pk")
    assert again.pk != import_2019.pk and response.url == again.get_absolute_url()
    assert (again.spec_version, again.version.spec_version, again.version.number) == (
        "2023",
        "2023",
        2,
    )
    # Read as 2023/24, the 2019 List 9 lacks the newer columns.
    assert again.findings.filter(rule="COLUMN-MISSING", list_number=9).exists()
    assert import_2019.version.spec_version == "2019"  # the first version is unchanged
    events = [(entry.additional_data or {}).get("event", "") for entry in history_for(again)]
    assert "Asked for the lists to be read as “2023/24 changes" in " ".join(events)


def test_choosing_no_template_shows_the_error_summary(client, data_admin_user, import_2019):
    client.force_login(data_admin_user)
    url = reverse("annex_a:change_template", args=[import_2019.pk])
    page = client.post(url, {"spec_version": "1999"}).content.decode()
    assert "govuk-error-summary" in page and "Select one of the templates" in page
    assert AnnexAImport.objects.count() == 1


def test_a_list_missing_from_the_file_is_marked_as_a_warning_not_an_error(client, data_admin_user):
    # The .xls fixture holds Lists 1 and 3 only.
    annex_a_import, version = services.import_annex_a_file(
        path=OLD_EXCEL, as_at=AS_AT, spec_version=SPEC_RECOGNISED, imported_by=data_admin_user
    )
    assert version is not None and version.error_count == 0
    client.force_login(data_admin_user)
    page = client.get(annex_a_import.get_absolute_url()).content.decode()
    assert page.count("Not in the file") == 9
    assert "List 11 is not in the file: Ofsted will see no adopters." in page


def test_a_file_checked_before_templates_were_recognised_shows_no_template_table(import_2019):
    for tally in import_2019.counts.values():
        tally.pop("template", None)
    assert list_templates(import_2019) == []


def test_the_ssds_output_becomes_a_2023_version_without_any_option(tmp_path, data_admin_user):
    path = tmp_path / "ssd_annex_a.zip"
    write_ssd_output(path, valid_dataset(), load_spec("2023"))
    annex_a_import, version = services.import_annex_a_file(
        path=path, as_at=AS_AT, spec_version=SPEC_RECOGNISED, imported_by=data_admin_user
    )
    assert version.spec_version == "2023"
    assert sorted(int(number) for number in version.row_counts) == list(range(1, 11))
    assert annex_a_import.counts["9"]["template"] == "2023"
    # The SSD builds neither List 11 nor List 8's placement location and LA of placement.
    assert set(annex_a_import.findings.filter(severity="error").values_list("rule", "column")) == {
        ("COLUMN-MISSING", "Placement Location"),
        ("COLUMN-MISSING", "LA of Placement"),
    }
    assert annex_a_import.findings.filter(rule="LIST-MISSING", list_number=11).exists()
