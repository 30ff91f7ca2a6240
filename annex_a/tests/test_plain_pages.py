"""The findings page names lists and columns as people do: each list by its name, each column
as the council's file names it, and never one of our internal keys."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from annex_a import services
from annex_a.spec import load_spec

from .conftest import AS_AT

pytestmark = pytest.mark.django_db

INTERNAL_KEY = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # gender_adopters, list_number, ...


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def messy_import(messy_workbook, data_admin_user):
    annex_a_import, _ = services.import_annex_a_file(
        path=messy_workbook, as_at=AS_AT, spec_version="auto", imported_by=data_admin_user
    )
    return annex_a_import


@pytest.mark.parametrize("query", [{}, {"rows": "1"}, {"list_number": "11", "rows": "1"}])
def test_the_findings_page_shows_no_internal_keys(client, data_admin_user, messy_import, query):
    client.force_login(data_admin_user)
    page = client.get(messy_import.get_absolute_url(), query)
    assert page.status_code == 200
    # Up to the page's history (the audit trail's own panel, which shows stored field values).
    text = visible_text(page.content.decode().split('id="history"', 1)[0])
    assert "List 1: " in text
    assert INTERNAL_KEY.findall(text) == []


def test_the_list_filter_names_every_list(client, data_admin_user, messy_import):
    client.force_login(data_admin_user)
    page = client.get(messy_import.get_absolute_url()).content.decode()
    for list_spec in load_spec().lists:
        assert f'<option value="{list_spec.number}">{list_spec.title}</option>' in page
    assert '<option value="0">The whole file</option>' in page


def test_findings_name_columns_as_the_file_does(client, data_admin_user, messy_import):
    """The messy file writes its headers its own way (" Gender  ", "GENDER"): the findings
    say the header as it is in the file, with its column letter."""
    columns = set(messy_import.findings.values_list("column", flat=True))
    assert "GENDER" in columns and "gender" in columns
    client.force_login(data_admin_user)
    rows = client.get(messy_import.get_absolute_url(), {"rows": "1", "search": "GENDER"})
    assert "GENDER <span class='govuk-hint'>(" in rows.content.decode()
    assert reverse("annex_a:findings_csv", args=[messy_import.pk]) in rows.content.decode()
