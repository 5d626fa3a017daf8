"""The Delegations page driven as a user would: real widgets on a fresh mission file."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from coordinator.db.enums import AccreditationStatus, DelegationKind, MemberRole
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.services.delegations import DelegationFields, create_delegation, list_delegations
from coordinator.services.meetings import (
    InterlocutorFields,
    MeetingFields,
    create_meeting,
    get_meeting,
)
from coordinator.services.members import MemberFields, MemberRow, create_member, list_members
from coordinator.services.paging import PageRequest
from coordinator.services.teams import TeamFields, create_team
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import RecordDialog
from coordinator.ui.pages.delegations import DelegationsPage
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import PagedTableModel
from tests.ui.conftest import Answers

# The offscreen platform says this about every window shown; it is not about the page.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Mission:
    kyrgyzstan: int
    turkiye: int
    team: int
    aibek: int
    ayse: int


@pytest.fixture
def mission(context: MissionContext) -> Mission:
    kyrgyzstan = context.write(
        "delegations", create_delegation, DelegationFields("Kyrgyz Republic", country="Кыргызстан")
    ).id
    turkiye = context.write(
        "delegations", create_delegation, DelegationFields("Republic of Türkiye")
    ).id
    team = context.write("teams", create_team, TeamFields("T1", area="Bishkek")).id
    aibek = context.write(
        "members",
        create_member,
        MemberFields(
            "Айбек Токтогулов",
            kyrgyzstan,
            position="Member of Jogorku Kenesh",
            role=MemberRole.HEAD_OF_MISSION,
            accreditation_status=AccreditationStatus.ACCREDITED,
            arrival=dt.date(2024, 11, 13),
            departure=dt.date(2024, 11, 18),
            team_id=team,
        ),
    ).id
    ayse = context.write(
        "members",
        create_member,
        MemberFields(
            "Ayşe Yılmaz",
            turkiye,
            position="Supreme Election Council",
            passport_no="U1234567",
            accreditation_status=AccreditationStatus.REFUSED,
            team_id=team,
        ),
    ).id
    return Mission(kyrgyzstan, turkiye, team, aibek, ayse)


@pytest.fixture
def page(context: MissionContext, qtbot: QtBot) -> Iterator[DelegationsPage]:
    shown = DelegationsPage(context)
    qtbot.addWidget(shown)
    # As the main window does: every write is announced to the page.
    context.changed.connect(shown.on_changed)
    shown.resize(1280, 800)
    with qtbot.waitExposed(shown):
        shown.show()
    shown.activateWindow()
    shown.activate()
    yield shown
    if shown.dialog is not None and shown.dialog.isVisible():
        shown.dialog.reject()


def column_texts(model: PagedTableModel[Any], header: str) -> list[str]:
    column = [c.header for c in model.columns].index(header)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def members(context: MissionContext) -> list[MemberRow]:
    return context.query(list_members, PageRequest()).rows


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` key by key, as a keyboard layout with its letters (ə, ү, ş) would.

    QTest.keyClicks maps characters to Latin-1 keys only, so each key is sent with its text.
    """
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )
    qtbot.wait(1)


def open_dialog(qtbot: QtBot, page: DelegationsPage) -> RecordDialog[object]:
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert page.dialog is not None
    return page.dialog


def press_ok(qtbot: QtBot, dialog: RecordDialog[object]) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, text: str) -> None:
    """Pick the item a user reads as `text`, as choosing it from the list does."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def select_row(records: RecordList, record_id: int) -> None:
    assert records.select(record_id)
    records.table.setFocus()


def test_page_shows_delegations_and_the_members_of_the_chosen_one(
    page: DelegationsPage, mission: Mission
) -> None:
    page.reload()
    assert column_texts(page.delegation_model, "Name") == ["Kyrgyz Republic", "Republic of Türkiye"]
    assert column_texts(page.delegation_model, "Country") == ["Кыргызстан", ""]
    assert column_texts(page.delegation_model, "Members") == ["1", "1"]
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz", "Айбек Токтогулов"]
    assert page.members_title.text() == "Members of all delegations"

    select_row(page.delegations, mission.turkiye)
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz"]
    assert page.members_title.text() == "Members of Republic of Türkiye"
    assert page.delegation_filter.currentText() == "Republic of Türkiye"
    assert page.members.table.isColumnHidden(1)
    assert page.members.count.text() == "1 member"

    choose(page.delegation_filter, "All delegations")
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz", "Айбек Токтогулов"]
    assert page.delegations.current_id() is None
    assert not page.members.table.isColumnHidden(1)


def test_a_member_added_through_the_form_is_listed_and_saved(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    select_row(page.delegations, mission.kyrgyzstan)
    page.members.table.setFocus()
    qtbot.keyClick(page.members.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "New member"
    editors = dialog.editors
    assert isinstance(editors["delegation"], QComboBox)
    assert editors["delegation"].currentText() == "Kyrgyz Republic"
    type_text(qtbot, editors["full_name"], "Гүлнара Өмүрбекова")
    qtbot.keyClicks(editors["position"], "Interpreter, Bishkek office")
    qtbot.keyClicks(editors["email"], "gulnara@example.org")
    assert isinstance(editors["role"], QComboBox)
    assert isinstance(editors["accreditation_status"], QComboBox)
    assert isinstance(editors["team"], QComboBox)
    choose(editors["role"], "Interpreter")
    choose(editors["accreditation_status"], "Submitted")
    choose(editors["team"], "T1 — Bishkek")
    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert column_texts(page.member_model, "Full name") == [
        "Айбек Токтогулов",
        "Гүлнара Өмүрбекова",
    ]
    assert page.members.current_id() == page.member_model.id_at(1)
    [saved] = [row for row in members(context) if row.full_name == "Гүлнара Өмүрбекова"]
    assert (saved.delegation, saved.position, saved.role, saved.accreditation_status) == (
        "Kyrgyz Republic",
        "Interpreter, Bishkek office",
        MemberRole.INTERPRETER,
        AccreditationStatus.SUBMITTED,
    )
    assert (saved.email, saved.team, saved.arrival) == ("gulnara@example.org", "T1", None)
    assert column_texts(page.delegation_model, "Members") == ["2", "1"]
    assert context.undo_stack.undoText() == "New member Гүлнара Өмүрбекова"


def test_a_departure_before_arrival_is_shown_beside_the_field_and_nothing_is_saved(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    select_row(page.delegations, mission.turkiye)
    page.members.new_action.trigger()
    dialog = open_dialog(qtbot, page)
    qtbot.keyClicks(dialog.editors["full_name"], "Mehmet Demir")
    arrival = dialog.editors["arrival"]
    departure = dialog.editors["departure"]
    qtbot.keyClicks(arrival, "14.11.2024")
    qtbot.keyClicks(departure, "10.11.2024")
    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    message = dialog.errors["departure"]
    assert message.isVisible()
    assert message.text() == "Departure (10 November 2024) is before arrival (14 November 2024)."
    assert departure.property("invalid") is True
    assert not dialog.errors["full_name"].isVisible()
    assert [row.full_name for row in members(context)] == ["Ayşe Yılmaz", "Айбек Токтогулов"]
    assert context.undo_stack.count() == 0


def test_delete_asks_naming_the_meetings_then_undo_brings_the_member_back(
    page: DelegationsPage,
    mission: Mission,
    qtbot: QtBot,
    context: MissionContext,
    answers: Answers,
) -> None:
    for day in (11, 12):
        context.write(
            "meetings",
            create_meeting,
            MeetingFields(
                dt.date(2024, 11, day),
                interlocutors=(InterlocutorFields("Tynchtykbek Shainazarov"),),
                participant_ids=(mission.aibek,),
            ),
        )
    page.reload()
    select_row(page.members, mission.aibek)
    qtbot.keyClick(page.members.table, Qt.Key.Key_Delete)

    assert answers.questions == [
        "Delete Айбек Токтогулов (Kyrgyz Republic) from the mission?\n\n"
        "…and they will be taken off 2 meetings.\n\nEdit > Undo can bring them back."
    ]
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz"]
    assert [row.full_name for row in members(context)] == ["Ayşe Yılmaz"]

    context.undo_stack.undo()
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz", "Айбек Токтогулов"]
    [back] = [row for row in members(context) if row.full_name == "Айбек Токтогулов"]
    assert (back.id, back.team, back.role) == (mission.aibek, "T1", MemberRole.HEAD_OF_MISSION)
    assert all(
        [p.id for p in context.query(get_meeting, meeting).participants] == [mission.aibek]
        for meeting in (1, 2)
    )


def test_a_delete_not_confirmed_changes_nothing(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    answers.confirm = False
    page.reload()
    select_row(page.members, mission.ayse)
    page.members.delete_action.trigger()
    assert len(answers.questions) == 1
    assert "taken off" not in answers.questions[0]
    assert len(members(context)) == 2
    assert context.undo_stack.count() == 0


def test_accreditation_shows_its_name_in_its_colour(
    page: DelegationsPage, mission: Mission, context: MissionContext
) -> None:
    for number, status in enumerate(AccreditationStatus):
        context.write(
            "members",
            create_member,
            MemberFields(f"Observer {number}", mission.turkiye, accreditation_status=status),
        )
    page.reload()
    column = [c.header for c in page.member_model.columns].index("Accreditation")
    shown = {}
    for row in range(page.member_model.rowCount()):
        index = page.member_model.index(row, column)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        shown[index.data()] = brush.color().name()
    assert shown == {
        "Accredited": status_colour("good").name(),
        "Submitted": status_colour("neutral").name(),
        "Requested": status_colour("warning").name(),
        "Refused": status_colour("bad").name(),
    }
    assert len(set(shown.values())) == 4


def test_edit_a_member_with_enter_then_undo(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    select_row(page.members, mission.ayse)
    qtbot.keyClick(page.members.table, Qt.Key.Key_Return)
    dialog = open_dialog(qtbot, page)
    assert dialog.windowTitle() == "Ayşe Yılmaz"
    position = dialog.editors["position"]
    position.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(position, "Member of the Supreme Election Council")
    choose(dialog.editors["accreditation_status"], "Accredited")  # type: ignore[arg-type]
    press_ok(qtbot, dialog)

    assert column_texts(page.member_model, "Position") == [
        "Member of the Supreme Election Council",
        "Member of Jogorku Kenesh",
    ]
    assert column_texts(page.member_model, "Accreditation")[0] == "Accredited"
    assert page.members.current_id() == mission.ayse

    context.undo_stack.undo()
    assert column_texts(page.member_model, "Position")[0] == "Supreme Election Council"
    assert column_texts(page.member_model, "Accreditation")[0] == "Refused"
    context.undo_stack.redo()
    assert column_texts(page.member_model, "Accreditation")[0] == "Accredited"


def test_duplicate_starts_a_new_person_in_the_same_delegation_and_team(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    select_row(page.members, mission.ayse)
    qtbot.keyClick(page.members.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, page)
    assert dialog.editors["full_name"].text() == "Ayşe Yılmaz (copy)"  # type: ignore[attr-defined]
    press_ok(qtbot, dialog)

    [copy] = [row for row in members(context) if row.full_name == "Ayşe Yılmaz (copy)"]
    assert (copy.delegation, copy.team, copy.position) == (
        "Republic of Türkiye",
        "T1",
        "Supreme Election Council",
    )
    # A different person: no passport number of someone else, accreditation to request.
    assert (copy.passport_no, copy.accreditation_status) == ("", AccreditationStatus.REQUESTED)
    assert page.members.current_id() == copy.id


def test_filters_by_role_accreditation_and_search(
    page: DelegationsPage, mission: Mission, qtbot: QtBot
) -> None:
    page.reload()
    choose(page.role_filter, "Head of mission")
    assert column_texts(page.member_model, "Full name") == ["Айбек Токтогулов"]
    choose(page.role_filter, "All roles")
    choose(page.status_filter, "Refused")
    assert column_texts(page.member_model, "Full name") == ["Ayşe Yılmaz"]
    choose(page.status_filter, "Any accreditation")
    qtbot.keyClicks(page.members.search, "jogorku")
    assert column_texts(page.member_model, "Full name") == ["Айбек Токтогулов"]
    assert page.members.count.text() == "1 member"


def test_sorting_by_a_column_asks_the_service(page: DelegationsPage, mission: Mission) -> None:
    page.reload()
    column = [c.header for c in page.member_model.columns].index("Accreditation")
    page.members.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert column_texts(page.member_model, "Accreditation") == ["Accredited", "Refused"]
    page.members.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert column_texts(page.member_model, "Accreditation") == ["Refused", "Accredited"]


def test_a_link_selects_a_member_hidden_by_the_filters(
    page: DelegationsPage, mission: Mission
) -> None:
    page.reload()
    select_row(page.delegations, mission.turkiye)
    choose(page.status_filter, "Refused")
    page.select_record(mission.aibek)
    assert page.members.current_id() == mission.aibek
    assert page.delegations.current_id() == mission.kyrgyzstan
    assert page.status_filter.currentText() == "Any accreditation"


def test_new_delegation_then_edit_then_undo_both(
    page: DelegationsPage, qtbot: QtBot, context: MissionContext
) -> None:
    page.reload()
    assert page.delegations_hint.isVisible()
    page.delegations.table.setFocus()
    qtbot.keyClick(page.delegations.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, page)
    qtbot.keyClicks(dialog.editors["name"], "Republic of Azerbaijan")
    type_text(qtbot, dialog.editors["country"], "Azərbaycan")
    choose(dialog.editors["kind"], "Observer state")  # type: ignore[arg-type]
    press_ok(qtbot, dialog)
    [row] = context.query(list_delegations)
    assert (row.name, row.country, row.kind) == (
        "Republic of Azerbaijan",
        "Azərbaycan",
        DelegationKind.OBSERVER_STATE,
    )
    assert page.delegations.current_id() == row.id
    assert page.members_title.text() == "Members of Republic of Azerbaijan"
    assert not page.delegations_hint.isVisible()
    assert page.members_hint.text() == (
        "No members in this delegation yet: add them with New member (Ctrl+N)."
    )

    page.delegations.table.doubleClicked.emit(page.delegation_model.index(0, 0))
    dialog = open_dialog(qtbot, page)
    dialog.editors["name"].selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.editors["name"], "Azerbaijan")
    press_ok(qtbot, dialog)
    assert column_texts(page.delegation_model, "Name") == ["Azerbaijan"]

    context.undo_stack.undo()
    assert column_texts(page.delegation_model, "Name") == ["Republic of Azerbaijan"]
    context.undo_stack.undo()
    assert column_texts(page.delegation_model, "Name") == []
    context.undo_stack.redo()
    assert [r.id for r in context.query(list_delegations)] == [row.id]


def test_a_delegation_with_members_is_not_deleted_and_the_service_says_why(
    page: DelegationsPage, mission: Mission, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    page.reload()
    select_row(page.delegations, mission.kyrgyzstan)
    qtbot.keyClick(page.delegations.table, Qt.Key.Key_Delete)
    assert answers.questions == []
    assert answers.errors == [
        "Delegation 'Kyrgyz Republic': It still has 1 member; move or delete them first."
    ]
    assert len(context.query(list_delegations)) == 2
    assert context.undo_stack.count() == 0


def test_an_empty_delegation_is_deleted_after_asking_and_comes_back_on_undo(
    page: DelegationsPage, qtbot: QtBot, context: MissionContext, answers: Answers
) -> None:
    hungary = context.write(
        "delegations", create_delegation, DelegationFields("Hungary", DelegationKind.OBSERVER_STATE)
    ).id
    page.reload()
    select_row(page.delegations, hungary)
    qtbot.keyClick(page.delegations.table, Qt.Key.Key_Delete)
    assert answers.questions == [
        "Delete the delegation Hungary? It has no members. Edit > Undo can bring it back."
    ]
    assert page.delegation_model.rowCount() == 0
    assert page.delegation_filter.currentText() == "All delegations"
    context.undo_stack.undo()
    assert [(r.id, r.kind) for r in context.query(list_delegations)] == [
        (hungary, DelegationKind.OBSERVER_STATE)
    ]
    assert column_texts(page.delegation_model, "Name") == ["Hungary"]


def test_every_model_passes_the_model_tester(
    page: DelegationsPage, mission: Mission, qtmodeltester: object
) -> None:
    page.reload()
    qtmodeltester.check(page.delegation_model)  # type: ignore[attr-defined]
    qtmodeltester.check(page.member_model)  # type: ignore[attr-defined]
    page.members.table.setCurrentIndex(QModelIndex())
    select_row(page.delegations, mission.turkiye)
    qtmodeltester.check(page.member_model)  # type: ignore[attr-defined]


def test_a_read_only_mission_can_be_read_but_not_edited(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "sent by e-mail.eom"
    with create_mission_file(path) as writable, writable.session() as session:
        kazakhstan = create_delegation(session, DelegationFields("Republic of Kazakhstan")).id
        create_member(session, MemberFields("Асель Нурланова", kazakhstan))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    context = MissionContext(open_mission_file(path))
    try:
        shown = DelegationsPage(context)
        qtbot.addWidget(shown)
        shown.show()
        shown.activate()
        assert column_texts(shown.member_model, "Full name") == ["Асель Нурланова"]
        for records in (shown.delegations, shown.members):
            assert not records.new_action.isVisible()
            assert not records.delete_action.isVisible()
        assert not shown.members.duplicate_action.isVisible()

        select_row(shown.members, shown.member_model.id_at(0))
        qtbot.keyClick(shown.members.table, Qt.Key.Key_Return)
        dialog = open_dialog(qtbot, shown)
        assert dialog.windowTitle() == "Асель Нурланова (read-only)"
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.reject()
    finally:
        context.close()
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
