"""Pages for mapping council spellings to Ofsted codes: every spelling of an upload on one
screen, and the council's mappings exported and brought in as CSV. Data admins only."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from inspection_readiness.audit import Access, record_access
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role, require_role

from . import spelling_services
from .models import CodeSynonym
from .queries import existing_mappings, get_import, spelling_groups
from .spelling_forms import MappingsFileForm, SpellingsForm
from .spellings import SpellingMapping, changes, code_set_names, mappings_csv, read_mappings_csv

# The confirmed rows travel back signed, so what is applied is exactly what was shown.
CONFIRM_SALT = "annex_a.spelling_mappings"
CONFIRM_MAX_AGE_SECONDS = 60 * 60


@require_role(Role.DATA_ADMIN)
def map_spellings(request: HttpRequest, pk: int) -> HttpResponse:
    annex_a_import = get_import(pk)
    groups = spelling_groups(annex_a_import)
    form = SpellingsForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            job = spelling_services.map_spellings_and_check_again(
                annex_a_import=annex_a_import, mappings=form.mappings(), mapped_by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Mappings saved. The file is being checked again.")
            return redirect(job.subject)
    return render(
        request,
        "annex_a/map_spellings.html",
        {
            "annex_a_import": annex_a_import,
            "form": form,
            "names": code_set_names(),
            "proposed": sum(1 for group in groups if group.proposal),
        },
    )


@require_role(Role.DATA_ADMIN)
def synonyms(request: HttpRequest) -> HttpResponse:
    names = code_set_names()
    mapped = CodeSynonym.objects.filter(council=current_council()).select_related("created_by")
    return render(
        request,
        "annex_a/synonyms.html",
        {"synonyms": [(synonym, names.get(synonym.code_set, "")) for synonym in mapped]},
    )


@require_role(Role.DATA_ADMIN)
def synonyms_csv(request: HttpRequest) -> HttpResponse:
    council = current_council()
    synonyms = CodeSynonym.objects.filter(council=council).values_list(
        "code_set", "spelling", "code"
    )
    record_access(
        actor=request.user,
        obj=council,
        access=Access.DOWNLOADED,
        description="Council's mappings of spellings to Ofsted codes downloaded",
        file_name="spelling-mappings.csv",
    )
    response = HttpResponse(
        "\ufeff" + mappings_csv(synonyms), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="spelling-mappings.csv"'
    return response


@require_role(Role.DATA_ADMIN)
def synonyms_import(request: HttpRequest) -> HttpResponse:
    """Upload a mappings file; see each bad row and what the good ones will change; confirm."""
    council = current_council()
    if request.method == "POST" and "confirm" in request.POST:
        try:
            rows = signing.loads(
                request.POST["confirm"], salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_SECONDS
            )
        except signing.BadSignature:
            messages.error(request, "That check has expired. Upload the file again.")
            return redirect("annex_a:synonyms_import")
        count = spelling_services.import_mappings(
            council=council,
            mappings=[SpellingMapping(*row) for row in rows],
            imported_by=request.user,
        )
        messages.success(request, f"{count:,} mapping{'s' if count != 1 else ''} added or changed.")
        return redirect("annex_a:synonyms")
    form = MappingsFileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {"form": form, "checked": False}
    if request.method == "POST" and form.is_valid():
        good, problems = read_mappings_csv(form.cleaned_data["source"])
        planned = changes(good, existing_mappings(council))
        to_apply = [mapping for mapping, change in planned if change != "unchanged"]
        names = code_set_names()
        context.update(
            checked=True,
            problems=problems,
            planned=[(m, change, names.get(m.code_set, m.code_set)) for m, change in planned],
            to_apply=len(to_apply),
            confirm=signing.dumps(
                [[m.code_set, m.spelling, m.code] for m in to_apply], salt=CONFIRM_SALT
            ),
        )
    return render(request, "annex_a/synonyms_import.html", context)
