"""National framework tags: on strengths, areas for development and actions; grouped on the
page and in the PDF; the plan's coverage of the outcomes and enablers."""

from datetime import date

import pytest
from django.urls import reverse

from frameworks import national_framework

from .. import queries, reports, services
from .conftest import area, fill

pytestmark = pytest.mark.django_db


def test_the_framework_has_four_outcomes_and_three_enablers_cited_as_ofsted_cites_them():
    by_kind = {}
    for element in national_framework.elements():
        by_kind.setdefault(element.kind, []).append(element.number)
    assert by_kind["outcome"] == [1, 2, 3, 4]
    assert by_kind["enabler"] == [1, 2, 3]
    four = national_framework.by_code()["outcome-4"]
    assert four.short_name == "Outcome 4"
    assert four.label == "Outcome 4: Children in care and care leavers have stable, loving homes"


@pytest.mark.parametrize(
    ("codes", "kept"),
    [
        ([], []),
        (["enabler-2", "outcome-1"], ["outcome-1", "enabler-2"]),  # framework order
        (["outcome-9", "outcome-1", "outcome-1"], ["outcome-1"]),  # unknown and repeated dropped
    ],
)
def test_only_known_codes_are_kept_in_framework_order(codes, kept):
    assert national_framework.known_codes(codes) == kept


def _action(assessment, person, description, tags):
    return services.add_action(
        assessment=assessment,
        fields=services.ActionFields(
            description=description, owner="Head of Service", due_on=date(2026, 12, 18), tags=tags
        ),
        added_by=person,
    )


def test_tagged_text_and_actions_group_under_each_tag_and_untagged_outcomes_show_as_gaps(
    ilacs, staff_user
):
    fill(
        ilacs,
        staff_user,
        "J2",
        "good",
        strengths="Strategy meetings are timely.",
        strengths_tags=["outcome-3"],
        areas_for_development="Step-down plans lack detail.",
        development_tags=["outcome-1", "outcome-3"],
    )
    # A tag on empty text says nothing, so it is not grouped.
    fill(ilacs, staff_user, "J3", "good", strengths="", strengths_tags=["outcome-4"])
    _action(area(ilacs, "J2"), staff_user, "Audit step-down plans", ["outcome-1", "enabler-3"])

    themes = {theme.element.code: theme for theme in queries.themes_of(ilacs)}
    assert set(themes) == {"outcome-1", "outcome-3", "enabler-3"}
    assert [a.area.code for a in themes["outcome-3"].strengths] == ["J2"]
    assert [a.area.code for a in themes["outcome-1"].development] == ["J2"]
    assert [a.description for a in themes["enabler-3"].actions] == ["Audit step-down plans"]
    gaps = queries.plan_gaps(list(queries.actions_of(ilacs)))
    assert [element.code for element in gaps] == [
        "outcome-2",
        "outcome-3",
        "outcome-4",
        "enabler-1",
        "enabler-2",
    ]


def test_a_person_tags_an_area_for_development_and_finds_it_grouped_on_the_page(
    ilacs, staff_user, client
):
    client.force_login(staff_user)
    assessment = area(ilacs, "J3")
    response = client.post(
        reverse("judgements:area", args=[ilacs.pk, "J3"]),
        {
            "version": assessment.version,
            "proposed_grade": "good",
            "rationale": "Stable homes.",
            "areas_for_development": "Too many moves for teenagers.",
            "development_tags": ["outcome-4"],
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.development_tags == ["outcome-4"]
    page = client.get(ilacs.get_absolute_url()).content.decode()
    section = page[page.index('id="national-framework"') :]
    assert "Outcome 4: Children in care and care leavers have stable, loving homes" in section
    assert "Too many moves for teenagers." in section


def test_an_action_keeps_its_tags_when_changed_and_the_plan_shows_what_it_covers(
    ilacs, staff_user, client
):
    client.force_login(staff_user)
    action = _action(area(ilacs, "J1"), staff_user, "Recruit managers", ["enabler-2"])
    listed = client.get(reverse("judgements:action_list", args=[ilacs.pk])).content.decode()
    assert "No action yet against:" in listed
    assert "Outcome 2: Children and young people are supported by their family network" in listed
    assert "Enabler 2:" not in listed[listed.index('id="plan-gaps"') :].split("</div>")[0]
    client.post(
        reverse("judgements:action_change", args=[ilacs.pk, action.pk]),
        {
            "description": "Recruit managers",
            "owner": "Director",
            "due_on_0": "18",
            "due_on_1": "12",
            "due_on_2": "2026",
            "status": "open",
            "tags": ["enabler-2", "enabler-3"],
        },
    )
    action.refresh_from_db()
    assert action.tags == ["enabler-2", "enabler-3"]


def test_the_pdf_groups_by_the_national_framework(ilacs, staff_user):
    fill(
        ilacs,
        staff_user,
        "J4",
        "good",
        areas_for_development="Pathway plans are not reviewed often enough.",
        development_tags=["outcome-4"],
    )
    html = reports.report_html(ilacs)
    section = html[html.index('id="national-framework"') :]
    assert "Outcome 4: Children in care and care leavers have stable, loving homes" in section
    assert "Pathway plans are not reviewed often enough." in section
    assert "No action yet against: Outcome 1" in section


def test_a_new_revision_keeps_the_tags(complete_ilacs, staff_user, manager_user):
    fill(
        complete_ilacs,
        staff_user,
        "J2",
        "good",
        strengths="Timely.",
        strengths_tags=["outcome-3"],
    )
    _action(area(complete_ilacs, "J2"), staff_user, "Keep it up", ["outcome-3"])
    services.submit_self_evaluation(self_evaluation=complete_ilacs, submitted_by=staff_user)
    services.approve_self_evaluation(self_evaluation=complete_ilacs, approved_by=manager_user)
    revision = services.start_revision(approved=complete_ilacs, started_by=staff_user)
    assert area(revision, "J2").strengths_tags == ["outcome-3"]
    assert list(queries.actions_of(revision).values_list("tags", flat=True)) == [["outcome-3"]]


def test_grades_never_published_together_are_warned_on_the_page_and_in_the_pdf(
    ilacs, staff_user, client
):
    """Overall outstanding with leaders inadequate: no published ILACS inspection had that."""
    from frameworks.combinations import never_seen_warnings

    fill(ilacs, staff_user, "OE", "outstanding")
    fill(ilacs, staff_user, "J1", "inadequate")
    expected = never_seen_warnings("ILACS", {"OE": "outstanding", "J1": "inadequate"})
    assert expected, "the published record should have no such inspection"
    client.force_login(staff_user)
    page = client.get(ilacs.get_absolute_url()).content.decode()
    assert "has never been published" in page or "have never been published" in page
    for warning in expected:
        assert warning in page
    html = reports.report_html(ilacs)
    assert "Combinations never published" in html
    assert expected[0] in html


def test_grades_often_published_together_raise_no_warning(ilacs, staff_user, client):
    fill(ilacs, staff_user, "OE", "good")
    fill(ilacs, staff_user, "J1", "good")
    client.force_login(staff_user)
    page = client.get(ilacs.get_absolute_url()).content.decode()
    assert "never been published" not in page
