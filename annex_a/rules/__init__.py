"""Every Annex A rule, registered in ``registry.RULES`` as its module is imported."""

from . import analyst, answers, cross_list, dates, lists  # noqa: F401  (imported to register the rules)
from .registry import NO, ROW, RULES, YES, Context, Problem, Row, Rule

__all__ = ["NO", "ROW", "RULES", "YES", "Context", "Problem", "Row", "Rule"]
