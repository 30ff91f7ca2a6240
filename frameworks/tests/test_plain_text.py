"""Research notes never reach a page: no GAP, no source keys, no confidence marks, no
"provisional rule". Every framework page, the comparison and every kind of rehearsal page are
rendered and searched."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frameworks.models import Framework, Inspection, VisitKind
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

pytestmark = pytest.mark.django_db
CALL = datetime(2026, 5, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))

RESEARCH_NOTES = [
    re.compile(r"\bGAPs?\b"),
    re.compile(r"low confidence", re.IGNORECASE),
    re.compile(r"provisional rule", re.IGNORECASE),
    re.compile(r"\((high|medium|low|unverified)[^)]*\)", re.IGNORECASE),
    re.compile(r"\[[A-Z]\d+\]"),  # source keys such as [S4]
    re.compile(r"Source keys|Sources?:", re.IGNORECASE),
    re.compile(r"\b[GLSCAJUD]\d{1,2}\b[;,] ?\b[GLSCAJUD]\d{1,2}\b"),  # "G1, L3" and "S4; S5"
    re.compile(r"frameworks\.md|research notes", re.IGNORECASE),
]


def assert_plain(page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", page)
    found = [
        text[max(match.start() - 60, 0) : match.end() + 20]
        for pattern in RESEARCH_NOTES
        if (match := pattern.search(text))
    ]
    assert not found, found


def test_every_framework_page_is_free_of_research_notes(client_with_role):
    client = client_with_role(Role.PREPARATION_STAFF)
    for framework in Framework.objects.all():
        response = client.get(reverse("frameworks:framework_detail", args=[framework.short_name]))
        assert response.status_code == 200
        assert_plain(response.content.decode())


@pytest.mark.parametrize(("left", "right"), [("SIF", "ILACS"), ("ILACS", "ILACS 2026")])
def test_the_comparison_is_free_of_research_notes(client_with_role, left, right):
    page = client_with_role(Role.MANAGER).get(
        reverse("frameworks:compare"), {"left": left, "right": right}
    )
    assert_plain(page.content.decode())


def test_every_kind_of_rehearsal_page_is_free_of_research_notes(client_with_role):
    client = client_with_role(Role.MANAGER)
    for kind in VisitKind.objects.select_related("framework"):
        inspection = Inspection.objects.create(
            council=current_council(),
            framework=kind.framework,
            visit_kind=kind,
            notified_at=CALL,
            is_rehearsal=True,
        )
        page = client.get(inspection.get_absolute_url())
        assert page.status_code == 200
        assert_plain(page.content.decode())
