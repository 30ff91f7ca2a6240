"""Each measure's National Framework outcome or enabler, as the DfE's dashboard groups it."""

import dataclasses

import pytest
from django.urls import reverse

from datapack import services
from datapack.measures import BREAKDOWNS, MEASURES, MEASURES_BY_KEY, Breakdown, Measure
from frameworks import national_framework


def test_every_measure_serves_a_national_framework_outcome_or_enabler():
    codes = national_framework.by_code()
    missing = [measure.key for measure in MEASURES if measure.framework not in codes]
    assert missing == []


@pytest.mark.parametrize(
    ("key", "code"),
    [
        # The DfE dashboard's summary page (summary_page_metadata.csv), by the framework's numbers.
        ("re_referrals", "outcome-1"),  # "Access to support and getting help"
        ("cin_open", "outcome-1"),
        ("cla_open", "outcome-1"),  # "Family stability"
        ("cp_repeat_plans", "outcome-3"),  # "Child safety - general" (the dashboard's Outcome 2)
        ("cla_missing", "outcome-3"),  # "Harms outside the home"
        ("cla_three_or_more_placements", "outcome-4"),
        ("cla_long_term_stability", "outcome-4"),
        ("care_leavers_eet_19_21", "outcome-4"),  # "Quality of life for care experienced people"
        ("adoption_a2_days", "outcome-4"),
        ("cin_unallocated", "enabler-3"),  # the workforce: caseloads and allocation
    ],
)
def test_measures_sit_where_the_dashboard_groups_them(key, code):
    measure = MEASURES_BY_KEY[key]
    assert measure.framework == code
    assert measure.framework_element.code == code


def test_measures_and_breakdowns_take_keyword_arguments_only():
    assert all(field.kw_only for field in dataclasses.fields(Measure))
    assert all(field.kw_only for field in dataclasses.fields(Breakdown))
    with pytest.raises(TypeError):
        Breakdown(*[getattr(BREAKDOWNS[0], f.name) for f in dataclasses.fields(Breakdown)])


@pytest.mark.django_db
def test_the_area_page_says_which_outcome_each_measure_serves(version, data_admin_user, client):
    pack = services.build_data_pack(version=version, built_by=data_admin_user)
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:area", args=[pack.pk, "children-in-care"])).content
    row = html.decode().split("Three or more placements in 12 months", 1)[1].split("</tr>")[0]
    assert (
        "National framework: Outcome 4: Children in care and care leavers have stable, "
        "loving homes" in row
    )
