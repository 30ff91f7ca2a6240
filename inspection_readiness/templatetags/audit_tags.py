from auditlog.models import LogEntry
from django import template

from ..audit import describe_changes

register = template.Library()


@register.filter
def change_lines(entry: LogEntry) -> list[str]:
    return describe_changes(entry)
