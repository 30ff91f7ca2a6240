"""Importing, versions, spellings and export, through the services and the database."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from annex_a import services, submission
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


def test_a_messy_workbook_becomes_a_version_with_its_findings_pointing_at_cells(
    messy_workbook, data_admin_user
):
    annex_a_import, version = import_file(messy_workbook, data_admin_user)
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    assert version.readiness == AnnexAVersion.Readiness.HAS_ERRORS
    assert (version.error_count, version.warning_count) == (
        annex_a_import.error_count,
        annex_a_import.warning_count,
    )
    assert version.error_count and version.warning_count
    assert version.row_count == annex_a_import.row_count == AnnexARow.objects.count()
    rules = set(annex_a_import.findings.values_list("rule", flat=True))
    assert {"AA33Q", "AA08", "CELL-REQUIRED", "CELL-CODE", "COLUMN-UNEXPECTED"} <= rules
    future = annex_a_import.findings.get(rule="AA08")
    assert future.list_number == 1 and future.row and future.column_letter
    # A value that is not a code is kept blank, never guessed; its finding names the value.
    spelling = annex_a_import.findings.filter(rule="CELL-CODE", value="1 - Male").first()
    stored = version.rows.get(list_number=spelling.list_number, source_row=spelling.row)
    assert stored.data["gender"] is None
    assert "“1 - Male”" in spelling.message and "holds this cell blank" in spelling.message


def test_mapping_a_spelling_then_checking_again_clears_those_findings(
    messy_workbook, data_admin_user, django_capture_on_commit_callbacks
):
    annex_a_import, first = import_file(messy_workbook, data_admin_user)
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
    with django_capture_on_commit_callbacks(execute=True):
        job = services.recheck_import(
            annex_a_import=annex_a_import, requested_by=data_admin_user, as_new_version=True
        )
    again = AnnexAImport.objects.get(pk=job.subject_id)
    assert again.pk != annex_a_import.pk and again.source.name == annex_a_import.source.name
    assert again.findings.filter(rule="CELL-CODE").count() == 0
    assert again.status == AnnexAImport.Status.IMPORTED
    assert again.version.number == 2
    assert again.version.error_count  # the other faults remain, on the new version
    assert annex_a_import.findings.filter(rule="CELL-CODE").count() == before  # v1 unchanged
    with pytest.raises(ValidationError):  # a job's "Try again" never makes another version
        services.recheck_import(annex_a_import=annex_a_import, requested_by=data_admin_user)
    assert first.number == 1


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
        import_file(clean_workbook, data_admin_user, as_at=AS_AT - timedelta(days=1))
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

    # Another as-at date: written within the same second as the source, the export can be the
    # very same bytes, which would be offered as version 1 (the same file uploaded again).
    _, second = import_file(exported, data_admin_user, as_at=AS_AT - timedelta(days=1))

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


def test_an_error_found_by_the_rules_is_kept_on_the_version_with_every_row(
    tmp_path, data_admin_user
):
    # The repeated child on List 6 (rule AA01, an error) is kept as read, both rows, with its
    # finding: the version says it has errors rather than the council having no version.
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=3)
    rows[6].append(dict(rows[6][0]))
    source = tmp_path / "repeat.xlsx"
    write_annex_a_workbook(spec, lambda number: rows[number], source)
    annex_a_import, version = import_file(source, data_admin_user)
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    assert list(
        annex_a_import.findings.filter(severity="error").values_list("rule", flat=True)
    ) == ["AA01"]
    assert (version.error_count, version.readiness) == (1, AnnexAVersion.Readiness.HAS_ERRORS)
    assert version.rows.filter(list_number=6, child_id=rows[6][0]["child_id"]).count() == 2
    assert version.row_count == sum(len(list_rows) for list_rows in rows.values())


def test_the_export_follows_ofsteds_layout(tmp_path, clean_workbook, data_admin_user):
    _, version = import_file(clean_workbook, data_admin_user)
    path = tmp_path / "out.xlsx"
    write_annex_a_workbook(load_spec("2023"), lambda n: version_rows(version, n), path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Front_Sheet", *(f"List_{n}" for n in range(1, 12))]
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


def test_the_same_file_with_the_same_as_at_date_is_offered_as_its_version(
    clean_workbook, data_admin_user
):
    _, first = import_file(clean_workbook, data_admin_user)
    with pytest.raises(services.AlreadyImported) as already:
        import_file(clean_workbook, data_admin_user)
    assert already.value.version == first
    assert "already version 1" in str(already.value)
    assert AnnexAImport.objects.count() == 1 and AnnexAVersion.objects.count() == 1
    _, other_day = import_file(clean_workbook, data_admin_user, as_at=AS_AT - timedelta(days=1))
    assert other_day.number == 2  # the same file as at another date is another version


def test_a_file_whose_lists_cannot_be_identified_is_not_imported(tmp_path, data_admin_user):
    notes = tmp_path / "notes.csv"
    notes.write_text("Name,Team\nSam,North\n")
    with pytest.raises(JobFailed, match="No Annex A list was found"):
        import_file(notes, data_admin_user)
    refused = AnnexAImport.objects.get()
    assert refused.status == AnnexAImport.Status.REFUSED
    assert "No Annex A list was found" in refused.failure_reason
    assert not AnnexAVersion.objects.exists()


def test_a_list_without_its_child_unique_id_column_stops_the_import(tmp_path, data_admin_user):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=4)
    headers = [column.header for column in spec.list(3).columns if column.name != "child_id"]
    no_ids = tmp_path / "referrals.csv"
    no_ids.write_text(",".join(f'"{header}"' for header in headers) + "\n")
    with pytest.raises(JobFailed, match="has no “Child Unique ID” column"):
        import_file(no_ids, data_admin_user)
    refused = AnnexAImport.objects.get()
    assert refused.status == AnnexAImport.Status.REFUSED
    assert refused.findings.filter(rule="COLUMN-MISSING", column="Child Unique ID").exists()
    assert not AnnexAVersion.objects.exists() and not AnnexARow.objects.exists()


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
    tmp_path, data_admin_user, manager_user, inspection
):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=2)
    rows[1].append(dict(rows[1][0]))  # a duplicate contact: a warning, not an error
    path = tmp_path / "w.xlsx"
    write_annex_a_workbook(spec, lambda n: rows[n], path)
    _, version = import_file(path, data_admin_user)
    assert version.warning_count == 1
    with pytest.raises(PermissionDenied):
        submission.mark_version_submitted(
            inspection=inspection, version=version, submitted_by=data_admin_user
        )
    with pytest.raises(ValidationError):
        submission.mark_version_submitted(
            inspection=inspection, version=version, submitted_by=manager_user, reason=" "
        )
    submission.mark_version_submitted(
        inspection=inspection,
        version=version,
        submitted_by=manager_user,
        reason="Duplicate explained to the lead",
    )
    version.refresh_from_db()
    assert version.submitted_by == manager_user and version.is_submitted
    with pytest.raises(ValidationError):
        submission.mark_version_submitted(
            inspection=inspection, version=version, submitted_by=manager_user, reason="again"
        )


def test_a_clean_version_can_be_marked_submitted_by_a_data_admin(
    clean_workbook, data_admin_user, inspection
):
    from inspection_readiness.audit import history_for

    _, version = import_file(clean_workbook, data_admin_user)
    submission.mark_version_submitted(
        inspection=inspection, version=version, submitted_by=data_admin_user
    )
    assert "submitted to Ofsted" in history_for(version).first().additional_data["event"]
