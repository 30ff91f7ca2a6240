"""Records that evidence can link to, owned by other apps.

Case audits and cohorts (casework), data-pack measures and Annex A versions (annex_a) live in
apps this one must not depend on. Each such app registers its records here from its
``AppConfig.ready()``::

    from judgements.links import register_link_target
    register_link_target("annex_a_version", records=lambda: AnnexAVersion.objects.all())

A target may offer ``parts`` of each record (a data pack's measures): each part is chosen on
its own, and the link keeps the part's label and its address in the service.

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
class Part:
    key: str
    label: str
    address: str = ""


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    records: Callable[[], QuerySet]
    label: Callable[[models.Model], str] = str
    parts: Callable[[models.Model], list[Part]] | None = None


@dataclass(frozen=True)
class Chosen:
    """What a picker's value names: the kind, the record, and the part of it if any."""

    kind: str
    record: models.Model
    label: str
    address: str = ""


_TARGETS: dict[str, LinkTarget] = {}


def register_link_target(
    kind: str,
    *,
    records: Callable[[], QuerySet],
    label: Callable[[models.Model], str] = str,
    parts: Callable[[models.Model], list[Part]] | None = None,
) -> None:
    """Offer ``records()`` (or each of their ``parts``) as things evidence of ``kind`` can link
    to."""
    if kind not in EvidenceItem.LinkKind.values:
        raise ValueError(f"{kind!r} is not a kind of evidence link")
    _TARGETS[kind] = LinkTarget(kind=kind, records=records, label=label, parts=parts)


def unregister_link_target(kind: str) -> None:
    _TARGETS.pop(kind, None)


def record_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one group per registered kind, each record as a value."""
    groups = []
    for kind, target in _TARGETS.items():
        options = []
        for record in target.records()[:500]:
            content_type = ContentType.objects.get_for_model(record)
            value = f"{kind}:{content_type.pk}:{record.pk}"
            if target.parts is None:
                options.append((value, target.label(record)))
            else:
                options.extend((f"{value}:{part.key}", part.label) for part in target.parts(record))
        if options:
            groups.append((EvidenceItem.LinkKind(kind).label, options))
    return groups


def resolve_record(value: str) -> tuple[str, models.Model] | None:
    """The kind and record a choice value names, if it is still one a person may link to."""
    chosen = resolve(value)
    return (chosen.kind, chosen.record) if chosen else None


def resolve(value: str) -> Chosen | None:
    """The record (and part) a choice value names, if it is still one a person may link to."""
    kind, _, rest = value.partition(":")
    target = _TARGETS.get(kind)
    if target is None:
        return None
    pieces = rest.split(":")
    if len(pieces) != (2 if target.parts is None else 3):
        return None
    try:
        content_type_id, pk = int(pieces[0]), int(pieces[1])
    except ValueError:
        return None
    record = target.records().filter(pk=pk).first()
    if record is None or ContentType.objects.get_for_model(record).pk != content_type_id:
        return None
    if target.parts is None:
        address = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
        return Chosen(kind=kind, record=record, label=target.label(record), address=address)
    part = next((part for part in target.parts(record) if part.key == pieces[2]), None)
    if part is None:
        return None
    return Chosen(kind=kind, record=record, label=part.label, address=part.address)
