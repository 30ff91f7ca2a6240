"""The version of a framework is the one in force on the inspection's first day on site:
ILACS until 31 March 2026, ILACS 2026 (no overall effectiveness) from 1 April 2026."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from frameworks import services
from frameworks.models import Framework
from frameworks.queries import framework_for_first_on_site_day, framework_in_force
from frameworks.versions import NoVersionInForce, VersionSpan, version_in_force
from inspection_readiness.roles import Role

LONDON = ZoneInfo("Europe/London")
ILACS_VERSIONS = [
    VersionSpan("ILACS", date(2018, 1, 1), date(2026, 3, 31)),
    VersionSpan("ILACS 2026", date(2026, 4, 1), None),
]


@pytest.mark.parametrize(
    ("first_on_site_day", "version"),
    [
        (date(2018, 1, 1), "ILACS"),
        (date(2026, 3, 31), "ILACS"),
        (date(2026, 4, 1), "ILACS 2026"),
        (date(2026, 11, 30), "ILACS 2026"),
    ],
    ids=["first-day-of-ilacs", "31-march-2026", "1-april-2026", "today"],
)
def test_version_is_chosen_by_the_first_day_on_site(first_on_site_day, version):
    assert version_in_force(ILACS_VERSIONS, first_on_site_day) == version


def test_a_day_before_every_version_has_none():
    with pytest.raises(NoVersionInForce, match="No version was in force on 31 December 2017"):
        version_in_force(ILACS_VERSIONS, date(2017, 12, 31))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "first_on_site_day", "version"),
    [
        ("ILACS", date(2026, 3, 31), "ILACS"),
        ("ILACS", date(2026, 4, 1), "ILACS 2026"),
        ("ILACS 2026", date(2026, 3, 31), "ILACS"),
        ("ILACS 2026", date(2026, 4, 1), "ILACS 2026"),
        ("SIF", date(2026, 4, 1), "SIF"),
    ],
    ids=[
        "ilacs-31-march",
        "ilacs-1-april",
        "ilacs-2026-31-march",
        "ilacs-2026-1-april",
        "a-framework-without-versions-is-kept",
    ],
)
def test_the_database_picks_the_version_in_force(given, first_on_site_day, version):
    framework = Framework.objects.get(short_name=given)
    assert framework_for_first_on_site_day(framework, first_on_site_day).short_name == version


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on", "short_name"),
    [(date(2025, 6, 1), "ILACS"), (date(2026, 3, 31), "ILACS"), (date(2026, 4, 1), "ILACS 2026")],
    ids=["2025", "31-march-2026", "1-april-2026"],
)
def test_the_framework_in_force(on, short_name):
    assert framework_in_force(on).short_name == short_name


@pytest.mark.django_db
def test_ilacs_2026_has_four_judgements_and_no_overall_effectiveness():
    framework = Framework.objects.get(short_name="ILACS 2026")
    areas = list(framework.judgement_areas.values_list("code", "kind"))
    assert areas == [("J1", "key"), ("J2", "key"), ("J3", "key"), ("J4", "key")]
    assert not framework.rules.exists()
    assert Framework.objects.get(short_name="ILACS").judgement_areas.filter(code="OE").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("called_at", "kind", "version", "first_on_site_day"),
    [
        (datetime(2026, 3, 23, 10, tzinfo=LONDON), "standard", "ILACS", date(2026, 3, 30)),
        (datetime(2026, 3, 27, 16, tzinfo=LONDON), "short", "ILACS", date(2026, 3, 30)),
        # Monday 6 April 2026 is Easter Monday: inspectors arrive on Tuesday 7 April.
        (datetime(2026, 3, 30, 10, tzinfo=LONDON), "standard", "ILACS 2026", date(2026, 4, 7)),
        (datetime(2026, 4, 1, 10, tzinfo=LONDON), "focused", "ILACS 2026", None),
    ],
    ids=[
        "call-23-march-on-site-30-march",
        "call-friday-27-march-on-site-30-march",
        "call-30-march-on-site-after-easter",
        "focused-visit-called-1-april",
    ],
)
def test_a_rehearsal_takes_the_version_in_force_on_its_first_day_on_site(
    manager_user, called_at, kind, version, first_on_site_day
):
    rehearsal = services.start_rehearsal(
        framework=Framework.objects.get(short_name="ILACS"),
        visit_kind_code=kind,
        started_by=manager_user,
        now=called_at,
    )
    assert rehearsal.framework.short_name == version
    assert rehearsal.visit_kind.framework == rehearsal.framework
    assert rehearsal.visit_kind.code == kind


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "selected"),
    [(date(2026, 3, 31), "ILACS"), (date(2026, 4, 1), "ILACS 2026")],
    ids=["31-march-2026", "1-april-2026"],
)
def test_the_rehearsal_form_starts_with_the_framework_in_force_today(
    client_with_role, today, selected
):
    client = client_with_role(Role.MANAGER)
    with time_machine.travel(datetime.combine(today, datetime.min.time(), LONDON).replace(hour=12)):
        page = client.get("/frameworks/").content.decode()
    assert f'<option value="{selected}" selected>' in page
