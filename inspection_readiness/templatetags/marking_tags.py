from datetime import datetime

from django import template
from django.conf import settings

from ..marking import MARKING, made_on, marking_line

register = template.Library()


@register.inclusion_tag("includes/_marking.html")
def official_marking(made_at: datetime | None = None, *, pdf: bool = False) -> dict:
    """The OFFICIAL-SENSITIVE line: at the top of a PDF (with the date it was made) or as a
    banner on a page that shows children's data."""
    return {
        "marking": MARKING,
        "council_name": settings.COUNCIL_NAME,
        "made_on": made_on(made_at) if pdf or made_at else "",
        "pdf": pdf,
    }


@register.simple_tag
def marking_word() -> str:
    """The bare marking, for a PDF's page header (CSS ``content``)."""
    return MARKING


@register.simple_tag
def marking_css_content(made_at: datetime | None = None) -> str:
    """The whole marking line for inside a quoted CSS string in a PDF's page header, written as
    ``content: "{% marking_css_content %}"``. HTML escaping would show as written inside <style>,
    so anything but letters, digits and spaces is given as a CSS escape: the result holds only
    letters, digits, spaces and backslashes, which autoescaping leaves as they are."""
    line = marking_line(made_at=made_at)
    return "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in line)
