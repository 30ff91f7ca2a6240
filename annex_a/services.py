"""The writes that change Annex A: upload, check and import, map spellings, confirm an export,
submit.

Each service runs in one transaction and records who did what in the audit trail. An import
reads and parses the whole file first; then, in one transaction, it sends the rows to the
database while the rules run, and commits the version, its rows and its findings together.
Any file that can be read and whose lists can be identified becomes a version, whatever its
findings: its readiness (ready, has warnings, has errors) says whether it is fit to send. A
failure part-way rolls the transaction back, so the council's previous versions stay exactly
as they were and no row is left behind.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import orjson
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from inspection_readiness.audit import record_event
from inspection_readiness.councils import current_council
from inspection_readiness.file_names import shortened_file_name
from inspection_readiness.jobs import JobFailed, ProgressReporter, latest_job, start_job
from inspection_readiness.models import Council, Job
from inspection_readiness.roles import Role, check_role, user_has_role

from .cells import NUL, NUL_MESSAGE
from .findings import Finding as FoundProblem
from .importing import (
    ImportOutcome,
    check_rules,
    cyclic_gc_paused,
    read_and_parse,
    structural_problem,
)
from .models import AnnexAImport, AnnexARow, AnnexAVersion, CodeSynonym, Finding
from .reading import UnreadableFile
from .signals import version_imported
from .spec import normalise_code
from .spellings import known_codes
from .validation import ROW

# Two imports for one council at once: the second waits here for the first to commit, so
# each version takes the next number (the first argument of PostgreSQL's two-key advisory
# lock, which says what is locked; the second is the council).
VERSION_NUMBER_LOCK = 0x41415631  # "AAV1"
NUL_REMOVED = "A hidden control character (NUL) was removed from the text shown here."

IMPORT_JOB = "annex_a_import"
# Who uploads, checks again and maps spellings (as the views); managers also submit and export.
IMPORTERS = (Role.DATA_ADMIN,)
SENDERS = (Role.DATA_ADMIN, Role.MANAGER)
ROW_BATCH_SIZE = 5000
# Findings beyond this many are counted but not stored: a file this broken needs fixing at
# source, and the first hundred thousand show what is wrong.
FINDINGS_STORED_LIMIT = 100_000


def _display_name(name: str) -> str:
    return shortened_file_name(name, AnnexAImport._meta.get_field("source_name").max_length)


class AlreadyImported(Exception):
    """The same file (same SHA-256) with the same as-at date is already a version."""

    def __init__(self, version: AnnexAVersion) -> None:
        super().__init__(
            f"This file, as at {version.as_at:%d/%m/%Y}, is already version {version.number}."
        )
        self.version = version


def existing_version(*, council: Council, sha256: str, as_at: date) -> AnnexAVersion | None:
    """The version already made from these exact bytes for this as-at date, if any."""
    return (
        AnnexAVersion.objects.filter(council=council, source_sha256=sha256, as_at=as_at)
        .order_by("-number")
        .first()
    )


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024


def _sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def upload_annex_a(
    *,
    uploaded_by: AbstractBaseUser,
    uploaded_file: UploadedFile,
    as_at: date,
    spec_version: str,
) -> tuple[AnnexAImport, Job]:
    """Keep the uploaded file and start checking it in the background. Raises
    ``AlreadyImported`` for a file that is already a version for this as-at date."""
    check_role(uploaded_by, IMPORTERS, to="upload Annex A")
    if uploaded_file.size > upload_limit_bytes():
        raise ValidationError(
            f"The file is larger than {settings.UPLOAD_MAX_MEGABYTES} MB, the most the service "
            "accepts."
        )
    council = current_council()
    digest = _sha256(uploaded_file.chunks())
    existing = existing_version(council=council, sha256=digest, as_at=as_at)
    if existing is not None:
        raise AlreadyImported(existing)
    with transaction.atomic():
        annex_a_import = AnnexAImport(
            council=council,
            source_name=_display_name(uploaded_file.name),
            source_sha256=digest,
            source_size=uploaded_file.size,
            as_at=as_at,
            spec_version=spec_version,
            uploaded_by=uploaded_by,
            uploaded_at=timezone.now(),
        )
        uploaded_file.seek(0)
        annex_a_import.source.save(uploaded_file.name, uploaded_file, save=False)
        annex_a_import.save()
        record_event(
            actor=uploaded_by,
            obj=annex_a_import,
            action=LogEntry.Action.CREATE,
            description=f"Uploaded {annex_a_import.source_name} for checking",
            details={"sha256": annex_a_import.source_sha256, "as_at": as_at.isoformat()},
        )
        job = start_job(kind=IMPORT_JOB, owner=uploaded_by, subject=annex_a_import)
    return annex_a_import, job


def import_annex_a_file(
    *,
    path: Path,
    as_at: date,
    spec_version: str,
    imported_by: AbstractBaseUser,
    report: ProgressReporter = lambda percent, message: None,
) -> tuple[AnnexAImport, AnnexAVersion | None]:
    """Keep a file from disk and check and import it now, in this process (command line, demo).
    Raises ``AlreadyImported`` for a file that is already a version for this as-at date."""
    check_role(imported_by, IMPORTERS, to="import Annex A")
    council = current_council()
    with path.open("rb") as handle:
        digest = _sha256(iter(lambda: handle.read(1 << 20), b""))
        existing = existing_version(council=council, sha256=digest, as_at=as_at)
        if existing is not None:
            raise AlreadyImported(existing)
        handle.seek(0)
        with transaction.atomic():
            annex_a_import = AnnexAImport(
                council=council,
                source_name=_display_name(path.name),
                source_sha256=digest,
                source_size=path.stat().st_size,
                as_at=as_at,
                spec_version=spec_version,
                uploaded_by=imported_by,
                uploaded_at=timezone.now(),
            )
            annex_a_import.source.save(path.name, File(handle), save=False)
            annex_a_import.save()
            record_event(
                actor=imported_by,
                obj=annex_a_import,
                action=LogEntry.Action.CREATE,
                description=f"Uploaded {annex_a_import.source_name} from the command line",
                details={"sha256": digest, "as_at": as_at.isoformat()},
            )
    version = run_import(annex_a_import=annex_a_import, report=report)
    annex_a_import.refresh_from_db()
    return annex_a_import, version


def recheck_import(
    *, annex_a_import: AnnexAImport, requested_by: AbstractBaseUser, as_new_version: bool = False
) -> Job:
    """Check a kept file again, for example after mapping council spellings to codes. A file
    already imported is checked again only when ``as_new_version`` asks for it, as a new upload
    of the same kept file that becomes a new version: a job's "Try again" never does."""
    check_role(requested_by, IMPORTERS, to="check an Annex A file again")
    with transaction.atomic():
        locked = AnnexAImport.objects.select_for_update().get(pk=annex_a_import.pk)
        if locked.status == AnnexAImport.Status.IMPORTED:
            if not as_new_version:
                raise ValidationError("This file has already been imported as a version.")
            return _check_again_as_new_upload(locked, requested_by)
        if locked.is_checking and not _check_has_ended(locked):
            raise ValidationError("This file is being checked already.")
        locked.status = AnnexAImport.Status.QUEUED
        locked.save(update_fields=["status"])
        record_event(
            actor=requested_by, obj=locked, description="Asked for the file to be checked again"
        )
        return start_job(kind=IMPORT_JOB, owner=requested_by, subject=locked)


def _check_again_as_new_upload(imported: AnnexAImport, requested_by: AbstractBaseUser) -> Job:
    again = AnnexAImport.objects.create(
        council=imported.council,
        source=imported.source.name,  # the same kept file; uploads are never deleted
        source_name=imported.source_name,
        source_sha256=imported.source_sha256,
        source_size=imported.source_size,
        as_at=imported.as_at,
        spec_version=imported.spec_version,
        uploaded_by=requested_by,
        uploaded_at=timezone.now(),
    )
    number = imported.version.number
    record_event(
        actor=requested_by,
        obj=again,
        action=LogEntry.Action.CREATE,
        description=f"Asked for {imported.source_name} (version {number}) to be checked again "
        "as a new version",
        details={"checked_again_from_import": imported.pk, "sha256": imported.source_sha256},
    )
    return start_job(kind=IMPORT_JOB, owner=requested_by, subject=again)


def _check_has_ended(annex_a_import: AnnexAImport) -> bool:
    """Whether the check's job has ended though the file still says "being checked": its
    worker died or it ran out of time, so nothing will finish the check."""
    job = latest_job(IMPORT_JOB, annex_a_import)
    return job is not None and job.is_finished


def council_synonyms(council: Council) -> dict[str, dict[str, str]]:
    """The council's own spellings, by code set, ready for the cell parsers."""
    synonyms: dict[str, dict[str, str]] = {}
    for code_set, normalised, code in CodeSynonym.objects.filter(council=council).values_list(
        "code_set", "normalised", "code"
    ):
        synonyms.setdefault(code_set, {})[normalised] = code
    return synonyms


def add_code_synonym(
    *,
    council: Council,
    code_set: str,
    spelling: str,
    code: str,
    created_by: AbstractBaseUser,
) -> CodeSynonym:
    """From now on, read ``spelling`` in any column of ``code_set`` as ``code``."""
    check_role(created_by, IMPORTERS, to="map the council's spellings to codes")
    if code not in known_codes(code_set):
        raise ValidationError(f"“{code}” is not one of Ofsted's codes for this column.")
    normalised = normalise_code(spelling)
    if not normalised:
        raise ValidationError("Enter the spelling to map.")
    with transaction.atomic():
        synonym, created = CodeSynonym.objects.update_or_create(
            council=council,
            code_set=code_set,
            normalised=normalised,
            defaults={"spelling": spelling.strip(), "code": code, "created_by": created_by},
        )
        record_event(
            actor=created_by,
            obj=synonym,
            action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
            description=f"Mapped “{spelling.strip()}” to {code} ({code_set})",
        )
    return synonym


def delete_code_synonym(*, synonym: CodeSynonym, deleted_by: AbstractBaseUser) -> None:
    check_role(deleted_by, IMPORTERS, to="remove a spelling the council mapped to a code")
    with transaction.atomic():
        record_event(
            actor=deleted_by,
            obj=synonym,
            action=LogEntry.Action.DELETE,
            description=f"Removed the mapping of “{synonym.spelling}” to {synonym.code}",
        )
        synonym.delete()


# ---- The import itself -------------------------------------------------------------------------


_NEEDS_COPY_ESCAPE = re.compile(r"[\\\t\n\r]").search


def _copy_text(value: str) -> str:
    """A value in PostgreSQL's COPY text format (backslash escapes)."""
    if _NEEDS_COPY_ESCAPE(value):
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _key_part(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def _stored_rows(version_id: int, outcome: ImportOutcome) -> Iterator[tuple]:
    """Each clean row as the values of an ``AnnexARow``, in list and source order. The data is
    the row as JSON with sorted keys and ISO dates, without its row number, and its MD5 is the
    row's hash, so the same row hashes the same in every version (migration 0003 agrees).
    Written as one tight loop: it runs once per row of the largest files."""
    dumps, sort_keys, md5 = orjson.dumps, orjson.OPT_SORT_KEYS, hashlib.md5
    for number in sorted(outcome.parsed):
        parsed = outcome.parsed[number]
        key_names = parsed.list_spec.unique_key
        id_name = parsed.list_spec.id_column.name
        for row in parsed.rows:
            source_row = row.pop(ROW)
            encoded = dumps(row, option=sort_keys)
            row[ROW] = source_row
            key = "|".join([_key_part(row.get(name)) for name in key_names])
            yield (
                version_id,
                number,
                source_row,
                row.get(id_name) or "",  # never longer than the column: cells.parse_id
                key[:400],
                md5(encoded, usedforsecurity=False).hexdigest(),
                encoded,
            )


_ROW_COLUMNS = (
    "version_id",
    "list_number",
    "source_row",
    "child_id",
    "row_key",
    "row_hash",
    "data",
)


class _RowSink:
    """Where an import's rows go. On PostgreSQL one COPY, sent by psycopg's background thread
    (``QueuedLibpqWriter``) so the server stores rows while Python runs the rules; elsewhere
    (SQLite, for the demo) a bulk insert per batch."""

    def __init__(self) -> None:
        self._cursor = None
        self._context = None
        self._copy = None

    def __enter__(self) -> _RowSink:
        if connection.vendor == "postgresql":
            self._cursor = connection.cursor()
            raw = self._cursor.cursor
            statement = f"COPY {AnnexARow._meta.db_table} ({', '.join(_ROW_COLUMNS)}) FROM STDIN"
            self._context = raw.copy(statement, writer=QueuedLibpqWriter(raw))
            self._copy = self._context.__enter__()
        return self

    def __exit__(self, *error) -> None:
        if self._context is not None:
            try:
                self._context.__exit__(*error)  # waits until the server has every row
            finally:
                self._cursor.close()

    def write(self, batch: list[tuple]) -> None:
        if self._copy is not None:
            self._copy.write(b"".join(_copy_line(values) for values in batch))
            return
        AnnexARow.objects.bulk_create(
            AnnexARow(
                version_id=version_id,
                list_number=number,
                source_row=source_row,
                child_id=child_id,
                row_key=row_key,
                row_hash=hashed,
                data=orjson.loads(encoded),
            )
            for version_id, number, source_row, child_id, row_key, hashed, encoded in batch
        )


def _copy_line(values: tuple) -> bytes:
    """One row in PostgreSQL's COPY text format. JSON escapes tabs and line breaks itself, so
    only its backslashes need doubling."""
    version_id, number, source_row, child_id, row_key, hashed, encoded = values
    head = f"{version_id}\t{number}\t{source_row}\t{_copy_text(child_id)}\t{_copy_text(row_key)}"
    return f"{head}\t{hashed}\t".encode() + encoded.replace(b"\\", b"\\\\") + b"\n"


def _send_rows(sink: _RowSink, version: AnnexAVersion, outcome: ImportOutcome) -> None:
    batch: list[tuple] = []
    for values in _stored_rows(version.pk, outcome):
        batch.append(values)
        if len(batch) >= ROW_BATCH_SIZE:
            sink.write(batch)
            batch = []
    if batch:
        sink.write(batch)


def write_rows(version: AnnexAVersion, outcome: ImportOutcome) -> None:
    """Store a version's rows exactly as an import does (COPY on PostgreSQL), without the rules:
    for rows that are already known to be clean (``synthetic.store_version``)."""
    with _RowSink() as sink:
        _send_rows(sink, version, outcome)


def _stored_finding(annex_a_import: AnnexAImport, found: FoundProblem) -> Finding:
    """A finding as a row. Its texts come from the file (a header, a sheet name, a value), so
    a NUL in them, which PostgreSQL cannot store, is removed, and the message says so."""
    sheet, column, value, message = found.sheet, found.column, found.value, found.message
    if NUL in sheet or NUL in column or NUL in value:
        sheet, column, value = (text.replace(NUL, "") for text in (sheet, column, value))
        if message != NUL_MESSAGE:
            message = f"{message.replace(NUL, '')} {NUL_REMOVED}"
    return Finding(
        annex_a_import=annex_a_import,
        list_number=found.list_number,
        sheet=sheet[:100],
        row=found.row,
        column=column[:300],
        column_letter=found.column_letter,
        value=value[:500],
        rule=found.rule,
        severity=found.severity,
        message=message.replace(NUL, ""),
        code_set=found.code_set,
    )


def _write_findings(annex_a_import: AnnexAImport, findings: list[FoundProblem]) -> None:
    Finding.objects.bulk_create(
        (_stored_finding(annex_a_import, found) for found in findings[:FINDINGS_STORED_LIMIT]),
        batch_size=2000,
    )


@contextmanager
def source_on_disk(annex_a_import: AnnexAImport) -> Iterator[Path]:
    """The kept upload as a local file, whatever the storage, removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / "source"
        with annex_a_import.source.open("rb") as source, local.open("wb") as copy:
            for chunk in source.chunks():
                copy.write(chunk)
        yield local


def _mark(annex_a_import: AnnexAImport, status: str, reason: str = "") -> None:
    AnnexAImport.objects.filter(pk=annex_a_import.pk).update(
        status=status, failure_reason=reason, checked_at=timezone.now()
    )


def run_import(*, annex_a_import: AnnexAImport, report: ProgressReporter) -> AnnexAVersion:
    """Check the kept file and make it the council's newest version, with its findings.

    Nothing is committed unless the whole file has been read and checked: the rows are sent
    inside the import's one transaction while the rules run (so the database stores them in
    parallel), and the version, its rows and its findings commit together. A file whose lists
    cannot be identified is not imported (``importing.structural_problem``) and fails the job
    with the reason; so does one that cannot be read.
    """
    _mark(annex_a_import, AnnexAImport.Status.CHECKING)
    with cyclic_gc_paused():
        version = _run_import(annex_a_import, report)
    transaction.on_commit(lambda: version_imported.send(sender=AnnexAVersion, version=version))
    return version


def _run_import(annex_a_import: AnnexAImport, report: ProgressReporter) -> AnnexAVersion:
    try:
        with source_on_disk(annex_a_import) as local:
            outcome = read_and_parse(
                local,
                annex_a_import.source_name,
                as_at=annex_a_import.as_at,
                spec_version=annex_a_import.spec_version,
                council_synonyms=council_synonyms(annex_a_import.council),
                size_limit=upload_limit_bytes(),
                report=report,
            )
    except UnreadableFile as unreadable:
        _mark(annex_a_import, AnnexAImport.Status.UNREADABLE, str(unreadable))
        raise JobFailed(str(unreadable)) from None
    refusal = structural_problem(outcome)
    if refusal is not None:
        with transaction.atomic():  # the header findings show the admin what was recognised
            _record_check(annex_a_import, outcome, version=None, refusal=refusal)
        raise JobFailed(refusal)
    # Said before the transaction opens: progress written inside it would not show until the end.
    report(
        72, f"Checking the rules within and across lists and storing {outcome.row_count:,} rows."
    )
    try:
        with transaction.atomic():
            version = _check_and_store(annex_a_import, outcome)
    except Exception as error:
        reason = (
            f"Nothing was imported: saving failed part-way ({type(error).__name__}: {error}). "
            "The previous version is unchanged. Try again, or tell your data admin."
        )
        _mark(annex_a_import, AnnexAImport.Status.FAILED, reason)
        raise JobFailed(reason) from error
    return version


def _check_and_store(annex_a_import: AnnexAImport, outcome: ImportOutcome) -> AnnexAVersion:
    version = create_version(annex_a_import, outcome)
    with _RowSink() as sink:
        _send_rows(sink, version, outcome)
        check_rules(outcome)  # while the database stores the rows
    version.error_count = outcome.error_count
    version.warning_count = outcome.warning_count
    version.save(update_fields=["error_count", "warning_count"])
    _record_check(annex_a_import, outcome, version=version)
    return version


def _record_check(
    annex_a_import: AnnexAImport,
    outcome: ImportOutcome,
    *,
    version: AnnexAVersion | None,
    refusal: str = "",
) -> None:
    """Save what checking found on the upload (and its findings), and record it."""
    annex_a_import = AnnexAImport.objects.select_for_update().get(pk=annex_a_import.pk)
    annex_a_import.findings.all().delete()
    _write_findings(annex_a_import, outcome.findings)
    annex_a_import.counts = {
        str(number): tally for number, tally in outcome.counts_by_list().items()
    }
    annex_a_import.row_count = outcome.row_count
    annex_a_import.error_count = outcome.error_count
    annex_a_import.warning_count = outcome.warning_count
    annex_a_import.findings_truncated = len(outcome.findings) > FINDINGS_STORED_LIMIT
    annex_a_import.checked_at = timezone.now()
    annex_a_import.check_count += 1
    annex_a_import.failure_reason = refusal
    if version is None:
        annex_a_import.status = AnnexAImport.Status.REFUSED
        description = f"Checked {annex_a_import.source_name}: not imported. {refusal}"
    else:
        annex_a_import.status = AnnexAImport.Status.IMPORTED
        description = (
            f"Imported {annex_a_import.source_name} as version {version.number} "
            f"({outcome.row_count:,} rows, {outcome.error_count:,} errors, "
            f"{outcome.warning_count:,} warnings)"
        )
    annex_a_import.save()
    record_event(
        actor=annex_a_import.uploaded_by,
        obj=annex_a_import,
        description=description,
        details={"errors": outcome.error_count, "warnings": outcome.warning_count},
    )


def _wait_for_other_imports(council: Council) -> None:
    """Hold the council's version numbering until this transaction ends. Without it, two
    imports finishing together would both take the latest number plus one. SQLite runs one
    writing transaction at a time, so it needs nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [VERSION_NUMBER_LOCK, council.pk]
            )


def create_version(annex_a_import: AnnexAImport, outcome: ImportOutcome) -> AnnexAVersion:
    """The new version, numbered after the council's latest (warnings are added once the rules
    have run)."""
    council = annex_a_import.council
    AnnexAImport.objects.select_for_update().get(pk=annex_a_import.pk)
    _wait_for_other_imports(council)
    latest = AnnexAVersion.objects.filter(council=council).aggregate(latest=Max("number"))
    return AnnexAVersion.objects.create(
        council=council,
        number=(latest["latest"] or 0) + 1,
        annex_a_import=annex_a_import,
        source_name=annex_a_import.source_name,
        source_sha256=annex_a_import.source_sha256,
        as_at=annex_a_import.as_at,
        spec_version=outcome.spec.version,  # the template recognised, when left to the file
        created_by=annex_a_import.uploaded_by,
        created_at=timezone.now(),
        row_count=outcome.row_count,
        row_counts={
            str(number): len(parsed.rows) for number, parsed in sorted(outcome.parsed.items())
        },
    )


def _findings_in_words(version: AnnexAVersion) -> str:
    return (
        f"{version.error_count:,} error{'s' if version.error_count != 1 else ''} and "
        f"{version.warning_count:,} warning{'s' if version.warning_count != 1 else ''}"
    )


def confirm_export(
    *, version: AnnexAVersion, confirmed_by: AbstractBaseUser, reason: str
) -> dict[str, object]:
    """A manager's deliberate choice to send a version with its known problems: recorded in the
    audit trail, and returned for the export's cover sheet (``Job.parameters``)."""
    check_role(confirmed_by, SENDERS, to="export Annex A")
    reason = reason.strip()
    if not user_has_role(confirmed_by, [Role.MANAGER]):
        raise PermissionDenied(
            "This version has errors or warnings, so only a manager can confirm its export."
        )
    if not reason:
        raise ValidationError("Enter why this version is being sent with its errors or warnings")
    with transaction.atomic():
        version = AnnexAVersion.objects.get(pk=version.pk)
        confirmation = {
            "confirmed_by": confirmed_by.get_full_name() or confirmed_by.get_username(),
            "confirmed_by_id": confirmed_by.pk,
            "confirmed_at": timezone.now().isoformat(),
            "reason": reason,
            "errors": version.error_count,
            "warnings": version.warning_count,
        }
        record_event(
            actor=confirmed_by,
            obj=version,
            description=f"Confirmed the export of version {version.number} with its "
            f"{_findings_in_words(version)}",
            details={
                "reason": reason,
                "errors": version.error_count,
                "warnings": version.warning_count,
            },
        )
    return confirmation
