"""The Annex A specification as data: lists, columns and code sets, per template version.

Everything here comes from ``annex_a/spec/annex_a.yaml``. Two versions share the file: the 2019
template, and the 2023/24 changes (List 9's extra columns and new codes), chosen per import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

SPEC_FILE = Path(__file__).resolve().parent / "spec" / "annex_a.yaml"
SPEC_2019 = "2019"
SPEC_2023 = "2023"
SPEC_VERSIONS = (SPEC_2019, SPEC_2023)
SPEC_CHOICES = (
    (SPEC_2019, "August 2019 template"),
    (SPEC_2023, "2023/24 changes (List 9's extra columns and the new codes; provisional)"),
)
# An upload's template may be left to its headers: each list is read as the template its own
# headers follow (``layouts.list_template``).
SPEC_RECOGNISED = "auto"
TEMPLATE_CHOICES = (
    (SPEC_RECOGNISED, "Recognise it from each list's headers (recommended)"),
    *SPEC_CHOICES,
)

# Column types, as the spec file spells them.
ID = "id"
STRING = "string"
DATE = "date"
INTEGER = "integer"
CATEGORY = "category"
POSTCODE = "postcode"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_CODE_PUNCTUATION = re.compile(r"[\s:\-\u2013\u2014_]+")
_CODE_PREFIX = re.compile(r"^[a-z]{1,2}\d?\)\s*")
_SHORT_CODE = re.compile(r"^([0-9a-z]{1,5})\s*(?::|\s-\s|$)")


def normalise_header(text: object) -> str:
    """A header as the matcher compares it: case, spacing and typographic quotes ignored."""
    if text is None:
        return ""
    cleaned = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).lower()
    cleaned = _SPACES.sub(" ", cleaned).strip()
    return cleaned.rstrip("?").strip()


def normalise_code(text: object) -> str:
    """A coded value as the matcher compares it: ``e) PR4 - Private`` equals ``e) PR4: private``."""
    cleaned = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).lower()
    return _CODE_PUNCTUATION.sub(" ", cleaned).strip()


def short_code(code: str) -> str | None:
    """A code's short code, lower case: ``pr4`` for ``e) PR4: Private provision``, ``wbri`` for
    ``a) WBRI``; ``None`` where the code has none."""
    lowered = unicodedata.normalize("NFKC", code).translate(_QUOTES).lower().strip()
    short = _SHORT_CODE.match(_CODE_PREFIX.sub("", lowered))
    return short.group(1) if short else None


@dataclass(frozen=True)
class CodeSet:
    key: str
    codes: tuple[str, ...]
    synonyms: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def describe(self, code: str) -> str:
        """A code as people read it: ``Any other White background (WOTH)`` for ``d) WOTH``;
        the code itself where the set gives no label."""
        label = self.labels.get(code)
        if not label:
            return code
        return f"{label} ({_CODE_PREFIX.sub('', code).strip()})"

    def index(self) -> dict[str, str]:
        """Every spelling that safely names one code, normalised, mapped to the code.

        A code matches by its full text, without its ``a)`` prefix, by its short code (``1A``,
        ``N1``, ``PR4``, ``WBRI``), by its description, and by the short code and description
        written together as councils' systems write them: ``WBRI - White British`` and
        ``White British (WBRI)``. A spelling that could mean two codes (``Individual`` is 1A,
        1B, 1C and 1D) is left out, so it is reported rather than guessed: exact lookups only,
        never substrings or loose patterns, which once mapped "Monkey" to Male. One-letter
        forms such as ``M`` come only from the code set's own ``synonyms``.
        """
        candidates: dict[str, set[str]] = {}

        def offer(spelling: str, code: str) -> None:
            key = normalise_code(spelling)
            if key:
                candidates.setdefault(key, set()).add(code)

        for code in self.codes:
            offer(code, code)
            lowered = unicodedata.normalize("NFKC", code).translate(_QUOTES).lower().strip()
            unprefixed = _CODE_PREFIX.sub("", lowered)
            offer(unprefixed, code)
            short = _SHORT_CODE.match(unprefixed)
            if short:
                offer(short.group(1), code)
                description = re.split(r":|\s-\s", unprefixed, maxsplit=1)
                if len(description) == 2:
                    offer(description[1], code)
                    offer(f"{description[1].strip()} ({short.group(1)})", code)
                label = self.labels.get(code)
                if label:
                    offer(f"{short.group(1)} - {label}", code)
                    offer(f"{label} ({short.group(1)})", code)
        for code, label in self.labels.items():
            offer(label, code)
        index = {key: codes.pop() for key, codes in candidates.items() if len(codes) == 1}
        # Built-in synonyms are deliberate and win over derived spellings.
        for spelling, code in self.synonyms.items():
            index[normalise_code(spelling)] = code
        return index


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    type: str
    required: bool
    code_set: CodeSet | None = None
    minimum: int | None = None
    variants: tuple[str, ...] = ()
    note: str = ""
    known_codes: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every header spelling that identifies this column, normalised."""
        return tuple(dict.fromkeys(normalise_header(h) for h in (self.header, *self.variants)))


@dataclass(frozen=True)
class ListSpec:
    number: int
    key: str
    title: str
    sheet: str
    period: str
    grain: str
    columns: tuple[Column, ...]
    unique_key: tuple[str, ...]
    window_months: int | None
    one_row_per: str | None
    unborn_allowed: bool
    when_missing: str = ""  # what Ofsted will see without the list: "no adopters"

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """``List 3`` as people say it."""
        return f"List {self.number}"

    @property
    def name(self) -> str:
        """``Referral``: the title without its number."""
        return self.title.split(":", 1)[1].strip()

    @property
    def id_column(self) -> Column:
        return self.columns[0]

    def column(self, name: str) -> Column:
        try:
            return self._columns_by_name[name]
        except KeyError:
            raise KeyError(f"{self.label} has no column {name!r}") from None

    def has_column(self, name: str) -> bool:
        return name in self._columns_by_name

    @cached_property
    def _columns_by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @cached_property
    def date_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.type == DATE)


@dataclass(frozen=True)
class AnnexASpec:
    version: str
    label: str
    source: str
    lists: tuple[ListSpec, ...]
    code_sets: dict[str, CodeSet] = field(hash=False, compare=False)

    def list(self, number: int) -> ListSpec:
        for list_spec in self.lists:
            if list_spec.number == number:
                return list_spec
        raise KeyError(f"Annex A has no list {number}")


@cache
def _raw_spec() -> dict:
    with SPEC_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def load_spec(version: str = SPEC_2023) -> AnnexASpec:
    """The specification for one template version (``"2019"`` or ``"2023"``)."""
    if version not in SPEC_VERSIONS:
        raise ValueError(f"Unknown Annex A specification {version!r}; use one of {SPEC_VERSIONS}")
    raw = _raw_spec()
    with_2023 = version == SPEC_2023
    code_sets = {
        key: CodeSet(
            key=key,
            codes=tuple(data["codes"]) + tuple(data.get("added_2023", ()) if with_2023 else ()),
            synonyms=dict(data.get("synonyms", {})),
            labels=dict(data.get("labels", {})),
        )
        for key, data in raw["code_sets"].items()
    }
    lists = []
    for raw_list in raw["lists"]:
        columns = []
        for raw_column in raw_list["columns"]:
            if raw_column.get("since") == SPEC_2023 and not with_2023:
                continue
            header = raw_column["header"]
            if with_2023 and "header_2023" in raw_column:
                header = raw_column["header_2023"]
            variants = [v for v in raw_column.get("variants", ()) if v != header]
            if header != raw_column["header"]:
                variants.append(raw_column["header"])
            columns.append(
                Column(
                    name=raw_column["name"],
                    header=header,
                    type=raw_column["type"],
                    required=bool(raw_column["required"]),
                    code_set=code_sets[raw_column["code_set"]]
                    if "code_set" in raw_column
                    else None,
                    minimum=raw_column.get("min"),
                    variants=tuple(variants),
                    note=raw_column.get("note", ""),
                    known_codes=tuple(raw_column.get("known_codes", ())),
                )
            )
        lists.append(
            ListSpec(
                number=raw_list["number"],
                key=raw_list["key"],
                title=raw_list["title"],
                sheet=raw_list["sheet"],
                period=raw_list["period"],
                grain=raw_list["grain"],
                columns=tuple(columns),
                unique_key=tuple(raw_list["unique_key"]),
                window_months=raw_list.get("window_months"),
                one_row_per=raw_list.get("one_row_per"),
                unborn_allowed=bool(raw_list.get("unborn_allowed")),
                when_missing=raw_list.get("when_missing", ""),
            )
        )
    described = {entry["key"]: entry for entry in raw["specs"]}[version]
    return AnnexASpec(
        version=version,
        label=described["label"],
        source=described["source"],
        lists=tuple(lists),
        code_sets=code_sets,
    )
