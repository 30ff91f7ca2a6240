"""The children inspectors choose, as working items: the readiness rule at each boundary, unknown
IDs named and not counted, ticks with who and when, audits assigned from the list, and the roles
of every request that changes anything."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from casework import services
from casework.inspectors_children import (
    Status,
    Step,
    add_inspectors_children,
    mark_step,
    status_for,
    unknown_ids_sentence,
    working_items,
)
from casework.models import CaseAudit, Child, InspectorsChild
from inspection_readiness.roles import Role

S, M, A, NONE = Role.PREPARATION_STAFF, Role.MANAGER, Role.DATA_ADMIN, None


@pytest.mark.parametrize(
    ("steps_done", "audit_assigned", "status"),
    [
        (0, False, Status.NOT_STARTED),
        (1, False, Status.IN_HAND),
        (0, True, Status.IN_HAND),
        (3, False, Status.IN_HAND),  # every tick, but no audit: not ready
        (2, True, Status.IN_HAND),  # one tick short
        (3, True, Status.READY),
    ],
)
def test_a_case_is_ready_only_with_every_tick_and_an_audit(steps_done, audit_assigned, status):
    assert status_for(steps_done=steps_done, audit_assigned=audit_assigned) == status


@pytest.mark.parametrize(
    ("unknown", "sentence"),
    [
        ([], ""),
        (["X1"], "1 ID is not a child in the latest Annex A: X1."),
        (["X1", "Y2"], "2 IDs are not children in the latest Annex A: X1, Y2."),
    ],
)
def test_unknown_ids_are_named(unknown, sentence):
    assert unknown_ids_sentence(unknown) == sentence


def _ids(children_build, count):
    return list(
        Child.objects.filter(is_current=True)
        .order_by("child_id")
        .values_list("child_id", flat=True)
    )[:count]


@pytest.mark.django_db
def test_unknown_ids_are_named_and_not_counted(children, rehearsal, manager_user):
    known = _ids(children, 8)
    pasted = f"{known[0]}, {known[1]};{known[2]}\t{known[3]}\n{'  '.join(known[4:])}\nNOPE-1 NOPE-2"
    result = add_inspectors_children(inspection=rehearsal, pasted=pasted, added_by=manager_user)
    assert len(result.added) == 8
    assert result.unknown == ["NOPE-1", "NOPE-2"]
    assert InspectorsChild.objects.filter(inspection=rehearsal).count() == 8
    entry = LogEntry.objects.get(additional_data__event="Added 8 children the inspectors chose")
    assert entry.actor == manager_user and entry.additional_data["unknown"] == ["NOPE-1", "NOPE-2"]


@pytest.mark.django_db
def test_a_child_no_longer_in_the_latest_annex_a_is_unknown(children, rehearsal, manager_user):
    gone, kept = _ids(children, 2)
    Child.objects.filter(child_id=gone).update(is_current=False)
    result = add_inspectors_children(
        inspection=rehearsal, pasted=f"{gone} {kept}", added_by=manager_user
    )
    assert [item.child.child_id for item in result.added] == [kept]
    assert result.unknown == [gone]


@pytest.mark.django_db
def test_pasting_again_keeps_the_ticks_and_adds_only_new_children(
    children, rehearsal, manager_user
):
    first, second = _ids(children, 2)
    [item] = add_inspectors_children(
        inspection=rehearsal, pasted=first, added_by=manager_user
    ).added
    mark_step(item=item, step=Step.FILE_READ, done=True, marked_by=manager_user)
    result = add_inspectors_children(
        inspection=rehearsal, pasted=f"{first}\n{second}", added_by=manager_user
    )
    assert [added.child.child_id for added in result.added] == [second]
    assert result.already_listed == 1
    item.refresh_from_db()
    assert item.file_read_by == manager_user and item.file_read_at is not None


@pytest.mark.django_db
def test_the_pasted_ids_are_compared_with_the_cohorts_when_there_are_some(selection, manager_user):
    known = _ids(None, 2)
    add_inspectors_children(
        inspection=selection.inspection, pasted=" ".join([*known, "NOPE-1"]), added_by=manager_user
    )
    assert sorted(selection.inspector_choices.values_list("chosen_id", flat=True)) == sorted(
        [*known, "NOPE-1"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, A, NONE])
def test_only_a_manager_adds_children(children, rehearsal, user_for_role, role):
    with pytest.raises(Exception, match="add the children inspectors chose"):
        add_inspectors_children(
            inspection=rehearsal, pasted=_ids(children, 1)[0], added_by=user_for_role(role)
        )
    assert not InspectorsChild.objects.exists()


@pytest.fixture
def item(children, rehearsal, manager_user):
    [added] = add_inspectors_children(
        inspection=rehearsal, pasted=_ids(children, 1)[0], added_by=manager_user
    ).added
    return added


@pytest.mark.django_db
def test_a_tick_records_who_and_when_and_can_be_undone(item, manager_user):
    mark_step(item=item, step=Step.MEETING_BOOKED, done=True, marked_by=manager_user)
    item.refresh_from_db()
    assert item.meeting_booked_by == manager_user and item.meeting_booked_at is not None
    assert LogEntry.objects.filter(
        additional_data__event=f"Meeting booked for child {item.child.child_id}"
    ).exists()
    mark_step(item=item, step=Step.MEETING_BOOKED, done=False, marked_by=manager_user)
    item.refresh_from_db()
    assert item.meeting_booked_by is None and item.meeting_booked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [A, NONE])
def test_data_admins_and_people_without_a_role_do_not_tick(item, user_for_role, role):
    with pytest.raises(Exception, match="work on the children inspectors chose"):
        mark_step(item=item, step=Step.FILE_READ, done=True, marked_by=user_for_role(role))


@pytest.mark.django_db
def test_staff_tick_only_children_they_can_see(item, rehearsal, staff_user, manager_user):
    with pytest.raises(services.CaseworkError, match="whose cases you can see"):
        mark_step(item=item, step=Step.FILE_READ, done=True, marked_by=staff_user)
    services.assign_audits(
        inspection=rehearsal,
        children=[item.child],
        auditor=staff_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    mark_step(item=item, step=Step.FILE_READ, done=True, marked_by=staff_user)
    item.refresh_from_db()
    assert item.file_read_by == staff_user


@pytest.mark.django_db
def test_working_items_show_status_audit_and_hide_other_childrens_cases(
    children, rehearsal, manager_user, staff_user
):
    ids = _ids(children, 3)
    added = add_inspectors_children(
        inspection=rehearsal, pasted=" ".join(ids), added_by=manager_user
    ).added
    ready = added[0]
    for step in Step:
        mark_step(item=ready, step=step, done=True, marked_by=manager_user)
    services.assign_audits(
        inspection=rehearsal,
        children=[ready.child],
        auditor=staff_user,
        due_date=date(2026, 12, 7),
        assigned_by=manager_user,
    )
    rows, hidden = working_items(rehearsal, manager_user)
    assert hidden == 0
    assert [row.status for row in rows] == [Status.READY, Status.NOT_STARTED, Status.NOT_STARTED]
    assert rows[0].audit is not None and rows[0].steps[Step.FILE_READ].by == "Mo Tester"
    rows, hidden = working_items(rehearsal, staff_user)
    assert [row.child.child_id for row in rows] == [ids[0]] and hidden == 2


# ---- through HTTP: every POST, by every role -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_adding_children_by_post_is_for_managers(client, children, rehearsal, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("casework:inspectors_children", args=[rehearsal.pk]),
        {"child_ids": _ids(children, 1)[0]},
    )
    assert response.status_code == (302 if role == M else 403)
    assert InspectorsChild.objects.count() == (1 if role == M else 0)


@pytest.mark.django_db
def test_the_page_names_unknown_ids_and_counts_ready_cases(
    client, children, rehearsal, manager_user
):
    client.force_login(manager_user)
    response = client.post(
        reverse("casework:inspectors_children", args=[rehearsal.pk]),
        {"child_ids": " ".join([*_ids(children, 3), "NOPE-1", "NOPE-2"])},
        follow=True,
    )
    text = response.content.decode()
    assert "Added 3 children to the list." in text
    assert "2 IDs are not children in the latest Annex A: NOPE-1, NOPE-2." in text
    assert "0 of 3" in text and "Not started" in text


@pytest.mark.django_db
def test_the_list_filters_by_status_and_sorts(client, children, rehearsal, manager_user):
    ids = _ids(children, 3)
    added = add_inspectors_children(
        inspection=rehearsal, pasted=" ".join(ids), added_by=manager_user
    ).added
    mark_step(item=added[1], step=Step.FILE_READ, done=True, marked_by=manager_user)
    client.force_login(manager_user)
    url = reverse("casework:inspectors_children", args=[rehearsal.pk])
    in_hand = client.get(url, {"status": "in_hand"}).content.decode()
    assert f'id="child-{ids[1]}"' in in_hand and f'id="child-{ids[0]}"' not in in_hand
    descending = client.get(url, {"sort": "-child"}).content.decode()
    assert descending.index(f'id="child-{ids[2]}"') < descending.index(f'id="child-{ids[0]}"')


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_ticking_by_post_is_for_managers_and_staff_who_see_the_child(
    client, item, rehearsal, user_for_role, manager_user, role
):
    person = user_for_role(role)
    if role == S:
        services.assign_audits(
            inspection=rehearsal,
            children=[item.child],
            auditor=person,
            due_date=date(2026, 12, 7),
            assigned_by=manager_user,
        )
    client.force_login(person)
    response = client.post(
        reverse("casework:inspectors_child_mark", args=[rehearsal.pk, item.pk]),
        {"step": "worker_told", "done": "yes"},
    )
    allowed = role in (S, M)
    assert response.status_code == (302 if allowed else 403)
    item.refresh_from_db()
    assert (item.worker_told_by == person) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_assigning_an_audit_from_the_list_is_for_managers(
    client, item, rehearsal, user_for_role, staff_user, role
):
    client.force_login(user_for_role(role))
    response = client.post(
        reverse("casework:inspectors_child_assign", args=[rehearsal.pk, item.pk]),
        {
            "auditor": staff_user.pk,
            "due_date_0": "7",
            "due_date_1": "12",
            "due_date_2": "2026",
        },
    )
    assert response.status_code == (302 if role == M else 403)
    audit = CaseAudit.objects.filter(inspection=rehearsal, child=item.child).first()
    assert (audit is not None) is (role == M)
    if audit:
        assert audit.auditor == staff_user and audit.due_date == date(2026, 12, 7)


@pytest.mark.django_db
def test_an_audit_due_after_inspectors_leave_is_refused_from_the_list(
    client, item, rehearsal, staff_user, manager_user
):
    rehearsal.on_site_to = date(2026, 12, 4)
    rehearsal.save(update_fields=["on_site_to"])
    client.force_login(manager_user)
    url = reverse("casework:inspectors_child_assign", args=[rehearsal.pk, item.pk])
    page = client.get(url).content.decode()
    assert 'value="4"' in page  # the default due date is inside the on-site window
    response = client.post(
        url,
        {"auditor": staff_user.pk, "due_date_0": "7", "due_date_1": "12", "due_date_2": "2026"},
    )
    assert response.status_code == 200
    assert "too late for inspectors" in response.content.decode()
    assert not CaseAudit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [S, M, A, NONE])
def test_the_pages_answer_only_their_roles(client, item, rehearsal, user_for_role, role):
    client.force_login(user_for_role(role))
    listing = client.get(reverse("casework:inspectors_children", args=[rehearsal.pk]))
    assert listing.status_code == (403 if role is NONE else 200)
    assign = client.get(reverse("casework:inspectors_child_assign", args=[rehearsal.pk, item.pk]))
    assert assign.status_code == (200 if role == M else 403)


@pytest.mark.django_db
def test_staff_see_how_many_children_are_hidden_and_cannot_add(client, item, rehearsal, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("casework:inspectors_children", args=[rehearsal.pk])).content
    assert b"1 more child on the list is not shown" in page
    assert item.child.child_id.encode() not in page
    assert b"Add these children" not in page


@pytest.mark.django_db
def test_opening_a_childs_assign_page_is_recorded(client, item, rehearsal, manager_user):
    client.force_login(manager_user)
    client.get(reverse("casework:inspectors_child_assign", args=[rehearsal.pk, item.pk]))
    entry = LogEntry.objects.get(
        additional_data__event=f"Viewed child {item.child.child_id} to assign an audit"
    )
    assert entry.actor == manager_user and entry.additional_data["access"] == "viewed"


@pytest.mark.django_db
def test_recording_the_inspectors_choices_counts_only_known_children(
    client, selection, manager_user
):
    known = _ids(None, 3)
    client.force_login(manager_user)
    response = client.post(
        reverse("casework:inspector_choices", args=[selection.inspection_id]),
        {"child_ids": " ".join([*known, "NOPE-1", "NOPE-2"])},
        follow=True,
    )
    text = response.content.decode()
    assert "Recorded 3 children the inspectors chose." in text
    assert "2 IDs are not children in the latest Annex A: NOPE-1, NOPE-2." in text


@pytest.mark.django_db
def test_a_tick_is_undone_by_post(client, item, rehearsal, manager_user):
    mark_step(item=item, step=Step.FILE_READ, done=True, marked_by=manager_user)
    client.force_login(manager_user)
    url = reverse("casework:inspectors_child_mark", args=[rehearsal.pk, item.pk])
    response = client.post(url, {"step": "file_read", "done": "no"}, follow=True)
    assert f"File read undone for child {item.child.child_id}.".encode() in response.content
    item.refresh_from_db()
    assert item.file_read_at is None and item.file_read_by is None
    client.post(url, {"step": "not_a_step", "done": "yes"})
    item.refresh_from_db()
    assert item.file_read_at is None
