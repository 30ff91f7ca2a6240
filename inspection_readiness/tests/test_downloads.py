"""Every URL that hands over a file of children's data, for every role: the answer, the audit
entry the download writes (who, which kind of access, which file, about what) and
``Cache-Control: no-store``. Also the file name rules and the views of a child's page."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from annex_a.job_kinds import EXPORT_JOB
from casework import services as casework_services
from casework.models import Child
from casework.tests.factories import make_version
from datapack.models import DataPack
from frameworks.models import Framework, Inspection
from inspection_readiness.audit import Access
from inspection_readiness.councils import current_council
from inspection_readiness.downloads import MAX_FILENAME_LENGTH, safe_filename
from inspection_readiness.models import Job
from inspection_readiness.roles import Role
from judgements import services as judgement_services
from judgements.job_kinds import SELF_EVALUATION_REPORT
from judgements.models import AreaAssessment, EvidenceItem

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None
EVERY_ROLE = {S, M, A}
AS_AT = date(2026, 11, 20)


@dataclass
class World:
    version: object
    selection: object
    pack: DataPack
    self_evaluation: object
    evidence: EvidenceItem
    report: Job
    staff_job: Job


@pytest.fixture
def world(staff_user, manager_user, data_admin_user) -> World:
    version = make_version(rows=300, as_at=AS_AT, seed=4, imported_by=data_admin_user)
    casework_services.refresh_children(version=version, built_by=data_admin_user)
    rehearsal = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        is_rehearsal=True,
        created_by=manager_user,
    )
    selection = casework_services.select_cohorts(
        inspection=rehearsal, seed=7, selected_by=manager_user
    )
    pack = DataPack.objects.create(version=version, built_at=timezone.now(), built_by=manager_user)
    pack.xlsx.save("day-1-pack.xlsx", ContentFile(b"PK-pack"), save=False)
    pack.pdf.save("day-1-pack.pdf", ContentFile(b"%PDF-1.7 pack"), save=False)
    pack.save()
    self_evaluation = judgement_services.start_self_evaluation(
        framework=Framework.objects.get(short_name="ILACS"), started_by=staff_user
    )
    evidence = EvidenceItem(
        area_assessment=AreaAssessment.objects.filter(self_evaluation=self_evaluation).first(),
        kind=EvidenceItem.Kind.FILE,
        title="Front door audit",
        original_filename="Front door audit.pdf",
        added_by=staff_user,
    )
    evidence.file.save("front-door.pdf", ContentFile(b"%PDF-1.7 evidence"), save=False)
    evidence.save()
    report = _finished_job(SELF_EVALUATION_REPORT, staff_user, self_evaluation, "report.pdf")
    staff_job = _finished_job(EXPORT_JOB, staff_user, version, "annex-a-export.xlsx")
    return World(version, selection, pack, self_evaluation, evidence, report, staff_job)


def _finished_job(kind: str, owner, subject, name: str) -> Job:
    job = Job(
        kind=kind,
        owner=owner,
        status=Job.Status.SUCCEEDED,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        result_name=name,
        finished_at=timezone.now(),
    )
    job.result_file.save(name, ContentFile(b"job result"), save=False)
    job.save()
    return job


# (name, url, roles allowed, what the entry is about, kind of access, description, file name)
DOWNLOADS = [
    (
        "findings_csv",
        lambda w: reverse("annex_a:findings_csv", args=[w.version.annex_a_import_id]),
        {M, A},
        lambda w: w.version.annex_a_import,
        Access.DOWNLOADED,
        "Annex A findings downloaded",
        lambda w: f"annex-a-findings-{w.version.annex_a_import_id}.csv",
    ),
    (
        "cohorts_xlsx",
        lambda w: reverse("casework:export_cohorts", args=[w.selection.inspection_id]),
        {M, A},
        lambda w: w.selection,
        Access.EXPORTED,
        "Cohorts exported as XLSX",
        lambda w: "cohorts-ilacs-2026-11-23-seed-7.xlsx",
    ),
    (
        "pack_xlsx",
        lambda w: reverse("datapack:download", args=[w.pack.pk, "xlsx"]),
        EVERY_ROLE,
        lambda w: w.pack,
        Access.DOWNLOADED,
        "Day 1 data pack XLSX downloaded",
        lambda w: w.pack.xlsx.name.rsplit("/", 1)[-1],
    ),
    (
        "pack_pdf",
        lambda w: reverse("datapack:download", args=[w.pack.pk, "pdf"]),
        EVERY_ROLE,
        lambda w: w.pack,
        Access.DOWNLOADED,
        "Day 1 data pack PDF downloaded",
        lambda w: w.pack.pdf.name.rsplit("/", 1)[-1],
    ),
    (
        "evidence_file",
        lambda w: reverse(
            "judgements:evidence_download", args=[w.self_evaluation.pk, w.evidence.pk]
        ),
        EVERY_ROLE,
        lambda w: w.evidence,
        Access.DOWNLOADED,
        "Evidence file downloaded",
        lambda w: "Front door audit.pdf",
    ),
    (
        "self_evaluation_pdf",
        lambda w: reverse("judgements:report_download", args=[w.self_evaluation.pk]),
        EVERY_ROLE,
        lambda w: w.self_evaluation,
        Access.DOWNLOADED,
        "Self-evaluation PDF report downloaded",
        lambda w: "report.pdf",
    ),
    (
        # A member of staff's own Annex A export: theirs, and every data admin's.
        "annex_a_export_job",
        lambda w: reverse("job_download", args=[w.staff_job.pk]),
        {S, A},
        lambda w: w.version,
        Access.DOWNLOADED,
        "Annex A workbook export downloaded",
        lambda w: "annex-a-export.xlsx",
    ),
]

CASES = [
    (download, role, role in download[2]) for download in DOWNLOADS for role in (S, M, A, NONE)
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("download", "role", "allowed"),
    CASES,
    ids=[f"{d[0]}-{r.value if r else 'no_role'}" for d, r, _ in CASES],
)
def test_each_download_answers_by_role_and_records_who_took_which_file(
    client, user_for_role, world, download, role, allowed
):
    _name, url, _roles, about, access, description, file_name = download
    person = user_for_role(role)
    client.force_login(person)
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client.get(url(world))

    if not allowed:
        assert response.status_code == 403
        assert not _downloads_since(before)
        return
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert file_name(world) in response["Content-Disposition"]
    [entry] = _downloads_since(before)
    subject = about(world)
    assert entry.actor == person
    assert entry.content_type == ContentType.objects.get_for_model(subject)
    assert entry.object_pk == str(subject.pk)
    assert entry.additional_data["access"] == access.value
    assert entry.additional_data["event"] == description
    assert entry.additional_data["file"] == file_name(world)


def _downloads_since(last_pk: int) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            pk__gt=last_pk,
            action=LogEntry.Action.ACCESS,
            additional_data__access__in=[Access.DOWNLOADED, Access.EXPORTED],
        ).order_by("pk")
    )


@pytest.mark.django_db
def test_an_activity_export_download_is_recorded_against_the_job(client, data_admin_user):
    job = Job.objects.create(
        kind="activity_export",
        owner=data_admin_user,
        status=Job.Status.SUCCEEDED,
        result_name="activity-2026-11-30-1100.csv",
    )
    job.result_file.save(job.result_name, ContentFile(b"When,Who\n"))
    client.force_login(data_admin_user)
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 200
    entry = LogEntry.objects.get(additional_data__event="Activity log export downloaded")
    assert entry.content_type == ContentType.objects.get_for_model(Job)
    assert entry.object_pk == str(job.pk)
    assert entry.additional_data["file"] == "activity-2026-11-30-1100.csv"


@pytest.mark.django_db
def test_starting_an_annex_a_export_is_recorded_as_exported(
    client, manager_user, data_admin_user, monkeypatch
):
    from inspection_readiness import jobs

    monkeypatch.setattr(jobs.transaction, "on_commit", lambda callback: None)  # no worker
    version = make_version(rows=50, as_at=AS_AT, seed=2, imported_by=data_admin_user)
    client.force_login(manager_user)
    response = client.post(reverse("annex_a:version_export", args=[version.pk]))
    assert response.status_code == 302
    entry = LogEntry.objects.get(additional_data__access=Access.EXPORTED)
    assert entry.actor == manager_user
    assert entry.object_pk == str(version.pk)
    assert entry.additional_data["event"] == "Annex A export started"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [M, A])
def test_viewing_a_childs_page_is_recorded_as_viewed_not_as_a_change(
    client, user_for_role, data_admin_user, role
):
    version = make_version(rows=50, as_at=AS_AT, seed=2, imported_by=data_admin_user)
    casework_services.refresh_children(version=version, built_by=data_admin_user)
    child = Child.objects.order_by("child_id").first()
    person = user_for_role(role)
    client.force_login(person)
    response = client.get(reverse("casework:child", args=[child.child_id]))
    assert response.status_code == 200
    entry = LogEntry.objects.get(additional_data__access=Access.VIEWED)
    assert (entry.actor, entry.action) == (person, LogEntry.Action.ACCESS)
    assert entry.additional_data["event"] == f"Viewed child {child.child_id}"
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, additional_data__event__startswith="Viewed child"
    ).exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("Front door audit.pdf", "Front door audit.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\pat\\notes.docx", "notes.docx"),
        ("line\nbreak\r.csv", "linebreak.csv"),
        ("tab\tand\x00nul.txt", "tabandnul.txt"),
        ("   .hidden.csv  ", "hidden.csv"),
        (".pdf", "pdf"),
        ("", "download"),
        ("...", "download"),
        ("café résumé.pdf", "café résumé.pdf"),
        ("a" * 300 + ".xlsx", "a" * (MAX_FILENAME_LENGTH - 5) + ".xlsx"),
        ("a" * MAX_FILENAME_LENGTH, "a" * MAX_FILENAME_LENGTH),
        ("a" * (MAX_FILENAME_LENGTH + 1), "a" * MAX_FILENAME_LENGTH),
        ("name." + "x" * 20, ("name." + "x" * 20)[:MAX_FILENAME_LENGTH]),
        ('quote".pdf', 'quote".pdf'),
    ],
)
def test_safe_filename(given, expected):
    assert safe_filename(given) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "original",
    ["a" * 251 + ".pdf", "two\nlines.pdf", 'say "hello".pdf', "résumé ✓.pdf"],
    ids=["255 characters", "newline", "quotes", "non-ascii"],
)
def test_an_evidence_file_with_an_odd_name_downloads(client, staff_user, original):
    self_evaluation = judgement_services.start_self_evaluation(
        framework=Framework.objects.get(short_name="ILACS"), started_by=staff_user
    )
    item = EvidenceItem(
        area_assessment=AreaAssessment.objects.filter(self_evaluation=self_evaluation).first(),
        kind=EvidenceItem.Kind.FILE,
        title="Odd",
        original_filename=original,
        added_by=staff_user,
    )
    item.file.save("odd.pdf", ContentFile(b"%PDF-1.7"), save=False)
    item.save()
    client.force_login(staff_user)
    response = client.get(
        reverse("judgements:evidence_download", args=[self_evaluation.pk, item.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    sent = LogEntry.objects.get(additional_data__access=Access.DOWNLOADED).additional_data["file"]
    assert sent.endswith(".pdf") and len(sent) <= MAX_FILENAME_LENGTH


@pytest.mark.django_db
def test_the_children_behind_a_data_pack_count_are_recorded_as_viewed(
    client, manager_user, data_admin_user, monkeypatch
):
    from datapack import services as pack_services
    from datapack.tests.conftest import make_version as make_pack_version

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    monkeypatch.setattr(pack_services, "bar_chart", lambda **kwargs: "<svg></svg>")
    pack = pack_services.build_data_pack(
        version=make_pack_version(data_admin_user), built_by=data_admin_user
    )
    client.force_login(manager_user)
    response = client.get(
        reverse("datapack:children", args=[pack.pk]),
        {"breakdown": "cla_legal_status", "category": "C2: FCO"},
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get(additional_data__access=Access.VIEWED)
    assert (entry.actor, entry.action) == (manager_user, LogEntry.Action.ACCESS)
    assert entry.additional_data["event"].startswith("Viewed the children behind")
