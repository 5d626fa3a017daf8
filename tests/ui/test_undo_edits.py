"""Undoable create, update and delete through the context, on a real mission file."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from coordinator.db.enums import MemberRole
from coordinator.db.models import Member
from coordinator.services.delegations import (
    DelegationFields,
    create_delegation,
    delete_delegation,
    list_delegations,
    update_delegation,
)
from coordinator.services.errors import ValidationError
from coordinator.services.meetings import (
    InterlocutorFields,
    MeetingFields,
    create_meeting,
    get_meeting,
)
from coordinator.services.members import (
    MemberFields,
    create_member,
    delete_member,
    list_members,
)
from coordinator.services.paging import PageRequest
from coordinator.services.teams import (
    TeamFields,
    create_team,
    delete_team,
    list_teams,
    set_team_members,
)
from coordinator.services.unit import get
from coordinator.ui.context import MissionContext
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update
from tests.ui.conftest import Answers


def delegation_names(context: MissionContext) -> list[str]:
    return [row.name for row in context.query(list_delegations)]


def new_delegation(context: MissionContext, name: str) -> int:
    return perform_create(
        context,
        f"New delegation {name}",
        "delegations",
        lambda session: create_delegation(session, DelegationFields(name)),
        kind="delegation",
        delete=delete_delegation,
    )


def test_create_is_undone_and_redone_with_the_same_id(
    context: MissionContext, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(context.changed) as announced:
        new_id = new_delegation(context, "Türkiye")
    assert announced.args == ["delegations"]
    assert delegation_names(context) == ["Türkiye"]
    assert context.undo_stack.undoText() == "New delegation Türkiye"

    context.undo_stack.undo()
    assert delegation_names(context) == []
    context.undo_stack.redo()
    [row] = context.query(list_delegations)
    assert (row.id, row.name) == (new_id, "Türkiye")
    # And once more round, from the snapshot taken at the second undo.
    context.undo_stack.undo()
    context.undo_stack.redo()
    assert [row.id for row in context.query(list_delegations)] == [new_id]


def test_a_create_the_service_refuses_records_nothing(context: MissionContext) -> None:
    new_delegation(context, "Kazakhstan")
    with pytest.raises(ValidationError) as refused:
        new_delegation(context, "Kazakhstan")
    assert refused.value.for_field("name") == "Another delegation is already called Kazakhstan."
    assert context.undo_stack.count() == 1
    assert delegation_names(context) == ["Kazakhstan"]


def test_update_is_undone_and_redone(context: MissionContext) -> None:
    delegation_id = new_delegation(context, "Azerbaijan")
    old = DelegationFields("Azerbaijan")
    new = DelegationFields("Republic of Azerbaijan", country="Azərbaycan")
    perform_update(
        context,
        "Edit delegation Azerbaijan",
        "delegations",
        lambda session: update_delegation(session, delegation_id, new),
        lambda session: update_delegation(session, delegation_id, old),
    )
    assert [(r.name, r.country) for r in context.query(list_delegations)] == [
        ("Republic of Azerbaijan", "Azərbaycan")
    ]
    context.undo_stack.undo()
    assert [(r.name, r.country) for r in context.query(list_delegations)] == [("Azerbaijan", "")]
    context.undo_stack.redo()
    assert delegation_names(context) == ["Republic of Azerbaijan"]


def test_an_update_the_service_refuses_records_nothing(context: MissionContext) -> None:
    first = new_delegation(context, "Uzbekistan")
    new_delegation(context, "Hungary")
    with pytest.raises(ValidationError):
        perform_update(
            context,
            "Edit delegation Uzbekistan",
            "delegations",
            lambda session: update_delegation(session, first, DelegationFields("Hungary")),
            lambda session: update_delegation(session, first, DelegationFields("Uzbekistan")),
        )
    assert context.undo_stack.count() == 2
    assert delegation_names(context) == ["Hungary", "Uzbekistan"]


def test_undoing_a_delete_puts_back_the_member_and_their_meeting(
    context: MissionContext,
) -> None:
    delegation = new_delegation(context, "Kyrgyz Republic")
    member = context.write(
        "members",
        create_member,
        MemberFields("Айбек Токтогулов", delegation, role=MemberRole.ANALYST),
    ).id
    meeting = context.write(
        "meetings",
        create_meeting,
        MeetingFields(
            dt.date(2024, 11, 12),
            interlocutors=(InterlocutorFields("Tynchtykbek Shainazarov"),),
            participant_ids=(member,),
        ),
    ).id
    uuid = context.query(get, Member, member, "member").uuid

    perform_delete(
        context, "Delete member Айбек Токтогулов", "members", "member", member, delete=delete_member
    )
    assert context.query(list_members, PageRequest()).total == 0
    assert context.query(get_meeting, meeting).participants == []

    context.undo_stack.undo()
    restored = context.query(get, Member, member, "member")
    assert (restored.id, restored.uuid, restored.full_name, restored.role) == (
        member,
        uuid,
        "Айбек Токтогулов",
        MemberRole.ANALYST,
    )
    assert [p.id for p in context.query(get_meeting, meeting).participants] == [member]

    context.undo_stack.redo()
    assert context.query(list_members, PageRequest()).total == 0


def test_undoing_a_team_delete_gives_its_members_their_team_back(
    context: MissionContext,
) -> None:
    delegation = new_delegation(context, "Türkiye")
    member = context.write("members", create_member, MemberFields("Ayşe Yılmaz", delegation)).id
    team = context.write("teams", create_team, TeamFields("T1")).id
    context.write("teams", set_team_members, team, [member])

    perform_delete(context, "Delete team T1", "teams", "team", team, delete=delete_team)
    [row] = context.query(list_members, PageRequest()).rows
    assert row.team_id is None

    context.undo_stack.undo()
    [row] = context.query(list_members, PageRequest()).rows
    assert (row.team_id, row.team) == (team, "T1")
    assert [t.observer_names for t in context.query(list_teams)] == [("Ayşe Yılmaz",)]


def test_a_delete_the_service_refuses_records_nothing(context: MissionContext) -> None:
    delegation = new_delegation(context, "Kazakhstan")
    context.write("members", create_member, MemberFields("Асель Нурланова", delegation))
    with pytest.raises(ValidationError) as refused:
        perform_delete(
            context,
            "Delete delegation Kazakhstan",
            "delegations",
            "delegation",
            delegation,
            delete=delete_delegation,
        )
    assert refused.value.for_field("name") == ("It still has 1 member; move or delete them first.")
    assert context.undo_stack.count() == 1
    assert delegation_names(context) == ["Kazakhstan"]


def test_an_undo_the_mission_no_longer_allows_is_explained_and_changes_nothing(
    context: MissionContext, answers: Answers
) -> None:
    delegation = new_delegation(context, "Kazakhstan")
    # A member added without undo (an import, say) now stands in the way of undoing.
    member = context.write("members", create_member, MemberFields("Асель Нурланова", delegation)).id

    context.undo_stack.undo()
    assert delegation_names(context) == ["Kazakhstan"]
    assert answers.errors == [
        "“New delegation Kazakhstan” could not be undone. Delegation 'Kazakhstan': It still "
        "has 1 member; move or delete them first."
    ]
    # The delegation is still there, so redo must not insert it a second time.
    context.undo_stack.redo()
    assert delegation_names(context) == ["Kazakhstan"]
    assert len(answers.errors) == 1

    context.write("members", delete_member, member)
    context.undo_stack.undo()
    assert delegation_names(context) == []
