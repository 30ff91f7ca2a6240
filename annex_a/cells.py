"""Reading one cell: text, IDs, dates, whole numbers, codes and postcodes.

Each parser takes the raw value as the file gave it (``str``, ``float``, ``int``, ``bool``,
``date``/``datetime``) and returns the clean value, or raises ``CellProblem`` saying what is
wrong in words an admin can act on. Blank cells are handled before parsing, in
``validation.parse_list``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime

from inspection_readiness.spreadsheets import restore_neutralised

from .spec import CATEGORY, DATE, ID, INTEGER, POSTCODE, CodeSet, Column, normalise_code

CELL_DATE = "CELL-DATE"
CELL_NUMBER = "CELL-NUMBER"
CELL_MINIMUM = "CELL-MINIMUM"
CELL_CODE = "CELL-CODE"
CELL_LENGTH = "CELL-LENGTH"
CELL_CONTROL = "CELL-CONTROL"
POSTCODE_RULE = "AA34"
AGE = "age"  # the column name of "Age of Child (Years)" on Lists 1-10

# The longest Child Unique ID the service keeps (``AnnexARow.child_id``, ``casework.Child``):
# a longer one is a finding, never cut, since a cut ID could name another child.
ID_MAX_LENGTH = 100
NUL = "\x00"
# PostgreSQL cannot store NUL in text, and nobody typed it: it comes from a faulty export.
NUL_MESSAGE = (
    "This cell contains a hidden control character (NUL); remove it in your system and export "
    "again. The value shown here has the NUL removed."
)

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]0{1,2}:00(?::00)?)?$")
# SQL Server writes a datetime's midnight with milliseconds (the SSD's unformatted dates).
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_DECIMAL = re.compile(r"^\+?\d+\.\d+$")
# The public cleaners' pattern (annex_a.md section 5.1), anchored, case-insensitive.
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? *\d[A-Z]{2}$", re.IGNORECASE)


class CellProblem(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def parse_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return restore_neutralised(str(raw).strip())


def parse_id(raw: object) -> str:
    """IDs stay text: ``12345.0`` (an ID that Excel turned into a number) becomes ``12345``."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = restore_neutralised(str(raw).strip())
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    if len(text) > ID_MAX_LENGTH:
        raise CellProblem(
            CELL_LENGTH,
            f"This ID is {len(text):,} characters long; the service keeps IDs of up to "
            f"{ID_MAX_LENGTH} characters. Check the ID in your system (other text may have run "
            "into it) and export again.",
        )
    return text


def parse_date(raw: object) -> date:
    """A real Excel date, or text written ``dd/mm/yyyy`` (the template's format) or ISO."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        match = _DAY_MONTH_YEAR.match(text)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return date(year, month, day)
            match = _ISO_DATE.match(text)
            if match:
                year, month, day = (int(part) for part in match.groups())
                return date(year, month, day)
        except ValueError:
            raise CellProblem(CELL_DATE, f"“{text}” is not a real date.") from None
    raise CellProblem(
        CELL_DATE, f"“{raw}” is not a date. Write dates as dd/mm/yyyy, for example 03/02/2025."
    )


def parse_integer(raw: object) -> int:
    if isinstance(raw, bool):
        raise CellProblem(CELL_NUMBER, f"“{raw}” is not a whole number.")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if _WHOLE_NUMBER.match(text):
        return int(float(text))
    raise CellProblem(CELL_NUMBER, f"“{raw}” is not a whole number. Enter a number such as 0 or 3.")


def parse_age(raw: object) -> int:
    """An age: a whole number, or one with decimals (``5.5``, as some systems write it) read as
    whole years at the last birthday, which is what the template asks for. Rule AA27Q warns
    only if that disagrees with the date of birth."""
    if isinstance(raw, float) and not isinstance(raw, bool) and raw > 0:
        return int(raw)  # towards zero: 5.99 is 5 at the last birthday
    if isinstance(raw, str) and _DECIMAL.match(raw.strip()):
        return int(raw.strip().lstrip("+").split(".", 1)[0])
    return parse_integer(raw)


def parse_postcode(raw: object) -> str:
    text = str(raw).strip().upper()
    if not _POSTCODE.match(text):
        raise CellProblem(
            POSTCODE_RULE,
            f"“{raw}” is not a UK postcode. Enter the placement's full postcode, such as LS1 4AP.",
        )
    compact = text.replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}"


def code_parser(code_set: CodeSet, council_synonyms: Mapping[str, str]) -> Callable[[object], str]:
    """A parser for one code set: Ofsted's code, a safe spelling of it, or a council synonym."""
    index = code_set.index()
    index.update(council_synonyms)
    allowed = ", ".join(code_set.codes[:4]) + (" …" if len(code_set.codes) > 4 else "")
    # The same few spellings fill a column thousands of times: remember each raw value's code.
    seen: dict[object, str] = {}

    def parse(raw: object) -> str:
        code = seen.get(raw)
        if code is not None:
            return code
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = restore_neutralised(str(raw))
        code = index.get(normalise_code(text))
        if code is not None:
            seen[raw] = code
        else:
            raise CellProblem(
                CELL_CODE,
                f"“{text.strip()}” is not one of Ofsted's codes for this column ({allowed}). "
                "Correct it, or map your spelling to a code so it is recognised from now on.",
            )
        return code

    return parse


def cell_parser(
    column: Column, council_synonyms: Mapping[str, Mapping[str, str]]
) -> Callable[[object], object]:
    """The parser for a column, including its minimum if it has one."""
    if column.type == ID:
        return parse_id
    if column.type == DATE:
        return parse_date
    if column.type == POSTCODE:
        return parse_postcode
    if column.type == CATEGORY:
        return code_parser(column.code_set, council_synonyms.get(column.code_set.key, {}))
    if column.type == INTEGER:
        parse_number = parse_age if column.name == AGE else parse_integer
        if column.minimum is None:
            return parse_number
        minimum = column.minimum

        def parse_bounded(raw: object) -> int:
            number = parse_number(raw)
            if number < minimum:
                raise CellProblem(
                    CELL_MINIMUM,
                    f"{number} is below the lowest allowed value, {minimum}."
                    + (" Use -1 only for an unborn child." if minimum == -1 else ""),
                )
            return number

        return parse_bounded
    return parse_text
