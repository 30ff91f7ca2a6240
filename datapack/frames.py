"""An Annex A version as pandas DataFrames, one per list, ready for the measures.

Each list is read in one query (its rows' JSON only), dates become ``datetime64`` and counts
numbers, and every child gets the columns the breakdowns need: age at the as-at date, an age
band, Ofsted's ethnicity group and a gender label. Nothing here loops over rows in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from annex_a.models import AnnexAVersion
from annex_a.periods import months_before
from annex_a.spec import DATE, INTEGER, load_spec
from inspection_readiness import children, working_days

# The service's one set of age bands (inspection_readiness.children), as labels, with unborn
# children apart, then "Not known".
UNBORN = children.UNBORN
NOT_KNOWN = children.NOT_KNOWN
AGE_BANDS = (*(band.label for band in children.AGE_BANDS), NOT_KNOWN)
_AGE_EDGES = [*(band.youngest for band in children.BORN_AGE_BANDS), 200]
CARE_LEAVER_AGE_BANDS = ("Under 17", "17 to 18", "19 to 21", "22 and over", NOT_KNOWN)
_CARE_LEAVER_EDGES = [0, 17, 19, 22, 200]

# Ofsted's grouping of the 4-letter ethnicity codes (Codes_used, annex_a.md section 3).
ETHNICITY_GROUPS = {
    **dict.fromkeys(("WBRI", "WIRI", "WIRT", "WOTH", "WROM"), "White"),
    **dict.fromkeys(("MWBC", "MWBA", "MWAS", "MOTH"), "Mixed"),
    **dict.fromkeys(("AIND", "APKN", "ABAN", "AOTH"), "Asian"),
    **dict.fromkeys(("BCRB", "BAFR", "BOTH"), "Black"),
    "CHNE": "Chinese",
    "OOTH": "Other",
    "REFU": "Refused",
    "NOBT": "Not obtained",
}
NOT_RECORDED = "Not recorded"
ETHNICITY_ORDER = (
    "White",
    "Mixed",
    "Asian",
    "Black",
    "Chinese",
    "Other",
    "Refused",
    "Not obtained",
    NOT_RECORDED,
)
GENDER_ORDER = ("Male", "Female", "Not stated/recorded", "Neither", NOT_RECORDED)

RowSource = Callable[[int], Iterable[Mapping]]


@dataclass(frozen=True)
class Period:
    """The dates every measure counts from: the as-at date and the windows before it."""

    as_at: date

    @cached_property
    def as_at_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.as_at)

    @cached_property
    def six_months_ago(self) -> pd.Timestamp:
        return pd.Timestamp(months_before(self.as_at, 6))

    @cached_property
    def twelve_months_ago(self) -> pd.Timestamp:
        return pd.Timestamp(months_before(self.as_at, 12))

    def months_ago(self, months: int) -> pd.Timestamp:
        return pd.Timestamp(months_before(self.as_at, months))

    def in_last_six_months(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.six_months_ago) & (dates <= self.as_at_ts)

    def in_last_twelve_months(self, dates: pd.Series) -> pd.Series:
        return (dates >= self.twelve_months_ago) & (dates <= self.as_at_ts)


@dataclass
class Lists:
    """One version's lists as DataFrames, keyed by list number, with the period they cover.

    With a ``loader``, a list is read the first time a measure asks for it, so a drill-down
    reads only the lists its measure uses."""

    period: Period
    frames: dict[int, pd.DataFrame] = field(default_factory=dict)
    loader: Callable[[int], pd.DataFrame] | None = None
    # The council's standard for visiting a child on a protection plan, in working days: its
    # own practice setting (casework.PracticeSettings), read when the pack is built.
    cp_visit_working_days: int = children.CP_VISIT_DEFAULT_WORKING_DAYS

    def __getitem__(self, number: int) -> pd.DataFrame:
        if number not in self.frames and self.loader is not None:
            self.frames[number] = self.loader(number)
        return self.frames[number]


def load_lists(
    version: AnnexAVersion,
    numbers: Iterable[int] | None = None,
    report: Callable[[int], None] | None = None,
) -> Lists:
    """Read the version's lists from the database, one query per list."""

    def rows(number: int) -> Iterable[Mapping]:
        return (
            version.rows.filter(list_number=number)
            .values_list("data", flat=True)
            .iterator(chunk_size=10000)
        )

    return lists_from_rows(
        rows, as_at=version.as_at, spec_version=version.spec_version, numbers=numbers, report=report
    )


def lists_from_rows(
    rows: RowSource,
    *,
    as_at: date,
    spec_version: str = "2023",
    numbers: Iterable[int] | None = None,
    report: Callable[[int], None] | None = None,
) -> Lists:
    """Build the frames from any source of row dicts (the database, or a test's table)."""
    spec = load_spec(spec_version)
    period = Period(as_at)

    def load(number: int) -> pd.DataFrame:
        list_spec = spec.list(number)
        names = [column.name for column in list_spec.columns]
        frame = pd.DataFrame.from_records(list(rows(number)), columns=names)
        for column in list_spec.columns:
            if column.type == DATE:
                frame[column.name] = pd.to_datetime(
                    frame[column.name], format="ISO8601", errors="coerce"
                ).astype("datetime64[ns]")
            elif column.type == INTEGER:
                frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce")
        if list_spec.id_column.name != "child_id":
            frame["child_id"] = frame[list_spec.id_column.name]
        _add_child_columns(frame, period)
        return frame

    lists = Lists(period=period, loader=load)
    for list_spec in spec.lists:
        if numbers is not None and list_spec.number not in numbers:
            continue
        lists.frames[list_spec.number] = load(list_spec.number)
        if report:
            report(list_spec.number)
    return lists


def _add_child_columns(frame: pd.DataFrame, period: Period) -> None:
    as_at = period.as_at
    if "date_of_birth" in frame:
        born = frame["date_of_birth"]
        birthday_to_come = (born.dt.month > as_at.month) | (
            (born.dt.month == as_at.month) & (born.dt.day > as_at.day)
        )
        from_birth = as_at.year - born.dt.year - birthday_to_come.astype("float")
        stated = frame["age"] if "age" in frame else pd.Series(np.nan, index=frame.index)
        # The date of birth decides; the age column is only used when there is none.
        age = from_birth.where(born.notna(), stated)
        unborn = (born > period.as_at_ts) | (born.isna() & (stated == -1))
        frame["age_years"] = age.where(~unborn & (age >= 0))
        frame["unborn"] = unborn
        band = pd.cut(frame["age_years"], _AGE_EDGES, right=False, labels=AGE_BANDS[1:-1])
        frame["age_band"] = (
            band.astype("object").where(band.notna(), NOT_KNOWN).where(~unborn, UNBORN)
        )
        leaver = pd.cut(
            frame["age_years"], _CARE_LEAVER_EDGES, right=False, labels=CARE_LEAVER_AGE_BANDS[:-1]
        )
        frame["care_leaver_age_band"] = leaver.astype("object").where(leaver.notna(), NOT_KNOWN)
    if "ethnicity" in frame:
        code = frame["ethnicity"].astype("object").str[-4:]
        frame["ethnicity_group"] = code.map(ETHNICITY_GROUPS).fillna(NOT_RECORDED)
    if "gender" in frame:
        label = frame["gender"].astype("object").str.replace(r"^[a-z]\)\s*", "", regex=True)
        frame["gender_label"] = label.fillna(NOT_RECORDED)


# ---- Working days --------------------------------------------------------------------------


def _bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    """England's bank holidays in those years, from the service's one working-day module."""
    return np.array(
        working_days.bank_holidays_in_years(first_year, last_year), dtype="datetime64[D]"
    )


def working_days_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """``working_days.working_days_between`` for whole columns: working days after ``start``
    up to and including ``end``, or NaN where either date is missing.

    NumPy counts working days in [begin, end), so both ends move on a day to count (start, end].
    """
    known = start.notna() & end.notna()
    result = pd.Series(np.nan, index=start.index, dtype="float")
    if not known.any():
        return result
    begins = start[known].to_numpy().astype("datetime64[D]") + 1
    ends = end[known].to_numpy().astype("datetime64[D]") + 1
    years = pd.DatetimeIndex(np.concatenate([begins, ends])).year
    holidays = _bank_holidays(int(years.min()) - 1, int(years.max()) + 1)
    result[known] = np.busday_count(begins, ends, holidays=holidays)
    return result
