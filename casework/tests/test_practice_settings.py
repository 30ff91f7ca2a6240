"""The council's practice settings: its child protection visiting standard and the cohort sizes
it rehearses with where a framework publishes none (ILACS), set by managers and data admins,
each change in the audit trail."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casework import practice, services
from casework.models import PracticeSettings
from casework.practice import practice_settings_for
from casework.queries import sampling_targets
from casework.sampling import Targets
from frameworks.models import Framework
from inspection_readiness.councils import current_council
from inspection_readiness.roles import Role

URL = reverse("casework:practice_settings")
DAYS = "Enter the number of working days between visits"
SETTINGS = {
    "cp_visit_working_days": 15,
    "audited": 10,
    "tracked": 20,
    "sampled": 25,
    "out_of_area_visits": 1,
}


def posted(**changes):
    return {field: str(value) for field, value in {**SETTINGS, **changes}.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.DATA_ADMIN, 200),
        (Role.PREPARATION_STAFF, 403),
        (None, 403),
    ],
    ids=["manager", "data-admin", "staff", "no-role"],
)
def test_the_page_is_for_managers_and_data_admins(client, user_for_role, role, status):
    client.force_login(user_for_role(role))
    response = client.get(URL)
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Ofsted does not publish how many children it samples in an ILACS inspection" in page
        assert "your council&#x27;s own practice standard" in page
        assert "statutory" not in page.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 302),
        (Role.DATA_ADMIN, 302),
        (Role.PREPARATION_STAFF, 403),
        (None, 403),
    ],
    ids=["manager", "data-admin", "staff", "no-role"],
)
def test_saving_the_settings_is_for_managers_and_data_admins(client, user_for_role, role, status):
    person = user_for_role(role)
    client.force_login(person)
    response = client.post(URL, posted())
    assert response.status_code == status
    saved = PracticeSettings.objects.filter(council=current_council()).first()
    if status == 302:
        assert response.url == URL
        assert saved.cp_visit_working_days == 15
        assert saved.cohort_sizes == Targets(audit=10, tracked=20, sampled=25, out_of_area_visit=1)
        assert saved.updated_by == person
        entry = LogEntry.objects.get_for_object(saved).filter(actor=person).latest("timestamp")
        assert entry.additional_data["event"] == (
            "Changed the council's practice settings: Visits to children on a child protection "
            "plan (working days) from 10 to 15; Cases the council audits from 18 to 10; Cases "
            "inspectors track from 30 to 20; Cases inspectors sample from 50 to 25; Children's "
            "home visits out of the area from 2 to 1"
        )
    else:
        assert saved is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PREPARATION_STAFF, None], ids=["staff", "no-role"])
def test_the_service_refuses_anyone_else(user_for_role, role):
    with pytest.raises(PermissionDenied) as refused:
        practice.update_practice_settings(
            council=current_council(), changed_by=user_for_role(role), **SETTINGS
        )
    assert str(refused.value) == (
        "Only managers and data admins can change the council's practice settings."
    )
    assert not PracticeSettings.objects.exists()


@pytest.mark.django_db
def test_saving_the_same_settings_again_records_nothing_new(manager_user):
    for _ in range(2):
        practice.update_practice_settings(
            council=current_council(), changed_by=manager_user, **SETTINGS
        )
    saved = PracticeSettings.objects.get()
    events = [
        entry
        for entry in LogEntry.objects.get_for_object(saved)
        if "event" in (entry.additional_data or {})
    ]
    assert len(events) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "cp_visit_working_days",
            "0",
            "Enter the number of working days between visits of 1 or more",
        ),
        (
            "cp_visit_working_days",
            "66",
            "Enter the number of working days between visits of 65 or fewer",
        ),
        ("cp_visit_working_days", "", "Enter the number of working days between visits"),
        ("audited", "0", "Enter how many cases the council audits of 1 or more"),
        ("sampled", "ten", "Enter how many cases inspectors sample as a whole number, like 10"),
    ],
    ids=["no-days", "over-three-months", "blank", "no-audits", "not-a-number"],
)
def test_a_wrong_number_is_shown_in_the_error_summary(client, manager_user, field, value, message):
    client.force_login(manager_user)
    response = client.post(URL, posted(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert message in page
    assert not PracticeSettings.objects.exists()


@pytest.mark.django_db
def test_ilacs_cohorts_are_the_councils_numbers_with_a_plain_note(manager_user):
    ilacs = Framework.objects.get(short_name="ILACS")
    targets, notes = sampling_targets(ilacs)
    assert targets == practice_settings_for(current_council()).cohort_sizes
    assert notes == [
        "Ofsted does not publish how many children it samples in an ILACS inspection; set the "
        "numbers you want to rehearse with. These cohorts use your council's own numbers."
    ]
    practice.update_practice_settings(
        council=current_council(), changed_by=manager_user, **SETTINGS
    )
    targets, _ = sampling_targets(ilacs)
    assert targets == Targets(audit=10, tracked=20, sampled=25, out_of_area_visit=1)


@pytest.mark.django_db
def test_the_sif_keeps_its_own_numbers_whatever_the_council_sets(manager_user):
    practice.update_practice_settings(
        council=current_council(), changed_by=manager_user, **SETTINGS
    )
    targets, notes = sampling_targets(Framework.objects.get(short_name="SIF"))
    # The seeds' minimum of 80 children, the 18 audited among those tracked and sampled.
    assert targets == Targets(audit=18, tracked=30, sampled=32, out_of_area_visit=2)
    assert targets.stratified_total == 80
    assert notes == [
        "The SIF's 18 audited cases are among the 80 children inspectors track and sample: 18 "
        "audited, 30 tracked and 32 more sampled, 80 children in all."
    ]


@pytest.mark.django_db
def test_cohorts_selected_for_an_ilacs_rehearsal_use_the_councils_sizes(
    children, rehearsal, manager_user
):
    practice.update_practice_settings(
        council=current_council(), changed_by=manager_user, **SETTINGS
    )
    selection = services.select_cohorts(inspection=rehearsal, seed=3, selected_by=manager_user)
    assert selection.members.filter(cohort="audit").count() == 10
    assert selection.members.filter(cohort="tracked").count() == 20


@pytest.mark.django_db
def test_children_are_flagged_by_the_councils_visiting_standard(
    version, data_admin_user, manager_user
):
    from casework.models import Child

    def overdue_reasons() -> list[str]:
        return [
            flag["reason"]
            for flags in Child.objects.values_list("flags", flat=True)
            for flag in flags
            if flag["code"] == "visits_overdue"
            and "protection plan visit" in flag["reason"].lower()
        ]

    services.refresh_children(version=version, built_by=data_admin_user)
    at_ten = overdue_reasons()
    practice.update_practice_settings(
        council=current_council(),
        changed_by=manager_user,
        **{**SETTINGS, "cp_visit_working_days": 65},
    )
    services.refresh_children(version=version, built_by=data_admin_user)
    at_65 = overdue_reasons()
    assert len(at_65) < len(at_ten)
    assert all("due every 65 working days" in reason for reason in at_65)
