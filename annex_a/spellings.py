"""Council spellings of Ofsted codes: proposing the code a spelling means, and the council's
mappings as a CSV file.

Plain functions, without the database. ``CodeSet.index`` (in ``spec``) already recognises the
unambiguous forms of every code without any mapping; what is left is proposed here, and the
data admin accepts, changes or leaves each proposal (``spelling_services``).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from inspection_readiness.spreadsheets import neutralise_formula, restore_neutralised

from .spec import SPEC_VERSIONS, CodeSet, load_spec, normalise_code, short_code

RECOGNISED = "already recognised as Ofsted's code"
SAME_LETTERS = "same letters ignoring case and punctuation"
AFTER_NUMBERING = "the words after the numbering “{numbering}” name the code"
STARTS_WITH_CODE = "starts with the code “{start}”"
CLOSEST_SPELLING = "closest spelling (“{match}”)"
# How alike (difflib's ratio, 0 to 1) a spelling must be to a code's to be proposed: 0.8 takes
# "School" for "Schools" and "Femal" for "Female", and leaves "Other" alone.
CLOSEST_CUTOFF = 0.8
# The longest spelling the council's mappings keep (``CodeSynonym.spelling``).
SPELLING_MAX_LENGTH = 300

_NOT_LETTERS = re.compile(r"[^0-9a-z]+")
# A system's own numbering in front of the words: "1 - Male", "02. Female", "3) Neither".
_NUMBERING = re.compile(r"^\s*(\(?(?:\d{1,3}|[A-Za-z])\s*[-–—:.)]\s*)(\S.*)$")


@dataclass(frozen=True)
class Proposal:
    """The Ofsted code a council spelling probably means, and how that was found."""

    code: str
    how: str


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text)


def _only(codes: Iterable[str]) -> str | None:
    distinct = set(codes)
    return distinct.pop() if len(distinct) == 1 else None


class Proposer:
    """Proposes codes for one code set's unrecognised spellings. Each way is tried in turn,
    from the surest to the loosest; a way that finds two codes equally proposes nothing, and
    the spelling is left for the admin to choose."""

    def __init__(self, code_set: CodeSet) -> None:
        self.code_set = code_set
        self.index = code_set.index()
        shorts: dict[str, set[str]] = {}
        for code in code_set.codes:
            short = short_code(code)
            if short:
                shorts.setdefault(short, set()).add(code)
        self._short_codes = {
            short: codes.pop() for short, codes in shorts.items() if len(codes) == 1
        }
        self._by_letters: dict[str, set[str]] = {}
        for spelling, code in self.index.items():
            self._by_letters.setdefault(_letters(spelling), set()).add(code)

    def _lookup(self, normalised: str) -> str | None:
        if normalised in self.index:
            return self.index[normalised]
        return _only(self._by_letters.get(_letters(normalised), ()))

    def propose(self, spelling: str) -> Proposal | None:
        normalised = normalise_code(spelling)
        if not normalised:
            return None
        if normalised in self.index:
            return Proposal(self.index[normalised], RECOGNISED)
        code = _only(self._by_letters.get(_letters(normalised), ()))
        if code:
            return Proposal(code, SAME_LETTERS)
        numbered = _NUMBERING.match(spelling.strip())
        if numbered:
            code = self._lookup(normalise_code(numbered.group(2)))
            if code:
                return Proposal(code, AFTER_NUMBERING.format(numbering=numbered.group(1).strip()))
        start = normalised.split(" ", 1)[0]
        code = self._short_codes.get(start) if len(start) >= 2 else None
        if code:
            return Proposal(code, STARTS_WITH_CODE.format(start=start.upper()))
        return self._closest(normalised)

    def _closest(self, normalised: str) -> Proposal | None:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(normalised)
        best, best_codes, best_spelling = 0.0, set(), ""
        for spelling, code in self.index.items():
            matcher.set_seq1(spelling)
            if matcher.real_quick_ratio() < CLOSEST_CUTOFF or matcher.quick_ratio() < best:
                continue
            ratio = matcher.ratio()
            if ratio < CLOSEST_CUTOFF:
                continue
            if ratio > best:
                best, best_codes, best_spelling = ratio, {code}, spelling
            elif ratio == best:
                best_codes.add(code)
        if len(best_codes) != 1:
            return None  # nothing close enough, or two codes equally close: never guess
        return Proposal(best_codes.pop(), CLOSEST_SPELLING.format(match=best_spelling))


# ---- The council's mappings as CSV ------------------------------------------------------------

CSV_COLUMNS = ("Kind of code", "Your spelling", "Ofsted code", "Used in")


@cache
def code_set_names() -> dict[str, str]:
    """Each code set's key with the name people know it by: the column that uses it and the
    lists it is in, such as ``Gender (Lists 1 to 10)``."""
    places: dict[str, dict[str, list[int]]] = {}
    for version in SPEC_VERSIONS:
        for list_spec in load_spec(version).lists:
            for column in list_spec.columns:
                if column.code_set is not None:
                    numbers = places.setdefault(column.code_set.key, {}).setdefault(
                        " ".join(column.header.split()), []
                    )
                    if list_spec.number not in numbers:
                        numbers.append(list_spec.number)
    names = {}
    for key, headers in places.items():
        header, numbers = next(iter(headers.items()))
        numbers = sorted(numbers)
        if len(numbers) == 1:
            where = f"List {numbers[0]}"
        elif numbers == list(range(numbers[0], numbers[-1] + 1)):
            where = f"Lists {numbers[0]} to {numbers[-1]}"
        else:
            where = "Lists " + ", ".join(str(n) for n in numbers)
        names[key] = f"{header} ({where})"
    return names


def known_codes(code_set: str) -> tuple[str, ...]:
    """Every code of a code set, in any template version."""
    codes: dict[str, None] = {}
    for version in SPEC_VERSIONS:
        spec = load_spec(version)
        if code_set in spec.code_sets:
            codes.update(dict.fromkeys(spec.code_sets[code_set].codes))
    return tuple(codes)


def _code_set_key(text: str) -> str | None:
    """A code set named by its key (``gender``) or by its name as exported."""
    wanted = " ".join(text.split()).lower()
    for key, name in code_set_names().items():
        if wanted in (key.lower(), name.lower()):
            return key
    return None


def mappings_csv(mappings: Iterable[tuple[str, str, str]]) -> str:
    """The council's mappings, as (code set, spelling, code), as a CSV file's text. Every cell
    is formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    names = code_set_names()
    for code_set, spelling, code in mappings:
        writer.writerow(
            [neutralise_formula(v) for v in (code_set, spelling, code, names.get(code_set, ""))]
        )
    return out.getvalue()


@dataclass(frozen=True)
class RowProblem:
    """A row of a mappings file that cannot be used, and what to do about it."""

    row: int
    value: str
    message: str


@dataclass(frozen=True)
class SpellingMapping:
    code_set: str
    spelling: str
    code: str


def read_mappings_csv(text: str) -> tuple[list[SpellingMapping], list[RowProblem]]:
    """The good rows of a mappings file and a problem for each bad one. Row numbers are as a
    spreadsheet shows them (the header is row 1). A spelling given twice takes its last row."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None:
        return [], [RowProblem(1, "", "The file is empty. Export your mappings to see the layout.")]
    wanted = [normalise_code(name) for name in CSV_COLUMNS[:3]]
    found = [normalise_code(name) for name in header]
    if found[:3] != wanted:
        return [], [
            RowProblem(
                1,
                ", ".join(header[:3]),
                "The first row must be the headings “Kind of code”, “Your spelling” and "
                "“Ofsted code”, as in an exported mappings file.",
            )
        ]
    good: dict[tuple[str, str], SpellingMapping] = {}
    problems: list[RowProblem] = []
    for number, cells in enumerate(reader, start=2):
        cells = [restore_neutralised(cell.strip()) for cell in cells[:3]] + [""] * 3
        kind, spelling, code = cells[:3]
        if not (kind or spelling or code):
            continue
        key = _code_set_key(kind)
        if key is None:
            problems.append(
                RowProblem(
                    number,
                    kind,
                    "This kind of code is not one the service knows. Copy it from an exported "
                    "mappings file, for example “gender”.",
                )
            )
            continue
        if not normalise_code(spelling):
            problems.append(RowProblem(number, spelling, "Enter your spelling in this row."))
            continue
        if len(spelling) > SPELLING_MAX_LENGTH:
            problems.append(
                RowProblem(
                    number,
                    spelling[:60] + "…",
                    f"The spelling is longer than {SPELLING_MAX_LENGTH} characters. Shorten it.",
                )
            )
            continue
        codes = known_codes(key)
        if code not in codes:
            problems.append(
                RowProblem(
                    number,
                    code,
                    f"This is not one of Ofsted's codes for {code_set_names()[key]}. Use one "
                    f"of: {', '.join(codes)}.",
                )
            )
            continue
        good[(key, normalise_code(spelling))] = SpellingMapping(key, spelling, code)
    return list(good.values()), problems


def changes(
    mappings: Iterable[SpellingMapping], existing: Mapping[tuple[str, str], str]
) -> list[tuple[SpellingMapping, str]]:
    """What applying ``mappings`` would do to the council's mappings ``existing`` (keyed by
    code set and normalised spelling): each mapping with ``"new"``, ``"changed from <code>"``
    or ``"unchanged"``."""
    result = []
    for mapping in mappings:
        before = existing.get((mapping.code_set, normalise_code(mapping.spelling)))
        if before is None:
            result.append((mapping, "new"))
        elif before != mapping.code:
            result.append((mapping, f"changed from {before}"))
        else:
            result.append((mapping, "unchanged"))
    return result
