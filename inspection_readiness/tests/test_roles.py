"""Each view answers only the roles it is for; everyone else gets 403."""

import pytest
from django.urls import reverse

from inspection_readiness.models import Job
from inspection_readiness.roles import Role, require_role

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None
EVERY_ROLE = {S, M, A}


def _job_url(name):
    def build(owner):
        job = Job.objects.create(kind="activity_export", owner=owner)
        return reverse(name, args=[job.pk])

    return build


def _user_url(name):
    def build(owner):
        return reverse(name, args=[owner.pk])

    return build


# (url or url-builder taking the requesting user, roles that may see it)
VIEW_ROLES = [
    ("dashboard", EVERY_ROLE | {NONE}),
    ("activity", {A}),
    ("accounts:user_list", {A}),
    ("accounts:user_invite", {A}),
    ("job_list", EVERY_ROLE),
    ("frameworks:index", EVERY_ROLE),
    ("annex_a:index", EVERY_ROLE),
    ("casework:index", EVERY_ROLE),
    ("judgements:index", EVERY_ROLE),
    ("datapack:index", EVERY_ROLE),
    ("accessibility", EVERY_ROLE | {NONE}),
    (_job_url("job_detail"), EVERY_ROLE),
    (_job_url("job_status"), EVERY_ROLE),
    (_user_url("accounts:user_detail"), {A}),
    (_user_url("accounts:user_change_role"), {A}),
    (_user_url("accounts:user_deactivate"), {A}),
    (_user_url("accounts:user_reactivate"), {A}),
]

CASES = [
    (view, role, 200 if role in allowed else 403)
    for view, allowed in VIEW_ROLES
    for role in (S, M, A, NONE)
]


def _case_id(case):
    view, role, status = case
    name = view if isinstance(view, str) else view.__closure__[0].cell_contents
    return f"{name}-{role.value if role else 'no_role'}-{status}"


@pytest.mark.django_db
@pytest.mark.parametrize(("view", "role", "expected"), CASES, ids=[_case_id(c) for c in CASES])
def test_view_answers_by_role(client, user_for_role, view, role, expected):
    user = user_for_role(role)
    client.force_login(user)
    url = view(user) if callable(view) else reverse(view)
    assert client.get(url).status_code == expected


@pytest.mark.django_db
def test_refusal_page_says_which_roles_may_see_it(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("activity"))
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content
    assert b"This page is for data admin only." in response.content


@pytest.mark.django_db
def test_someone_elses_job_is_refused_but_data_admin_may_see_it(
    client, staff_user, manager_user, data_admin_user
):
    job = Job.objects.create(kind="activity_export", owner=manager_user)
    client.force_login(staff_user)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 403
    client.force_login(data_admin_user)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200


@pytest.mark.django_db
def test_only_data_admins_reach_the_django_admin(client, manager_user, data_admin_user):
    client.force_login(manager_user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b"The admin is for data admins only." in response.content
    client.force_login(data_admin_user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_deactivated_person_holds_no_role(staff_user):
    staff_user.is_active = False
    staff_user.save()
    from inspection_readiness.roles import roles_of

    assert roles_of(staff_user) == set()


def test_require_role_needs_a_role():
    with pytest.raises(ValueError):
        require_role()


@pytest.mark.django_db
def test_dashboard_shows_each_open_inspections_next_deadline(client, manager_user):
    from django.utils import timezone

    from frameworks.models import Framework, Inspection
    from inspection_readiness.councils import current_council

    Inspection.objects.create(
        council=current_council(),
        framework=Framework.objects.get(short_name="SIF"),
        notified_at=timezone.now(),
        is_rehearsal=True,
    )
    client.force_login(manager_user)
    response = client.get(reverse("dashboard"))
    assert b"SIF rehearsal" in response.content
    assert b"data-countdown-to=" in response.content
    assert b"Next deadline" in response.content


@pytest.mark.parametrize(
    "app_label",
    ["inspection_readiness", "frameworks", "annex_a", "judgements", "casework", "datapack"],
)
def test_every_domain_model_is_in_the_audit_trail(app_label):
    from importlib import import_module

    from auditlog.registry import auditlog
    from django.apps import apps

    # A job's own row is its record: who started it, when, and how it ended. An app may name
    # models it writes in bulk (BULK_MODELS in its apps.py, e.g. Annex A rows and findings);
    # the import or build that wrote them is audited instead.
    bulk_models = getattr(import_module(f"{app_label}.apps"), "BULK_MODELS", set())
    skipped = {"Job", *bulk_models}
    missing = [
        model.__name__
        for model in apps.get_app_config(app_label).get_models()
        if model.__name__ not in skipped and not auditlog.contains(model)
    ]
    assert not missing


@pytest.mark.django_db
def test_a_deadline_set_as_a_day_shows_no_time_of_day_on_the_dashboard(client, manager_user):
    """A short inspection's next step is inspectors arriving the following week: a day, not a
    time, so the dashboard must not say "00:00"."""
    import re

    from django.utils import timezone

    from frameworks.models import Framework, Inspection, VisitKind
    from inspection_readiness.councils import current_council

    framework = Framework.objects.get(short_name="ILACS 2026")
    Inspection.objects.create(
        council=current_council(),
        framework=framework,
        visit_kind=VisitKind.objects.get(framework=framework, code="short"),
        notified_at=timezone.now(),
        is_rehearsal=True,
    )
    client.force_login(manager_user)
    page = client.get(reverse("dashboard")).content.decode()
    row = re.search(r"ILACS 2026 rehearsal.*?</tr>", page, re.S).group(0)
    shown = re.sub(r"<[^>]+>", " ", row)  # what a person reads, not the countdown's attribute
    assert "on site" in shown.lower()
    assert "00:00" not in shown
