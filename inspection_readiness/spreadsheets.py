"""Safe values for every spreadsheet and CSV file the service writes.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` can be run as a formula when the file is
opened (CSV or formula injection). Every export passes its text cells through
``neutralise_formula``, which puts an apostrophe in front, as OWASP recommends.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Return ``value`` unchanged unless it is text that a spreadsheet could run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore_neutralised(value: str) -> str:
    """Undo ``neutralise_formula`` when a file the service exported is read back in.

    Only an apostrophe followed by a formula trigger is removed, so re-importing an export gives
    the same values that were exported.
    """
    if value[:1] == "'" and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
