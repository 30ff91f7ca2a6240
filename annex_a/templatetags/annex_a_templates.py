"""``{% list_templates annex_a_import as list_templates %}``: each list of an upload with the
template its headers follow, for the import's page."""

from django import template

from annex_a.template_views import list_templates as templates_of

register = template.Library()


@register.simple_tag
def list_templates(annex_a_import):
    return templates_of(annex_a_import)
