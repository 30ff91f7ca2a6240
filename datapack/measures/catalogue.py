"""Every measure in the pack, in the order of the areas, found by key."""

from __future__ import annotations

from .base import Measure
from .care import CARE
from .help_and_protection import HELP_AND_PROTECTION

MEASURES: tuple[Measure, ...] = HELP_AND_PROTECTION + CARE
MEASURES_BY_KEY = {measure.key: measure for measure in MEASURES}
