"""Every kind of ILACS visit as data, and its timeline from the lead inspector's call, with
England's bank holidays: the spring bank holiday on Monday 25 May 2026 falls in the window."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from frameworks.models import Framework, Inspection, VisitKind
from frameworks.queries import inspection_timeline, step_specs
from frameworks.timeline import add_months, compute_timeline, due_at, roll_to_working_day
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FRIDAY_CALL = datetime(2026, 5, 22, 10, 0, tzinfo=LONDON)  # before the spring bank holiday
TUESDAY_CALL = datetime(2026, 5, 19, 10, 0, tzinfo=LONDON)
EARLY_JULY = datetime(2026, 7, 1, 12, 0, tzinfo=LONDON)
KIND_CODES = ["standard", "short", "focused", "monitoring", "jtai", "engagement"]


def days(kind: str, called_at: datetime, **entered) -> dict[str, date | None]:
    """Each step of the ILACS 2026 visit kind's timeline by its code within the kind."""
    framework = Framework.objects.get(short_name="ILACS 2026")
    visit_kind = VisitKind.objects.get(framework=framework, code=kind)
    entries = compute_timeline(
        step_specs(framework, visit_kind), called_at, now=EARLY_JULY, entered=entered
    )
    return {
        entry.step.code.removeprefix(f"{kind}-"): entry.due.date() if entry.due else None
        for entry in entries
    }


TIMELINE_CASES = [
    (
        "standard",
        FRIDAY_CALL,
        {},
        {
            "notification": date(2026, 5, 22),
            "annex-a": None,
            "on-site": date(2026, 5, 26),  # Monday 25 May is the spring bank holiday
            "on-site-ends": date(2026, 6, 5),  # Friday of week two
            "report": date(2026, 7, 17),  # 30 working days later, typically
        },
    ),
    (
        "short",
        FRIDAY_CALL,
        {},
        {
            "notification": date(2026, 5, 22),
            "annex-a": None,
            "on-site": date(2026, 5, 26),
            "on-site-ends": date(2026, 5, 29),  # leaves on Friday of week one
            "report": date(2026, 7, 10),
        },
    ),
    (
        "short",
        datetime(2026, 5, 11, 9, 30, tzinfo=LONDON),
        {},
        {
            "notification": date(2026, 5, 11),
            "annex-a": None,
            "on-site": date(2026, 5, 18),  # the following Monday
            "on-site-ends": date(2026, 5, 22),
            "report": date(2026, 7, 6),  # 30 working days, skipping 25 May
        },
    ),
    (
        "short",
        FRIDAY_CALL,
        {"on_site_from": date(2026, 6, 1), "annex_a_due": date(2026, 5, 27)},
        {
            "notification": date(2026, 5, 22),
            "annex-a": date(2026, 5, 27),  # the deadline the lead inspector gave
            "on-site": date(2026, 6, 1),  # the day the council was told wins
            "on-site-ends": date(2026, 6, 5),
            "report": date(2026, 7, 17),
        },
    ),
    (
        "focused",
        TUESDAY_CALL,
        {},
        {"notification": date(2026, 5, 19), "on-site": None, "on-site-ends": None, "letter": None},
    ),
    (
        "focused",
        TUESDAY_CALL,
        {"on_site_from": date(2026, 5, 22)},
        {
            "notification": date(2026, 5, 19),
            "on-site": date(2026, 5, 22),
            "on-site-ends": date(2026, 5, 26),  # two days' fieldwork across the weekend and 25 May
            "letter": None,
        },
    ),
    (
        "monitoring",
        FRIDAY_CALL,
        {},
        {"notification": date(2026, 5, 22), "on-site": None, "on-site-ends": None, "letter": None},
    ),
    (
        "monitoring",
        FRIDAY_CALL,
        {"on_site_from": date(2026, 5, 26), "on_site_to": date(2026, 5, 27)},
        {
            "notification": date(2026, 5, 22),
            "on-site": date(2026, 5, 26),
            "on-site-ends": date(2026, 5, 27),
            "letter": None,
        },
    ),
    (
        "jtai",
        FRIDAY_CALL,
        {"on_site_from": date(2026, 6, 8)},
        {"notification": date(2026, 5, 22), "on-site": date(2026, 6, 8), "on-site-ends": None},
    ),
    (
        "engagement",
        FRIDAY_CALL,
        {"on_site_from": date(2026, 5, 29)},
        {
            "notification": date(2026, 5, 22),
            "on-site": date(2026, 5, 29),
            "letter": date(2026, 6, 29),
        },
    ),
    (
        "engagement",
        FRIDAY_CALL,
        {},
        {"notification": date(2026, 5, 22), "on-site": None, "letter": None},
    ),
]


@pytest.mark.parametrize(
    ("kind", "called_at", "entered", "expected"),
    TIMELINE_CASES,
    ids=[
        "standard-call-friday-22-may-bank-holiday-monday",
        "short-call-friday-22-may-bank-holiday-monday",
        "short-call-monday-11-may",
        "short-with-the-dates-the-council-was-given",
        "focused-notice-not-published",
        "focused-two-days-across-the-bank-holiday",
        "monitoring-nothing-published",
        "monitoring-with-the-dates-given",
        "jtai-start-given-end-not-yet",
        "engagement-letter-a-month-after-the-meeting",
        "engagement-meeting-not-yet-set",
    ],
)
def test_each_visit_kind_timeline_from_the_call(kind, called_at, entered, expected):
    assert days(kind, called_at, **entered) == expected


@pytest.mark.parametrize(
    ("day", "roll", "expected"),
    [
        (date(2026, 5, 25), "following", date(2026, 5, 26)),
        (date(2026, 4, 3), "preceding", date(2026, 4, 2)),  # Good Friday
        (date(2026, 5, 29), "following", date(2026, 5, 29)),
        (date(2026, 5, 25), "", date(2026, 5, 25)),
    ],
    ids=["bank-holiday-monday-forward", "good-friday-back", "working-day-stays", "no-roll"],
)
def test_roll_to_working_day(day, roll, expected):
    assert roll_to_working_day(day, roll) == expected


def test_a_short_inspection_ending_on_good_friday_ends_on_the_thursday():
    monday = datetime(2026, 3, 30, 0, 0, tzinfo=LONDON)
    end = due_at(monday, offset=0, unit="weeks", weekday=4, roll="preceding", time_of_day=None)
    assert end.date() == date(2026, 4, 2)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 29), 1, date(2026, 6, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
    ids=["ordinary", "end-of-january", "across-the-year"],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("framework", ["ILACS", "ILACS 2026"])
def test_both_ilacs_versions_have_every_kind_of_visit(framework):
    codes = list(
        VisitKind.objects.filter(framework__short_name=framework).values_list("code", flat=True)
    )
    assert codes == KIND_CODES


NOTICE = "Ofsted does not publish the notice period for {}; enter what you were told."
LENGTH = "Ofsted does not publish how long {} last; enter the dates you were given."
TEAM = "Ofsted does not publish the team size for {}; enter what you were told."
PRODUCES = "Ofsted does not publish what {} produce; note what you were told."
JTAIS = "joint targeted area inspections (JTAIs)"


@pytest.mark.parametrize(
    ("kind", "sentences"),
    [
        ("standard", []),
        ("short", []),
        ("focused", [NOTICE.format("focused visits")]),
        ("monitoring", [s.format("monitoring visits") for s in (NOTICE, LENGTH, TEAM)]),
        ("jtai", [s.format(JTAIS) for s in (NOTICE, LENGTH, TEAM, PRODUCES)]),
        ("engagement", [NOTICE.format("annual engagement meetings")]),
    ],
)
def test_what_ofsted_does_not_publish_is_said_plainly(kind, sentences):
    visit_kind = VisitKind.objects.get(framework__short_name="ILACS 2026", code=kind)
    assert visit_kind.unpublished == sentences


def test_the_focused_visit_has_the_seven_focus_areas_and_is_not_graded():
    focused = VisitKind.objects.get(framework__short_name="ILACS 2026", code="focused")
    assert len(focused.focus_areas) == 7
    assert not focused.is_graded
    assert focused.team == "2 inspectors"


@pytest.mark.parametrize(
    ("framework", "produces"),
    [
        ("ILACS", "A published report with graded judgements, including overall effectiveness"),
        (
            "ILACS 2026",
            "A published report with four graded judgements and no overall effectiveness grade",
        ),
    ],
)
def test_an_inspection_produces_the_judgements_of_its_version(framework, produces):
    assert VisitKind.objects.get(framework__short_name=framework, code="short").produces == produces


def rehearsal(kind: str, **fields) -> Inspection:
    framework = Framework.objects.get(short_name="ILACS 2026")
    return Inspection.objects.create(
        council=current_council(),
        framework=framework,
        visit_kind=VisitKind.objects.get(framework=framework, code=kind),
        notified_at=FRIDAY_CALL,
        is_rehearsal=True,
        **fields,
    )


def test_the_inspection_timeline_uses_the_dates_entered():
    inspection = rehearsal("monitoring", on_site_from=date(2026, 5, 26))
    entries = inspection_timeline(inspection, now=EARLY_JULY)
    on_site = next(entry for entry in entries if entry.step.code == "monitoring-on-site")
    assert on_site.due.date() == date(2026, 5, 26)
    assert on_site.is_entered


@pytest.mark.parametrize("role", [Role.MANAGER, Role.DATA_ADMIN], ids=["manager", "data_admin"])
def test_managers_and_data_admins_record_what_the_lead_inspector_said(client_with_role, role):
    inspection = rehearsal("focused")
    client = client_with_role(role)
    response = client.post(
        reverse("frameworks:visit_details", args=[inspection.pk]),
        {
            "on_site_from_0": "22",
            "on_site_from_1": "5",
            "on_site_from_2": "2026",
            "focus_area": "Care leavers",
            "team": "Two inspectors",
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.on_site_from == date(2026, 5, 22)
    assert inspection.focus_area == "Care leavers"
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Tuesday 26 May 2026" in page  # the second day of fieldwork, after the bank holiday
    assert "(as you were told)" in page


@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, None], ids=["staff", "no_role"])
def test_others_cannot_record_visit_details(client_with_role, role):
    inspection = rehearsal("focused")
    response = client_with_role(role).post(
        reverse("frameworks:visit_details", args=[inspection.pk]),
        {"on_site_from_0": "22", "on_site_from_1": "5", "on_site_from_2": "2026"},
    )
    assert response.status_code == 403
    inspection.refresh_from_db()
    assert inspection.on_site_from is None


@pytest.mark.parametrize(
    ("post", "error"),
    [
        (
            {
                "on_site_from_0": "27",
                "on_site_from_1": "5",
                "on_site_from_2": "2026",
                "on_site_to_0": "26",
                "on_site_to_1": "5",
                "on_site_to_2": "2026",
            },
            "The last day on site must be the same as or after the first day",
        ),
        ({"focus_area": "Something else"}, "Select a focus area"),
    ],
    ids=["end-before-start", "unknown-focus-area"],
)
def test_visit_details_that_cannot_be_right_are_refused(client_with_role, post, error):
    kind = "monitoring" if "on_site_to_0" in post else "focused"
    inspection = rehearsal(kind)
    response = client_with_role(Role.MANAGER).post(
        reverse("frameworks:visit_details", args=[inspection.pk]), post
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.on_site_from is None


def test_the_inspection_page_says_what_ofsted_does_not_publish(client_with_role):
    inspection = rehearsal("monitoring")
    page = client_with_role(Role.PREPARATION_STAFF).get(inspection.get_absolute_url())
    content = page.content.decode()
    assert "Ofsted does not publish the notice period for monitoring visits" in content
    assert 'id="visit-details"' not in content  # staff cannot record it
