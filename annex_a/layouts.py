"""Which template a file follows, list by list, from its own headers.

Ofsted's 2019 template and the 2023/24 changes differ in columns only where the spec marks a
column ``since: '2023'`` (today List 9's four extra columns); every other list has the same
columns in both. So a list whose headers include a column only the 2023/24 template has is read
as 2023/24; a list that could have had one and has none is read as 2019; any other list is the
same in both and is read with the 2023/24 code sets, which include every 2019 code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from .spec import SPEC_2019, SPEC_2023, SPEC_CHOICES, load_spec, normalise_header

TEMPLATE_NAMES = dict(SPEC_CHOICES)


@cache
def newer_columns(number: int) -> tuple[tuple[str, frozenset[str]], ...]:
    """List ``number``'s columns that only the 2023/24 template has: (header, spellings)."""
    older = {column.name for column in load_spec(SPEC_2019).list(number).columns}
    return tuple(
        (column.header.strip(), frozenset(column.spellings))
        for column in load_spec(SPEC_2023).list(number).columns
        if column.name not in older
    )


def list_template(number: int, header_cells: Iterable[object]) -> str | None:
    """The template list ``number``'s header row follows, or ``None`` when its columns are the
    same in both templates."""
    newer = newer_columns(number)
    if not newer:
        return None
    present = {normalise_header(cell) for cell in header_cells}
    if any(spellings & present for _, spellings in newer):
        return SPEC_2023
    return SPEC_2019


def file_template(templates: Mapping[int, str | None]) -> str:
    """The template a version of the file is kept and exported in: 2019 when a list's headers
    say 2019 and none says 2023/24, otherwise 2023/24 (whose codes include every 2019 code)."""
    said = {template for template in templates.values() if template}
    return SPEC_2019 if said == {SPEC_2019} else SPEC_2023


def describe(number: int, template: str | None) -> str:
    """What the import page says about a list's template."""
    if template is None:
        return "The same in both templates"
    newer = ", ".join(f"“{header}”" for header, _ in newer_columns(number))
    if template == SPEC_2023:
        return f"{TEMPLATE_NAMES[SPEC_2023].split(' (')[0]}: its headers include {newer}"
    return f"{TEMPLATE_NAMES[SPEC_2019]}: its headers have none of {newer}"
