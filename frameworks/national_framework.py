"""The DfE's Children's social care: national framework, as tags a council plans against.

Its outcomes, enablers and principles live in ``fixtures/national_framework.yaml``. Strengths,
areas for development and actions carry a list of their codes (for example ``outcome-4``); this
module turns codes into names, offers them as choices, groups tagged items and says which
outcomes and enablers nothing is tagged with yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "national_framework.yaml"
KIND_LABELS = {"outcome": "Outcome", "enabler": "Enabler", "principle": "Principle"}
# What a plan is expected to cover: ILACS reports tag their points with these two kinds.
PLANNED_KINDS = ("outcome", "enabler")

T = TypeVar("T")


@dataclass(frozen=True)
class Element:
    code: str
    kind: str
    number: int
    name: str

    @property
    def short_name(self) -> str:
        """As Ofsted's reports cite it: "Outcome 4"."""
        return f"{KIND_LABELS[self.kind]} {self.number}"

    @property
    def label(self) -> str:
        return f"{self.short_name}: {self.name}"


@cache
def elements() -> tuple[Element, ...]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    found = tuple(
        Element(code=row["code"], kind=row["kind"], number=int(row["number"]), name=row["name"])
        for row in data["elements"]
    )
    codes = [element.code for element in found]
    if len(set(codes)) != len(codes):
        raise ValueError("A national framework code appears twice in national_framework.yaml")
    unknown = {element.kind for element in found} - set(KIND_LABELS)
    if unknown:
        raise ValueError(f"Unknown kinds in national_framework.yaml: {sorted(unknown)}")
    return found


def source() -> str:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["source"]


def by_code() -> dict[str, Element]:
    return {element.code: element for element in elements()}


def choices() -> list[tuple[str, str]]:
    return [(element.code, element.label) for element in elements()]


def known_codes(codes: Iterable[str]) -> list[str]:
    """The codes in framework order, dropping any no longer in the framework."""
    wanted = set(codes)
    return [element.code for element in elements() if element.code in wanted]


def elements_for(codes: Iterable[str]) -> list[Element]:
    index = by_code()
    return [index[code] for code in known_codes(codes)]


@dataclass
class Group:
    element: Element
    items: list


def group_by_element(items: Iterable[T], tags_of: Callable[[T], Iterable[str]]) -> list[Group]:
    """One group per element that at least one item carries, in framework order; an item with
    several tags appears under each."""
    groups = {element.code: Group(element=element, items=[]) for element in elements()}
    for item in items:
        for code in known_codes(tags_of(item)):
            groups[code].items.append(item)
    return [group for group in groups.values() if group.items]


def uncovered(items: Iterable[T], tags_of: Callable[[T], Iterable[str]]) -> list[Element]:
    """Outcomes and enablers that no item is tagged with."""
    covered = {code for item in items for code in tags_of(item)}
    return [
        element
        for element in elements()
        if element.kind in PLANNED_KINDS and element.code not in covered
    ]
