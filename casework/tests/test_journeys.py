"""Journeys: flags and thresholds from rows (tables), assembly from a generated version, and
audits that survive a new version."""

from datetime import date

import pytest

from casework import services
from casework.journeys import Flag, Threshold, age_band, assemble_journey, placement_group
from casework.models import CaseAudit, Child, ChildrenBuild, JourneyEvent
from casework.queries import audit_due_date_for

from .conftest import AS_AT
from .factories import make_version

YES, NO = "a) Yes", "b) No"


def journey(*rows, as_at=AS_AT):
    return assemble_journey(
        "C1",
        [(number, position, data) for position, (number, data) in enumerate(rows)],
        as_at=as_at,
    )


LONG_TERM = {
    "placement_start_date": "2024-01-08",
    "placement_type": "d) U4: Foster placement - long term",
}

FLAG_CASES = [
    (
        "repeat-referral",
        [(3, {"referral_date": "2026-10-01", "referrals_last_12_months": 2})],
        Flag.REPEAT_REFERRAL,
        True,
    ),
    (
        "first-referral",
        [(3, {"referral_date": "2026-10-01", "referrals_last_12_months": 0})],
        Flag.REPEAT_REFERRAL,
        False,
    ),
    (
        "repeat-plan",
        [
            (
                7,
                {
                    "cpp_start_date": "2026-06-01",
                    "previous_cp_plans": 1,
                    "last_statutory_visit_date": "2026-11-19",
                },
            )
        ],
        Flag.REPEAT_PLAN,
        True,
    ),
    (
        "plan-over-two-years",
        [(7, {"cpp_start_date": "2024-11-20", "last_statutory_visit_date": "2026-11-19"})],
        Flag.PLAN_OVER_TWO_YEARS,
        True,
    ),
    (
        "plan-a-day-under-two-years",
        [(7, {"cpp_start_date": "2024-11-21", "last_statutory_visit_date": "2026-11-19"})],
        Flag.PLAN_OVER_TWO_YEARS,
        False,
    ),
    (
        "ended-plan-is-not-long",
        [
            (
                7,
                {
                    "cpp_start_date": "2023-01-01",
                    "cpp_end_date": "2026-01-01",
                    "last_statutory_visit_date": "2025-01-01",
                },
            )
        ],
        Flag.PLAN_OVER_TWO_YEARS,
        False,
    ),
    # 20 Nov 2026 is a Friday: 10 working days back is Friday 6 Nov.
    (
        "cp-visit-10-working-days-ago",
        [(7, {"cpp_start_date": "2026-06-01", "last_statutory_visit_date": "2026-11-06"})],
        Flag.VISITS_OVERDUE,
        False,
    ),
    (
        "cp-visit-11-working-days-ago",
        [(7, {"cpp_start_date": "2026-06-01", "last_statutory_visit_date": "2026-11-05"})],
        Flag.VISITS_OVERDUE,
        True,
    ),
    (
        "care-visit-7-weeks-ago",
        [
            (
                8,
                {
                    "date_started_looked_after": "2025-01-01",
                    "last_social_work_visit_date": "2026-10-01",
                },
            )
        ],
        Flag.VISITS_OVERDUE,
        True,
    ),
    # Regulation 28 on the as-at date, Friday 20 November 2026.
    (
        "care-new-placement-day-7-not-yet-visited",
        [(8, {"placement_start_date": "2026-11-13"})],
        Flag.VISITS_OVERDUE,
        False,
    ),
    (
        "care-new-placement-day-8-not-yet-visited",
        [(8, {"placement_start_date": "2026-11-12"})],
        Flag.VISITS_OVERDUE,
        True,
    ),
    (
        "care-first-year-visited-exactly-6-weeks-ago",
        [(8, {"placement_start_date": "2026-06-01", "last_social_work_visit_date": "2026-10-09"})],
        Flag.VISITS_OVERDUE,
        False,
    ),
    (
        "care-first-year-visited-6-weeks-and-a-day-ago",
        [(8, {"placement_start_date": "2026-06-01", "last_social_work_visit_date": "2026-10-08"})],
        Flag.VISITS_OVERDUE,
        True,
    ),
    (
        "care-long-term-after-first-year-visited-3-months-ago",
        [(8, {**LONG_TERM, "last_social_work_visit_date": "2026-08-20"})],
        Flag.VISITS_OVERDUE,
        False,
    ),
    (
        "care-long-term-after-first-year-visited-3-months-and-a-day-ago",
        [(8, {**LONG_TERM, "last_social_work_visit_date": "2026-08-19"})],
        Flag.VISITS_OVERDUE,
        True,
    ),
    (
        "care-not-long-term-visited-3-months-ago",
        [
            (
                8,
                {
                    **LONG_TERM,
                    "placement_type": "f) U6: Foster placement - not FFA",
                    "last_social_work_visit_date": "2026-08-20",
                },
            )
        ],
        Flag.VISITS_OVERDUE,
        True,
    ),
    (
        "missing-no-interview",
        [
            (
                8,
                {
                    "missing_episodes": 2,
                    "return_interview_offered": NO,
                    "last_social_work_visit_date": "2026-11-19",
                },
            )
        ],
        Flag.MISSING_NO_RETURN_INTERVIEW,
        True,
    ),
    (
        "missing-interview-held",
        [
            (
                8,
                {
                    "missing_episodes": 1,
                    "return_interview_offered": YES,
                    "return_interview_accepted": YES,
                    "last_social_work_visit_date": "2026-11-19",
                },
            )
        ],
        Flag.MISSING_NO_RETURN_INTERVIEW,
        False,
    ),
    (
        "out-of-area",
        [
            (
                8,
                {
                    "placement_location": "b) Out",
                    "placement_la": "Leeds",
                    "last_social_work_visit_date": "2026-11-19",
                },
            )
        ],
        Flag.OUT_OF_AREA,
        True,
    ),
    (
        "in-area",
        [(8, {"placement_location": "a) In", "last_social_work_visit_date": "2026-11-19"})],
        Flag.OUT_OF_AREA,
        False,
    ),
]


@pytest.mark.parametrize(
    ("rows", "flag", "expected"), [c[1:] for c in FLAG_CASES], ids=[c[0] for c in FLAG_CASES]
)
def test_flags_that_matter_to_inspectors(rows, flag, expected):
    assert (flag.value in journey(*rows).flags) is expected


def test_a_cp_visit_is_overdue_by_the_councils_own_standard():
    rows = [(7, {"cpp_start_date": "2026-06-01", "last_statutory_visit_date": "2026-10-30"})]
    found = assemble_journey(
        "C1", [(n, i, d) for i, (n, d) in enumerate(rows)], as_at=AS_AT, cp_visit_working_days=15
    )
    assert Flag.VISITS_OVERDUE.value not in found.flags
    ten = journey(*rows)
    assert ten.flag_reasons[Flag.VISITS_OVERDUE.value] == (
        "Protection plan visit last on 30/10/2026 (due every 10 working days, the council's "
        "standard)."
    )


THRESHOLD_CASES = [
    ("contact-only", [(1, {"contact_date": "2026-10-01"})], Threshold.CONTACT_NFA),
    ("referral-nfa", [(1, {}), (3, {"referral_nfa": YES})], Threshold.CONTACT_NFA),
    (
        "assessment-nfa",
        [(3, {"referral_nfa": NO}), (4, {"requires_support": NO})],
        Threshold.ASSESSMENT_NFA,
    ),
    ("s47-no-conference", [(5, {"icpc_unnecessary": YES})], Threshold.S47_NO_CONFERENCE),
    ("cin-plan", [(6, {"case_status": "c) Child in need plan"})], Threshold.CIN_PLAN),
    (
        "cp-plan-beats-cin",
        [(6, {"case_status": "b) Child Protection plan"}), (7, {"cpp_start_date": "2026-01-01"})],
        Threshold.CP_PLAN,
    ),
    ("ceased-care-is-not-looked-after", [(8, {"date_ceased_looked_after": "2026-10-01"})], ""),
    ("looked-after", [(8, {"placement_type": "p) K2: Children’s Homes"})], Threshold.LOOKED_AFTER),
    ("care-leaver", [(9, {"in_touch": YES})], Threshold.CARE_LEAVER),
    ("adoption", [(8, {}), (10, {"adoption_decision_date": "2026-01-01"})], Threshold.ADOPTION),
]


@pytest.mark.parametrize(
    ("rows", "expected"), [c[1:] for c in THRESHOLD_CASES], ids=[c[0] for c in THRESHOLD_CASES]
)
def test_main_threshold_is_the_furthest_along_the_journey(rows, expected):
    assert journey(*rows).threshold == expected


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (-1, "unborn"),
        (0, "under_1"),
        (1, "1_4"),
        (4, "1_4"),
        (5, "5_9"),
        (9, "5_9"),
        (10, "10_15"),
        (15, "10_15"),
        (16, "16_plus"),
        (21, "16_plus"),
        (None, ""),
    ],
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_placement_groups_come_from_ofsted_codes():
    assert placement_group("p) K2: Children’s Homes") == "childrens_home"
    assert placement_group("d) U4: Foster placement - long term") == "fostering"
    assert placement_group("v) Z1: Other placements") == "other"


def test_a_child_in_a_childrens_home_out_of_area_is_marked_for_a_visit():
    result = journey(
        (
            8,
            {
                "placement_type": "p) K2: Children’s Homes",
                "placement_location": "b) Out",
                "placement_la": "Leeds",
                "placement_start_date": "2026-01-01",
            },
        )
    )
    assert result.in_childrens_home_out_of_area
    assert result.placement_la == "Leeds"


def test_chronology_is_in_date_order_across_lists():
    result = journey(
        (7, {"cpp_start_date": "2026-05-01"}),
        (1, {"contact_date": "2026-03-01"}),
        (3, {"referral_date": "2026-03-02", "referral_nfa": NO}),
    )
    assert [event.kind for event in result.events] == ["contact", "referral", "cp_plan"]
    assert result.events[0].date == date(2026, 3, 1)


@pytest.mark.django_db
def test_children_and_journeys_are_built_from_a_generated_version(children, version):
    ids_in_version = set(
        version.rows.exclude(list_number=11).values_list("child_id", flat=True).distinct()
    )
    assert Child.objects.count() == len(ids_in_version) == children.child_count
    assert JourneyEvent.objects.count() == children.event_count > Child.objects.count()
    child = Child.objects.filter(threshold="cp_plan").first()
    kinds = set(child.events.values_list("kind", flat=True))
    assert "cp_plan" in kinds
    assert Child.objects.filter(in_childrens_home_out_of_area=True).exists()
    assert children.version == version


@pytest.mark.django_db
def test_audits_survive_a_new_version(
    selection, rehearsal, version, staff_user, manager_user, data_admin_user
):
    member = selection.members.filter(cohort="audit").select_related("child").first()
    [audit] = services.assign_audits(
        inspection=rehearsal,
        children=[member.child],
        auditor=staff_user,
        due_date=audit_due_date_for(rehearsal),
        assigned_by=manager_user,
    )
    child_pk = member.child.pk

    def drop_the_first_contact(generated):
        del generated[1][0]

    newer = make_version(
        rows=1600, as_at=AS_AT, seed=5, imported_by=data_admin_user, edit=drop_the_first_contact
    )
    services.refresh_children(version=newer, built_by=data_admin_user)

    audit.refresh_from_db()
    assert audit.child_id == child_pk
    assert Child.objects.get(pk=child_pk).version == newer
    assert CaseAudit.objects.count() == 1
    assert ChildrenBuild.objects.count() == 2
    assert JourneyEvent.objects.filter(child__version=version).count() == 0  # all rebuilt


@pytest.mark.django_db
def test_a_child_no_longer_listed_is_kept_but_not_current(children, data_admin_user):
    missing = Child.objects.order_by("child_id").first().child_id

    def drop_child(generated):
        for number, rows in generated.items():
            generated[number] = [r for r in rows if r.get("child_id") != missing]

    newer = make_version(
        rows=1500, as_at=AS_AT, seed=5, imported_by=data_admin_user, edit=drop_child
    )
    services.refresh_children(version=newer, built_by=data_admin_user)
    gone = Child.objects.get(child_id=missing)
    assert not gone.is_current
    assert gone.version != newer


@pytest.mark.django_db
def test_importing_a_version_builds_children_through_the_signal(
    tmp_path, data_admin_user, django_capture_on_commit_callbacks
):
    from annex_a.services import import_annex_a_file
    from annex_a.synthetic import write_generated_workbook

    path = write_generated_workbook(tmp_path / "a.xlsx", rows=300, as_at=AS_AT, seed=2).path
    with django_capture_on_commit_callbacks(execute=True):
        _, version = import_annex_a_file(
            path=path, as_at=AS_AT, spec_version="2023", imported_by=data_admin_user
        )
    build = ChildrenBuild.objects.get()
    assert build.version == version
    assert build.child_count == Child.objects.count() > 0
