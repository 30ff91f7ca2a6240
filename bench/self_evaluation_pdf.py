"""Time the PDF report of a complete ILACS self-evaluation with 100 evidence items (prints, never
asserts).

It builds the self-evaluation through the same services the pages use: every judgement graded
with a rationale, strengths and areas for development, every descriptor answered, two actions
per judgement, and the evidence spread over the judgements (written, linked and uploaded). Then
it builds the report several times, as the background job does, and prints the time to render
the HTML, to lay out the PDF, and the whole build, with the page count and size.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/ir_bench_judgements \\
      .venv/bin/python bench/self_evaluation_pdf.py [--evidence 100] [--runs 3]
(the database is created and migrated if needed; the bench self-evaluation is deleted after).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from datetime import timedelta

from _setup import ensure_database, setup_django

PARAGRAPH = (
    "Leaders use audit and performance data well; practice is improving but not yet consistent "
    "across teams, and management oversight is not always recorded. "
)


def build_self_evaluation(evidence_count: int):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from frameworks.models import Framework, Grade
    from inspection_readiness.roles import Role
    from judgements import services
    from judgements.models import AreaAssessment, DescriptorCheck, EvidenceItem

    person, _ = get_user_model().objects.get_or_create(
        username="bench-staff", defaults={"first_name": "Bench", "last_name": "Runner"}
    )
    person.groups.add(Role.PREPARATION_STAFF.group())
    self_evaluation = services.start_self_evaluation(
        framework=Framework.objects.get(short_name="ILACS"),
        started_by=person,
        title="Bench ILACS self-evaluation",
    )
    areas = list(
        AreaAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("area__scale", "self_evaluation__framework")
        .order_by("order")
    )
    for assessment in areas:
        checks = DescriptorCheck.objects.filter(area_assessment=assessment)
        services.save_area(
            assessment=assessment,
            expected_version=assessment.version,
            changes=services.AreaChanges(
                proposed_grade=Grade.objects.get(scale=assessment.area.scale, code="good"),
                rationale=PARAGRAPH * 4,
                strengths=PARAGRAPH * 2,
                areas_for_development=PARAGRAPH * 2,
                checks={check.pk: ("partly_meets", "Seen in the March audit.") for check in checks},
            ),
            saved_by=person,
        )
        for number in range(2):
            services.add_action(
                assessment=assessment,
                fields=services.ActionFields(
                    description=f"Action {number + 1}: {PARAGRAPH}",
                    owner="Head of Service",
                    due_on=timezone.localdate() + timedelta(weeks=4 * (number + 1)),
                ),
                added_by=person,
            )
    for number in range(evidence_count):
        assessment = areas[number % len(areas)]
        kind = ("text", "text", "text", "link", "file")[number % 5]
        common = {"assessment": assessment, "title": f"Evidence item {number + 1}"}
        if kind == "text":
            services.add_evidence(**common, kind=kind, text=PARAGRAPH * 2, added_by=person)
        elif kind == "link":
            services.add_evidence(
                **common,
                kind=kind,
                link_kind=EvidenceItem.LinkKind.DATA_PACK_MEASURE,
                link_label=f"Measure {number}: re-referrals within 12 months",
                added_by=person,
            )
        else:
            upload = SimpleUploadedFile(f"audit-{number}.pdf", b"%PDF-1.4\n%%EOF\n")
            services.add_evidence(**common, kind=kind, upload=upload, added_by=person)
    return self_evaluation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--evidence", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    setup_django()
    ensure_database()
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step
    from pypdf import PdfReader

    from judgements import reports
    from judgements.queries import report_data

    started = time.perf_counter()
    self_evaluation = build_self_evaluation(options.evidence)
    print(
        f"Built an ILACS self-evaluation with {options.evidence} evidence items in "
        f"{time.perf_counter() - started:.1f} s"
    )
    reports.render_pdf("<html lang='en-GB'><title>warm-up</title><p>x</p></html>")

    html_times, pdf_times, total_times = [], [], []
    pdf = b""
    for _ in range(options.runs):
        started = time.perf_counter()
        html = reports.report_html(self_evaluation, report_data(self_evaluation))
        html_done = time.perf_counter()
        pdf = reports.render_pdf(html)
        pdf_done = time.perf_counter()
        html_times.append(html_done - started)
        pdf_times.append(pdf_done - html_done)
        started = time.perf_counter()
        reports.build_report(self_evaluation, lambda percent, message: None)
        total_times.append(time.perf_counter() - started)

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"PDF: {pages} pages, {len(pdf) / 1024:.0f} KB ({reports.PDF_VARIANT}, tagged)")
    print(f"Read and render HTML: median {statistics.median(html_times):.2f} s")
    print(f"Lay out the PDF:      median {statistics.median(pdf_times):.2f} s")
    print(
        f"Whole build (job):    median {statistics.median(total_times):.2f} s, "
        f"min {min(total_times):.2f} s over {options.runs} runs"
    )
    self_evaluation.delete()


if __name__ == "__main__":
    main()
