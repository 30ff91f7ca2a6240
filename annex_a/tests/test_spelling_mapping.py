"""Mapping council spellings on one screen, the council's mappings as CSV, and grouped findings,
through HTTP and the services."""

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annex_a import services, spelling_services
from annex_a.cells import CELL_CODE
from annex_a.models import AnnexAImport, CodeSynonym, Finding
from annex_a.spellings import SpellingMapping
from inspection_readiness.councils import current_council

from .conftest import AS_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def messy_import(messy_workbook, data_admin_user):
    annex_a_import, _ = services.import_annex_a_file(
        path=messy_workbook, as_at=AS_AT, spec_version="2023", imported_by=data_admin_user
    )
    return annex_a_import


def _as_shown(page) -> dict[str, str]:
    """What a browser submits from the one-screen mapping page untouched: every proposal."""
    return {field.html_name: field.value() or "" for field in page.context["form"]}


@pytest.mark.parametrize(
    ("role", "status"),
    [("data_admin", 200), ("manager", 403), ("preparation_staff", 403), (None, 403)],
)
def test_only_a_data_admin_sees_the_one_screen_mapping(
    client, user_for_role, messy_import, role, status
):
    client.force_login(user_for_role(role))
    url = reverse("annex_a:map_spellings", args=[messy_import.pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize("role", ["manager", "preparation_staff", None])
def test_no_one_else_can_post_mappings(client, user_for_role, messy_import, role):
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("annex_a:map_spellings", args=[messy_import.pk]), {"anything": "a) Male"}
    )
    assert response.status_code == 403
    assert not CodeSynonym.objects.exists()
    assert AnnexAImport.objects.count() == 1


@pytest.mark.parametrize("role", ["manager", "preparation_staff"])
def test_the_services_refuse_anyone_but_a_data_admin(user_for_role, messy_import, role):
    mapping = [SpellingMapping("gender", "1 - Male", "a) Male")]
    with pytest.raises(PermissionDenied):
        spelling_services.map_spellings_and_check_again(
            annex_a_import=messy_import, mappings=mapping, mapped_by=user_for_role(role)
        )
    with pytest.raises(PermissionDenied):
        spelling_services.import_mappings(
            council=current_council(), mappings=mapping, imported_by=user_for_role(role)
        )
    assert not CodeSynonym.objects.exists()


def test_propose_accept_all_and_check_again_leaves_no_spelling_findings(
    client, data_admin_user, messy_import, django_capture_on_commit_callbacks
):
    assert messy_import.findings.filter(rule=CELL_CODE).exists()
    client.force_login(data_admin_user)
    url = reverse("annex_a:map_spellings", args=[messy_import.pk])
    page = client.get(url)
    shown = {group.spelling: group for group in page.context["form"].groups}
    assert shown["1 - Male"].proposal.code == "a) Male"
    assert shown["2 - Female"].proposal.code == "b) Female"
    assert "the words after the numbering “1 -” name the code" in page.content.decode()
    assert "List 1: Contacts" in page.content.decode()  # lists by name, never keys
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _as_shown(page))
    again = AnnexAImport.objects.latest("pk")
    assert again.pk != messy_import.pk and response.url == again.get_absolute_url()
    assert again.status == AnnexAImport.Status.IMPORTED
    assert not again.findings.filter(rule=CELL_CODE).exists()
    assert set(CodeSynonym.objects.values_list("spelling", "code")) >= {
        ("1 - Male", "a) Male"),
        ("2 - Female", "b) Female"),
    }
    entry = LogEntry.objects.get(additional_data__event__startswith="Mapped 2 spellings")
    assert entry.actor == data_admin_user and entry.object_pk == str(messy_import.pk)
    # The old check now shows the spellings as mapped, and nothing is left on the new one.
    assert "Mapped" in client.get(url).content.decode()
    assert (
        client.get(reverse("annex_a:map_spellings", args=[again.pk])).context["form"].groups == []
    )


def test_a_spelling_left_unmapped_stays_a_finding(
    client, data_admin_user, messy_import, django_capture_on_commit_callbacks
):
    client.force_login(data_admin_user)
    url = reverse("annex_a:map_spellings", args=[messy_import.pk])
    page = client.get(url)
    data = _as_shown(page)
    female = next(g for g in page.context["form"].groups if g.spelling == "2 - Female")
    data[female.field_name] = ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    again = AnnexAImport.objects.latest("pk")
    values = set(again.findings.filter(rule=CELL_CODE).values_list("value", flat=True))
    assert values == {"2 - Female"}


def test_mappings_round_trip_through_csv(client, data_admin_user):
    council = current_council()
    for spelling, code in (("1 - Male", "a) Male"), ("=2 - Female", "b) Female")):
        services.add_code_synonym(
            council=council,
            code_set="gender",
            spelling=spelling,
            code=code,
            created_by=data_admin_user,
        )
    client.force_login(data_admin_user)
    exported = client.get(reverse("annex_a:synonyms_csv"))
    text = exported.content.decode("utf-8-sig")
    assert "'=2 - Female" in text and "Gender (Lists 1 to 10)" in text
    CodeSynonym.objects.all().delete()
    upload = SimpleUploadedFile("mappings.csv", exported.content, content_type="text/csv")
    preview = client.post(reverse("annex_a:synonyms_import"), {"source": upload})
    assert preview.status_code == 200 and not CodeSynonym.objects.exists()  # nothing yet
    assert [change for _, change, _ in preview.context["planned"]] == ["new", "new"]
    done = client.post(reverse("annex_a:synonyms_import"), {"confirm": preview.context["confirm"]})
    assert done.url == reverse("annex_a:synonyms")
    assert set(CodeSynonym.objects.values_list("code_set", "spelling", "code")) == {
        ("gender", "1 - Male", "a) Male"),
        ("gender", "=2 - Female", "b) Female"),
    }
    assert LogEntry.objects.filter(additional_data__event__startswith="Brought in 2").exists()
    # Brought in again, the same file changes nothing.
    upload = SimpleUploadedFile("mappings.csv", exported.content, content_type="text/csv")
    again = client.post(reverse("annex_a:synonyms_import"), {"source": upload})
    assert "The file changes none of your mappings" in again.content.decode()


def test_bringing_in_mappings_reports_each_bad_row_and_asks_before_changing(
    client, data_admin_user
):
    services.add_code_synonym(
        council=current_council(),
        code_set="gender",
        spelling="2 - Female",
        code="a) Male",
        created_by=data_admin_user,
    )
    client.force_login(data_admin_user)
    text = (
        "Kind of code,Your spelling,Ofsted code\n"
        "gender,2 - Female,b) Female\n"
        "gender,9 - Other,z) Other\n"
    )
    upload = SimpleUploadedFile("mappings.csv", text.encode(), content_type="text/csv")
    preview = client.post(reverse("annex_a:synonyms_import"), {"source": upload})
    page = preview.content.decode()
    assert "1 row cannot be used" in page
    assert [(p.row, p.value) for p in preview.context["problems"]] == [(3, "z) Other")]
    assert "Changed</strong> from a) Male" in page
    assert CodeSynonym.objects.get().code == "a) Male"  # not until confirmed
    client.post(reverse("annex_a:synonyms_import"), {"confirm": preview.context["confirm"]})
    assert CodeSynonym.objects.get().code == "b) Female"


def test_a_tampered_confirmation_changes_nothing(client, data_admin_user):
    client.force_login(data_admin_user)
    response = client.post(reverse("annex_a:synonyms_import"), {"confirm": "[made up]"})
    assert response.status_code == 302 and not CodeSynonym.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("annex_a:synonyms_csv", "get"),
        ("annex_a:synonyms_import", "get"),
        ("annex_a:synonyms_import", "post"),
    ],
)
@pytest.mark.parametrize("role", ["manager", "preparation_staff"])
def test_only_a_data_admin_exports_or_brings_in_mappings(client, user_for_role, name, method, role):
    client.force_login(user_for_role(role))
    assert getattr(client, method)(reverse(name)).status_code == 403


def test_findings_are_grouped_with_their_rows_one_click_away(client, manager_user, messy_import):
    # A whole column of one council spelling, as real extracts have it.
    Finding.objects.bulk_create(
        Finding(
            annex_a_import=messy_import,
            list_number=1,
            sheet="List 1",
            row=1000 + row,
            column="Gender",
            column_letter="C",
            value="1 - Male",
            rule=CELL_CODE,
            severity="error",
            message="“1 - Male” is not one of Ofsted's codes for this column.",
            code_set="gender",
        )
        for row in range(40)
    )
    client.force_login(manager_user)
    page = client.get(messy_import.get_absolute_url())
    assert "List 1: Contacts" in page.content.decode() and "40 rows" in page.content.decode()
    groups = page.context["table"].data.data
    male = [g for g in groups if g.rule == CELL_CODE and g.value == "1 - Male"]
    expected = messy_import.findings.filter(rule=CELL_CODE, value="1 - Male")
    assert sum(g.count for g in male) == expected.count() > 0
    assert len(groups) < messy_import.findings.count()  # repeats are one row each
    first = next(g for g in male if g.column == "Gender")
    assert first.count == 40
    assert first.list_title.startswith(f"List {first.list_number}: ")
    rows = client.get(messy_import.get_absolute_url() + "?" + first.rows_query)
    shown = list(rows.context["table"].data)
    assert len(shown) == first.count
    assert {(f.value, f.list_number, f.column) for f in shown} == {
        ("1 - Male", first.list_number, first.column)
    }
    assert f"{first.list_title}" in rows.content.decode()


def test_a_version_with_spellings_to_map_links_a_data_admin_to_the_one_screen(
    client, data_admin_user, manager_user, messy_import
):
    link = reverse("annex_a:map_spellings", args=[messy_import.pk])
    client.force_login(data_admin_user)
    assert link in client.get(messy_import.version.get_absolute_url()).content.decode()
    client.force_login(manager_user)
    assert link not in client.get(messy_import.version.get_absolute_url()).content.decode()


def test_a_finding_about_the_whole_file_has_its_own_rows_link(client, manager_user, messy_import):
    Finding.objects.create(
        annex_a_import=messy_import,
        rule="AA00",
        severity="warning",
        message="List 11 was not found in the file.",
    )
    client.force_login(manager_user)
    groups = client.get(messy_import.get_absolute_url()).context["table"].data.data
    whole_file = next(g for g in groups if g.rule == "AA00")
    assert whole_file.list_title == "Whole file"
    rows = client.get(messy_import.get_absolute_url() + "?" + whole_file.rows_query)
    assert [f.rule for f in rows.context["table"].data] == ["AA00"]


def _with_council_spellings(path, saved):
    """The clean workbook with List 1's coded columns written as councils' systems write them,
    on every row."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["List_1"]
    headers = [cell.value for cell in sheet[2]]
    spellings = {
        "Gender": {"a) Male": "1 - Male", "b) Female": "2 - Female"},
        "Ethnicity": {"a) WBRI": "WBRI - White British"},
        "Contact Source": {"e) 2A: Schools": "School"},
    }
    for header, council in spellings.items():
        column = headers.index(header) + 1
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            cell.value = council.get(cell.value, cell.value)
    workbook.save(saved)
    return saved


def test_council_spellings_on_whole_columns_are_fixed_in_one_submit(
    client, data_admin_user, clean_workbook, tmp_path, django_capture_on_commit_callbacks
):
    messy = _with_council_spellings(clean_workbook, tmp_path / "council.xlsx")
    annex_a_import, _ = services.import_annex_a_file(
        path=messy, as_at=AS_AT, spec_version="2023", imported_by=data_admin_user
    )
    spelt = annex_a_import.findings.filter(rule=CELL_CODE)
    # Ofsted's own "SHORT - Label" form needs no mapping.
    assert not spelt.filter(value="WBRI - White British").exists()
    assert spelt.filter(value="1 - Male").count() > 50
    client.force_login(data_admin_user)
    url = reverse("annex_a:map_spellings", args=[annex_a_import.pk])
    page = client.get(url)
    proposed = {g.spelling: g.proposal.code for g in page.context["form"].groups if g.proposal}
    assert proposed == {
        "1 - Male": "a) Male",
        "2 - Female": "b) Female",
        "School": "e) 2A: Schools",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _as_shown(page))
    again = AnnexAImport.objects.latest("pk")
    assert again.status == AnnexAImport.Status.IMPORTED
    assert not again.findings.filter(rule=CELL_CODE).exists()
    assert again.version.error_count < annex_a_import.version.error_count


def test_a_code_that_is_not_in_the_list_is_refused_with_an_error_summary(
    client, data_admin_user, messy_import
):
    client.force_login(data_admin_user)
    url = reverse("annex_a:map_spellings", args=[messy_import.pk])
    data = _as_shown(client.get(url))
    data[next(iter(data))] = "z) Made up"
    page = client.post(url, data)
    assert page.status_code == 200 and "There is a problem" in page.content.decode()
    assert not CodeSynonym.objects.exists()
    assert AnnexAImport.objects.count() == 1
