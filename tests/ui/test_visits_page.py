"""The Visits & Findings page driven as a coordinator would: the list, the form, the checklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from coordinator.db.enums import Assessment, IncidentCategory, Phase, Severity, VisitStatus
from coordinator.services.answers import answers_of_visit, set_answers
from coordinator.services.checklist import load_standard_checklist, questions_for_phase
from coordinator.services.incidents import IncidentFields, create_incident
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.statistics import question_statistics
from coordinator.services.teams import TeamFields, create_team
from coordinator.services.visit_lists import list_visits
from coordinator.services.visits import VisitFields, create_visit
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.checklist_form import QuestionRow, RadioAnswer, TypedAnswer
from coordinator.ui.pages.incidents import IncidentDialog
from coordinator.ui.pages.visits import VisitsPage
from tests.conftest import ELECTION_DAY
from tests.ui.conftest import Answers

# The offscreen platform cannot resize, raise or grab for real; it says so, harmlessly.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def no_message_boxes(answers: Answers) -> Answers:
    """A message box would wait for a click that never comes: answer them all."""
    return answers


@dataclass(frozen=True)
class Place:
    """Two teams and two polling stations in Bishkek, with the standard checklist."""

    team: int
    other_team: int
    school: int
    lyceum: int


@pytest.fixture
def place(context: MissionContext) -> Place:
    mission = MissionFields(
        "International Election Observation Mission",
        "Organization of Turkic States",
        "Local council elections",
        "Kyrgyz Republic",
        ELECTION_DAY,
        mission_start=ELECTION_DAY - dt.timedelta(days=5),
        mission_end=ELECTION_DAY + dt.timedelta(days=1),
    )
    context.query(save_mission, mission)
    context.query(load_standard_checklist)
    bishkek = context.query(create_locality, LocalityFields("Бишкек", region="город Бишкек"))
    school = context.query(
        create_station,
        StationFields("1001", bishkek.id, name="Школа-гимназия № 5", registered_voters=1500),
    )
    lyceum = context.query(
        create_station, StationFields("1045", bishkek.id, name="Лицей № 61", registered_voters=900)
    )
    team = context.query(create_team, TeamFields("T1", interpreter="Айгүл Осмонова"))
    other = context.query(create_team, TeamFields("T2"))
    return Place(team.id, other.id, school.id, lyceum.id)


def add_visit(context: MissionContext, place: Place, **changes: object) -> int:
    values: dict[str, object] = {
        "ref": None,
        "team_id": place.team,
        "station_id": place.school,
        "date": ELECTION_DAY,
        "phase": Phase.VOTING,
    }
    values.update(changes)
    return context.query(create_visit, VisitFields(**values)).id  # type: ignore[arg-type]


def done_visit(context: MissionContext, place: Place, **changes: object) -> int:
    values: dict[str, object] = {
        "status": VisitStatus.DONE,
        "planned_arrival": dt.time(9),
        "planned_departure": dt.time(9, 45),
        "actual_arrival": dt.time(9, 5),
        "actual_departure": dt.time(9, 50),
    }
    values.update(changes)
    return add_visit(context, place, **values)


def question_ids(context: MissionContext, phase: Phase = Phase.VOTING) -> dict[str, int]:
    return {q.code: q.id for q in context.query(questions_for_phase, phase)}


def open_page(qtbot: QtBot, context: MissionContext) -> VisitsPage:
    page = VisitsPage(context)
    qtbot.addWidget(page)
    context.changed.connect(page.on_changed)  # as the main window does
    page.resize(1280, 800)
    with qtbot.waitExposed(page):
        page.show()
    page.activateWindow()  # shortcuts go to the active window only
    qtbot.waitUntil(page.isActiveWindow)
    page.activate()
    return page


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key (QTest's keyClicks knows ASCII only; names here are Cyrillic)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    type_text(widget, text)


def click_row(qtbot: QtBot, page: VisitsPage, visit_id: int) -> None:
    row = page.model.row_of_id(visit_id)
    assert row is not None
    table = page.list.table
    rect = table.visualRect(page.model.index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def cell(page: VisitsPage, row: int, header: str) -> str:
    headers = [c.header for c in page.model.columns]
    return str(page.model.index(row, headers.index(header)).data())


def question(page: VisitsPage, code: str) -> QuestionRow:
    return next(row for row in page.panel.checklist.rows if row.question.code == code)


def click_answer(qtbot: QtBot, page: VisitsPage, code: str, value: str) -> None:
    page.panel.tabs.setCurrentIndex(1)  # the Checklist tab
    editor = question(page, code).editor
    assert isinstance(editor, RadioAnswer)
    qtbot.mouseClick(editor.buttons[value], Qt.MouseButton.LeftButton)


def test_lists_visits_with_their_station_times_and_answer_counts(
    qtbot: QtBot, context: MissionContext, place: Place, qtmodeltester: object
) -> None:
    visit = done_visit(context, place, overall=Assessment.GOOD, voters_voted=412)
    ids = question_ids(context)
    context.query(set_answers, visit, {ids["V1"]: ("no", ""), ids["V2"]: ("no", "")})
    add_visit(context, place, station_id=place.lyceum, planned_arrival=dt.time(11))
    page = open_page(qtbot, context)

    assert page.model.rowCount() == 2
    assert cell(page, 0, "Station") == "1001 Школа-гимназия № 5"
    assert cell(page, 0, "Planned") == "09:00–09:45"
    assert cell(page, 0, "Status") == "Done"
    assert cell(page, 0, "Overall") == "Good"
    assert cell(page, 0, "Answers") == "2"
    assert page.list.count.text() == "2 visits"
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    # Sorting asks the service again; the visit in the form stays selected.
    page.select_record(visit)
    page.list.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # Station
    assert [cell(page, r, "Station")[:4] for r in range(2)] == ["1045", "1001"]
    assert page.list.current_id() == visit
    page.list.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)

    page.status_filter.setCurrentIndex(page.status_filter.findData("planned"))
    assert page.model.rowCount() == 1
    assert cell(page, 0, "Station") == "1045 Лицей № 61"
    page.status_filter.setCurrentIndex(0)
    days = [page.date_filter.itemText(i) for i in range(page.date_filter.count())]
    assert days[0] == "Any day" and days[-2] == "Sun 17.11.2024 (election day)"
    page.date_filter.setCurrentIndex(len(days) - 1)
    assert page.model.rowCount() == 0
    page.date_filter.setCurrentIndex(len(days) - 2)
    assert page.model.rowCount() == 2
    qtbot.keyClick(page.list.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.list.search.hasFocus()
    type_text(page.list.search, "лицей")
    assert [cell(page, r, "Ref") for r in range(page.model.rowCount())] == ["V0002"]


def test_creates_a_visit_through_the_form_and_undo_takes_it_back(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    page = open_page(qtbot, context)
    assert page.panel.stack.currentIndex() == 0  # "choose a visit" until one is chosen
    qtbot.keyClick(page.list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.panel.form
    assert page.panel.is_new and page.panel.header.text() == "New visit"
    form.team.setCurrentIndex(form.team.findText("T1"))
    form.station.setFocus()
    type_text(form.station, "лицей")
    found = form.station.completer_.completionModel()
    assert [found.index(r, 0).data() for r in range(found.rowCount())] == [
        "1045 · Лицей № 61 · Бишкек"
    ]
    assert form.station.station_id is None  # not chosen yet
    retype(qtbot, form.station, "1045")  # an exact code is taken without picking
    assert form.station.station_id == place.lyceum
    retype(qtbot, form.planned_arrival, "11:30")
    retype(qtbot, form.planned_departure, "1215")
    qtbot.keyClick(page.panel.form.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    visits = context.query(list_visits, PageRequest()).rows
    assert [(v.ref, v.station_id, v.team, v.date, v.phase) for v in visits] == [
        ("V0001", place.lyceum, "T1", ELECTION_DAY, Phase.VOTING)
    ]
    assert (visits[0].planned_arrival, visits[0].planned_departure) == (
        dt.time(11, 30),
        dt.time(12, 15),
    )
    assert cell(page, 0, "Ref") == "V0001"
    assert page.list.current_id() == visits[0].id
    assert page.panel.header.text() == "Visit V0001 · Team T1 · 17.11.2024"
    assert form.station.text() == "1045 · Лицей № 61 · Бишкек"

    context.undo_stack.undo()
    assert context.query(list_visits, PageRequest()).total == 0
    assert page.model.rowCount() == 0
    assert page.panel.stack.currentIndex() == 0
    context.undo_stack.redo()
    assert [v.id for v in context.query(list_visits, PageRequest()).rows] == [visits[0].id]


def test_departure_before_arrival_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    first = add_visit(context, place, planned_arrival=dt.time(9), planned_departure=dt.time(10))
    second = add_visit(context, place, station_id=place.lyceum, planned_arrival=dt.time(11))
    page = open_page(qtbot, context)
    click_row(qtbot, page, first)
    form = page.panel.form
    retype(qtbot, form.planned_departure, "08:30")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)

    assert form.message_of("planned_departure") == "The departure must be after the arrival."
    assert form.planned_departure.property("invalid") is True
    stored = context.query(list_visits, PageRequest()).rows
    assert [v.planned_departure for v in stored if v.id == first] == [dt.time(10)]

    # Moving on tries to save too; refused, the list stays on the visit being typed.
    click_row(qtbot, page, second)
    assert page.panel.visit_id == first
    assert page.list.current_id() == first
    assert form.planned_departure.text() == "08:30"

    retype(qtbot, form.planned_departure, "09:40")
    click_row(qtbot, page, second)
    assert page.panel.visit_id == second
    stored = context.query(list_visits, PageRequest()).rows
    assert [v.planned_departure for v in stored if v.id == first] == [dt.time(9, 40)]


def test_fills_the_checklist_and_the_statistics_count_it(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = done_visit(context, place, overall=Assessment.GOOD)
    page = open_page(qtbot, context)
    page.select_record(visit)
    page.panel.tabs.setCurrentIndex(1)
    assert [row.question.code for row in page.panel.checklist.rows][:3] == ["V1", "V2", "V3"]

    click_answer(qtbot, page, "V1", "no")
    click_answer(qtbot, page, "V2", "no")
    click_answer(qtbot, page, "V12", "yes")
    click_answer(qtbot, page, "V17", "2")
    number = question(page, "V16").editor
    assert isinstance(number, TypedAnswer)
    number.field.setFocus()
    qtbot.keyClicks(number.field, "12")
    qtbot.keyClicks(question(page, "V16").comment, "queue outside")
    assert page.panel.tabs.tabText(1) == "Checklist (5/17)"
    qtbot.keyClick(number.field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    stored = {a.question_code: (a.value, a.comment) for a in context.query(answers_of_visit, visit)}
    assert stored == {
        "V1": ("no", ""),
        "V2": ("no", ""),
        "V12": ("yes", ""),
        "V16": ("12", "queue outside"),
        "V17": ("2", ""),
    }
    statistics = {q.code: q for q in context.query(question_statistics)}
    assert (statistics["V1"].answered, statistics["V1"].negative) == (1, 0)
    assert [(v.value, v.answers) for v in statistics["V17"].values] == [("2", 1)]
    assert statistics["V16"].answered == 1
    assert cell(page, 0, "Answers") == "5"

    # Taking an answer back ("no answer") deletes it; undo puts it back.
    click_answer(qtbot, page, "V12", "")
    qtbot.mouseClick(page.panel.save_button, Qt.MouseButton.LeftButton)
    assert "V12" not in {a.question_code for a in context.query(answers_of_visit, visit)}
    context.undo_stack.undo()
    assert ("V12", "yes") in {
        (a.question_code, a.value) for a in context.query(answers_of_visit, visit)
    }
    assert question(page, "V12").editor.value() == "yes"


def test_negative_and_critical_answers_are_marked_as_they_are_given(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = done_visit(context, place)
    page = open_page(qtbot, context)
    page.select_record(visit)
    page.panel.tabs.setCurrentIndex(1)
    campaign, pressure = question(page, "V1"), question(page, "V2")
    assert not campaign.negative and not pressure.critical

    click_answer(qtbot, page, "V1", "yes")  # campaign material seen: negative, not critical
    click_answer(qtbot, page, "V2", "yes")  # pressure on voters: critical
    assert campaign.negative_mark.isVisible() and campaign.negative_mark.text() == "negative"
    assert not campaign.critical_mark.isVisible()
    assert pressure.critical_mark.isVisible() and pressure.critical_text.text() == "critical"
    assert "2 negative" in page.panel.checklist_title.text()

    click_answer(qtbot, page, "V1", "no")
    assert not campaign.negative_mark.isVisible()


def test_answers_of_a_planned_visit_are_refused_beside_its_status(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = add_visit(context, place)
    page = open_page(qtbot, context)
    page.select_record(visit)
    click_answer(qtbot, page, "V1", "no")
    assert "set its status to Done" in page.panel.checklist_title.text()
    assert not page.panel.save()
    assert "only a visit that was done" in page.panel.form.message_of("status")
    assert page.panel.tabs.currentIndex() == 0
    assert context.query(answers_of_visit, visit) == []

    page.panel.form.status.setCurrentIndex(page.panel.form.status.findText("Done"))
    assert page.panel.save()
    assert [a.value for a in context.query(answers_of_visit, visit)] == ["no"]


def test_next_visit_of_the_team_moves_the_form_along_its_itinerary(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    first = add_visit(context, place, planned_arrival=dt.time(9))
    add_visit(context, place, team_id=place.other_team, planned_arrival=dt.time(10))
    third = add_visit(context, place, station_id=place.lyceum, planned_arrival=dt.time(11))
    page = open_page(qtbot, context)
    page.select_record(first)
    retype(qtbot, page.panel.form.notes, "Queue at the door")

    qtbot.keyClick(
        page.panel.form.ref, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier
    )
    assert page.panel.visit_id == third
    assert page.list.current_id() == third
    assert page.panel.subheader.text() == "1045 · Лицей № 61 · Бишкек"
    # What was typed on the first visit was saved on the way.
    page.select_record(first)
    assert page.panel.form.notes.toPlainText() == "Queue at the door"

    page.select_record(third)
    qtbot.mouseClick(page.panel.next_button, Qt.MouseButton.LeftButton)
    assert page.panel.visit_id == third
    assert page.panel.state.text() == "Visit V0003 is team T1's last visit on 17.11.2024."


def test_delete_says_what_goes_with_the_visit_and_undo_puts_it_back(
    qtbot: QtBot, context: MissionContext, place: Place, answers: Answers
) -> None:
    visit = done_visit(context, place)
    ids = question_ids(context)
    context.query(set_answers, visit, {ids[code]: ("no", "") for code in ("V1", "V2", "V3")})
    context.query(
        create_incident,
        IncidentFields(visit, dt.time(9, 20), IncidentCategory.PUBLIC_ORDER, description="Crowd"),
    )
    page = open_page(qtbot, context)
    click_row(qtbot, page, visit)
    qtbot.keyClick(page.list.table, Qt.Key.Key_Delete)

    assert answers.questions == [
        "Delete visit V0001 (team T1 at 1001 Школа-гимназия № 5, 17.11.2024) "
        "and its 3 answers and 1 incident?"
    ]
    assert context.query(list_visits, PageRequest()).total == 0
    assert page.model.rowCount() == 0
    assert page.panel.stack.currentIndex() == 0

    context.undo_stack.undo()
    assert page.model.rowCount() == 1
    assert len(context.query(answers_of_visit, visit)) == 3
    page.select_record(visit)
    assert page.panel.incidents.model.rowCount() == 1


def test_refused_delete_keeps_the_visit(
    qtbot: QtBot, context: MissionContext, place: Place, answers: Answers
) -> None:
    visit = add_visit(context, place)
    page = open_page(qtbot, context)
    answers.confirm = False
    page.delete_visit(visit)
    assert answers.questions == [
        "Delete visit V0001 (team T1 at 1001 Школа-гимназия № 5, 17.11.2024)?"
    ]
    assert context.query(list_visits, PageRequest()).total == 1
    assert not context.undo_stack.canUndo()


def test_incidents_are_added_edited_and_deleted_in_the_visit(
    qtbot: QtBot, context: MissionContext, place: Place, answers: Answers, qtmodeltester: object
) -> None:
    visit = done_visit(context, place)
    page = open_page(qtbot, context)
    page.select_record(visit)
    panel = page.panel.incidents
    dialogs: list[IncidentDialog] = []
    panel.dialog_opened.connect(dialogs.append)

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = dialogs[-1]
    dialog.accept()  # no description yet
    assert dialog.errors["description"].isVisibleTo(dialog)
    dialog.time.setText("10:40")
    dialog.category.set_choice(IncidentCategory.CAMPAIGN_MATERIAL)
    dialog.severity.set_choice(Severity.SERIOUS)
    dialog.observed.setCurrentIndex(1)
    type_text(dialog.description, "Плакаты кандидата на заборе школы")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert panel.model.rowCount() == 1
    assert [str(panel.model.index(0, c).data()) for c in range(5)] == [
        "10:40",
        "Campaign material",
        "Serious",
        "reported",
        "Плакаты кандидата на заборе школы",
    ]
    assert page.panel.tabs.tabText(2) == "Incidents (1)"
    qtmodeltester.check(panel.model)  # type: ignore[attr-defined]

    panel.table.selectRow(0)
    panel.edit()
    dialogs[-1].severity.set_choice(Severity.CRITICAL)
    dialogs[-1].accept()
    assert str(panel.model.index(0, 2).data()) == "Critical"

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    context.undo_stack.undo()
    assert panel.model.rowCount() == 1


def test_duplicate_starts_a_new_planned_visit_from_the_chosen_one(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = done_visit(context, place, overall=Assessment.GOOD, voters_voted=300)
    page = open_page(qtbot, context)
    click_row(qtbot, page, visit)
    qtbot.keyClick(page.list.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    form = page.panel.form
    assert page.panel.header.text() == "New visit (copy of V0001)"
    assert form.station.station_id == place.school
    assert form.status.currentText() == "Planned" and form.voters_voted.text() == ""
    retype(qtbot, form.planned_arrival, "14:00")
    retype(qtbot, form.planned_departure, "14:30")
    assert page.panel.save()
    rows = context.query(list_visits, PageRequest(sort="ref")).rows
    assert [(r.ref, r.status, r.planned_arrival) for r in rows] == [
        ("V0001", VisitStatus.DONE, dt.time(9)),
        ("V0002", VisitStatus.PLANNED, dt.time(14)),
    ]


def test_leaving_the_page_saves_what_was_typed(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = add_visit(context, place)
    page = open_page(qtbot, context)
    page.select_record(visit)
    retype(qtbot, page.panel.form.notes, "Ballot box seals checked")
    page.commit_pending()  # what the window does when another page is chosen
    assert page.panel.record is not None
    assert page.panel.record.fields.notes == "Ballot box seals checked"
    assert not page.panel.is_modified()


def test_read_only_mission_cannot_be_edited(
    qtbot: QtBot, context: MissionContext, place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = add_visit(context, place)
    monkeypatch.setattr(type(context), "read_only", property(lambda _self: True))
    page = open_page(qtbot, context)
    page.select_record(visit)
    assert not page.list.new_action.isVisible()
    assert not page.panel.save_button.isVisibleTo(page)
    assert not page.panel.form.notes.isEnabled()
    page.new_visit()
    assert page.panel.visit_id == visit
    assert page.list.table.currentIndex() != QModelIndex()


def test_clearing_the_checklist_lets_the_phase_change_and_undo_restores_it(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    visit = done_visit(context, place)
    ids = question_ids(context)
    context.query(set_answers, visit, {ids["V1"]: ("no", ""), ids["V2"]: ("yes", "Observed")})
    page = open_page(qtbot, context)
    page.select_record(visit)
    form = page.panel.form
    form.phase.setCurrentIndex(form.phase.findText("Counting"))
    assert not page.panel.save()
    assert "Clear its checklist first" in form.message_of("phase")

    page.panel.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.panel.clear_button, Qt.MouseButton.LeftButton)
    assert page.panel.checklist.answered() == 0
    assert page.panel.save()
    assert context.query(answers_of_visit, visit) == []
    assert page.panel.checklist.phase is Phase.COUNTING
    assert question(page, "C1").question.record.text.startswith("Were the counting")
    assert cell(page, 0, "Phase") == "Counting"

    context.undo_stack.undo()
    assert page.panel.checklist.phase is Phase.VOTING
    assert [
        (a.question_code, a.value, a.comment) for a in context.query(answers_of_visit, visit)
    ] == [
        ("V1", "no", ""),
        ("V2", "yes", "Observed"),
    ]


def test_a_visit_that_cannot_be_saved_is_named_before_the_mission_closes(
    qtbot: QtBot, context: MissionContext, place: Place, answers: Answers
) -> None:
    visit = add_visit(context, place, planned_arrival=dt.time(9), planned_departure=dt.time(10))
    page = open_page(qtbot, context)
    click_row(qtbot, page, visit)
    retype(qtbot, page.panel.form.planned_departure, "08:30")
    assert page.save_pending() == (
        "The visit you were editing was not saved: The departure must be after the arrival."
    )
    assert answers.errors == []  # the window asks; the page itself says nothing here
    page.commit_pending()  # another page chosen: the page says it itself, typing kept
    assert answers.errors == [
        "The visit you were editing was not saved: The departure must be after the arrival. "
        "What you typed is still in its form on the Visits & Findings page."
    ]
    assert page.panel.form.planned_departure.text() == "08:30"
    stored = context.query(list_visits, PageRequest()).rows
    assert [v.planned_departure for v in stored] == [dt.time(10)]


def test_the_page_opens_on_its_first_visit(
    qtbot: QtBot, context: MissionContext, place: Place
) -> None:
    first = add_visit(context, place, planned_arrival=dt.time(8))
    add_visit(context, place, station_id=place.lyceum, planned_arrival=dt.time(11))
    page = open_page(qtbot, context)
    assert page.panel.visit_id == first
    assert page.list.current_id() == first


def test_a_visit_the_file_refuses_is_said_once_when_leaving_the_page(
    qtbot: QtBot,
    context: MissionContext,
    place: Place,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coordinator.errors import UserError
    from coordinator.ui.pages import visit_panel

    visit = add_visit(context, place)
    page = open_page(qtbot, context)
    page.select_record(visit)
    retype(qtbot, page.panel.form.notes, "Seals checked")

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise UserError("The disk is full: nothing was saved.")

    monkeypatch.setattr(visit_panel, "perform_update", disk_full)
    page.commit_pending()  # another page chosen
    assert answers.errors == [
        "The visit you were editing was not saved: The disk is full: nothing was saved. "
        "What you typed is still in its form on the Visits & Findings page."
    ]
