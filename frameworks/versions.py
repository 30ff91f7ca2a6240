"""Which version of a framework applies: the one in force on the inspection's first day on site.

Ofsted changes a framework from a date (ILACS lost its overall effectiveness judgement for
inspections starting on or after 1 April 2026), and the date that counts is when inspectors
arrive, not when the report is published. Pure functions over plain values.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class VersionSpan:
    short_name: str
    active_from: date | None
    active_to: date | None

    def covers(self, day: date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class NoVersionInForce(LookupError):
    """No version of the framework was in force on that day."""


def version_in_force(versions: Sequence[VersionSpan], first_on_site_day: date) -> str:
    """The short name of the version in force on ``first_on_site_day``. Where versions overlap,
    the one that started latest wins, because it replaced the others."""
    covering = [version for version in versions if version.covers(first_on_site_day)]
    if not covering:
        raise NoVersionInForce(f"No version was in force on {first_on_site_day:%-d %B %Y}")
    return max(covering, key=lambda version: version.active_from or date.min).short_name
