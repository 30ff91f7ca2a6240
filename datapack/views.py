"""Data pack pages. Each view authorises, binds a form, calls one service or query, renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annex_a.queries import get_version, versions_for_council
from inspection_readiness.audit import Access, record_access
from inspection_readiness.downloads import child_data_response
from inspection_readiness.jobs import latest_job
from inspection_readiness.models import Job
from inspection_readiness.roles import ALL_ROLES, Role, require_role, user_has_role

from . import services
from .forms import ComparisonGroupForm, OutcomesUploadForm, OwnAuthorityForm, PopulationForm
from .frames import load_lists
from .measures import AREAS, AREAS_BY_KEY, drill_down
from .outcomes import OutcomesFileProblem
from .presenting import ChildRows, date_headings
from .queries import (
    UnknownAuthority,
    area_sections,
    comparison_group,
    comparison_words,
    current_outcomes,
    current_population,
    get_pack,
    headline_groups,
    headlines,
    latest_pack,
    own_authority,
    published_authority_names,
    published_judgements,
    shipped_outcomes,
)

DATA_ADMIN = (Role.DATA_ADMIN,)
# The children behind each count are child-level data: managers and data admins only. Staff
# see the pack's figures without the links.
CHILD_LEVEL = (Role.MANAGER, Role.DATA_ADMIN)
CHILDREN_PER_PAGE = 100


def _version_status(version) -> dict:
    pack = latest_pack(version)
    job = latest_job(services.BUILD_JOB, version)
    newer_than_pack = job is not None and (pack is None or job.created_at > pack.built_at)
    return {
        "version": version,
        "pack": pack,
        "job": job if job and not job.is_finished else None,
        "failed": job if newer_than_pack and job.status == Job.Status.FAILED else None,
    }


@require_role(*ALL_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    statuses = [_version_status(version) for version in versions_for_council()[:10]]
    running = next((status["job"] for status in statuses if status["job"]), None)
    return render(
        request,
        "datapack/index.html",
        {
            "latest": statuses[0] if statuses else None,
            "earlier": statuses[1:],
            "running": running,
            "can_build": user_has_role(request.user, DATA_ADMIN),
            "population": current_population(),
            "outcomes": current_outcomes(),
            "shipped_outcomes": shipped_outcomes(),
            "group": comparison_group(),
            "authority": own_authority(),
        },
    )


@require_POST
@require_role(*DATA_ADMIN)
def build(request: HttpRequest, version_pk: int) -> HttpResponse:
    version = get_version(version_pk)
    services.request_pack_build(version=version, requested_by=request.user)
    messages.success(request, f"Building the data pack from version {version.number}.")
    return redirect("datapack:index")


def _pack_context(pack, **extra) -> dict:
    return {
        "pack": pack,
        "results": pack.results,
        "areas": AREAS,
        "has_comparison": bool(pack.results.get("comparison")),
        "compared_with": comparison_words(pack.results),
        **extra,
    }


@require_role(*ALL_ROLES)
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    data_pack = get_pack(pk)
    sections = area_sections(data_pack.results, {})
    return render(
        request,
        "datapack/pack.html",
        _pack_context(
            data_pack,
            sections=sections,
            summary=services.pack_summary(data_pack.version, data_pack.results, data_pack.built_at),
            headline_groups=headline_groups(headlines(data_pack.results)),
            can_choose_council=user_has_role(request.user, DATA_ADMIN),
            can_see_children=user_has_role(request.user, CHILD_LEVEL),
        ),
    )


@require_role(*ALL_ROLES)
def area(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    data_pack = get_pack(pk)
    chosen = AREAS_BY_KEY.get(area)
    if chosen is None:
        raise Http404("No such area of the pack.")
    (section,) = area_sections(data_pack.results, data_pack.charts, (chosen,))
    return render(
        request,
        "datapack/area.html",
        _pack_context(
            data_pack,
            section=section,
            current=chosen.key,
            can_see_children=user_has_role(request.user, CHILD_LEVEL),
        ),
    )


@require_role(*ALL_ROLES)
def how_we_compare(request: HttpRequest, pk: int) -> HttpResponse:
    data_pack = get_pack(pk)
    return render(
        request,
        "datapack/how_we_compare.html",
        _pack_context(data_pack, comparison=data_pack.results.get("comparison"), current="compare"),
    )


@require_role(*CHILD_LEVEL)
def children(request: HttpRequest, pk: int) -> HttpResponse:
    data_pack = get_pack(pk)
    measure_key = request.GET.get("measure", "")
    breakdown_key = request.GET.get("breakdown", "")
    if not measure_key and not breakdown_key:
        raise Http404("Choose a count to see the children behind it.")
    # The children behind a count, by the standards the pack was built with.
    lists = services.apply_standards(
        load_lists(data_pack.version, numbers=()), data_pack.results.get("standards")
    )
    try:
        found = drill_down(
            lists,
            measure_key=measure_key,
            breakdown_key=breakdown_key,
            category=request.GET.get("category", ""),
        )
    except KeyError:
        raise Http404("No such count in the data pack.") from None
    rows = ChildRows(found)
    page = Paginator(rows, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    record_access(
        actor=request.user,
        obj=data_pack.version,
        access=Access.VIEWED,
        description=f"Viewed the children behind '{found.title}' in the Day 1 data pack.",
        details={"data_pack": data_pack.pk, "children": len(rows)},
    )
    return render(
        request,
        "datapack/children.html",
        _pack_context(
            data_pack,
            found=found,
            page=page,
            total=len(rows),
            headings=date_headings(found),
            area_key=found.area,
            area_title=AREAS_BY_KEY[found.area].title,
        ),
    )


@require_role(*ALL_ROLES)
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    data_pack = get_pack(pk)
    if kind not in ("xlsx", "pdf"):
        raise Http404("No such file.")
    stored = data_pack.xlsx if kind == "xlsx" else data_pack.pdf
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: no file was ever attached
        messages.error(
            request,
            f"The {kind.upper()} file of this pack is missing from storage. Build the pack "
            "again to make a new one.",
        )
        return redirect(data_pack)
    return child_data_response(
        request,
        obj=data_pack,
        file=handle,
        filename=stored.name.rsplit("/", 1)[-1],
        what=f"Day 1 data pack {kind.upper()} downloaded",
    )


@require_role(*DATA_ADMIN)
def population(request: HttpRequest) -> HttpResponse:
    current = current_population()
    form = PopulationForm(
        data=request.POST if request.method == "POST" else None,
        initial={"children": current.children, "source": current.source, "year": current.year}
        if current and not current.is_demo
        else None,
    )
    if request.method == "POST" and form.is_valid():
        services.record_population(**form.cleaned_data, entered_by=request.user)
        messages.success(request, "Saved. Build the pack again to use the new population.")
        return redirect("datapack:index")
    return render(request, "datapack/population.html", {"form": form, "current": current})


@require_role(*DATA_ADMIN)
def outcomes_upload(request: HttpRequest) -> HttpResponse:
    form = OutcomesUploadForm(
        data=request.POST if request.method == "POST" else None,
        files=request.FILES if request.method == "POST" else None,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["source"]
        try:
            services.import_outcomes(
                content=upload.read(), file_name=upload.name, uploaded_by=request.user
            )
        except OutcomesFileProblem as problem:
            problems = problem.problems
            form.add_error("source", "The file was not uploaded: fix the problems listed")
        else:
            messages.success(request, "Uploaded Ofsted's outcomes. Now choose the neighbours.")
            return redirect("datapack:neighbours")
    return render(
        request,
        "datapack/outcomes.html",
        {
            "form": form,
            "problems": problems,
            "current": current_outcomes(),
            "shipped": shipped_outcomes(),
        },
    )


@require_role(*DATA_ADMIN)
def neighbours(request: HttpRequest) -> HttpResponse:
    choices = [
        (record.area_code, f"{record.name} ({record.region})") for record in published_judgements()
    ]
    if not choices:
        messages.error(request, "Load or upload Ofsted's outcomes first.")
        return redirect("datapack:outcomes")
    group = comparison_group()
    form = ComparisonGroupForm(
        data=request.POST if request.method == "POST" else None,
        choices=choices,
        initial={
            "own_area_code": group.own_area_code,
            "neighbour_area_codes": group.neighbour_area_codes,
        }
        if group
        else None,
    )
    if request.method == "POST" and form.is_valid():
        services.choose_comparison_group(
            own_area_code=form.cleaned_data["own_area_code"],
            neighbour_area_codes=form.cleaned_data["neighbour_area_codes"],
            chosen_by=request.user,
        )
        messages.success(request, "Saved. Build the pack again to include the comparison.")
        return redirect(reverse("datapack:index"))
    return render(request, "datapack/neighbours.html", {"form": form})


@require_role(*DATA_ADMIN)
def council(request: HttpRequest) -> HttpResponse:
    form = OwnAuthorityForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_own_authority(
                authority=form.cleaned_data["authority"], chosen_by=request.user
            )
        except UnknownAuthority as problem:
            form.add_error("authority", str(problem))
        else:
            messages.success(request, "Saved. Build the pack again to include the comparison.")
            return redirect("datapack:index")
    return render(
        request,
        "datapack/council.html",
        {"form": form, "current": own_authority(), "names": published_authority_names()},
    )
