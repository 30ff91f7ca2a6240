"""Every measure and breakdown in the Day 1 data pack, as data, with the code that counts them.

Split by area: ``base`` (the shapes and building blocks), ``help_and_protection`` (Lists 1 to
7), ``care`` (Lists 8 to 11), ``breakdowns``, and ``computing``. The measures are those analysts
compute from Annex A (annex_a.md section 6, source S7), with the bugs listed there put right,
each pinned by a test in ``tests/test_section_6.py``, and the DfE's published definitions where
the DfE publishes the figure (``tests/test_definitions.py``).
"""

from .base import (
    AREAS,
    AREAS_BY_KEY,
    AVERAGE,
    CHILDREN,
    COUNT,
    PERCENT,
    ROWS,
    Area,
    Breakdown,
    Measure,
    Value,
)
from .breakdowns import BREAKDOWNS, BREAKDOWNS_BY_KEY
from .catalogue import MEASURES, MEASURES_BY_KEY
from .computing import (
    Change,
    DrillDown,
    breakdown_categories,
    compute_all,
    compute_breakdown,
    compute_measure,
    compute_measures,
    describe_change,
    describe_comparison,
    drill_down,
    measure_rows,
)

__all__ = [
    "AREAS",
    "AREAS_BY_KEY",
    "AVERAGE",
    "BREAKDOWNS",
    "BREAKDOWNS_BY_KEY",
    "CHILDREN",
    "COUNT",
    "MEASURES",
    "MEASURES_BY_KEY",
    "PERCENT",
    "ROWS",
    "Area",
    "Breakdown",
    "Change",
    "DrillDown",
    "Measure",
    "Value",
    "breakdown_categories",
    "compute_all",
    "compute_breakdown",
    "compute_measure",
    "compute_measures",
    "describe_change",
    "describe_comparison",
    "drill_down",
    "measure_rows",
]
