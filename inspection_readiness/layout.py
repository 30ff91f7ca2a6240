"""Crispy layout pieces that show stored text without ever treating it as a template.

crispy-forms' ``HTML`` object renders its string as a Django template (``Template(html)``), so
text a person wrote (an audit narrative, a prompt, a rule's statement) passed into it would run
as template code: ``{{ request.csp_nonce }}`` in a narrative printed the page's nonce. Text from
the database is only ever a *context variable* of a template file, which Django escapes.
"""

from crispy_forms.layout import LayoutObject
from django.template.loader import render_to_string


class TemplateText(LayoutObject):
    """A fixed template file rendered with ``values`` as its context, inside a crispy layout.

    The template is chosen in code; ``values`` (stored text included) are plain context
    variables, escaped like any other. Nothing built at run time is compiled as a template.
    """

    def __init__(self, template_name: str, **values):
        self.template_name = template_name
        self.values = values

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return render_to_string(self.template_name, self.values)
