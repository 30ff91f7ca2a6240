"""Audits fall due while inspectors are on site: a short inspection leaves on Friday of week one,
and an audit due after that is too late for them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casework import services
from casework.audits import AuditError, check_due_while_inspectors_are_on_site
from casework.models import CaseAudit
from casework.queries import audit_due_date_for, last_on_site_day
from frameworks.models import Framework, Inspection, VisitKind
from inspection_readiness.councils import current_council

LONDON = ZoneInfo("Europe/London")
TUESDAY_CALL = datetime(2026, 6, 2, 10, 0, tzinfo=LONDON)  # on site Monday 8 June
SHORT_LEAVES = date(2026, 6, 12)  # Friday of week one
TOO_LATE = (
    "The short inspection leaves on Friday 12 June; an audit due after that is too late for "
    "inspectors. Choose a date on or before 12 June 2026."
)


@pytest.mark.parametrize(
    ("due", "last_day", "visit_name", "refusal"),
    [
        (date(2026, 6, 11), SHORT_LEAVES, "short inspection", None),
        (SHORT_LEAVES, SHORT_LEAVES, "short inspection", None),  # the last day on site
        (date(2026, 6, 13), SHORT_LEAVES, "short inspection", TOO_LATE),  # the day after
        (
            date(2026, 6, 15),
            SHORT_LEAVES,
            "",
            "Inspectors leave on Friday 12 June; an audit due after that is too late for "
            "inspectors. Choose a date on or before 12 June 2026.",
        ),
        (date(2027, 1, 1), None, "", None),  # no on-site window known
    ],
    ids=["day-before", "last-day-on-site", "day-after", "no-visit-kind-named", "no-window"],
)
def test_an_audit_due_after_inspectors_leave_is_refused(due, last_day, visit_name, refusal):
    if refusal is None:
        check_due_while_inspectors_are_on_site(
            due_date=due, last_on_site_day=last_day, visit_name=visit_name
        )
    else:
        with pytest.raises(AuditError) as refused:
            check_due_while_inspectors_are_on_site(
                due_date=due, last_on_site_day=last_day, visit_name=visit_name
            )
        assert str(refused.value) == refusal


def rehearsal_of(kind: str, manager, **entered) -> Inspection:
    framework = Framework.objects.get(short_name="ILACS 2026")
    return Inspection.objects.create(
        council=current_council(),
        framework=framework,
        visit_kind=VisitKind.objects.get(framework=framework, code=kind),
        notified_at=TUESDAY_CALL,
        is_rehearsal=True,
        created_by=manager,
        **entered,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "entered", "last_day", "due"),
    [
        # Ten working days after the call is Tuesday 16 June: after a short inspection leaves.
        ("short", {}, SHORT_LEAVES, SHORT_LEAVES),
        ("standard", {}, date(2026, 6, 19), date(2026, 6, 16)),
        # The lead inspector said they would leave on the Thursday.
        ("short", {"on_site_to": date(2026, 6, 11)}, date(2026, 6, 11), date(2026, 6, 11)),
    ],
    ids=["short-inspection", "standard-inspection", "entered-last-day"],
)
def test_audits_are_due_by_default_inside_the_on_site_window(
    manager_user, kind, entered, last_day, due
):
    rehearsal = rehearsal_of(kind, manager_user, **entered)
    assert last_on_site_day(rehearsal) == last_day
    assert audit_due_date_for(rehearsal) == due


@pytest.mark.django_db
def test_assigning_an_audit_due_after_a_short_inspection_leaves_is_refused(
    children, manager_user, staff_user
):
    rehearsal = rehearsal_of("short", manager_user)
    selection = services.select_cohorts(inspection=rehearsal, seed=7, selected_by=manager_user)
    child = selection.members.filter(cohort="audit").first().child
    with pytest.raises(services.CaseworkError) as refused:
        services.assign_audits(
            inspection=rehearsal,
            children=[child],
            auditor=staff_user,
            due_date=date(2026, 6, 13),
            assigned_by=manager_user,
        )
    assert str(refused.value) == TOO_LATE
    assert not CaseAudit.objects.exists()
    [audit] = services.assign_audits(
        inspection=rehearsal,
        children=[child],
        auditor=staff_user,
        due_date=SHORT_LEAVES,
        assigned_by=manager_user,
    )
    assert audit.due_date == SHORT_LEAVES


@pytest.mark.django_db
def test_the_assign_page_offers_the_last_day_and_says_why(
    client, children, manager_user, staff_user
):
    rehearsal = rehearsal_of("short", manager_user)
    selection = services.select_cohorts(inspection=rehearsal, seed=7, selected_by=manager_user)
    url = reverse("casework:assign_audits", args=[rehearsal.pk])
    client.force_login(manager_user)
    page = client.get(url).content.decode()
    assert "Audits are due by Friday 12 June 2026" in page
    assert "an audit due after that is too late for them" in page
    member = selection.members.filter(cohort="audit").first()
    response = client.post(
        url,
        {
            "members": [str(member.pk)],
            "auditor": str(staff_user.pk),
            "moderator": "",
            "due_date_0": "15",
            "due_date_1": "6",
            "due_date_2": "2026",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "an audit due after that is too late for inspectors" in page
    assert not CaseAudit.objects.exists()
