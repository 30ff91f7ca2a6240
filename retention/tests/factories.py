"""Records of every kind the retention schedule covers, each with a real file in MEDIA_ROOT
and made on a chosen day, written straight to the database."""

from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from annex_a.models import AnnexAImport, AnnexARow, AnnexAVersion
from datapack.models import DataPack
from frameworks.models import Framework, Inspection, JudgementArea
from inspection_readiness.councils import current_council
from inspection_readiness.models import Job
from judgements.models import AreaAssessment, EvidenceItem, SelfEvaluation


def on(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_inspection(*, status=Inspection.Status.ON_SITE, notified_on: date) -> Inspection:
    return Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=on(notified_on, 9),
        status=status,
    )


def make_version(*, owner, uploaded_on: date, submitted_on: date | None = None) -> AnnexAVersion:
    council = current_council()
    upload = AnnexAImport(
        council=council,
        source_name="annex-a.xlsx",
        source_sha256=f"{uploaded_on:%Y%m%d}" + "0" * 56,
        source_size=9,
        as_at=uploaded_on,
        uploaded_by=owner,
        uploaded_at=on(uploaded_on),
        status=AnnexAImport.Status.IMPORTED,
    )
    upload.source.save("annex-a.xlsx", ContentFile(b"workbook!"), save=False)
    upload.save()
    number = (AnnexAVersion.objects.filter(council=council).count() or 0) + 1
    version = AnnexAVersion.objects.create(
        council=council,
        number=number,
        annex_a_import=upload,
        source_name=upload.source_name,
        source_sha256=upload.source_sha256,
        as_at=uploaded_on,
        spec_version="2023",
        created_by=owner,
        created_at=on(uploaded_on),
        row_count=1,
        submitted_at=on(submitted_on, 15) if submitted_on else None,
        submitted_by=owner if submitted_on else None,
    )
    AnnexARow.objects.create(
        version=version,
        list_number=1,
        source_row=3,
        child_id="CHILD-1",
        row_key="CHILD-1",
        row_hash="x",
        data={},
    )
    return version


def make_job(*, owner, finished_on: date, subject=None, status=Job.Status.SUCCEEDED) -> Job:
    from django.contrib.contenttypes.models import ContentType

    job = Job.objects.create(
        kind="activity_export",
        owner=owner,
        status=status,
        subject_type=ContentType.objects.get_for_model(subject) if subject else None,
        subject_id=subject.pk if subject else None,
    )
    job.result_file.save("export.csv", ContentFile(b"a,b\n"), save=False)
    finished = on(finished_on) if status == Job.Status.SUCCEEDED else None
    Job.objects.filter(pk=job.pk).update(
        created_at=on(finished_on, 11), finished_at=finished, result_file=job.result_file.name
    )
    job.refresh_from_db()
    return job


def make_data_pack(*, version: AnnexAVersion, owner, built_on: date) -> DataPack:
    pack = DataPack(version=version, built_at=on(built_on), built_by=owner)
    pack.xlsx.save("pack.xlsx", ContentFile(b"xlsx"), save=False)
    pack.pdf.save("pack.pdf", ContentFile(b"pdf"), save=False)
    pack.save()
    return pack


def make_evidence(*, owner, added_on: date, inspection: Inspection | None = None) -> EvidenceItem:
    framework = Framework.objects.get(short_name="ILACS")
    self_evaluation = SelfEvaluation.objects.create(
        framework=framework, inspection=inspection, title="Self-evaluation", assessed_on=added_on
    )
    area = AreaAssessment.objects.create(
        self_evaluation=self_evaluation,
        area=JudgementArea.objects.filter(framework=framework).first(),
    )
    item = EvidenceItem(
        area_assessment=area,
        kind=EvidenceItem.Kind.FILE,
        title="Audit notes",
        original_filename="notes.pdf",
        added_by=owner,
    )
    item.file.save("notes.pdf", ContentFile(b"%PDF"), save=False)
    item.save()
    EvidenceItem.objects.filter(pk=item.pk).update(added_at=on(added_on))
    item.refresh_from_db()
    return item
