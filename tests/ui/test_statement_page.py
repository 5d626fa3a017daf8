"""The Statement page driven as a coordinator would, on the demo mission: drafting from
the data, editing a section, placeholders, the list's add/move/remove with undo, the PDF
preview, and File > Export Statement… and Print."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QProgressDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from coordinator.db.enums import DelegationKind
from coordinator.db.missionfile import open_mission_file
from coordinator.services.delegations import DelegationFields, create_delegation
from coordinator.services.demo import write_demo_mission
from coordinator.services.files import new_mission
from coordinator.services.members import MemberFields, create_member
from coordinator.services.statement import draft_statement
from coordinator.services.statement_languages import translations
from coordinator.services.statement_sections import (
    SectionFields,
    add_section,
    list_sections,
)
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.statement import StatementPage
from coordinator.ui.statement_actions import (
    ExportTarget,
    export_statement,
    print_pdf,
    print_statement,
)
from tests.ui.conftest import Answers

# The offscreen platform cannot resize, raise or grab for real; it says so, harmlessly.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[MissionContext]:
    """The demo mission (the Kyrgyz local elections of 17 November 2024), opened."""
    mission_file = new_mission(tmp_path / "demo.eom")
    with mission_file.session() as session:
        write_demo_mission(session)
    context = MissionContext(mission_file)
    yield context
    context.close()


@pytest.fixture
def page(qtbot: QtBot, demo: MissionContext) -> StatementPage:
    shown = StatementPage(demo)
    qtbot.addWidget(shown)
    demo.changed.connect(shown.on_changed)  # as the main window forwards every change
    shown.resize(1080, 760)
    shown.show()
    shown.activate()
    return shown


def shown_names(page: StatementPage) -> list[str]:
    model = page.model
    return [str(model.data(model.index(row))) for row in range(model.rowCount())]


def stored(context: MissionContext) -> list[tuple[str, str]]:
    return [(s.title, s.text) for s in context.query(list_sections)]


def wait_for_preview(qtbot: QtBot, page: StatementPage) -> None:
    qtbot.waitUntil(lambda: not page.preview.busy, timeout=15000)


def leave_text(page: StatementPage) -> None:
    """Focus moves from the text to the title, as a click elsewhere would."""
    page.text_edit.setFocus()
    QApplication.processEvents()
    page.title_edit.setFocus()
    QApplication.processEvents()


def test_draft_from_data_fills_the_sections_shows_sources_and_a_preview(
    qtbot: QtBot, page: StatementPage, demo: MissionContext, answers: Answers, qtmodeltester: object
) -> None:
    assert page.model.rowCount() == 0
    assert "no sections yet" in page.problems.text()
    wait_for_preview(qtbot, page)  # the draft is previewed even before it is adopted

    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)

    draft = demo.query(draft_statement)
    assert stored(demo) == [(d.title, d.text) for d in draft]
    assert answers.questions == []  # nothing to replace: no question asked
    names = shown_names(page)
    assert names[0] == "1. Invitation"
    assert "Election day" in " ".join(names)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]

    presentation = next(i for i, d in enumerate(draft) if d.topic == "Presentation")
    page.list.setCurrentIndex(page.model.index(presentation))
    assert "Presentation of 16 November 2024" in page.sources.text()
    assert "Key point" in page.sources.text()

    wait_for_preview(qtbot, page)
    assert page.preview.document.pageCount() >= 1
    assert "page" in page.preview.status.text()

    # Drafting again replaces the sections only once the coordinator agrees; undoable.
    page.text_edit.setPlainText("Mine.")
    leave_text(page)
    answers.confirm = False
    page.draft()
    assert "Replace the statement's" in answers.questions[-1]
    assert "Mine." in [text for _title, text in stored(demo)]
    answers.confirm = True
    page.draft()
    assert "Mine." not in [text for _title, text in stored(demo)]
    demo.undo_stack.undo()
    assert "Mine." in [text for _title, text in stored(demo)]


def test_editing_a_section_is_saved_on_leaving_the_field_and_undone(
    qtbot: QtBot, page: StatementPage, demo: MissionContext
) -> None:
    page.draft()
    page.list.setCurrentIndex(page.model.index(1))
    page.text_edit.selectAll()
    qtbot.keyClicks(page.text_edit, "The Mission had 4 delegations.")
    assert stored(demo)[1][1] != "The Mission had 4 delegations."  # not yet: still typing
    leave_text(page)
    assert stored(demo)[1][1] == "The Mission had 4 delegations."
    assert "Written or edited by hand" in page.sources.text()

    qtbot.keyClicks(page.title_edit, "Composition")
    qtbot.keyClick(page.title_edit, Qt.Key.Key_Return)
    assert stored(demo)[1] == ("Composition", "The Mission had 4 delegations.")
    assert shown_names(page)[1] == "2. Composition"

    demo.undo_stack.undo()
    demo.undo_stack.undo()
    assert stored(demo)[1][1] == demo.query(draft_statement)[1].text
    assert page.text_edit.toPlainText() == demo.query(draft_statement)[1].text


def test_placeholders_insert_at_the_cursor_and_unknown_ones_are_reported(
    qtbot: QtBot, page: StatementPage, demo: MissionContext, answers: Answers
) -> None:
    page.draft()
    page.list.setCurrentIndex(page.model.index(0))
    page.text_edit.setPlainText("Visited ")
    page.text_edit.moveCursor(page.text_edit.textCursor().MoveOperation.End)
    item = page.placeholders.findItems("{stations_visited}", Qt.MatchFlag.MatchExactly)[0]
    page.placeholders.itemClicked.emit(item)
    assert page.text_edit.toPlainText() == "Visited {stations_visited}"
    assert page.unknown.text() == ""

    # From the keyboard: into the list, a placeholder chosen with the arrows, Enter.
    page.placeholders.setFocus()
    page.placeholders.setCurrentRow(0)
    first = page.placeholders.currentItem().text()
    qtbot.keyClick(page.placeholders, Qt.Key.Key_Return)
    assert page.text_edit.toPlainText() == f"Visited {{stations_visited}}{first}"
    page.text_edit.setPlainText("Visited {stations_visited}")
    page.text_edit.moveCursor(page.text_edit.textCursor().MoveOperation.End)

    name = shown_names(page)[0]
    qtbot.keyClicks(page.text_edit, " in {nonsense}.")
    assert "{nonsense}" in page.unknown.text()
    leave_text(page)
    # The section keeps the name the list gave it, with the warning beside it.
    assert shown_names(page)[0] == f"{name}  — unknown {{nonsense}}"
    assert f"{name} ({{nonsense}})" in page.problems.text()

    def choose(_parent: QWidget | None, _suggested: Path) -> ExportTarget:
        return ExportTarget(demo.path.with_name("refused.pdf"))

    assert export_statement(page, demo, choose=choose) is None
    assert "Section 1" in answers.errors[-1]
    assert "{nonsense}" in answers.errors[-1]
    assert not demo.path.with_name("refused.pdf").exists()


def test_add_move_remove_and_undo(
    page: StatementPage, demo: MissionContext, answers: Answers
) -> None:
    demo.write("statement", add_section, SectionFields("First", "One."))
    demo.write("statement", add_section, SectionFields("Second", "Two."))
    assert shown_names(page) == ["1. First", "2. Second"]

    page.list.setCurrentIndex(page.model.index(0))
    page.add()
    assert [title for title, _text in stored(demo)] == ["First", "", "Second"]
    page.title_edit.setText("Middle")
    page.title_edit.editingFinished.emit()
    assert [title for title, _text in stored(demo)] == ["First", "Middle", "Second"]

    page.list.setCurrentIndex(page.model.index(2))
    page.up_button.click()
    assert [title for title, _text in stored(demo)] == ["First", "Second", "Middle"]
    assert page.list.currentIndex().row() == 1  # the moved section stays selected

    page.list.setCurrentIndex(page.model.index(0))
    page.delete_button.click()
    assert answers.questions == ["Remove section 1. First from the statement?"]
    assert [title for title, _text in stored(demo)] == ["Second", "Middle"]

    demo.undo_stack.undo()  # the removed section comes back where it was
    assert [title for title, _text in stored(demo)] == ["First", "Second", "Middle"]
    demo.undo_stack.undo()  # the move
    assert [title for title, _text in stored(demo)] == ["First", "Middle", "Second"]
    demo.undo_stack.undo()  # the heading
    demo.undo_stack.undo()  # the added section
    assert stored(demo) == [("First", "One."), ("Second", "Two.")]
    demo.undo_stack.redo()  # added again, in the same place
    assert [title for title, _text in stored(demo)] == ["First", "", "Second"]
    assert shown_names(page)[:1] == ["1. First"]


def test_export_writes_the_statement_and_print_renders_its_pages(
    qtbot: QtBot, page: StatementPage, demo: MissionContext, tmp_path: Path, answers: Answers
) -> None:
    page.draft()
    target = tmp_path / "statement.pdf"
    offered: list[Path] = []

    def choose(_parent: QWidget | None, suggested: Path) -> ExportTarget:
        offered.append(suggested)
        return ExportTarget(target, annexes=True)

    assert export_statement(page, demo, choose=choose) == target
    assert offered == [tmp_path / "demo-statement.pdf"]
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "16 polling stations" in " ".join(text.split())
    assert "Polling stations visited" in text  # the annexes came along
    assert answers.errors == []
    # The pages were counted out as they were laid out (a big mission's run to thousands).
    progress = page.findChild(QProgressDialog, "statement_progress")
    assert progress is not None and not progress.isVisible()
    assert progress.labelText() == f"Writing statement.pdf: page {len(PdfReader(target).pages)}…"

    # Cancelled: nothing written.
    assert export_statement(page, demo, choose=lambda _p, _s: None) is None

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = print_statement(page, demo, choose=lambda _p, _printer: True, printer=printer)
    assert pages >= 1
    assert len(PdfReader(printed).pages) == pages
    assert print_statement(page, demo, choose=lambda _p, _printer: False) == 0

    with pytest.raises(Exception, match="Could not read"):
        print_pdf(tmp_path / "missing.pdf", printer)


def test_a_change_elsewhere_keeps_what_is_being_typed(
    page: StatementPage, demo: MissionContext
) -> None:
    demo.write("statement", add_section, SectionFields("First", "One."))
    demo.write("statement", add_section, SectionFields("Second", "Two."))
    page.list.setCurrentIndex(page.model.index(0))
    page.text_edit.setPlainText("One, being typed")
    demo.write("statement", add_section, SectionFields("Third", "Three."))  # another page
    assert page.text_edit.toPlainText() == "One, being typed"
    assert shown_names(page) == ["1. First", "2. Second", "3. Third"]
    page.commit()
    assert stored(demo)[0] == ("First", "One, being typed")


def test_the_preview_follows_what_is_typed(qtbot: QtBot, page: StatementPage) -> None:
    page.draft()
    wait_for_preview(qtbot, page)
    page.list.setCurrentIndex(page.model.index(0))
    page.text_edit.setPlainText("Turnout <50% & rising in {localities}; Бишкек, Кант, ң ө ү.")
    assert page.preview.status.text() == "Updating…"
    with qtbot.waitSignal(page.preview.updated, timeout=15000):
        pass
    shown = page.preview.document.getAllText(0).text()
    assert "Turnout <50% & rising in Bishkek and Kant; Бишкек, Кант, ң ө ү." in " ".join(
        shown.split()
    )
    assert "page" in page.preview.status.text()


def test_a_read_only_mission_shows_the_statement_but_cannot_change_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "sent by e-mail.eom"
    with new_mission(path) as writable, writable.session() as session:
        write_demo_mission(session)
        add_section(session, SectionFields("Итоги", "Миссия посетила {stations_visited} участков."))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    context = MissionContext(open_mission_file(path))
    try:
        shown = StatementPage(context)
        qtbot.addWidget(shown)
        shown.show()
        shown.activate()
        assert shown_names(shown) == ["1. Итоги"]
        assert shown.text_edit.isReadOnly()
        assert not shown.draft_button.isVisible()
        assert not shown.add_button.isVisible()
        wait_for_preview(qtbot, shown)
        text = " ".join(shown.preview.document.getAllText(0).text().split())
        assert "Миссия посетила 16 участков." in text
    finally:
        context.close()
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_each_language_is_drafted_and_edited_apart_and_marked_for_the_translator(
    qtbot: QtBot, page: StatementPage, demo: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    box = page.language_box
    assert [box.itemData(i) for i in range(box.count())] == ["en", "ru", "tr"]
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    english = stored(demo)

    # Russian, chosen from the keyboard, then drafted: the English sections stay.
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert page.language == "ru"
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    russian = [s.text for s in demo.query(list_sections, "ru")]
    assert russian[0].startswith("По приглашению Центральной комиссии")
    assert stored(demo) == english
    assert shown_names(page)[0] == "1. Invitation"
    wait_for_preview(qtbot, page)
    page.grab().save(str(tmp_path / "statement-ru.png"))

    # A name without its Russian translation: the section says the translator must check.
    demo.write("delegations", add_delegation_with_member, "Republic of Tajikistan")
    page.reload()
    answers.confirm = True
    page.draft()
    marked = [name for name in shown_names(page) if "translator to check" in name]
    assert marked == ["2. Composition and legal basis  — translator to check"]
    page.list.setCurrentIndex(page.model.index(1))
    assert "«Republic of Tajikistan»" in page.sources.text()

    # Back to English: its own sections, untouched.
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert page.language == "en"
    assert [(t, x) for _i, t, x in page.model.sections] == english


def add_delegation_with_member(session: Session, name: str) -> None:
    delegation = create_delegation(session, DelegationFields(name, DelegationKind.MEMBER_STATE))
    create_member(session, MemberFields(full_name="Observer T", delegation_id=delegation.id))


def test_the_names_of_a_language_are_translated_in_a_dialog(
    qtbot: QtBot, page: StatementPage, demo: MissionContext, answers: Answers
) -> None:
    demo.write("delegations", add_delegation_with_member, "Republic of Tajikistan")
    page.reload()
    assert not page.names_button.isEnabled()  # English is the mission's own language
    for _ in range(2):  # Turkish (typed in ASCII: QTest types no other letters)
        qtbot.keyClick(page.language_box, Qt.Key.Key_Down)
    assert page.language == "tr"
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert any("translator to check" in name for name in shown_names(page))

    qtbot.mouseClick(page.names_button, Qt.MouseButton.LeftButton)
    dialog = page.names_dialog
    assert dialog is not None
    table = dialog.table
    typed = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert typed[:2] == [
        "International Election Observation Mission of the Organization of Turkic States",
        "Organization of Turkic States",
    ]
    row = typed.index("Republic of Tajikistan")
    assert table.item(row, 1).text() == ""
    assert table.item(typed.index("Bishkek"), 1).text() == "Bişkek"
    # The checklist's texts follow the names: the standard ones with the program's own
    # translation shown, for the field form and the paper checklist.
    opened = typed.index("Did the polling station open on time?")
    assert opened > row and "by hand" in typed[opened:]
    assert table.item(opened, 1).text() == "Sandık yeri zamanında açıldı mı?"
    table.setCurrentCell(row, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the cell
    editor = table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Tacikistan Cumhuriyeti")
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
        Qt.MouseButton.LeftButton,
    )
    saved = demo.query(translations, "tr")
    assert saved["Republic of Tajikistan"] == "Tacikistan Cumhuriyeti"
    assert "Did the polling station open on time?" not in saved  # shown, not copied in
    # Drafted again, the section uses the translation and is no longer marked.
    answers.confirm = True
    page.draft()
    assert not any("translator to check" in name for name in shown_names(page))
    turkish = " ".join(s.text for s in demo.query(list_sections, "tr"))
    assert "Tacikistan Cumhuriyeti ve Özbekistan Cumhuriyeti temsilcilerinden" in turkish
