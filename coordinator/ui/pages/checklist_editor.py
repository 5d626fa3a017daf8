"""The mission's checklist: its questions phase by phase, and the form to write one.

A checklist holds a few dozen questions, so the list reads them all from
`list_questions` (filtered by phase in SQL) and searches and sorts that short list
itself. New, Edit, Duplicate and Delete go through `undo_edits`, so each can be taken
back; "Add standard questions" copies in the questions that ship with the program.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from coordinator.db.enums import AnswerType, Phase
from coordinator.db.text import fold
from coordinator.errors import UserError
from coordinator.services.checklist import (
    QuestionFields,
    QuestionRow,
    code_key,
    create_question,
    delete_question,
    list_questions,
    load_standard_checklist,
    question_delete_impact,
    read_question,
    standard_questions,
    update_question,
)
from coordinator.services.paging import Page, PageRequest, search_terms
from coordinator.services.undo import Snapshot, restore, snapshot
from coordinator.services.versions import record_version
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import ChoiceField, RecordDialog, check_box, text_editor
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import perform_create, perform_delete, perform_update

CHECKLIST = "checklist"

# What a negative or critical answer looks like for each kind of question.
ANSWER_HINTS = {
    AnswerType.YES_NO: "yes or no",
    AnswerType.NUMBER: "numbers, separated by ;",
    AnswerType.CHOICE: "some of the choices, separated by ;",
    AnswerType.SCALE: "points of the scale, e.g. 3;4 (bad, very bad)",
    AnswerType.TEXT: "a text question has none",
}


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """V2 before V10: digits compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", code)
        if part
    )


def answer_type_text(row: QuestionRow) -> str:
    if row.answer_type is AnswerType.CHOICE and row.choices:
        return f"Choice: {row.choices.replace(';', ', ')}"
    return row.answer_type.label


def row_fields(row: QuestionRow) -> QuestionFields:
    return QuestionFields(
        code=row.code,
        phase=row.phase,
        text=row.text,
        answer_type=row.answer_type,
        choices=row.choices,
        negative_answer=row.negative_answer,
        critical_answer=row.critical_answer,
        required=row.required,
    )


def _coloured(
    kind: str, value: Callable[[QuestionRow], str]
) -> Callable[[QuestionRow], QColor | None]:
    return lambda row: status_colour(kind) if value(row) else None


QUESTION_COLUMNS: list[Column[QuestionRow]] = [
    Column("Code", lambda r: r.code, sort_key="code", width=60),
    Column("Phase", lambda r: r.phase, sort_key="phase", width=90),
    Column("Answer", answer_type_text, sort_key="answer_type", width=120),
    Column(
        "Negative",
        lambda r: r.negative_answer.replace(";", ", "),
        foreground=_coloured("warning", lambda r: r.negative_answer),
        width=80,
    ),
    Column(
        "Critical",
        lambda r: r.critical_answer.replace(";", ", "),
        foreground=_coloured("bad", lambda r: r.critical_answer),
        width=80,
    ),
    Column("Required", lambda r: "yes" if r.required else "", sort_key="required", width=70),
    Column("Question", lambda r: r.text, sort_key="text", tooltip=lambda r: r.text),
]

SORT_KEYS: dict[str, Callable[[QuestionRow], Any]] = {
    "code": lambda r: natural_key(r.code),
    "phase": lambda r: (list(Phase).index(r.phase), r.position_in_list),
    "answer_type": lambda r: list(AnswerType).index(r.answer_type),
    "text": lambda r: fold(r.text),
    "required": lambda r: (not r.required, list(Phase).index(r.phase), r.position_in_list),
}


class QuestionDialog(RecordDialog[QuestionFields]):
    """A question: code, phase, text, answer type (with choices), negative/critical answers,
    and whether the observer's form insists on an answer."""

    def __init__(
        self,
        title: str,
        save: Callable[[QuestionFields], object],
        fields: QuestionFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(560)
        self.code = QLineEdit()
        self.code.setMaximumWidth(160)
        self.code.setPlaceholderText("e.g. V16")
        self.phase: ChoiceField[Phase] = ChoiceField(Phase)
        self.text = text_editor(3)
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 5 + 12)
        self.answer_type: ChoiceField[AnswerType] = ChoiceField(AnswerType)
        self.choices = QLineEdit()
        self.choices.setPlaceholderText("the choices, separated by ; e.g. inside; outside")
        self.negative_answer = QLineEdit()
        self.critical_answer = QLineEdit()
        self.critical_answer.setToolTip(
            "Answers serious enough to report at once; each must also be a negative answer."
        )
        self.add_field("code", "Code", self.code)
        self.add_field("phase", "Phase", self.phase)
        self.add_field("text", "Question", self.text)
        self.add_field("answer_type", "Answer type", self.answer_type)
        self.add_field("choices", "Choices", self.choices)
        self.add_field("negative_answer", "Negative answers", self.negative_answer)
        self.add_field("critical_answer", "Critical answers", self.critical_answer)
        self.required = check_box("Required")
        self.required.setToolTip(
            "The observer's form on the phone does not go on without an answer to it"
        )
        self.add_field("required", "", self.required)
        if fields is not None:
            self.code.setText(fields.code)
            self.phase.set_choice(fields.phase)
            self.text.setPlainText(fields.text)
            self.answer_type.set_choice(fields.answer_type)
            self.choices.setText(fields.choices.replace(";", "; "))
            self.negative_answer.setText(fields.negative_answer.replace(";", "; "))
            self.critical_answer.setText(fields.critical_answer.replace(";", "; "))
            self.required.setChecked(fields.required)
        self.answer_type.currentIndexChanged.connect(self._show_answer_type)
        self._show_answer_type()

    def _answer_type(self) -> AnswerType:
        # Qt hands a vocabulary (a StrEnum) back as its plain text value.
        return AnswerType(self.answer_type.choice() or AnswerType.YES_NO)

    def _show_answer_type(self) -> None:
        """Offer only what fits the answer type: choices for a choice question, and so on."""
        kind = self._answer_type()
        self.choices.setEnabled(kind is AnswerType.CHOICE or bool(self.choices.text()))
        for editor in (self.negative_answer, self.critical_answer):
            editor.setPlaceholderText(ANSWER_HINTS[kind])
            editor.setEnabled(kind is not AnswerType.TEXT or bool(editor.text()))

    def fields(self) -> QuestionFields:
        return QuestionFields(
            code=self.code.text(),
            phase=Phase(self.phase.choice() or Phase.VOTING),
            text=self.text.toPlainText(),
            answer_type=self._answer_type(),
            choices=self.choices.text(),
            negative_answer=self.negative_answer.text(),
            critical_answer=self.critical_answer.text(),
            required=self.required.isChecked(),
        )


class ChecklistEditor(QWidget):
    """The list of the mission's questions with a phase filter and the question form."""

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QuestionDialog | None = None
        self.model: PagedTableModel[QuestionRow] = PagedTableModel(
            QUESTION_COLUMNS, fetch=self._fetch, row_id=lambda row: row.id, parent=self
        )
        self.list = RecordList(self.model, "question", self)
        self.list.search.setPlaceholderText("Search questions by code or text…")
        self.phase_filter = QComboBox()
        self.phase_filter.setObjectName("phaseFilter")
        self.phase_filter.addItem("All phases", None)
        for phase in Phase:
            self.phase_filter.addItem(phase.label, phase)
        self.phase_filter.currentIndexChanged.connect(
            lambda _index: self.model.set_filter("phase", self.chosen_phase())
        )
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.standard_action = self.list.toolbar.addAction(
            icons.icon("checklist"), "Add standard questions", self.add_standard_questions
        )
        self.standard_action.setToolTip(
            "Copy in the questions of the standard checklist that this one does not have yet"
        )
        self.list.toolbar.addWidget(spacer)
        self.list.toolbar.addWidget(QLabel("Phase "))
        self.list.toolbar.addWidget(self.phase_filter)
        self.empty_hint = QLabel(
            "The checklist is empty: add the standard questions, or write your own with New."
        )
        self.empty_hint.setObjectName("countLabel")
        self.empty_hint.hide()
        list_layout = self.list.layout()
        assert isinstance(list_layout, QVBoxLayout)
        list_layout.insertWidget(2, self.empty_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.model.counted.connect(self._show_hint)
        self.list.new_requested.connect(self.new_question)
        self.list.edit_requested.connect(self.edit_question)
        self.list.duplicate_requested.connect(self.duplicate_question)
        self.list.delete_requested.connect(self.delete_question)
        # The checklist's own order (phase, then place in the list) until a header is clicked.
        self.list.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.list.set_read_only(context.read_only)
        self.standard_action.setVisible(not context.read_only)

    def chosen_phase(self) -> Phase | None:
        data = self.phase_filter.currentData()
        return Phase(data) if data else None  # Qt gives the vocabulary back as text

    def _fetch(self, request: PageRequest) -> Page[QuestionRow]:
        phase = request.filters.get("phase")
        rows = self.context.query(list_questions, phase if isinstance(phase, Phase) else None)
        terms = search_terms(request.search)
        if terms:
            rows = [
                row
                for row in rows
                if all(term in fold(f"{row.code} {row.text} {row.choices}") for term in terms)
            ]
        key = SORT_KEYS.get(request.sort)
        if key is not None:
            rows.sort(key=key, reverse=request.descending)
        end = request.offset + request.limit
        return Page(rows[request.offset : end], len(rows), request.offset)

    def reload(self) -> None:
        current = self.list.current_id()
        self.model.reload()
        if current is not None:
            self.list.select(current)

    def _show_hint(self, total: int) -> None:
        filtered = bool(self.list.search.text().strip()) or self.phase_filter.currentIndex() > 0
        self.empty_hint.setVisible(total == 0 and not filtered)

    def _guarded(self, title: str, work: Callable[[], object]) -> None:
        try:
            work()
        except UserError as error:
            messages.show_error(self, title, str(error))

    def _row(self, question_id: int) -> QuestionRow | None:
        number = self.model.row_of_id(question_id)
        return self.model.row(number) if number is not None else None

    # --- editing ------------------------------------------------------------------------

    def _open(
        self, title: str, save: Callable[[QuestionFields], object], fields: object
    ) -> QuestionDialog:
        dialog = QuestionDialog(
            title, save, fields if isinstance(fields, QuestionFields) else None, self
        )
        if self.context.read_only:
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).setEnabled(False)
        self.dialog = dialog
        dialog.open()
        return dialog

    def new_question(self) -> None:
        if not self.context.read_only:
            phase = self.chosen_phase()
            start = QuestionFields("", phase, "", AnswerType.YES_NO) if phase else None
            self._open("New question", self.create_question, start)

    def duplicate_question(self, question_id: int) -> None:
        row = self._row(question_id)
        if row is not None and not self.context.read_only:
            fields = row_fields(row)
            self._open(
                f"New question like {row.code}",
                self.create_question,
                QuestionFields(
                    "",
                    fields.phase,
                    fields.text,
                    fields.answer_type,
                    fields.choices,
                    fields.negative_answer,
                    fields.critical_answer,
                    fields.required,
                ),
            )

    def edit_question(self, question_id: int) -> None:
        row = self._row(question_id)
        if row is not None:
            # As stored now, with the version the save checks (the list may be older).
            old = self.context.query(read_question, question_id)
            dialog = self._open(
                f"Question {old.code}", lambda new: self.update_question(row.id, old, new), old
            )
            # Refused because someone else saved the question meanwhile: Reload opens it again.
            dialog.reload_record = lambda: self._reopen(question_id)

    def _reopen(self, question_id: int) -> None:
        self.context.reload_all()
        self.edit_question(question_id)

    def create_question(self, fields: QuestionFields) -> int:
        question_id = perform_create(
            self.context,
            f"New question {fields.code.strip()}",
            CHECKLIST,
            lambda session: create_question(session, fields),
            kind="checklist_question",
            delete=delete_question,
        )
        self.list.select(question_id)
        return question_id

    def update_question(self, question_id: int, old: QuestionFields, new: QuestionFields) -> int:
        if new != old:
            perform_update(
                self.context,
                f"Edit question {new.code.strip()}",
                CHECKLIST,
                lambda session: update_question(session, question_id, new, read=old),
                lambda session: update_question(session, question_id, old),
            )
            self.list.select(question_id)
        return question_id

    def delete_question(self, question_id: int) -> None:
        row = self._row(question_id)
        if row is None:
            return
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "checklist_question", question_id)
        answers = self.context.query(question_delete_impact, question_id)["answers"]
        also = f" and its {answers} answer{'s' if answers != 1 else ''}" if answers else ""
        question = (
            f"Delete question {row.code} ({row.text}){also}?\n\n"
            "You can take this back with Edit > Undo."
        )
        if messages.confirm(self, "Delete question", question):
            self._guarded(
                "Delete question",
                lambda: perform_delete(
                    self.context,
                    f"Delete question {row.code}{also}",
                    CHECKLIST,
                    "checklist_question",
                    question_id,
                    delete=delete_question,
                    expected_version=version,
                ),
            )

    def add_standard_questions(self) -> None:
        """Copy in the standard questions the checklist lacks, as one step to undo."""
        present = self.context.query(list_questions)
        codes = {code_key(row.code) for row in present}
        missing = [q for q in standard_questions() if code_key(q.code) not in codes]
        if not missing:
            messages.show_info(
                self, "Standard questions", "The checklist already has every standard question."
            )
            return
        before = {row.id for row in present}
        added: list[int] = []
        taken: list[Snapshot] = []

        def do() -> None:
            if not added:
                self.context.write(CHECKLIST, load_standard_checklist)
                now = self.context.query(list_questions)
                added.extend(row.id for row in now if row.id not in before)
            else:
                for question in taken:
                    self.context.write(CHECKLIST, restore, question)

        def undo() -> None:
            taken[:] = [self.context.query(snapshot, "checklist_question", i) for i in added]
            for question_id in added:
                self.context.write(CHECKLIST, delete_question, question_id)

        self._guarded(
            "Add standard questions",
            lambda: self.context.perform(f"Add {len(missing)} standard questions", do, undo),
        )
