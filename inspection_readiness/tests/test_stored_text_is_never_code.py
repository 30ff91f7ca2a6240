"""Stored text is only ever text: never a template, never markup.

Every free-text field a person can edit (in the service's forms, or data admins in the Django
admin) is filled with template syntax and a script; then every page reachable from the
dashboard is rendered as each role, and the self-evaluation and data pack PDFs are built. Each
field's text must come out literally somewhere, and nowhere may it run: a narrative that could
print ``{{ request.csp_nonce }}`` once let a staff member's script run as the manager who
moderated the audit.

A guard test makes every new text field on our models choose a side: shown to people (and then
in ``FREE_TEXT``) or not free text (``NOT_FREE_TEXT``, with why).
"""

import html
import io
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import Resolver404, resolve, reverse
from pypdf import PdfReader

# Rendered as a template, ``{{ 7|add:7770000 }}`` would print 7770007 and ``{% now "Y" %}`` the
# year; rendered as markup, the ``<script>`` would be an element, not text. (Not 8000007: that is
# inside Stockport's area code, E08000007, which the statistical neighbours page lists.)
EXECUTED_MARKERS = ("7770007", "<script>alert(")


def payload(tag: str) -> str:
    return f'{{{{ 7|add:7770000 }}}}{{% now "Y" %}}<script>alert("{tag}")</script>'


# model label -> fields a person can write (or that come from a council's file) and that pages,
# forms or PDFs show.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "frameworks.Framework": ("name", "inspectorate", "length", "description", "source"),
    "frameworks.Inspection": ("lead_inspector", "notes", "theme", "partner_inspectorates", "team"),
    "frameworks.GradeScale": ("name",),
    "frameworks.Grade": ("label", "description"),
    "frameworks.JudgementArea": ("name", "short_name", "description"),
    "frameworks.GradeDescriptor": ("note",),
    "frameworks.LimitingRule": ("statement", "evidence"),
    "frameworks.TimelineStep": ("name", "description", "user_note"),
    "frameworks.VisitKind": (
        "name",
        "plural_name",
        "summary",
        "notice",
        "on_site",
        "team",
        "produces",
        "pathway_note",
    ),
    "frameworks.SamplingRequirement": ("cohort", "note"),
    "annex_a.AnnexAImport": ("source_name", "failure_reason"),
    "annex_a.AnnexAVersion": ("source_name", "submission_reason"),
    "annex_a.Finding": ("column", "value"),
    "annex_a.CodeSynonym": ("spelling",),
    "casework.Child": ("allocated_team", "allocated_worker", "placement_la"),
    "casework.JourneyEvent": ("title", "detail"),
    "casework.CohortMember": ("reason", "swap_reason"),
    "casework.AuditTemplate": ("name", "description"),
    "casework.AuditSection": ("title", "prompts"),
    "casework.CaseAudit": ("summary", "sent_back_comment"),
    "casework.SectionGrade": ("narrative", "moderation_reason"),
    "retention.LegalHold": ("reason", "lift_reason"),
    "judgements.SelfEvaluation": ("title",),
    "judgements.AreaAssessment": (
        "rationale",
        "strengths",
        "areas_for_development",
        "areas_for_priority_action",
    ),
    "judgements.DescriptorCheck": ("characteristic", "note"),
    "judgements.EvidenceItem": ("title", "text", "link_label"),
    "judgements.Action": ("description", "owner"),
    "judgements.ReviewComment": ("text",),
    "judgements.AnnualSelfEvaluation": ("title", "what_we_know", "how_we_know", "plans"),
    "judgements.AnnualEvidence": ("label", "note"),
    "judgements.AnnualReviewComment": ("text",),
    "judgements.EngagementMeeting": ("attendees", "notes", "next_steps"),
    "datapack.Population": ("source",),
    "inspections.ChecklistTemplateItem": ("title",),
    "inspections.ChecklistItem": ("title",),
    "inspections.InspectorRequest": ("inspector", "asked", "answer"),
    "inspections.KeepInTouchNote": ("notes",),
    "inspections.FeedbackPoint": ("text",),
    "auth.User": ("first_name", "last_name"),
}

# Text fields that are not free text, or that no page shows as they are stored.
NOT_FREE_TEXT: dict[str, tuple[str, ...]] = {
    # codes and identifiers the code looks things up by; checked on the way in
    "frameworks.Framework": ("short_name", "family", "pathway_indicator"),
    "frameworks.GradeScale": ("code", "source"),
    "frameworks.Grade": ("code", "source"),
    "frameworks.JudgementArea": ("code", "kind", "source"),
    "frameworks.GradeDescriptor": ("characteristics", "source"),  # copied into DescriptorCheck
    "frameworks.LimitingRule": ("code", "kind", "parameters", "source"),
    "frameworks.TimelineStep": ("code", "unit", "source", "entered_as", "roll"),
    # focus_areas are offered as radio choices, which are always escaped
    "frameworks.VisitKind": ("code", "asks_for", "focus_areas", "pathway_grades", "source"),
    "frameworks.SamplingRequirement": ("code", "comparison", "source"),
    "frameworks.Inspection": ("status", "focus_area"),  # focus_area: one of the kind's own
    "inspection_readiness.Council": ("name", "code", "region"),  # from settings and DfE's data
    "inspection_readiness.Job": ("kind", "status", "parameters", "message", "result_name", "error"),
    # the directory's identifiers for a person, set at sign-in and never shown as text
    "inspection_readiness.DirectoryAccount": ("issuer", "subject"),
    "annex_a.AnnexAImport": ("source_sha256", "spec_version", "status", "counts"),
    "annex_a.AnnexAVersion": ("source_sha256", "spec_version", "row_counts"),
    "annex_a.AnnexARow": ("child_id", "row_key", "row_hash", "data"),  # shown through Child
    "annex_a.Finding": ("sheet", "column_letter", "rule", "severity", "message", "code_set"),
    "annex_a.CodeSynonym": ("code_set", "normalised", "code"),
    # Child IDs come from the file and appear in addresses; Annex A's rules check their shape.
    "casework.Child": (
        "child_id",
        "gender",
        "ethnicity",
        "age_band",
        "disability",
        "threshold",
        "thresholds",
        "placement_type",
        "placement_group",
        "flags",
    ),
    "casework.JourneyEvent": ("kind",),
    "casework.CohortSelection": ("targets", "shortfalls"),
    "casework.CohortMember": ("cohort", "threshold", "age_band"),
    "casework.InspectorChoice": ("chosen_id",),
    "casework.AuditTemplate": ("code", "source"),
    "casework.AuditSection": ("code", "themes"),
    "casework.CaseAudit": ("status",),
    "casework.SectionGrade": ("themes",),
    "judgements.SelfEvaluation": ("status",),
    "judgements.DescriptorCheck": ("grade_label", "judgement"),
    "judgements.EvidenceItem": (
        "kind",
        "original_filename",
        "file_type",
        "link_kind",
        "link_address",
    ),
    "judgements.Action": ("status", "tags"),
    # national framework codes, shown through their names in frameworks/national_framework.yaml
    "judgements.AreaAssessment": ("strengths_tags", "development_tags"),
    "judgements.AnnualSelfEvaluation": ("status",),
    "judgements.AnnualEvidence": ("question", "link_kind", "address"),
    "judgements.EngagementMeeting": ("tags",),
    "datapack.DataPack": ("results", "charts"),
    # source: written by load_shipped_outcomes from the shipped files, for the shipped set only.
    "datapack.OutcomesUpload": ("file_name", "sha256", "source"),
    "datapack.PublishedJudgement": (
        "area_code",
        "name",
        "region",
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    ),
    "datapack.ComparisonGroup": ("own_area_code", "neighbour_area_codes"),
    # The DfE's published extract, shipped with the code and loaded by migration or by the
    # load_dfe_comparators command: no one edits it in the service.
    "datapack.PublishedAuthority": ("area_code", "la_number", "name", "region", "neighbours"),
    "datapack.PublishedFigure": ("series", "level", "area", "area_code", "name", "text"),
    # counts and ids of what a disposal removed, written by the service
    "retention.Disposal": ("counts", "removed_ids"),
    "inspections.StepProgress": ("step_code",),  # a timeline step's code from the fixtures
    "inspections.ChecklistTemplateItem": ("visit_kind_code",),
    "inspections.ChecklistItem": ("status",),
    # links: records chosen from the picker, shown through their own labels
    "inspections.InspectorRequest": ("status", "original_filename", "file_type", "links"),
    "inspections.FeedbackPoint": ("kind", "national_tags"),
    # written by the service from fixed words: a kind's code, a subject naming no one's own
    # text, a link path and a reminder's item key
    "notifications.SwitchedOff": ("kind",),
    "notifications.SentEmail": ("kind", "subject", "link", "reminder_key"),
}

OUR_APPS = (
    "inspection_readiness",
    "frameworks",
    "annex_a",
    "casework",
    "judgements",
    "datapack",
    "retention",
    "inspections",
    "transparency",
    "notifications",
)
# Addresses not crawled: they change state on GET-less forms, stream files, or answer JSON.
SKIPPED = re.compile(r"/(download|export|status|autosave|sign-out)/?$|^/admin/(logout|jsi18n)")
PER_ROUTE = 2


def _text_fields(model: type[models.Model]) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not isinstance(field, models.FileField)
    }


def test_every_app_of_ours_is_checked():
    """A new app must join OUR_APPS, so its text fields are classified and crawled too."""
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and ".venv" not in Path(config.path).parts
    }
    assert ours == set(OUR_APPS)


def test_every_text_field_is_classified():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label
            fields = _text_fields(model)
            classified = set(FREE_TEXT.get(label, ())) | set(NOT_FREE_TEXT.get(label, ()))
            assert fields <= classified, (
                f"{label}: classify {sorted(fields - classified)} in FREE_TEXT or NOT_FREE_TEXT"
            )
            assert classified <= fields, f"{label}: {sorted(classified - fields)} do not exist"


def _fill_free_text() -> dict[str, str]:
    """Write a tagged payload into every free-text field of every row; return tag -> field."""
    tags = {}
    for label, field_names in FREE_TEXT.items():
        model = apps.get_model(label)
        for field_name in field_names:
            tag = f"{model._meta.model_name}-{field_name}".replace("_", "-")
            text = payload(tag)
            assert len(text) <= (model._meta.get_field(field_name).max_length or len(text))
            model.objects.update(**{field_name: text})
            tags[tag] = f"{label}.{field_name}"
    return tags


def _prepare_pages_that_show_everything(admin, manager, staff) -> None:
    """States the demo lacks, so every field has a page: a CAA self-evaluation (its band rule),
    a self-evaluation returned with comments and with an action, written evidence, and a child
    swapped out of a cohort with a reason. (The demo's moderator already changed a grade.)"""
    from django.utils import timezone

    from annex_a.models import AnnexAImport, AnnexAVersion, CodeSynonym, Finding
    from annex_a.queries import latest_version
    from casework import services as casework_services
    from casework.models import CohortMember
    from frameworks.models import Framework
    from judgements import services as judgement_services
    from judgements.models import AreaAssessment, EvidenceItem, SelfEvaluation

    judgement_services.start_self_evaluation(
        framework=Framework.objects.get(short_name="CAA"),
        inspection=None,
        title="CAA rehearsal",
        started_by=manager,
    )
    self_evaluation = SelfEvaluation.objects.get(title__startswith="Demo")
    assessment = AreaAssessment.objects.filter(self_evaluation=self_evaluation).first()
    judgement_services.add_action(
        assessment=assessment,
        fields=judgement_services.ActionFields(
            description="Act", owner="Head of Service", due_on=timezone.localdate()
        ),
        added_by=staff,
    )
    judgement_services.add_evidence(
        assessment=assessment,
        kind=EvidenceItem.Kind.TEXT,
        title="Note",
        text="Text",
        added_by=staff,
    )
    SelfEvaluation.objects.filter(pk=self_evaluation.pk).update(
        status=SelfEvaluation.Status.SUBMITTED
    )
    judgement_services.return_self_evaluation(
        self_evaluation=self_evaluation, returned_by=manager, comments={assessment: "Say more"}
    )
    # The annual self-evaluation, returned with a comment, a linked record and a meeting.
    from judgements import annual, links
    from judgements.models import EngagementMeeting

    yearly = annual.start_annual(covers_to=timezone.localdate(), started_by=staff)
    annual.save_answers(
        annual=yearly,
        expected_version=yearly.version,
        answers={"know": "Know", "how": "How", "plans": "Plans"},
        saved_by=staff,
    )
    annual.add_evidence(
        annual=yearly,
        question_code="how",
        chosen=links.resolve(links.record_choices()[0][1][0][0]),
        note="Shows it",
        added_by=staff,
    )
    annual.submit_annual(annual=yearly, submitted_by=staff)
    annual.return_annual(annual=yearly, returned_by=manager, comment="More")
    annual.record_meeting(
        fields=annual.MeetingFields(held_on=timezone.localdate(), annual=yearly), recorded_by=staff
    )
    assert EngagementMeeting.objects.exists()

    # A real inspection recorded from the call: its checklist, a request answered, a day's notes
    # and a point of feedback.
    from inspections import services as inspection_services

    real = inspection_services.record_notification(
        actor=manager,
        framework=Framework.objects.get(short_name="ILACS 2026"),
        visit_kind_code="short",
        notified_at=timezone.now(),
        lead_inspector="Lead",
    )
    request = inspection_services.log_request(
        actor=manager,
        inspection=real,
        inspector="HMI",
        asked="Asked",
        owner=staff,
        due_at=timezone.now(),
    )
    inspection_services.answer_request(actor=staff, request=request, answer="Answered")
    inspection_services.record_keep_in_touch(
        actor=manager, inspection=real, day=timezone.localdate(), notes="Notes"
    )
    inspection_services.record_feedback_point(
        actor=manager,
        inspection=real,
        day=timezone.localdate(),
        kind="strength",
        text="Strength",
        judgement_area=None,
        national_tags=["outcome-1"],
    )

    member = CohortMember.objects.filter(swapped_out_at__isnull=True, cohort="tracked").first()
    casework_services.swap_cohort_member(member=member, reason="Moved away", swapped_by=manager)

    # A case audit sent back to its auditor with a comment (shown on the audit while in progress).
    from casework.models import CaseAudit

    CaseAudit.objects.filter(
        pk=CaseAudit.objects.exclude(status=CaseAudit.Status.MODERATED).first().pk
    ).update(
        status=CaseAudit.Status.DRAFT,
        sent_back_comment="Say more",
        sent_back_by=manager,
        sent_back_at=timezone.now(),
    )

    # Annex A: a failed upload with findings, a council spelling, and a submitted version.
    upload = AnnexAImport.objects.order_by("pk").first()
    for status, name in (
        (AnnexAImport.Status.FAILED, "failed.xlsx"),
        (AnnexAImport.Status.HAS_ERRORS, "errors.xlsx"),
    ):
        AnnexAImport.objects.create(
            council=upload.council,
            source=upload.source.name,
            source_name=name,
            source_sha256=upload.source_sha256,
            source_size=upload.source_size,
            as_at=upload.as_at,
            uploaded_by=admin,
            uploaded_at=timezone.now(),
            checked_at=timezone.now(),
            status=status,
            error_count=1,
            failure_reason="It failed",
        )
    Finding.objects.create(
        annex_a_import=AnnexAImport.objects.get(source_name="errors.xlsx"),
        list_number=1,
        sheet="List 1",
        row=3,
        column="Gender",
        column_letter="C",
        value="1 - Male",
        rule="AA05",
        severity="error",
        message="Fix it",
    )
    CodeSynonym.objects.create(
        council=upload.council,
        code_set="gender",
        spelling="M",
        normalised="m",
        code="a) Male",
        created_by=admin,
    )
    AnnexAVersion.objects.filter(pk=latest_version().pk).update(
        submitted_at=timezone.now(), submitted_by=manager, submission_reason="Sent"
    )

    # A legal hold lifted and one in place, for the legal holds page.
    from frameworks.models import Inspection
    from retention import services as retention_services

    held = Inspection.objects.first()
    lifted = retention_services.place_legal_hold(inspection=held, reason="R", placed_by=manager)
    retention_services.lift_legal_hold(hold=lifted, reason="Settled", lifted_by=manager)
    retention_services.place_legal_hold(inspection=held, reason="R", placed_by=manager)


def _pages_a_crawl_might_miss() -> list[str]:
    """Addresses to start from, so that a page showing a rare state is always rendered."""
    from annex_a.models import AnnexAImport
    from casework.models import CaseAudit, Child

    moderated = CaseAudit.objects.filter(status=CaseAudit.Status.MODERATED).first()
    in_care = Child.objects.exclude(placement_la="").exclude(placement_type="").first()
    return [
        moderated.get_absolute_url(),
        CaseAudit.objects.filter(sent_back_at__isnull=False).first().get_absolute_url(),
        reverse("casework:child", args=[in_care.child_id]),
        # Findings are grouped; each one's value shows in the rows behind its group.
        AnnexAImport.objects.get(source_name="errors.xlsx").get_absolute_url() + "?rows=1",
        AnnexAImport.objects.get(source_name="failed.xlsx").get_absolute_url(),
    ]


def _crawl(client, starts: list[str]) -> dict[str, str]:
    """GET every address reachable from ``starts`` (at most PER_ROUTE per route); page -> HTML."""
    seen_routes: dict[str, int] = defaultdict(int)
    queue, visited, pages = list(starts), set(), {}
    while queue:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.add(path)
        try:
            route = resolve(urlsplit(path).path).route
        except Resolver404:
            continue
        if seen_routes[route] >= PER_ROUTE:
            continue
        seen_routes[route] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            continue
        content = response.content.decode()
        pages[path] = content
        for href in re.findall(r'href="([^"#]+)', content):
            target = urlsplit(html.unescape(href))
            if target.netloc or not target.path.startswith("/") or SKIPPED.search(target.path):
                continue
            if target.path.startswith("/static/"):
                continue
            queue.append(target.path)
    return pages


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_never_executed(where: str, text: str) -> None:
    for marker in EXECUTED_MARKERS:
        assert marker not in text, f"stored text ran in {where}: found {marker!r}"


@pytest.mark.django_db
def test_stored_text_is_shown_literally_on_every_page_and_pdf(client, settings):
    from annex_a.queries import latest_version
    from datapack.services import build_data_pack
    from inspection_readiness.demo import load_demo
    from judgements.models import SelfEvaluation
    from judgements.reports import render_pdf, report_html

    load_demo()
    people = {user.username: user for user in get_user_model().objects.all()}
    _prepare_pages_that_show_everything(people["admin"], people["manager"], people["staff"])
    starts = ["/", *_pages_a_crawl_might_miss()]
    tags = _fill_free_text()

    shown: set[str] = set()
    tag_pattern = re.compile(r'alert\("([a-z-]+)"\)')
    for username in ("staff", "manager", "admin"):
        client.force_login(get_user_model().objects.get(username=username))
        for path, content in _crawl(client, starts).items():
            _assert_never_executed(f"{path} as {username}", content)
            literal = html.unescape(content)
            for tag in tag_pattern.findall(literal):
                if payload(tag) in literal:
                    shown.add(tag)

    pdfs = {
        f"self-evaluation {se.pk} PDF": render_pdf(report_html(se))
        for se in SelfEvaluation.objects.all()
    }
    pack = build_data_pack(version=latest_version(), built_by=people["admin"])
    pdfs["data pack PDF"] = pack.pdf.read()
    for where, content in pdfs.items():
        text = _squeezed(_pdf_text(content))
        # A PDF holds no markup to run: the script tag shows as text. Only a template can run.
        assert "7770007" not in text, f"stored text ran as a template in {where}"
        for tag in tags:
            if _squeezed(payload(tag)) in text:
                shown.add(tag)

    not_shown = sorted(tags[tag] for tag in set(tags) - shown)
    assert not not_shown, (
        f"these fields were never shown, so this test cannot vouch for them: {not_shown}"
    )
