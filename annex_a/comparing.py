"""Comparing two versions of Annex A: rows added, removed and changed, list by list.

Rows are matched on their list's identifying columns (``row_key``: the child and the event's
date and source, or the child alone on one-row-per-child lists); a matched row whose content
differs (``row_hash``) is changed. Only keys and hashes are loaded, so large versions compare
quickly; the column-by-column detail is fetched only for the examples shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .models import AnnexAVersion
from .spec import ListSpec, load_spec

EXAMPLES_PER_LIST = 20


@dataclass
class ChangedRow:
    key: str
    changes: list[tuple[str, object, object]]  # (column header, before, after)


@dataclass
class ListDifference:
    list_spec: ListSpec
    before: int
    after: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)  # (key, older hash)
    examples: list[ChangedRow] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.after - len(self.added) - len(self.changed)

    @property
    def has_differences(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _keys(version: AnnexAVersion) -> dict[int, dict[str, list[str]]]:
    by_list: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for number, key, row_hash in version.rows.values_list(
        "list_number", "row_key", "row_hash"
    ).iterator(chunk_size=10000):
        by_list[number][key].append(row_hash)
    return by_list


def compare_versions(older: AnnexAVersion, newer: AnnexAVersion) -> list[ListDifference]:
    spec = load_spec(newer.spec_version)
    old_keys, new_keys = _keys(older), _keys(newer)
    differences = []
    for list_spec in spec.lists:
        before, after = old_keys.get(list_spec.number, {}), new_keys.get(list_spec.number, {})
        difference = ListDifference(
            list_spec=list_spec,
            before=sum(len(hashes) for hashes in before.values()),
            after=sum(len(hashes) for hashes in after.values()),
        )
        for key in before.keys() | after.keys():
            old_hashes, new_hashes = list(before.get(key, ())), list(after.get(key, ()))
            for row_hash in list(new_hashes):
                if row_hash in old_hashes:
                    old_hashes.remove(row_hash)
                    new_hashes.remove(row_hash)
            paired = min(len(old_hashes), len(new_hashes))
            difference.changed.extend((key, old_hashes[i]) for i in range(paired))
            difference.removed.extend([key] * (len(old_hashes) - paired))
            difference.added.extend([key] * (len(new_hashes) - paired))
        for collection in (difference.added, difference.removed, difference.changed):
            collection.sort()
        difference.examples = _examples(older, newer, list_spec, difference.changed)
        differences.append(difference)
    return differences


def _examples(older, newer, list_spec: ListSpec, changed) -> list[ChangedRow]:
    examples = []
    for key, old_hash in changed[:EXAMPLES_PER_LIST]:
        old_row = (
            older.rows.filter(list_number=list_spec.number, row_key=key, row_hash=old_hash)
            .values_list("data", flat=True)
            .first()
        )
        new_row = (
            newer.rows.filter(list_number=list_spec.number, row_key=key)
            .exclude(row_hash=old_hash)
            .values_list("data", flat=True)
            .first()
        )
        if old_row is None or new_row is None:
            continue
        changes = [
            (column.header.strip(), old_row.get(column.name), new_row.get(column.name))
            for column in list_spec.columns
            if old_row.get(column.name) != new_row.get(column.name)
        ]
        examples.append(ChangedRow(key=key, changes=changes))
    return examples
