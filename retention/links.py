"""What is linked to an inspection, for retention: the Annex A versions submitted for it (and
their uploads, data packs and jobs), and its self-evaluations' evidence.

An Annex A version is linked to an inspection only through ``inspection_submitted_for``; when
annex_a records the inspection a version was submitted for, that function is the one place to
read it from.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models

from annex_a.models import AnnexAImport, AnnexAVersion
from datapack.models import DataPack
from frameworks.models import Inspection
from judgements.models import EvidenceItem, SelfEvaluation

from .models import LegalHold


def inspection_submitted_for(version: AnnexAVersion) -> Inspection | None:
    """The inspection a version marked as submitted went to Ofsted for.

    A version records the inspection itself when annex_a stores it (``submitted_for``);
    until then it is the council's last real inspection (not a rehearsal) whose call came
    before the version was marked as submitted: the Annex A goes to Ofsted after the call.
    """
    if not version.submitted_at:
        return None
    recorded = getattr(version, "submitted_for", None)
    if isinstance(recorded, Inspection):
        return recorded
    return (
        Inspection.objects.filter(
            council_id=version.council_id,
            is_rehearsal=False,
            notified_at__lte=version.submitted_at,
        )
        .order_by("-notified_at", "-pk")
        .first()
    )


def is_open(inspection: Inspection) -> bool:
    return inspection.status != Inspection.Status.CLOSED


@dataclass
class Linked:
    """Ids of the records linked to some inspections, by model."""

    version_ids: set[int] = field(default_factory=set)
    import_ids: set[int] = field(default_factory=set)
    data_pack_ids: set[int] = field(default_factory=set)
    self_evaluation_ids: set[int] = field(default_factory=set)
    evidence_ids: set[int] = field(default_factory=set)
    inspection_ids: set[int] = field(default_factory=set)

    def holds_job_subject(self, subject_type_id: int | None, subject_id: int | None) -> bool:
        """Whether a job's subject is one of these records."""
        if subject_type_id is None:
            return False
        ids_by_type = {
            _type_id(AnnexAVersion): self.version_ids,
            _type_id(AnnexAImport): self.import_ids,
            _type_id(DataPack): self.data_pack_ids,
            _type_id(SelfEvaluation): self.self_evaluation_ids,
            _type_id(Inspection): self.inspection_ids,
        }
        return subject_id in ids_by_type.get(subject_type_id, set())


def _type_id(model: type[models.Model]) -> int:
    return ContentType.objects.get_for_model(model).pk


def linked_to(inspection_ids: set[int]) -> Linked:
    """Everything linked to these inspections."""
    linked = Linked(inspection_ids=set(inspection_ids))
    if not inspection_ids:
        return linked
    for version in AnnexAVersion.objects.filter(submitted_at__isnull=False):
        inspection = inspection_submitted_for(version)
        if inspection is not None and inspection.pk in inspection_ids:
            linked.version_ids.add(version.pk)
            linked.import_ids.add(version.annex_a_import_id)
    linked.data_pack_ids = set(
        DataPack.objects.filter(version_id__in=linked.version_ids).values_list("pk", flat=True)
    )
    linked.self_evaluation_ids = set(
        SelfEvaluation.objects.filter(inspection_id__in=inspection_ids).values_list("pk", flat=True)
    )
    linked.evidence_ids = set(
        EvidenceItem.objects.filter(
            area_assessment__self_evaluation_id__in=linked.self_evaluation_ids
        ).values_list("pk", flat=True)
    )
    return linked


def held_inspection_ids() -> set[int]:
    return set(
        LegalHold.objects.filter(lifted_at__isnull=True).values_list("inspection_id", flat=True)
    )


def open_inspection_ids() -> set[int]:
    return set(
        Inspection.objects.exclude(status=Inspection.Status.CLOSED).values_list("pk", flat=True)
    )
