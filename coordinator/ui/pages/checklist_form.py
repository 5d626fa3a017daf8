"""The checklist of a visit: one row per question of its phase, with a control for the answer.

Yes/no questions are answered with radio buttons, 4-point scales with four labelled radio
buttons (1 very good .. 4 very bad), choices with a list, numbers and text with a field;
every question has a comment. An answer that counts as negative is marked "negative" as
it is given, a critical one "critical" with the warning icon, so the coordinator sees what
the statement will count before saving. The services decide what an answer means: each
question here is a detached copy, so `canonical_answer` and `is_negative` judge it exactly
as they will when the answers are saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import AnswerType, Phase
from coordinator.services.checklist import (
    QuestionFields,
    canonical_answer,
    choices_of,
    is_critical,
    is_negative,
    phase_questions,
)
from coordinator.services.errors import FieldProblem
from coordinator.services.store import Store
from coordinator.ui import icons
from coordinator.ui.style import status_colour

YES_NO = (("Yes", "yes"), ("No", "no"))
SCALE = (("1 very good", "1"), ("2 good", "2"), ("3 bad", "3"), ("4 very bad", "4"))

# What a visit's answers are in the form and in `set_answers`: {question id: (value, comment)}.
AnswerValues = Mapping[int, tuple[str, str]]


@dataclass(frozen=True)
class Question:
    """A checklist question as the form shows it: a copy kept while the mission changes."""

    id: int
    record: QuestionFields

    @property
    def code(self) -> str:
        return self.record.code

    def judge(self, raw: str) -> tuple[bool, bool]:
        """(negative, critical) for what is typed; an answer that cannot be read is neither."""
        try:
            value = canonical_answer(self.record, raw)
        except ValueError:
            return False, False
        return is_negative(self.record, value), is_critical(self.record, value)


def read_checklist(store: Store, phase: Phase) -> list[Question]:
    """The questions of `phase` as copies the form may keep while the mission changes."""
    return [Question(question_id, fields) for question_id, fields in phase_questions(store, phase)]


class AnswerEditor(QWidget):
    """The control for one answer; its value is text as `set_answers` accepts it."""

    changed = Signal()

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        raise NotImplementedError


class RadioAnswer(AnswerEditor):
    """Radio buttons for each answer and one for "no answer" (how an answer is taken back)."""

    def __init__(self, options: tuple[tuple[str, str], ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        # Yes, No, no answer on one line; a scale's five on two, so that a narrow
        # window (1024 wide) still shows them whole.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        every = (*options, ("no answer", ""))
        per_line = len(every) if len(every) <= 3 else (len(every) + 1) // 2
        for number, (label, value) in enumerate(every):
            button = QRadioButton(label)
            button.setObjectName(f"answer_{value or 'none'}")
            self.group.addButton(button)
            self.buttons[value] = button
            grid.addWidget(button, number // per_line, number % per_line)
        grid.setColumnStretch(per_line, 1)  # the buttons keep their own width, on the left
        self.buttons[""].setToolTip("Not answered (yet)")
        self.buttons[""].setChecked(True)
        self.group.buttonToggled.connect(self._on_toggled)

    def _on_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:  # one button goes off and another on: one change, not two
            self.changed.emit()

    def value(self) -> str:
        return next((value for value, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        self.buttons.get(value, self.buttons[""]).setChecked(True)


class ChoiceAnswer(AnswerEditor):
    def __init__(self, choices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.addItem("—", "")
        for choice in choices:
            self.combo.addItem(choice, choice)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch()
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> str:
        return str(self.combo.currentData() or "")

    def set_value(self, value: str) -> None:
        index = self.combo.findData(value)
        if index < 0 and value:
            # An answer given before the choices were edited: keep it rather than lose it.
            self.combo.addItem(value, value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class TypedAnswer(AnswerEditor):
    """A number or a text, typed; the service reads it (and says what is wrong with it)."""

    def __init__(self, number: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText("number" if number else "answer")
        if number:
            self.field.setMaximumWidth(110)
            self.field.setAlignment(Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 0 if number else 1)
        if number:
            row.addStretch()
        self.field.textEdited.connect(self.changed)

    def value(self) -> str:
        return self.field.text()

    def set_value(self, value: str) -> None:
        self.field.setText(value)


def answer_editor(question: Question) -> AnswerEditor:
    kind = question.record.answer_type
    if kind is AnswerType.YES_NO:
        return RadioAnswer(YES_NO)
    if kind is AnswerType.SCALE:
        return RadioAnswer(SCALE)
    if kind is AnswerType.CHOICE:
        return ChoiceAnswer(choices_of(question.record))
    return TypedAnswer(number=kind is AnswerType.NUMBER)


class QuestionRow(QFrame):
    """One question: its code and text, the answer, a comment, its marks and its problem."""

    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"question_{question.code}")
        self.question = question
        code = QLabel(question.code)
        code.setObjectName("questionCode")
        code.setMinimumWidth(code.fontMetrics().horizontalAdvance("V000") + 4)
        code.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        text = QLabel(question.record.text)
        text.setWordWrap(True)
        # The text wraps to the width there is, and never asks for more.
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editor = answer_editor(question)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Comment")
        self.comment.setObjectName("answerComment")
        self.comment.setMinimumWidth(90)
        self.negative_mark = QLabel("negative")
        self.negative_mark.setObjectName("negativeMark")
        self.negative_mark.setStyleSheet(f"color: {status_colour('bad').name()}; font-weight: 600;")
        self.critical_mark = QWidget()
        self.critical_mark.setObjectName("criticalMark")
        warning = QLabel()
        warning.setPixmap(icons.icon("warning").pixmap(QSize(16, 16)))
        critical_text = QLabel("critical")
        critical_text.setStyleSheet(f"color: {status_colour('bad').name()}; font-weight: 600;")
        critical_row = QHBoxLayout(self.critical_mark)
        critical_row.setContentsMargins(0, 0, 0, 0)
        critical_row.setSpacing(3)
        critical_row.addWidget(warning)
        critical_row.addWidget(critical_text)
        self.critical_text = critical_text
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()

        marks = QHBoxLayout()
        marks.setSpacing(8)
        marks.addWidget(self.negative_mark)
        marks.addWidget(self.critical_mark)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 6, 4, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(code, 0, 0)
        grid.addWidget(text, 0, 1)
        grid.addLayout(marks, 0, 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        if isinstance(self.editor, RadioAnswer) and len(self.editor.buttons) > 3:
            # Four points and "no answer" fill the line: the comment goes below them.
            grid.addWidget(self.editor, 1, 1, 1, 2)
            grid.addWidget(self.comment, 2, 1, 1, 2)
        else:
            answer_row = QHBoxLayout()
            answer_row.setSpacing(12)
            answer_row.addWidget(self.editor)
            answer_row.addWidget(self.comment, 1)
            grid.addLayout(answer_row, 1, 1, 1, 2)
        grid.addWidget(self.error, 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.editor.changed.connect(self._on_changed)
        self.comment.textEdited.connect(self.changed)
        self._show_marks()

    def _on_changed(self) -> None:
        self._show_marks()
        self.changed.emit()

    def _show_marks(self) -> None:
        negative, critical = self.question.judge(self.editor.value())
        self.negative_mark.setVisible(negative)
        self.critical_mark.setVisible(critical)

    @property
    def negative(self) -> bool:
        return self.negative_mark.isVisibleTo(self)

    @property
    def critical(self) -> bool:
        return self.critical_mark.isVisibleTo(self)

    def value(self) -> tuple[str, str]:
        return self.editor.value().strip(), self.comment.text().strip()

    def set_value(self, value: str, comment: str) -> None:
        self.editor.set_value(value)
        self.comment.setText(comment)
        self._show_marks()

    def show_problem(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.setProperty("invalid", bool(message))
        self.style().unpolish(self)
        self.style().polish(self)


class ChecklistForm(QWidget):
    """The questions of one phase and the answers typed to them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase: Phase | None = None
        self.rows: list[QuestionRow] = []
        self._saved: dict[int, tuple[str, str]] = {}
        self._loading = False
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setObjectName("checklistEmpty")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.empty)
        self._layout.addStretch()

    def set_questions(self, phase: Phase, questions: list[Question]) -> None:
        """Show the questions of `phase` (every answer empty)."""
        for row in self.rows:
            self._layout.removeWidget(row)
            row.hide()  # at once: deleted later, it would be drawn under the new rows
            row.deleteLater()
        self.rows = []
        self.phase = phase
        self._saved = {}
        self.empty.setText(
            f"The mission's checklist has no {phase.label.lower()} questions."
            if not questions
            else ""
        )
        self.empty.setVisible(not questions)
        for number, question in enumerate(questions):
            row = QuestionRow(question)
            if number % 2:
                row.setBackgroundRole(QPalette.ColorRole.AlternateBase)
                row.setAutoFillBackground(True)
            row.changed.connect(self._on_changed)
            self._layout.insertWidget(self._layout.count() - 1, row)
            self.rows.append(row)

    def clear(self) -> None:
        """Take back every answer and comment; a save then deletes them."""
        for row in self.rows:
            row.set_value("", "")
        self.changed.emit()

    def question_ids(self) -> list[int]:
        return [row.question.id for row in self.rows]

    def load(self, answers: AnswerValues) -> None:
        """Show these saved answers; what differs from them later is what a save writes."""
        self._loading = True
        try:
            for row in self.rows:
                row.set_value(*answers.get(row.question.id, ("", "")))
                row.show_problem(None)
        finally:
            self._loading = False
        self._saved = {qid: self._row(qid).value() for qid in self.question_ids()}

    def _row(self, question_id: int) -> QuestionRow:
        return next(row for row in self.rows if row.question.id == question_id)

    def _on_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def answers(self) -> dict[int, tuple[str, str]]:
        return {row.question.id: row.value() for row in self.rows}

    def changed_answers(self) -> dict[int, tuple[str, str]]:
        """Only the answers that differ from those loaded: what a save has to write."""
        return {
            qid: value
            for qid, value in self.answers().items()
            if value != self._saved.get(qid, ("", ""))
        }

    def is_modified(self) -> bool:
        return bool(self.changed_answers())

    def answered(self) -> int:
        return sum(1 for value, _comment in self.answers().values() if value)

    def negatives(self) -> int:
        return sum(1 for row in self.rows if row.negative)

    def show_problems(self, problems: list[FieldProblem]) -> list[FieldProblem]:
        """Show each problem named by a question code beside it; return the others."""
        by_code = {row.question.code: row for row in self.rows}
        others = []
        first: QuestionRow | None = None
        for problem in problems:
            row = by_code.get(problem.field)
            if row is None:
                others.append(problem)
                continue
            row.show_problem(problem.message)
            first = first or row
        if first is not None:
            first.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return others

    def clear_problems(self) -> None:
        for row in self.rows:
            row.show_problem(None)

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows:
            row.editor.setEnabled(not read_only)
            row.comment.setReadOnly(read_only)
