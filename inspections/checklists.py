"""The notification-day checklist a council starts from, by kind of visit, read from
``fixtures/checklists.yaml``. The council's own copy lives in ``ChecklistTemplateItem``."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "checklists.yaml"
# The checklist for frameworks with one kind of inspection (no visit kind).
DEFAULT_KIND = "default"


@dataclass(frozen=True)
class DefaultItem:
    title: str
    hours_after_call: int


@cache
def default_checklists() -> dict[str, tuple[DefaultItem, ...]]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    found = {
        kind: tuple(
            DefaultItem(title=row["title"], hours_after_call=int(row["hours_after_call"]))
            for row in rows
        )
        for kind, rows in data["checklists"].items()
    }
    if DEFAULT_KIND not in found:
        raise ValueError("checklists.yaml needs a default checklist")
    return found


def default_checklist(visit_kind_code: str) -> tuple[DefaultItem, ...]:
    """The starting checklist for a kind of visit; the default for a kind with none of its own."""
    checklists = default_checklists()
    return checklists.get(visit_kind_code or DEFAULT_KIND, checklists[DEFAULT_KIND])
