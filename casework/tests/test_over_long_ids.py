"""A pasted Child Unique ID longer than the service keeps is refused with a reason, never cut
(a cut ID could name another child)."""

import pytest
from django.urls import reverse

from annex_a.cells import ID_MAX_LENGTH
from casework.models import InspectorChoice
from inspection_readiness.roles import Role


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("length", "role", "status"),
    [
        (ID_MAX_LENGTH, Role.MANAGER, 302),
        (ID_MAX_LENGTH + 1, Role.MANAGER, 200),
        (ID_MAX_LENGTH, Role.PREPARATION_STAFF, 403),
        (ID_MAX_LENGTH, Role.DATA_ADMIN, 403),
        (ID_MAX_LENGTH, None, 403),
    ],
    ids=["at-the-limit", "one-over", "staff", "data-admin", "no-role"],
)
def test_pasting_inspectors_choices_refuses_an_over_long_id(
    client, user_for_role, selection, length, role, status
):
    known = selection.members.select_related("child").first().child.child_id
    long_id = ("X" * length)[:length]
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("casework:inspector_choices", args=[selection.inspection_id]),
        {"child_ids": f"{known}\n{long_id}"},
    )
    assert response.status_code == status
    stored = set(InspectorChoice.objects.values_list("chosen_id", flat=True))
    if status == 302:
        assert stored == {known, long_id}
    else:
        assert not stored
    if status == 200:
        assert b"<title>Error: " in response.content
        assert (
            f"is {length} characters long, and a Child Unique ID has at most {ID_MAX_LENGTH}"
        ).encode() in response.content
