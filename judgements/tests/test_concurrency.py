"""Two people saving the same judgement area: the second save is refused, and both texts shown."""

import pytest
from django.test import Client
from django.urls import reverse

from .. import services
from .conftest import area

pytestmark = pytest.mark.django_db


def _form_data(page, **changes) -> dict:
    """What the browser would send back: the form's initial values (including the hidden
    version it was opened with) with the person's changes."""
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(changes)
    return data


def test_the_second_of_two_concurrent_saves_is_refused_and_both_texts_are_shown(
    ilacs, staff_user, manager_user
):
    url = reverse("judgements:area", args=[ilacs.pk, "J2"])
    pat, mo = Client(), Client()
    pat.force_login(staff_user)
    mo.force_login(manager_user)
    pats_page, mos_page = pat.get(url), mo.get(url)  # both open the form at the same version

    first = pat.post(
        url, _form_data(pats_page, proposed_grade="good", rationale="Pat's rationale: audits.")
    )
    assert first.status_code == 302
    second = mo.post(
        url,
        _form_data(
            mos_page, proposed_grade="requires-improvement", rationale="Mo's rationale: caseloads."
        ),
    )

    assert second.status_code == 200
    content = second.content.decode()
    assert "Your changes have not been saved" in content
    assert "Pat Tester saved this judgement area" in content
    assert "Pat&#x27;s rationale: audits." in content  # theirs, as saved
    assert "Mo&#x27;s rationale: caseloads." in content  # yours, not saved
    saved = area(ilacs, "J2")
    assert saved.rationale == "Pat's rationale: audits."
    assert saved.proposed_grade.code == "good"

    # The form now carries the saved version: saving again is a deliberate overwrite.
    assert second.context["form"]["version"].value() == str(saved.version)
    again = mo.post(url, {**second.context["form"].data.dict()})
    assert again.status_code == 302
    assert area(ilacs, "J2").rationale == "Mo's rationale: caseloads."


def test_the_service_refuses_a_stale_version(ilacs, staff_user):
    assessment = area(ilacs, "J1")
    opened_at = assessment.version
    services.save_area(
        assessment=assessment,
        expected_version=opened_at,
        changes=services.AreaChanges(strengths="First."),
        saved_by=staff_user,
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.save_area(
            assessment=assessment,
            expected_version=opened_at,
            changes=services.AreaChanges(strengths="Second."),
            saved_by=staff_user,
        )
    assert conflict.value.current.strengths == "First."
    assert area(ilacs, "J1").strengths == "First."
    assert area(ilacs, "J1").version == opened_at + 1
