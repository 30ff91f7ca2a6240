"""A form's labels, hints and legends are text, whatever they were built from.

crispy-forms-gds marks them ``|safe``, so a label built from stored text (a judgement area's
name, a timeline step's, an audit section's title) would be markup on the page; the service's
copies of those templates (templates/gds/) escape them. Text deliberately built as markup is
marked safe where it is built, and still renders as markup.
"""

import pytest
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html

from inspection_readiness.forms import GovukFormMixin

STORED = '{{ 7|add:8000000 }}<script>alert("x")</script><b>bold</b>'
ESCAPED = (
    "{{ 7|add:8000000 }}&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
)


class _Form(GovukFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = forms.CharField(label=STORED, help_text=STORED)
        self.fields["choice"] = forms.ChoiceField(
            label=STORED, help_text=STORED, choices=[("a", STORED)], widget=forms.RadioSelect
        )
        self.fields["many"] = forms.MultipleChoiceField(
            label=STORED, choices=[("a", STORED)], widget=forms.CheckboxSelectMultiple
        )
        self.fields["agree"] = forms.BooleanField(label=STORED, required=False)
        self.fields["marked"] = forms.CharField(
            label=format_html("<strong>{}</strong>", STORED), required=False
        )
        self.helper.layout = Layout(
            Fieldset(
                "text",
                Field.radios("choice"),
                Field.checkboxes("many"),
                "agree",
                "marked",
                legend=STORED,
            )
        )


def _rendered(form) -> str:
    return render_crispy_form(form)


@pytest.mark.parametrize("bound", [False, True], ids=["blank", "with errors"])
def test_labels_hints_legends_and_choices_built_from_stored_text_are_escaped(bound):
    page = _rendered(_Form({"text": ""} if bound else None))
    assert "<script>" not in page
    assert "<b>bold</b>" not in page
    assert "8000007" not in page
    # text, radios (legend and hint), checkboxes, a checkbox, the fieldset legend, the choices
    assert page.count(ESCAPED) >= 8


def test_a_label_built_as_markup_on_purpose_stays_markup():
    page = _rendered(_Form())
    assert f"<strong>{ESCAPED}</strong>" in page
