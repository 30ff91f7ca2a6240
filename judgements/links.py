"""Records that evidence can link to, owned by other apps.

Case audits and cohorts (casework), data-pack measures and Annex A versions (annex_a) live in
apps this one must not depend on. Each such app registers its records here from its
``AppConfig.ready()``::

    from judgements.links import register_link_target
    register_link_target("annex_a_version", records=lambda: AnnexAVersion.objects.all())

Until one has, a link is recorded by its kind, a label and an optional address, and the
generic foreign key on ``EvidenceItem`` stays empty.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import EvidenceItem


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    records: Callable[[], QuerySet]
    label: Callable[[models.Model], str] = str


_TARGETS: dict[str, LinkTarget] = {}


def register_link_target(
    kind: str, *, records: Callable[[], QuerySet], label: Callable[[models.Model], str] = str
) -> None:
    """Offer ``records()`` as things evidence of ``kind`` can link to."""
    if kind not in EvidenceItem.LinkKind.values:
        raise ValueError(f"{kind!r} is not a kind of evidence link")
    _TARGETS[kind] = LinkTarget(kind=kind, records=records, label=label)


def unregister_link_target(kind: str) -> None:
    _TARGETS.pop(kind, None)


def record_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per registered kind, each record as a value."""
    groups = []
    for kind, target in _TARGETS.items():
        options = []
        for record in target.records()[:500]:
            content_type = ContentType.objects.get_for_model(record)
            options.append((f"{kind}:{content_type.pk}:{record.pk}", target.label(record)))
        if options:
            groups.append((EvidenceItem.LinkKind(kind).label, options))
    return groups


def resolve_record(value: str) -> tuple[str, models.Model] | None:
    """The kind and record a choice value names, if it is still one a person may link to."""
    try:
        kind, content_type_id, pk = value.split(":")
        content_type_id, pk = int(content_type_id), int(pk)
    except ValueError:
        return None
    target = _TARGETS.get(kind)
    if target is None:
        return None
    record = target.records().filter(pk=pk).first()
    if record is None or ContentType.objects.get_for_model(record).pk != content_type_id:
        return None
    return kind, record
