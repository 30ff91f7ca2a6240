"""Visits in the pack follow the service's one set of visit standards: the council's own
standard for children on a protection plan (its practice setting, read when the pack is built),
and regulation 28 for children in care (``inspection_readiness.children.next_care_visit_due``).

Hand-worked with the as-at date Monday 30 June 2025 (no bank holidays in June 2025)."""

from datetime import date

import pandas as pd
import pytest
from django.urls import reverse

from casework.models import PracticeSettings
from datapack import services
from datapack.frames import Lists, Period
from datapack.measures.base import care_visit_on_time, cp_visit_bins, cp_visit_within_standard

AS_AT = date(2025, 6, 30)


def _lists(standard: int = 10) -> Lists:
    return Lists(period=Period(AS_AT), cp_visit_working_days=standard)


def _dates(values: list[str | None]) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")


# The council's standard for visiting a child on a plan: working days after the last visit up
# to and including the as-at date, at most the standard (its practice setting).
@pytest.mark.parametrize(
    ("last_visit", "standard", "within"),
    [
        ("2025-06-30", 10, True),  # visited on the as-at date: 0 working days
        ("2025-06-16", 10, True),  # Monday two weeks before: exactly 10 working days
        ("2025-06-13", 10, False),  # the Friday before: 11
        ("2025-06-13", 11, True),  # exactly 11 against a standard of 11
        ("2025-06-09", 15, True),  # exactly 15
        ("2025-06-06", 15, False),  # 16
        (None, 10, False),  # never visited
    ],
)
def test_a_child_on_a_plan_is_visited_within_the_councils_standard(last_visit, standard, within):
    frame = pd.DataFrame({"last_statutory_visit_date": _dates([last_visit])})
    assert bool(cp_visit_within_standard(frame, _lists(standard)).iloc[0]) is within


def test_the_chart_bands_step_by_the_councils_standard():
    edges, labels = cp_visit_bins(15)
    assert edges == [0, 16, 31, 46]
    assert labels == ("Within 15 working days", "16 to 30", "31 to 45", "Over 45 working days")


# Regulation 28(2): within a week of a placement starting, then every six weeks, or three months
# after the first year of a long-term foster placement (U1, U4). Overdue: due before the as-at.
@pytest.mark.parametrize(
    ("placement_start", "last_visit", "placement_type", "on_time"),
    [
        ("2024-01-01", "2025-05-19", None, True),  # due 30 June: exactly six weeks, on time
        ("2024-01-01", "2025-05-18", None, False),  # due 29 June: overdue
        ("2025-06-23", None, None, True),  # no visit yet: due a week on, 30 June
        ("2025-06-22", None, None, False),  # due 29 June
        ("2025-06-23", "2025-05-01", None, True),  # a visit before this placement does not count
        # Long-term foster placement, last visit after its first year: three months on.
        ("2024-01-01", "2025-03-30", "d) U4: Foster placement - long term", True),  # due 30 June
        ("2024-01-01", "2025-03-29", "d) U4: Foster placement - long term", False),  # 29 June
        ("2024-01-01", "2025-03-30", "a) U1: Foster placement - relatives - long term", True),
        ("2024-01-01", "2025-03-30", "f) U6: Foster placement - not FFA", False),  # six weeks
        # Long-term, but the last visit was in the placement's first year: six weeks.
        ("2024-06-01", "2025-05-19", "d) U4: Foster placement - long term", True),
        ("2024-06-01", "2025-05-18", "d) U4: Foster placement - long term", False),
        (None, "2025-05-19", None, True),  # no placement start: six weeks from the visit
        (None, None, None, False),  # nothing shows a visit
    ],
)
def test_a_child_in_care_is_visited_as_regulation_28_requires(
    placement_start, last_visit, placement_type, on_time
):
    frame = pd.DataFrame(
        {
            "placement_start_date": _dates([placement_start]),
            "last_social_work_visit_date": _dates([last_visit]),
            "placement_type": pd.Series([placement_type], dtype="object"),
        }
    )
    assert bool(care_visit_on_time(frame, _lists()).iloc[0]) is on_time


@pytest.mark.django_db
def test_the_pack_counts_against_the_councils_setting_when_it_is_built(
    version, data_admin_user, client
):
    PracticeSettings.objects.create(council=version.council, cp_visit_working_days=25)
    pack = services.build_data_pack(version=version, built_by=data_admin_user)
    assert pack.results["standards"] == {"cp_visit_working_days": 25}
    # A1 visited 5 working days before the as-at date, A9 21, A10 never.
    visited = pack.results["measures"]["cp_visited_in_10_days"]
    assert (visited["numerator"], visited["denominator"]) == (2, 3)
    bands = dict(map(tuple, pack.results["breakdowns"]["cp_time_since_visit"]["rows"]))
    assert bands["Within 25 working days"] == 2

    # A later change to the setting does not change what this pack says it counted against.
    PracticeSettings.objects.filter(council=version.council).update(cp_visit_working_days=5)
    client.force_login(data_admin_user)
    html = client.get(reverse("datapack:area", args=[pack.pk, "child-protection"])).content
    assert "The council&#x27;s standard: 25 working days" in html.decode()
    children = client.get(
        reverse("datapack:children", args=[pack.pk]), {"measure": "cp_visited_in_10_days"}
    )
    assert "2 counted" in children.content.decode()
