"""Ordinary mistakes end in a finding or a message, never a 500, a raw database message or a
silent change: long file names, hidden NUL characters, over-long IDs, two imports at once."""

import csv
import io
import threading
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from annex_a import services
from annex_a.cells import CELL_CONTROL, CELL_LENGTH, ID_MAX_LENGTH, NUL_MESSAGE, parse_date
from annex_a.exporting import write_annex_a_workbook
from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from annex_a.synthetic import generate_rows
from inspection_readiness.file_names import shortened_file_name, stored_file_name

from .conftest import AS_AT


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def zip_of_csvs(path, spec, rows, *, extra_headers=None):
    """Every list as one CSV in a zip, headers on the first line: how NUL can reach an import
    (a workbook cannot hold one). ``extra_headers`` adds an empty column to a list."""
    extra_headers = extra_headers or {}
    with zipfile.ZipFile(path, "w") as bundle:
        for list_spec in spec.lists:
            extra = extra_headers.get(list_spec.number, [])
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow([column.header for column in list_spec.columns] + extra)
            for row in rows[list_spec.number]:
                values = [_csv_value(row.get(column.name)) for column in list_spec.columns]
                writer.writerow(values + [""] * len(extra))
            bundle.writestr(f"List_{list_spec.number}.csv", text.getvalue())
    return path


def import_file(path, user):
    return services.import_annex_a_file(
        path=path, as_at=AS_AT, spec_version="2023", imported_by=user
    )


# ---- File names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        ("annex-a.xlsx", 12, "annex-a.xlsx"),
        ("annex-a.xlsx", 11, "annex….xlsx"),
        ("a" * 300 + ".csv", 255, "a" * 250 + "….csv"),
        ("no extension at all", 10, "no extens…"),
        ("report.not-an-extension-at-all", 12, "report.not-…"),
    ],
    ids=["fits", "one-over", "300-characters", "no-extension", "long-suffix"],
)
def test_a_long_file_name_is_shortened_keeping_its_extension(name, limit, expected):
    shortened = shortened_file_name(name, limit)
    assert shortened == expected
    assert len(shortened) <= limit


@pytest.mark.parametrize(
    "name",
    ["x" * 300 + ".xlsx", "é" * 254 + ".csv", "家" * 250 + ".zip", "???.csv", "..."],
    ids=["300-ascii", "two-byte", "three-byte", "punctuation", "dots"],
)
def test_a_stored_name_fits_any_file_system(name):
    stored = stored_file_name(name)
    assert len(stored.encode()) <= 200
    assert "/" not in stored and stored not in ("", ".", "..")
    if "." in name.strip("."):
        assert stored.endswith(name.rsplit(".", 1)[1])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("data_admin", 302), ("manager", 403), ("preparation_staff", 403), (None, 302)],
    ids=["data-admin", "manager", "staff", "signed-out"],
)
def test_uploading_a_file_with_a_300_character_name(
    client, user_for_role, clean_workbook, role, status, django_capture_on_commit_callbacks
):
    long_name = "Annex A extract " + "x" * 279 + ".xlsx"
    assert len(long_name) == 300
    if role:
        client.force_login(user_for_role(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("annex_a:upload"),
            {
                "source": SimpleUploadedFile(long_name, clean_workbook.read_bytes()),
                "as_at_0": AS_AT.day,
                "as_at_1": AS_AT.month,
                "as_at_2": AS_AT.year,
                "spec_version": "2023",
            },
        )
    assert response.status_code == status
    if role != "data_admin":
        assert not AnnexAImport.objects.exists()
        return
    annex_a_import = AnnexAImport.objects.get()
    assert response.url == annex_a_import.get_absolute_url()
    # The name as shown keeps its start and its extension; the name on disk is short.
    assert annex_a_import.source_name.startswith("Annex A extract xxx")
    assert annex_a_import.source_name.endswith(".xlsx")
    assert len(annex_a_import.source_name) <= 255
    stored = annex_a_import.source.name.rsplit("/", 1)[1]
    assert len(stored) < 80 and stored.endswith(".xlsx")
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    page = client.get(annex_a_import.get_absolute_url())
    assert page.status_code == 200
    assert annex_a_import.source_name.encode() in page.content


# ---- NUL characters ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "column", "keep"),
    [
        (3, "allocated_worker", True),
        (1, "gender", True),
        (1, "contact_date", True),
        (1, "child_id", True),
        (3, "allocated_worker", False),
    ],
    ids=["text", "code", "date", "id", "nothing-but-nul"],
)
def test_a_nul_in_a_cell_is_a_finding_not_a_database_error(
    tmp_path, data_admin_user, number, column, keep
):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=4)
    row = rows[number][1]
    original = _csv_value(row[column]) if keep else ""
    value = row[column] = original[:2] + "\x00" + original[2:]
    source = zip_of_csvs(tmp_path / "nul.zip", spec, rows)
    annex_a_import, version = import_file(source, data_admin_user)
    # A version with its finding: the row is kept without the NUL, which PostgreSQL cannot store.
    assert annex_a_import.status == AnnexAImport.Status.IMPORTED
    assert (version.error_count, version.readiness) == (1, AnnexAVersion.Readiness.HAS_ERRORS)
    stored = version.rows.get(list_number=number, source_row=3).data[column]
    cleaned = value.replace("\x00", "")
    if column == "contact_date":
        cleaned = parse_date(cleaned).isoformat()
    assert stored == (cleaned if cleaned else None)
    errors = list(annex_a_import.findings.filter(severity="error"))
    assert [(f.rule, f.list_number, f.row) for f in errors] == [(CELL_CONTROL, number, 3)]
    [finding] = errors
    assert finding.column == spec.list(number).column(column).header
    assert finding.message == NUL_MESSAGE
    assert "(NUL); remove it in your system and export again" in finding.message
    assert finding.value == value.replace("\x00", "")


@pytest.mark.django_db
def test_a_nul_in_a_header_is_removed_from_the_finding_and_the_finding_says_so(
    tmp_path, data_admin_user
):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=4)
    source = zip_of_csvs(tmp_path / "nul.zip", spec, rows, extra_headers={3: ["Note\x00s"]})
    annex_a_import, _ = import_file(source, data_admin_user)
    assert annex_a_import.status != AnnexAImport.Status.FAILED, annex_a_import.failure_reason
    [finding] = annex_a_import.findings.filter(column__startswith="Notes")
    assert finding.column == "Notes"
    assert finding.message.endswith(services.NUL_REMOVED)


# ---- Over-long Child Unique IDs ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("length", "finding"), [(ID_MAX_LENGTH, False), (ID_MAX_LENGTH + 1, True), (400, True)]
)
def test_a_child_id_over_the_limit_is_a_finding_never_cut(
    tmp_path, data_admin_user, length, finding
):
    spec, rows = generate_rows(rows=300, as_at=AS_AT, seed=4)
    long_id = ("C" + "7" * length)[:length]
    rows[1][0]["child_id"] = long_id
    source = tmp_path / "long-id.xlsx"
    write_annex_a_workbook(spec, lambda n: rows[n], source)
    annex_a_import, version = import_file(source, data_admin_user)
    if not finding:
        assert version is not None
        assert version.rows.filter(list_number=1, child_id=long_id).count() == 1
        return
    # Kept as a row with a blank ID and the finding: never cut, since a cut ID could name
    # another child.
    row = version.rows.get(list_number=1, source_row=3)
    assert (row.child_id, row.data["child_id"]) == ("", None)
    assert not AnnexARow.objects.filter(child_id__startswith=long_id[:60]).exists()
    assert version.readiness == AnnexAVersion.Readiness.HAS_ERRORS
    [error] = annex_a_import.findings.filter(rule=CELL_LENGTH)
    assert (error.list_number, error.row, error.column) == (1, 3, "Child Unique ID")
    assert error.message.startswith(f"This ID is {length} characters long")
    assert f"up to {ID_MAX_LENGTH} characters" in error.message


# ---- Two imports at once -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_at_once_end_as_versions_with_distinct_numbers(
    tmp_path, data_admin_user, monkeypatch
):
    """The first import holds its new version uncommitted while the second reaches the point
    of numbering its own: the second must wait, then take the next number."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    spec, rows = generate_rows(rows=200, as_at=AS_AT, seed=5)
    paths = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.xlsx"
        write_annex_a_workbook(spec, lambda n: rows[n], path)
        paths.append(path)
    first_numbered, release_first = threading.Event(), threading.Event()
    real_create_version = services.create_version

    def create_version(annex_a_import, outcome):
        version = real_create_version(annex_a_import, outcome)
        if annex_a_import.source_name == "first.xlsx":
            first_numbered.set()
            assert release_first.wait(60), "the test never released the first import"
        return version

    monkeypatch.setattr(services, "create_version", create_version)
    outcomes, failures = {}, []

    def run(path):
        try:
            outcomes[path.name] = import_file(path, data_admin_user)
        except Exception as error:  # noqa: BLE001  reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=(paths[0],))
    first.start()
    assert first_numbered.wait(60), failures
    second = threading.Thread(target=run, args=(paths[1],))
    second.start()
    try:
        assert _another_session_waits_for_a_lock(), "the second import never waited"
    finally:
        release_first.set()
        first.join(60)
        second.join(60)
    assert not failures, failures
    numbers = {name: version.number for name, (_, version) in outcomes.items()}
    assert numbers == {"first.xlsx": 1, "second.xlsx": 2}
    statuses = set(AnnexAImport.objects.values_list("status", flat=True))
    assert statuses == {AnnexAImport.Status.IMPORTED}


def _another_session_waits_for_a_lock() -> bool:
    """Poll PostgreSQL until some other session of this database is waiting on a lock."""
    import time

    with connection.cursor() as cursor:
        for _ in range(600):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.1)
    return False
