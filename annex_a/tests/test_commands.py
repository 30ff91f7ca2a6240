"""The command-line interface: exit codes, the report's columns, and export by version id."""

import csv

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from annex_a.models import AnnexAVersion
from inspection_readiness.roles import Role

from .conftest import AS_AT

pytestmark = pytest.mark.django_db


def run(*args):
    try:
        call_command(*args)
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_clean_file_imports_with_exit_code_0(clean_workbook, data_admin_user, tmp_path):
    report = tmp_path / "findings.csv"
    assert (
        run(
            "import_annex_a",
            str(clean_workbook),
            "--as-at",
            AS_AT.isoformat(),
            "--report",
            str(report),
        )
        == 0
    )
    version = AnnexAVersion.objects.get()
    assert version.created_by == data_admin_user
    out = tmp_path / "out.xlsx"
    call_command("export_annex_a", "--version", str(version.pk), str(out))
    # Only the marked front sheet comes before Ofsted's lists.
    assert load_workbook(out, read_only=True).sheetnames[:2] == ["Front_Sheet", "List_1"]


def test_file_with_errors_is_imported_exits_1_and_writes_the_report(
    messy_workbook, tmp_path, data_admin_user, manager_user
):
    report = tmp_path / "findings.csv"
    assert (
        run(
            "import_annex_a",
            str(messy_workbook),
            "--as-at",
            AS_AT.isoformat(),
            "--report",
            str(report),
        )
        == 1
    )
    rows = list(csv.DictReader(report.open()))
    assert list(rows[0]) == ["list", "row", "column", "value", "rule", "severity", "message"]
    assert any(row["rule"] == "AA08" and row["severity"] == "error" for row in rows)
    assert any(row["rule"] == "AA33Q" and row["severity"] == "warning" for row in rows)
    # Imported all the same, with its findings: the exit code says it has errors.
    version = AnnexAVersion.objects.get()
    assert version.readiness == AnnexAVersion.Readiness.HAS_ERRORS
    out = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match="pass --confirmed-by"):
        call_command("export_annex_a", "--version", str(version.pk), str(out))
    with pytest.raises(CommandError, match="only a manager"):
        call_command(
            "export_annex_a",
            "--version",
            str(version.pk),
            str(out),
            "--confirmed-by",
            data_admin_user.username,
            "--reason",
            "Needed",
        )
    call_command(
        "export_annex_a",
        "--version",
        str(version.pk),
        str(out),
        "--confirmed-by",
        manager_user.username,
        "--reason",
        "Agreed with Ofsted",
    )
    assert load_workbook(out, read_only=True).sheetnames[0] == "Front_Sheet"


@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, Role.MANAGER, None], ids=str)
def test_an_import_as_someone_who_is_not_a_data_admin_is_refused(
    clean_workbook, user_for_role, role
):
    person = user_for_role(role)
    with pytest.raises(CommandError, match="Only data admins can import Annex A"):
        call_command(
            "import_annex_a",
            str(clean_workbook),
            "--as-at",
            AS_AT.isoformat(),
            "--user",
            person.username,
        )
    assert not AnnexAVersion.objects.exists()


def test_dry_run_stores_nothing(clean_workbook):
    assert (
        run("import_annex_a", str(clean_workbook), "--as-at", AS_AT.isoformat(), "--dry-run") == 0
    )
    assert not AnnexAVersion.objects.exists()


def test_dry_run_of_a_file_with_errors_exits_1_and_stores_nothing(messy_workbook):
    assert (
        run("import_annex_a", str(messy_workbook), "--as-at", AS_AT.isoformat(), "--dry-run") == 1
    )
    assert not AnnexAVersion.objects.exists()


def test_the_same_file_again_is_not_imported_twice(clean_workbook, data_admin_user, capsys):
    assert run("import_annex_a", str(clean_workbook), "--as-at", AS_AT.isoformat()) == 0
    assert run("import_annex_a", str(clean_workbook), "--as-at", AS_AT.isoformat()) == 0
    assert "is already version 1" in capsys.readouterr().out
    assert AnnexAVersion.objects.count() == 1


def test_a_file_with_no_list_exits_2(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("Name,Team\nSam,North\n")
    assert run("import_annex_a", str(notes), "--as-at", AS_AT.isoformat()) == 2
    assert not AnnexAVersion.objects.exists()


def test_unreadable_file_exits_2(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert run("import_annex_a", str(broken), "--as-at", AS_AT.isoformat()) == 2


def test_generate_is_deterministic_by_seed(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    call_command(
        "generate_annex_a", str(first), "--rows", "200", "--as-at", "2026-11-20", "--seed", "4"
    )
    call_command(
        "generate_annex_a", str(second), "--rows", "200", "--as-at", "2026-11-20", "--seed", "4"
    )

    def cells(path):
        book = load_workbook(path, read_only=True)
        return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    assert cells(first) == cells(second)
