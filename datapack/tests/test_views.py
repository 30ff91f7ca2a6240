"""The pack's pages through HTTP: who may see and do what, drill-downs and downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datapack import services
from datapack.models import ComparisonGroup, Population
from inspection_readiness.roles import Role

from .conftest import make_version

S, M, A = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN


@pytest.fixture
def built_pack(data_admin_user, monkeypatch):
    """A pack built quickly: the PDF layout and chart drawing are tested in test_services."""

    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")
    monkeypatch.setattr(
        services,
        "bar_chart",
        lambda *, title, rows, value_label, chart_id: (
            f'<svg role="img" aria-labelledby="{chart_id}-title">'
            f'<title id="{chart_id}-title">{title}</title></svg>'
        ),
    )
    return services.build_data_pack(version=make_version(data_admin_user), built_by=data_admin_user)


def _pack_urls(pack):
    return [
        reverse("datapack:pack", args=[pack.pk]),
        reverse("datapack:area", args=[pack.pk, "children-in-care"]),
        reverse("datapack:how_we_compare", args=[pack.pk]),
        reverse("datapack:download", args=[pack.pk, "xlsx"]),
        reverse("datapack:download", args=[pack.pk, "pdf"]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, None])
def test_every_role_may_read_the_pack_and_outsiders_may_not(
    client, user_for_role, role, built_pack
):
    client.force_login(user_for_role(role))
    for url in _pack_urls(built_pack):
        assert client.get(url).status_code == (200 if role else 403), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, None])
def test_only_data_admins_build_and_change_settings(client, user_for_role, role, built_pack):
    client.force_login(user_for_role(role))
    assert client.post(reverse("datapack:build", args=[built_pack.version.pk])).status_code == 403
    for name in ("datapack:population", "datapack:outcomes", "datapack:neighbours"):
        assert client.get(reverse(name)).status_code == 403


DRILL_DOWNS = [
    {"measure": "cla_open"},
    {"breakdown": "cla_legal_status", "category": "C2: FCO"},
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [(S, 403), (M, 200), (A, 200), (None, 403)], ids=["S", "M", "A", "none"]
)
@pytest.mark.parametrize("query", DRILL_DOWNS, ids=["measure", "breakdown"])
def test_only_managers_and_data_admins_see_the_children_behind_a_count(
    client, user_for_role, built_pack, role, status, query
):
    client.force_login(user_for_role(role))
    response = client.get(reverse("datapack:children", args=[built_pack.pk]), query)
    assert response.status_code == status
    child_link = reverse("casework:child", kwargs={"child_id": "C1"})
    assert (child_link in response.content.decode()) is (status == 200)


@pytest.mark.django_db
def test_staff_see_the_figures_without_links_to_children(client, staff_user, built_pack):
    client.force_login(staff_user)
    page = client.get(reverse("datapack:area", args=[built_pack.pk, "children-in-care"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Long-term stability" in html
    assert reverse("datapack:children", args=[built_pack.pk]) not in html
    assert "see the children" not in html
    assert "Select a number to see the children behind it" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [M, A])
def test_the_area_page_links_every_count_to_its_children(client, user_for_role, built_pack, role):
    client.force_login(user_for_role(role))
    page = client.get(reverse("datapack:area", args=[built_pack.pk, "children-in-care"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Long-term stability" in html
    assert "?measure=cla_long_term_stability" in html
    assert "?breakdown=cla_legal_status&amp;category=C2%3A%20FCO" in html
    assert 'role="img"' in html and "<title id=" in html
    assert "No figure for the previous version" in html


@pytest.mark.django_db
def test_the_children_behind_a_count_link_to_their_journeys(client, manager_user, built_pack):
    client.force_login(manager_user)
    url = reverse("datapack:children", args=[built_pack.pk])
    page = client.get(url, {"breakdown": "cla_legal_status", "category": "C2: FCO"})
    html = page.content.decode()
    assert "2 counted, from Annex A List 8" in html
    for child_id in ("C1", "C2"):
        assert reverse("casework:child", kwargs={"child_id": child_id}) in html
    assert reverse("casework:child", kwargs={"child_id": "C5"}) not in html  # ceased
    assert client.get(url, {"measure": "made_up"}).status_code == 404
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unknown_area_or_file_is_not_found(client, staff_user, built_pack):
    client.force_login(staff_user)
    assert client.get(reverse("datapack:area", args=[built_pack.pk, "nope"])).status_code == 404
    assert client.get(reverse("datapack:download", args=[built_pack.pk, "doc"])).status_code == 404


@pytest.mark.django_db
def test_a_download_missing_from_storage_says_to_build_again(client, staff_user, built_pack):
    built_pack.pdf.storage.delete(built_pack.pdf.name)
    client.force_login(staff_user)
    response = client.get(reverse("datapack:download", args=[built_pack.pk, "pdf"]), follow=True)
    assert response.redirect_chain[-1][0] == built_pack.get_absolute_url()
    assert "Build the pack again" in response.content.decode()


def test_data_admin_starts_a_build_from_the_index(client, data_admin_user, monkeypatch):
    from inspection_readiness import tasks
    from inspection_readiness.models import Job

    monkeypatch.setattr(tasks.run_job, "delay", lambda job_id: None)
    version = make_version(data_admin_user)
    client.force_login(data_admin_user)
    response = client.post(reverse("datapack:build", args=[version.pk]), follow=True)
    assert Job.objects.filter(kind=services.BUILD_JOB, subject_id=version.pk).exists()
    assert b'role="progressbar"' in response.content


@pytest.mark.django_db
def test_data_admin_enters_the_population(client, data_admin_user):
    client.force_login(data_admin_user)
    response = client.post(
        reverse("datapack:population"), {"children": "48,000", "source": "ONS", "year": "2024"}
    )
    assert b"Enter the number of children as a whole number" in response.content
    response = client.post(
        reverse("datapack:population"), {"children": "48000", "source": "ONS", "year": "2024"}
    )
    assert response.status_code == 302
    assert Population.objects.get().children == 48000


@pytest.mark.django_db
def test_a_bad_outcomes_file_is_explained_by_row_and_column(client, data_admin_user, outcomes_csv):
    client.force_login(data_admin_user)
    broken = outcomes_csv.replace(b"E09000003,Barnet", b"E9,Barnet")
    response = client.post(
        reverse("datapack:outcomes"), {"source": SimpleUploadedFile("o.csv", broken)}
    )
    assert "Row 3, column &#x27;Local authority area code&#x27;: &#x27;E9&#x27;" in (
        response.content.decode()
    )
    response = client.post(
        reverse("datapack:outcomes"), {"source": SimpleUploadedFile("o.csv", outcomes_csv)}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("datapack:neighbours"),
        {"own_area_code": "E09000003", "neighbour_area_codes": ["E09000002", "E09000004"]},
    )
    assert response.status_code == 302
    group = ComparisonGroup.objects.get()
    assert (group.own_area_code, group.neighbour_area_codes) == (
        "E09000003", ["E09000002", "E09000004"]
    )  # fmt: skip


@pytest.mark.django_db
def test_outcomes_uploads_are_size_limited_and_csv_only(client, data_admin_user):
    client.force_login(data_admin_user)
    too_big = SimpleUploadedFile("o.csv", b"x" * (1024 * 1024 + 1))
    response = client.post(reverse("datapack:outcomes"), {"source": too_big})
    assert b"must be smaller than 1024 KB" in response.content
    response = client.post(
        reverse("datapack:outcomes"), {"source": SimpleUploadedFile("o.xlsx", b"PK")}
    )
    assert b"must be a CSV file" in response.content
