"""Reads that Annex A's views and jobs need."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, QuerySet
from django.http import Http404
from django.utils import timezone

from inspection_readiness.councils import current_council
from inspection_readiness.models import Council

from .cells import CELL_CODE
from .models import AnnexAImport, AnnexAVersion, CodeSynonym, Finding
from .spec import load_spec, normalise_code
from .spellings import SPELLING_MAX_LENGTH, Proposal, Proposer, known_codes


def versions_for_council() -> QuerySet[AnnexAVersion]:
    return AnnexAVersion.objects.filter(council=current_council()).select_related(
        "created_by", "submitted_by"
    )


def imports_for_council() -> QuerySet[AnnexAImport]:
    return AnnexAImport.objects.filter(council=current_council()).select_related(
        "uploaded_by", "version"
    )


def get_import(pk: int) -> AnnexAImport:
    try:
        return imports_for_council().get(pk=pk)
    except AnnexAImport.DoesNotExist:
        raise Http404("No such import.") from None


def get_version(pk: int) -> AnnexAVersion:
    try:
        return versions_for_council().get(pk=pk)
    except AnnexAVersion.DoesNotExist:
        raise Http404("No such version.") from None


def latest_version() -> AnnexAVersion | None:
    return versions_for_council().first()


def version_rows(version: AnnexAVersion, list_number: int) -> Iterator[dict]:
    """One list's rows in source order, streamed from the database."""
    return (
        version.rows.filter(list_number=list_number)
        .order_by("source_row")
        .values_list("data", flat=True)
        .iterator(chunk_size=5000)
    )


def export_cover(version: AnnexAVersion, confirmation: dict) -> list[tuple[str, str]]:
    """What the export's cover sheet says about a version sent with its findings: which version,
    its status, and who confirmed sending it, when, and why."""
    confirmed_at = datetime.fromisoformat(confirmation["confirmed_at"])
    return [
        ("Annex A version", f"Version {version.number}, as at {version.as_at:%d/%m/%Y}"),
        ("Source file", version.source_name),
        (
            "Status",
            f"{version.get_readiness_display()}: {version.error_count:,} errors and "
            f"{version.warning_count:,} warnings found when the file was checked",
        ),
        ("Sent with its findings, confirmed by", str(confirmation["confirmed_by"])),
        ("Confirmed on", f"{timezone.localtime(confirmed_at):%d/%m/%Y at %H:%M}"),
        ("Reason", str(confirmation["reason"])),
    ]


def existing_mappings(council: Council) -> dict[tuple[str, str], str]:
    """The council's mappings of spellings to codes, keyed by code set and normalised spelling."""
    return {
        (code_set, normalised): code
        for code_set, normalised, code in CodeSynonym.objects.filter(council=council).values_list(
            "code_set", "normalised", "code"
        )
    }


@dataclass
class SpellingGroup:
    """One unrecognised spelling of one kind of code in an upload: where it is, how often, the
    code proposed for it and the code the council has mapped it to since, if any."""

    code_set: str
    spelling: str
    count: int = 0
    places: list[tuple[str, str, int]] = field(default_factory=list)  # list, column, rows
    proposal: Proposal | None = None
    mapped_to: str = ""
    codes: tuple[str, ...] = ()

    @property
    def field_name(self) -> str:
        digest = hashlib.sha256(f"{self.code_set}\x1f{self.spelling}".encode()).hexdigest()
        return f"spelling-{digest[:16]}"


def spelling_groups(annex_a_import: AnnexAImport, *, propose: bool = True) -> list[SpellingGroup]:
    """The upload's values that matched no Ofsted code, one group per kind of code and distinct
    value (a mapping applies to every column of that kind), with the lists and columns (as the
    file names them) where each occurs, in list order."""
    spec = load_spec(annex_a_import.read_as)
    titles = {list_spec.number: list_spec.title for list_spec in spec.lists}
    groups: dict[tuple[str, str], SpellingGroup] = {}
    places = (
        annex_a_import.findings.filter(rule=CELL_CODE)
        .exclude(code_set="")
        .values_list("code_set", "value", "list_number", "column")
        .annotate(rows=Count("pk"))
        .order_by("list_number", "column", "-rows", "value")
    )
    for code_set, value, list_number, column, rows in places:
        if len(value) > SPELLING_MAX_LENGTH or not normalise_code(value):
            continue
        group = groups.setdefault((code_set, value), SpellingGroup(code_set, value))
        group.count += rows
        group.places.append((titles.get(list_number, "Whole file"), column, rows))
    mapped = existing_mappings(annex_a_import.council)
    proposers: dict[str, Proposer] = {}
    for group in groups.values():
        group.codes = known_codes(group.code_set)
        group.mapped_to = mapped.get((group.code_set, normalise_code(group.spelling)), "")
        if propose and group.code_set in spec.code_sets:
            if group.code_set not in proposers:
                proposers[group.code_set] = Proposer(spec.code_sets[group.code_set])
            group.proposal = proposers[group.code_set].propose(group.spelling)
    return list(groups.values())


@dataclass
class FindingGroup:
    """Findings that repeat: the same rule in the same list and column (and, for a value that
    is not an Ofsted code, the same value)."""

    list_number: int | None
    list_title: str
    column: str
    rule: str
    severity: str
    value: str
    count: int
    message: str
    mapped_to: str = ""

    @property
    def rows_query(self) -> str:
        """The filters that show this group's findings row by row."""
        wanted = {
            "list_number": self.list_number or 0,  # 0: the whole file (filters.WHOLE_FILE)
            "rule": self.rule,
            "severity": self.severity,
            "column": self.column,
        }
        if self.rule == CELL_CODE:
            wanted["value"] = self.value
        return urlencode({**wanted, "rows": "1"})


def finding_groups(annex_a_import: AnnexAImport, findings: QuerySet) -> list[FindingGroup]:
    """``findings`` (already filtered) grouped: a value that is not an Ofsted code is one group
    per distinct value; every other rule is one group per list and column. Biggest first
    within each list."""
    spec = load_spec(annex_a_import.read_as)
    titles = {list_spec.number: list_spec.title for list_spec in spec.lists}
    fields = ("list_number", "column", "rule", "severity")
    by_value = (
        findings.filter(rule=CELL_CODE)
        .values(*fields, "value", "code_set")
        .annotate(count=Count("pk"), first=Min("pk"))
        .order_by()
    )
    by_column = (
        findings.exclude(rule=CELL_CODE)
        .values(*fields)
        .annotate(count=Count("pk"), first=Min("pk"))
        .order_by()
    )
    found = list(by_value) + list(by_column)
    messages = dict(
        Finding.objects.filter(pk__in=[item["first"] for item in found]).values_list(
            "pk", "message"
        )
    )
    mapped = existing_mappings(annex_a_import.council)
    groups = [
        FindingGroup(
            list_number=item["list_number"],
            list_title=titles.get(item["list_number"], "Whole file"),
            column=item["column"],
            rule=item["rule"],
            severity=item["severity"],
            value=item.get("value", ""),
            count=item["count"],
            message=messages.get(item["first"], ""),
            mapped_to=mapped.get(
                (item.get("code_set", ""), normalise_code(item.get("value", ""))), ""
            )
            if item.get("code_set")
            else "",
        )
        for item in found
    ]
    groups.sort(key=lambda group: (group.list_number or 0, -group.count, group.column, group.rule))
    return groups
