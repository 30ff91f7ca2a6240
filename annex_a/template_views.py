"""The template an upload's lists are read as: shown per list on the import's page, and changed
here by a data admin, which checks the kept file again (as a new version once imported)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from inspection_readiness.forms import GovukFormMixin
from inspection_readiness.roles import Role, require_role

from .layouts import describe
from .models import AnnexAImport
from .queries import get_import
from .spec import TEMPLATE_CHOICES, load_spec
from .template_choice import read_as_template


class TemplateForm(GovukFormMixin, forms.Form):
    submit_label = "Check the file again with this template"

    spec_version = forms.ChoiceField(
        label="Read the lists as",
        choices=TEMPLATE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the template to read the lists as",
            "invalid_choice": "Select one of the templates",
        },
    )


def list_templates(annex_a_import: AnnexAImport) -> list[dict]:
    """Each list found in the file, with the template its headers follow, in words (none for
    a file checked before the service recognised templates)."""
    spec = load_spec(annex_a_import.read_as)
    return [
        {
            "title": spec.list(int(number)).title,
            "template": describe(int(number), tally.get("template")),
        }
        for number, tally in sorted(annex_a_import.counts.items(), key=lambda item: int(item[0]))
        if number != "0" and tally.get("found") and "template" in tally
    ]


@require_role(Role.DATA_ADMIN)
def change_template(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    form = TemplateForm(
        request.POST if request.method == "POST" else None,
        initial={"spec_version": annex_a_import.spec_version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = read_as_template(
                annex_a_import=annex_a_import,
                spec_version=form.cleaned_data["spec_version"],
                requested_by=request.user,
            )
        except ValidationError as error:
            form.add_error("spec_version", error.messages[0])
        else:
            messages.success(request, "The file is being checked again with that template.")
            return redirect(job.subject)
    return render(
        request,
        "annex_a/change_template.html",
        {
            "annex_a_import": annex_a_import,
            "form": form,
            "list_templates": list_templates(annex_a_import),
        },
    )
