"""``{{ child.ethnicity|code_label:"ethnicity" }}``: an Ofsted code as people read it."""

from django import template

from annex_a.spec import SPEC_2023, load_spec

register = template.Library()


@register.filter
def code_label(code: str | None, code_set: str) -> str | None:
    if not code:
        return code
    known = load_spec(SPEC_2023).code_sets.get(code_set)
    return known.describe(code) if known else code
