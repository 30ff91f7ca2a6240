"""`manage.py build_day1_pack`: the same build as the page, and every figure as JSON."""

import json

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from annex_a.models import AnnexAVersion
from datapack import services
from datapack.measures import MEASURES
from datapack.models import DataPack
from inspection_readiness.models import Job
from inspection_readiness.roles import Role

from .conftest import make_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    monkeypatch.setattr("inspection_readiness.pdf.render_pdf", lambda html: b"%PDF-1.7 test")


def build(*args):
    call_command("build_day1_pack", *args)


# As from a shell: no transaction around the command, so the job is handed over (and, with no
# worker needed, run in this process) as soon as it is made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_builds_the_pack_as_the_page_does_and_writes_every_figure(data_admin_user, tmp_path):
    services.load_published_figures()
    services.choose_own_authority(authority="Plymouth", chosen_by=data_admin_user)
    version = make_version(data_admin_user)
    out = tmp_path / "figures.json"

    build("--version", str(version.pk), "--json", str(out))

    job = Job.objects.get(kind=services.BUILD_JOB)
    assert job.status == Job.Status.SUCCEEDED and job.owner == data_admin_user
    assert job.subject == version
    pack = DataPack.objects.get(job=job)
    entry = LogEntry.objects.get(additional_data__data_pack=pack.pk)
    assert entry.actor == data_admin_user
    assert (
        entry.additional_data["event"]
        == f"Built the Day 1 data pack from version {version.number}."
    )

    figures = json.loads(out.read_text())
    assert [figure["key"] for figure in figures] == [measure.key for measure in MEASURES]
    for figure in figures:
        assert set(figure) >= {"key", "label", "numerator", "denominator", "value", "unit"}
        assert set(figure["comparators"]) == {"england", "region", "neighbours"}
        for compared in figure["comparators"].values():
            assert compared is None or set(compared) == {"value", "year"}
    by_key = {figure["key"]: figure for figure in figures}
    re_referrals = by_key["re_referrals"]
    stored = pack.results["measures"]["re_referrals"]
    assert (re_referrals["numerator"], re_referrals["denominator"], re_referrals["value"]) == (
        stored["numerator"],
        stored["denominator"],
        stored["value"],
    )
    assert re_referrals["label"] == "Re-referrals within 12 months"
    assert re_referrals["unit"] == "percent"
    assert re_referrals["comparators"]["england"] == {"value": 22.6, "year": 2025}
    assert re_referrals["comparators"]["region"] == {"value": 22.1, "year": 2025}
    assert re_referrals["comparators"]["neighbours"]["year"] == 2025
    assert by_key["contacts"]["unit"] == "count"
    assert by_key["contacts"]["comparators"] == {"england": None, "region": None,
                                                 "neighbours": None}  # fmt: skip
    assert by_key["adoption_a1_days"]["unit"] == "days"
    assert by_key["cla_open"]["compared"] == "rate"  # published per 10,000 children


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PREPARATION_STAFF, None])
def test_someone_who_is_not_a_data_admin_is_refused_plainly(role, user_for_role, data_admin_user):
    version = make_version(data_admin_user)
    person = user_for_role(role)
    with pytest.raises(CommandError, match="Only data admins can build a data pack"):
        build("--version", str(version.pk),
              "--user", person.username)  # fmt: skip
    assert not Job.objects.filter(kind=services.BUILD_JOB).exists()
    assert not DataPack.objects.exists()


def test_an_unknown_version_is_refused_plainly(data_admin_user):
    missing = (AnnexAVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with pytest.raises(CommandError, match=f"There is no Annex A version with id {missing}"):
        build("--version", str(missing))


def test_an_unknown_user_is_refused_plainly(data_admin_user):
    version = make_version(data_admin_user)
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        build("--version", str(version.pk), "--user", "nobody")
