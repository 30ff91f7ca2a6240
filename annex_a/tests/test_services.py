"""Importing, versions, spellings and export, through the services and the database."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from annex_a import services
from annex_a.exporting import write_annex_a_workbook
from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion, Finding
from annex_a.queries import version_rows
from annex_a.spec import load_spec
from annex_a.synthetic import generate_rows
from inspection_readiness.councils import current_council
from inspection_readiness.jobs import JobFailed

from .conftest import AS_AT

pytestmark = pytest.mark.django_db


def import_file(path, user, **kwargs):
    return services.import_annex_a_file(
        path=path, as_at=kwargs.get("as_at", AS_AT), spec_version="2023", imported_by=user
    )


def test_a_clean_workbook_becomes_a_version_with_every_row(clean_workbook, data_admin_user):
    annex_a_import, version = import_file(clean_workbook, data_admin_user)
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    assert annex_a_import.error_count == 0
    assert version.number == 1
    assert version.row_count == AnnexARow.objects.filter(version=version).count() >= 600
    assert sum(version.row_counts.values()) == version.row_count
    assert len(version.source_sha256) == 64


def test_a_messy_workbook_is_not_imported_and_its_findings_point_at_cells(
    messy_workbook, data_admin_user
):
    annex_a_import, version = import_file(messy_workbook, data_admin_user)
    assert version is None
    assert annex_a_import.status == AnnexAImport.Status.HAS_ERRORS
    rules = set(annex_a_import.findings.values_list("rule", flat=True))
    assert {"AA33Q", "AA08", "CELL-REQUIRED", "CELL-CODE", "COLUMN-UNEXPECTED"} <= rules
    future = annex_a_import.findings.get(rule="AA08")
    assert future.list_number == 1 and future.row and future.column_letter
    assert not AnnexAVersion.objects.exists()


def test_mapping_a_spelling_then_checking_again_clears_those_findings(
    messy_workbook, data_admin_user
):
    annex_a_import, _ = import_file(messy_workbook, data_admin_user)
    before = annex_a_import.findings.filter(rule="CELL-CODE").count()
    assert before
    council = current_council()
    # Adopters (List 11) have their own gender codes, so each code set is mapped on its own.
    for code_set in ("gender", "gender_adopters"):
        for spelling, code in (("1 - Male", "a) Male"), ("2 - Female", "b) Female")):
            services.add_code_synonym(
                council=council,
                code_set=code_set,
                spelling=spelling,
                code=code,
                created_by=data_admin_user,
            )
    services.run_import(annex_a_import=annex_a_import, report=lambda *_: None)
    annex_a_import.refresh_from_db()
    assert annex_a_import.findings.filter(rule="CELL-CODE").count() == 0
    assert annex_a_import.check_count == 2
    assert annex_a_import.status == AnnexAImport.Status.HAS_ERRORS  # the other faults remain


def test_a_synonym_must_name_a_real_code(data_admin_user):
    with pytest.raises(ValidationError):
        services.add_code_synonym(
            council=current_council(),
            code_set="gender",
            spelling="1 - Male",
            code="z) Robot",
            created_by=data_admin_user,
        )


def test_a_failure_on_the_last_batch_leaves_nothing_behind(
    clean_workbook, data_admin_user, monkeypatch
):
    _, first = import_file(clean_workbook, data_admin_user)
    rows_before = AnnexARow.objects.count()
    monkeypatch.setattr(services, "ROW_BATCH_SIZE", 100)
    real_write = services._RowSink.write
    calls = []

    def fail_on_last_batch(sink, batch):
        calls.append(len(batch))
        if len(batch) < 100:  # the short batch is the last one
            raise RuntimeError("disk full")
        real_write(sink, batch)

    monkeypatch.setattr(services._RowSink, "write", fail_on_last_batch)
    with pytest.raises(JobFailed, match="Nothing was imported"):
        import_file(clean_workbook, data_admin_user)
    assert len(calls) > 2
    assert AnnexAVersion.objects.get() == first
    assert AnnexARow.objects.count() == rows_before
    failed = AnnexAImport.objects.latest("pk")
    assert failed.status == AnnexAImport.Status.FAILED
    assert "disk full" in failed.failure_reason
    assert not Finding.objects.filter(annex_a_import=failed).exists()


def test_export_then_reimport_gives_identical_rows_with_formulas_neutralised(
    tmp_path, data_admin_user
):
    spec, rows = generate_rows(rows=500, as_at=AS_AT, seed=5)
    rows[3][0]["allocated_worker"] = '=HYPERLINK("http://evil")'
    rows[3][1]["allocated_team"] = "-Team 2"
    rows[2][0]["organisation"] = "@Family Hub"
    source = tmp_path / "source.xlsx"
    write_annex_a_workbook(spec, lambda number: rows[number], source)
    _, first = import_file(source, data_admin_user)
    assert first is not None

    exported = tmp_path / "export.xlsx"
    write_annex_a_workbook(spec, lambda number: version_rows(first, number), exported)
    sheet = load_workbook(exported, read_only=True)["List_3"]
    cells = [c.value for row in sheet.iter_rows(min_row=3) for c in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'-Team 2" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)

    _, second = import_file(exported, data_admin_user)

    def content(version):
        return sorted(version.rows.values_list("list_number", "row_key", "row_hash", "data"))

    assert content(first) == content(second)
    worker = second.rows.filter(list_number=3).order_by("source_row")[0].data["allocated_worker"]
    assert worker == '=HYPERLINK("http://evil")'


def test_text_with_tabs_line_breaks_and_backslashes_is_stored_exactly(tmp_path, data_admin_user):
    # Rows reach PostgreSQL in COPY's text format, where these characters are escapes.
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=6)
    awkward = {
        (3, 0, "allocated_worker"): "Sam\tPatel",
        (3, 1, "allocated_team"): "Team\nNorth\r\nEast",
        (3, 2, "allocated_worker"): "C:\\cases\\new \\N",
    }
    for (number, position, name), value in awkward.items():
        rows[number][position][name] = value
    rows[3][3]["child_id"] = "ID\\7"  # a backslash in an identifying column
    source = tmp_path / "awkward.xlsx"
    write_annex_a_workbook(spec, lambda number: rows[number], source)
    _, version = import_file(source, data_admin_user)
    assert version is not None
    stored = list(version.rows.filter(list_number=3).order_by("source_row"))
    assert stored[0].data["allocated_worker"] == "Sam\tPatel"
    assert stored[1].data["allocated_team"] == "Team\nNorth\r\nEast"
    assert stored[2].data["allocated_worker"] == "C:\\cases\\new \\N"
    assert stored[3].child_id == "ID\\7" and stored[3].row_key.startswith("ID\\7|")


def test_a_row_hash_is_the_md5_of_the_stored_row_as_sorted_compact_json(
    clean_workbook, data_admin_user
):
    # The 0003 migration re-hashes older rows this way; the import must agree with it.
    import hashlib

    import orjson

    _, version = import_file(clean_workbook, data_admin_user)
    for row in version.rows.all()[:200]:
        encoded = orjson.dumps(row.data, option=orjson.OPT_SORT_KEYS)
        assert row.row_hash == hashlib.md5(encoded, usedforsecurity=False).hexdigest()


def test_an_error_found_by_the_rules_after_rows_were_sent_leaves_no_rows(tmp_path, data_admin_user):
    # Every cell is valid, so the rows are sent to the database while the rules run; the
    # repeated child on List 6 (rule AA01, an error) must roll them all back.
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=3)
    rows[6].append(dict(rows[6][0]))
    source = tmp_path / "repeat.xlsx"
    write_annex_a_workbook(spec, lambda number: rows[number], source)
    annex_a_import, version = import_file(source, data_admin_user)
    assert version is None
    assert annex_a_import.status == AnnexAImport.Status.HAS_ERRORS
    assert list(
        annex_a_import.findings.filter(severity="error").values_list("rule", flat=True)
    ) == ["AA01"]
    assert not AnnexAVersion.objects.exists()
    assert not AnnexARow.objects.exists()


def test_the_export_follows_ofsteds_layout(tmp_path, clean_workbook, data_admin_user):
    _, version = import_file(clean_workbook, data_admin_user)
    path = tmp_path / "out.xlsx"
    write_annex_a_workbook(load_spec("2023"), lambda n: version_rows(version, n), path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [f"List_{n}" for n in range(1, 12)]
    sheet = workbook["List_8"]
    assert sheet["A1"].value == "List 8: Children in care"
    headers = [cell.value for cell in sheet[2]]
    assert "Date Ceased to be Looked After " in headers  # the template's trailing space
    assert any("‘Missing’" in h for h in headers)
    first_date = sheet["H3"]
    assert first_date.is_date and first_date.number_format == "dd/mm/yyyy"
    assert sheet["A3"].data_type == "s"  # IDs as text
    assert sheet["B3"].value.startswith(("a)", "b)", "c)", "d)"))


def test_comparing_versions_counts_added_removed_and_changed(tmp_path, data_admin_user):
    from annex_a.comparing import compare_versions

    spec, rows = generate_rows(rows=400, as_at=AS_AT, seed=9)
    first_path, second_path = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_annex_a_workbook(spec, lambda n: rows[n], first_path)
    removed = rows[1].pop()
    police = "q) 6: Police"
    rows[1][0]["contact_source"] = (
        police if rows[1][0]["contact_source"] != police else "t) 9: Anonymous"
    )
    rows[9][0]["allocated_personal_advisor"] = "Someone New"
    write_annex_a_workbook(spec, lambda n: rows[n], second_path)
    _, first = import_file(first_path, data_admin_user)
    _, second = import_file(second_path, data_admin_user)
    by_list = {d.list_spec.number: d for d in compare_versions(first, second)}
    # A contact's source is part of List 1's key, so the edited contact is removed and added.
    assert (len(by_list[1].added), len(by_list[1].removed), len(by_list[1].changed)) == (1, 2, 0)
    assert any(key.startswith(removed["child_id"] + "|") for key in by_list[1].removed)
    assert (len(by_list[9].added), len(by_list[9].removed), len(by_list[9].changed)) == (0, 0, 1)
    [(header, _, after)] = by_list[9].examples[0].changes
    assert (header, after) == ("Allocated Personal Advisor", "Someone New")
    assert not by_list[5].has_differences


def test_a_file_that_is_not_what_it_claims_is_refused(tmp_path, data_admin_user):
    fake = tmp_path / "annex-a.xlsx"
    fake.write_text("Child Unique ID,Gender\n1,a) Male\n")
    with pytest.raises(JobFailed, match="not one"):
        import_file(fake, data_admin_user)
    assert AnnexAImport.objects.get().status == AnnexAImport.Status.UNREADABLE


def test_a_zip_of_csv_files_imports(tmp_path, data_admin_user):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=4)
    workbook = tmp_path / "w.xlsx"
    write_annex_a_workbook(spec, lambda n: rows[n], workbook)
    archive = tmp_path / "annex-a.zip"
    loaded = load_workbook(workbook)
    with zipfile.ZipFile(archive, "w") as bundle:
        for sheet in loaded.worksheets:
            text = io.StringIO()
            for row in sheet.iter_rows(min_row=2, values_only=True):  # headers in row 1
                text.write(
                    ",".join(
                        ""
                        if v is None
                        else v.strftime("%d/%m/%Y")
                        if hasattr(v, "strftime")
                        else '"' + str(v).replace('"', '""') + '"'
                        for v in row
                    )
                    + "\n"
                )
            bundle.writestr(f"{sheet.title}.csv", text.getvalue())
    annex_a_import, version = import_file(archive, data_admin_user)
    assert annex_a_import.error_count == 0, list(annex_a_import.findings.values_list("message"))[:3]
    assert version.row_count == sum(len(r) for r in rows.values())


def test_a_version_with_warnings_needs_a_manager_and_a_reason(
    tmp_path, data_admin_user, manager_user
):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=2)
    rows[1].append(dict(rows[1][0]))  # a duplicate contact: a warning, not an error
    path = tmp_path / "w.xlsx"
    write_annex_a_workbook(spec, lambda n: rows[n], path)
    _, version = import_file(path, data_admin_user)
    assert version.warning_count == 1
    with pytest.raises(PermissionDenied):
        services.mark_version_submitted(version=version, submitted_by=data_admin_user)
    with pytest.raises(ValidationError):
        services.mark_version_submitted(version=version, submitted_by=manager_user, reason=" ")
    services.mark_version_submitted(
        version=version, submitted_by=manager_user, reason="Duplicate explained to the lead"
    )
    version.refresh_from_db()
    assert version.submitted_by == manager_user and version.is_submitted
    with pytest.raises(ValidationError):
        services.mark_version_submitted(version=version, submitted_by=manager_user, reason="again")


def test_a_clean_version_can_be_marked_submitted_by_a_data_admin(clean_workbook, data_admin_user):
    from inspection_readiness.audit import history_for

    _, version = import_file(clean_workbook, data_admin_user)
    services.mark_version_submitted(version=version, submitted_by=data_admin_user)
    assert "submitted to Ofsted" in history_for(version).first().additional_data["event"]
