"""Audit themes tagged with the national framework, and the summary grouped by those tags."""

from collections import Counter

import pytest
import yaml
from django.urls import reverse

from casework import services
from casework.loading import FIXTURE as TEMPLATES
from casework.queries import audit_summary
from casework.theme_tags import theme_tags, themes_by_framework
from frameworks import national_framework

from .test_audits import answer_everything


def test_every_theme_an_auditor_can_tick_is_tagged_with_known_codes():
    sections = [
        section
        for template in yaml.safe_load(TEMPLATES.read_text())["templates"]
        for section in template["sections"]
    ]
    themes = {theme for section in sections for theme in section["themes"]}
    tags = theme_tags()
    assert themes <= set(tags)
    known = set(national_framework.by_code())
    assert all(codes and set(codes) <= known for codes in tags.values())


def test_ticked_themes_group_under_each_tag_in_framework_order_and_untagged_apart():
    groups, untagged = themes_by_framework(
        Counter({"Drift and delay": 3, "Child not seen alone": 2, "A council's own theme": 1})
    )
    assert [(g.element.code, g.themes) for g in groups] == [
        ("outcome-3", [("Child not seen alone", 2)]),
        ("outcome-4", [("Drift and delay", 3)]),
        ("principle-2", [("Child not seen alone", 2)]),
    ]
    assert untagged == [("A council's own theme", 1)]


@pytest.mark.django_db
def test_the_summary_page_groups_submitted_audits_themes_by_the_national_framework(
    audit, staff_user, manager_user, client
):
    answer_everything(audit, staff_user)  # ticks each section's first theme
    services.submit_audit(audit=audit, submitted_by=staff_user)
    summary = audit_summary(audit.inspection)
    codes = [group.element.code for group in summary.themes_by_framework]
    assert "outcome-4" in codes  # "Drift and delay", the first theme of the first section
    client.force_login(manager_user)
    page = client.get(reverse("casework:summary", args=[audit.inspection_id])).content.decode()
    section = page[page.index('id="themes-national-framework"') :]
    assert "Outcome 4: Children in care and care leavers have stable, loving homes" in section
    assert "Drift and delay: 1 section" in section
