"""Pages by role, the dashboard, the lists, and the audit trail of changes made through views."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from inspection_readiness.roles import Role

from .. import services
from ..models import SelfEvaluation
from .conftest import area, fill

pytestmark = pytest.mark.django_db

STAFF, MANAGER, ADMIN = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN

# (url name, extra args, status the self-evaluation must be in, role, expected status)
ROLE_TABLE = [
    ("index", (), None, STAFF, 200),
    ("index", (), None, ADMIN, 200),
    ("index", (), None, None, 403),
    ("start", (), None, STAFF, 200),
    ("start", (), None, MANAGER, 200),
    ("start", (), None, ADMIN, 403),
    ("detail", (), "draft", ADMIN, 200),
    ("detail", (), "draft", None, 403),
    ("area", ("J1",), "draft", ADMIN, 200),
    ("area", ("J1",), "draft", None, 403),
    ("evidence_add", ("J1", "text"), "draft", STAFF, 200),
    ("evidence_add", ("J1", "text"), "draft", ADMIN, 403),
    ("action_add", ("J1",), "draft", MANAGER, 200),
    ("action_add", ("J1",), "draft", ADMIN, 403),
    ("evidence_list", (), "draft", ADMIN, 200),
    ("action_list", (), "draft", ADMIN, 200),
    ("history", (), "draft", STAFF, 200),
    ("submit", (), "draft", STAFF, 200),
    ("submit", (), "draft", ADMIN, 403),
    ("return", (), "submitted", MANAGER, 200),
    ("return", (), "submitted", STAFF, 403),
    ("approve", (), "submitted", MANAGER, 200),
    ("approve", (), "submitted", STAFF, 403),
    ("approve", (), "submitted", ADMIN, 403),
    ("revise", (), "approved", STAFF, 200),
    ("revise", (), "approved", ADMIN, 403),
    ("changes", (), "approved", ADMIN, 200),
    ("delete", (), "draft", MANAGER, 200),
    ("delete", (), "draft", STAFF, 403),
    ("report_status", (), "draft", ADMIN, 200),
    ("report_download", (), "draft", STAFF, 404),
]


@pytest.fixture
def self_evaluation_in(request, staff_user, manager_user):
    def make(status: str | None) -> SelfEvaluation | None:
        if status is None:
            return None
        evaluation = request.getfixturevalue(
            {
                "draft": "ilacs",
                "submitted": "submitted_ilacs",
                "approved": "approved_ilacs",
            }[status]
        )
        assert evaluation.status == status
        return evaluation

    return make


@pytest.mark.parametrize(
    ("name", "args", "status", "role", "expected"),
    ROLE_TABLE,
    ids=[f"{row[0]}-{row[2]}-{row[3] or 'no-role'}" for row in ROLE_TABLE],
)
def test_role_table(client, user_for_role, self_evaluation_in, name, args, status, role, expected):
    evaluation = self_evaluation_in(status)
    client.force_login(user_for_role(role))
    url_args = ((evaluation.pk,) if evaluation else ()) + args
    assert client.get(reverse(f"judgements:{name}", args=url_args)).status_code == expected


def test_every_model_is_in_the_audit_trail():
    missing = [
        model.__name__
        for model in apps.get_app_config("judgements").get_models()
        if not auditlog.contains(model)
    ]
    assert not missing


def test_a_change_through_the_page_is_recorded_with_who_and_what(ilacs, staff_user, client):
    client.force_login(staff_user)
    assessment = area(ilacs, "J3")
    client.post(
        assessment.get_absolute_url(),
        {"version": assessment.version, "proposed_grade": "good", "rationale": "Stable homes."},
    )
    entries = LogEntry.objects.get_for_object(assessment).filter(action=LogEntry.Action.UPDATE)
    change = next(entry for entry in entries if "rationale" in entry.changes_dict)
    assert change.actor == staff_user
    assert change.changes_dict["rationale"] == ["", "Stable homes."]
    history = client.get(reverse("judgements:history", args=[ilacs.pk]))
    assert b"Stable homes." in history.content
    assert b"Children in care: proposed grade changed from none to good" in history.content


def test_starting_a_self_evaluation_for_an_inspection(staff_user, client):
    from django.utils import timezone

    from frameworks.models import Framework, Inspection
    from inspection_readiness.councils import current_council

    inspection = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="SIF"),
        notified_at=timezone.now(),
        is_rehearsal=True,
    )
    client.force_login(staff_user)
    empty = client.post(reverse("judgements:start"), {})
    assert b"Select an inspection or a framework to rehearse against" in empty.content
    response = client.post(reverse("judgements:start"), {"inspection": inspection.pk})
    evaluation = SelfEvaluation.objects.get()
    assert response.url == evaluation.get_absolute_url()
    assert (evaluation.framework.short_name, evaluation.inspection) == ("SIF", inspection)
    # A SIF rehearsed today uses the SIF as it last stood.
    assert evaluation.assessed_on == evaluation.framework.active_to
    codes = list(evaluation.areas.values_list("area__code", flat=True))
    assert codes[:2] == ["OE", "K1"] and "LSCB" in codes
    k1 = area(evaluation, "K1")
    assert k1.descriptor_checks.filter(grade_label="Good").count() == 7


def test_dashboard_shows_per_area_state_and_the_overall_cap(ilacs, staff_user, client):
    fill(ilacs, staff_user, "J2", "inadequate", rationale="Widespread failures.")
    fill(ilacs, staff_user, "OE", "good")
    j2 = area(ilacs, "J2")
    services.add_evidence(
        assessment=j2, kind="text", title="Audit", text="Findings.", added_by=staff_user
    )
    client.force_login(staff_user)
    page = client.get(reverse("judgements:detail", args=[ilacs.pk]))
    board = page.context["board"]
    rows = {row.assessment.area.code: row for row in board.rows}
    assert rows["J2"].assessment.evidence_count == 1
    assert rows["OE"].limits.cap.code == "inadequate"
    assert rows["J1"].review_status == "Not started"
    assert rows["OE"].review_status == "In progress"
    content = page.content.decode()
    assert "the rules cap it at <strong>inadequate</strong>" in content
    assert (
        "Children who need help and protection is proposed inadequate, so overall effectiveness "
        "can be at most inadequate." in content
    )
    assert "Overall effectiveness is proposed good, above its cap of inadequate." in content


def test_area_page_shows_the_limiting_rule_after_saving(ilacs, staff_user, client):
    client.force_login(staff_user)
    assessment = area(ilacs, "J2")
    response = client.post(
        assessment.get_absolute_url(),
        {"version": assessment.version, "proposed_grade": "inadequate", "rationale": "Failures."},
        follow=True,
    )
    content = response.content.decode()
    assert "Children who need help and protection saved." in content
    assert "so overall effectiveness can be at most inadequate" in content
    oe_page = client.get(reverse("judgements:area", args=[ilacs.pk, "OE"])).content.decode()
    # Grades above the cap are marked where they are chosen.
    assert oe_page.count("Above the cap the framework&#x27;s rules set") == 3


def test_lists_filter_sort_and_page(ilacs, staff_user, client, django_assert_max_num_queries):
    j1, j2 = area(ilacs, "J1"), area(ilacs, "J2")
    for number in range(30):
        services.add_evidence(
            assessment=j1 if number % 2 else j2,
            kind="text",
            title=f"Item {number:02d}",
            text="x",
            added_by=staff_user,
        )
    client.force_login(staff_user)
    url = reverse("judgements:evidence_list", args=[ilacs.pk])
    with django_assert_max_num_queries(15):
        first = client.get(url)
    assert first.context["table"].paginator.count == 30
    assert len(first.context["table"].page.object_list) == 25
    filtered = client.get(url, {"area": j1.pk, "sort": "-title"})
    titles = [row.record.title for row in filtered.context["table"].page.object_list]
    assert len(titles) == 15 and titles == sorted(titles, reverse=True)
    assert client.get(url, {"search": "Item 07"}).context["table"].paginator.count == 1


def test_the_index_says_what_to_do_when_empty(client, staff_user, data_admin_user):
    client.force_login(staff_user)
    assert (
        b"No self-evaluation has been started yet."
        in client.get(reverse("judgements:index")).content
    )
    client.force_login(data_admin_user)
    page = client.get(reverse("judgements:index")).content
    assert b"Preparation staff and managers start self-evaluations." in page
    assert b"Start a self-evaluation</a>" not in page


def test_index_lists_and_filters_by_status(approved_ilacs, staff_user, client):
    from .conftest import start

    start("SIF", staff_user)
    client.force_login(staff_user)
    url = reverse("judgements:index")
    assert client.get(url).context["table"].paginator.count == 2
    approved = client.get(url, {"status": "approved"}).context["table"]
    assert [row.record for row in approved.page.object_list] == [approved_ilacs]


@pytest.mark.parametrize("framework", ["ILACS", "CAA"])
def test_dashboard_and_area_pages_do_not_query_per_area(
    framework, staff_user, client, django_assert_max_num_queries
):
    """ILACS has 5 judgement areas and CAA 15: the pages cost the same."""
    from .conftest import start

    evaluation = start(framework, staff_user)
    client.force_login(staff_user)
    with django_assert_max_num_queries(25):
        client.get(reverse("judgements:detail", args=[evaluation.pk]))
    first = evaluation.areas.select_related("area").first()
    with django_assert_max_num_queries(30):
        client.get(first.get_absolute_url())


def test_an_inspection_page_link_can_preselect_the_inspection(staff_user, client):
    from django.utils import timezone

    from frameworks.models import Framework, Inspection
    from inspection_readiness.councils import current_council

    inspection = Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="ILACS"),
        notified_at=timezone.now(),
    )
    client.force_login(staff_user)
    page = client.get(reverse("judgements:start"), {"inspection": inspection.pk})
    assert page.context["form"]["inspection"].value() == str(inspection.pk)


def test_the_start_page_offers_the_framework_in_force_today(staff_user, client):
    """Today (after 1 April 2026) that is ILACS 2026, not the first framework in the list."""
    from frameworks.queries import framework_in_force

    client.force_login(staff_user)
    form = client.get(reverse("judgements:start")).context["form"]
    assert form["framework"].value() == framework_in_force(timezone.localdate()).short_name
    assert framework_in_force(date(2026, 11, 30)).short_name == "ILACS 2026"
    assert framework_in_force(date(2026, 3, 31)).short_name == "ILACS"
