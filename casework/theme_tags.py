"""Audit themes tagged with the national framework (``fixtures/audit_theme_tags.yaml``), and the
themes auditors ticked grouped by those tags for the audit summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from frameworks import national_framework

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "audit_theme_tags.yaml"


@cache
def theme_tags() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["themes"]
    return {theme: tuple(national_framework.known_codes(codes)) for theme, codes in data.items()}


@dataclass
class ThemeGroup:
    element: national_framework.Element
    themes: list[tuple[str, int]]  # theme, sections it was ticked in

    @property
    def total(self) -> int:
        return sum(count for _theme, count in self.themes)


def themes_by_framework(ticked: Counter[str]) -> tuple[list[ThemeGroup], list[tuple[str, int]]]:
    """Ticked themes under each national framework element they are tagged with (framework
    order, most ticked first within each), and the themes with no tag."""
    tags = theme_tags()
    groups = {element.code: ThemeGroup(element, []) for element in national_framework.elements()}
    untagged = []
    for theme, count in ticked.most_common():
        codes = tags.get(theme, ())
        for code in codes:
            groups[code].themes.append((theme, count))
        if not codes:
            untagged.append((theme, count))
    return [group for group in groups.values() if group.themes], untagged
