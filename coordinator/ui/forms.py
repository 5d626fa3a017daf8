"""Editor dialogs with inline validation, and the field widgets they are made of.

A `RecordDialog` is built in its constructor and shown by its caller (`open()` or
`exec()`). On OK it reads its fields into the service's *Fields dataclass and hands it
to `save`; a ValidationError from the service marks each named field and shows the
message beside it, and the dialog stays open with nothing written. What cannot even be
read (letters in a number) is reported the same way before the service is asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.errors import FieldProblem, StaleRecordError, ValidationError
from coordinator.ui import messages
from coordinator.ui.date_field import NO_DATE, DateField

__all__ = ["NO_DATE", "DateField"]  # kept here too: the dialogs build their dates from here

FieldsT = TypeVar("FieldsT")
EnumT = TypeVar("EnumT", bound=Enum)

TIME_PATTERN = QRegularExpression(r"^$|^([01]?\d|2[0-3])[:.]?[0-5]\d$")


class FieldParseError(ValueError):
    """What a user typed cannot be read as the field's kind of value."""


class TimeField(QLineEdit):
    """A time of day typed as HH:MM (or 0930); empty means not known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("HH:MM")
        self.setValidator(QRegularExpressionValidator(TIME_PATTERN, self))
        self.setMaximumWidth(90)

    def set_time(self, value: dt.time | None) -> None:
        self.setText(value.strftime("%H:%M") if value is not None else "")

    def time_value(self) -> dt.time | None:
        text = self.text().strip().replace(".", ":")
        if not text:
            return None
        if ":" not in text:
            text = f"{text[:-2]}:{text[-2:]}"
        hours, minutes = text.split(":")
        try:
            return dt.time(int(hours), int(minutes))
        except ValueError:
            raise FieldParseError(f"'{self.text()}' is not a time of day (HH:MM).") from None


class NumberField(QLineEdit):
    """A whole number, or empty when not known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumWidth(140)

    def set_number(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))

    def number_value(self) -> int | None:
        text = self.text().strip().replace("\u202f", "").replace(" ", "")
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise FieldParseError(f"'{self.text()}' is not a whole number.") from None


class DecimalField(QLineEdit):
    """A decimal number (coordinates), or empty."""

    def set_number(self, value: float | None) -> None:
        self.setText("" if value is None else f"{value:.6f}".rstrip("0").rstrip("."))

    def number_value(self) -> float | None:
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise FieldParseError(f"'{self.text()}' is not a number.") from None


class ChoiceField(QComboBox, Generic[EnumT]):
    """One value of a vocabulary, shown by its label; optionally "none"."""

    def __init__(
        self, vocabulary: type[EnumT], *, optional: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # Qt would hand a StrEnum back as plain text, so the members are kept here.
        self._values: list[EnumT | None] = [None] if optional else []
        self._values.extend(vocabulary)
        for value in self._values:
            label = "—" if value is None else str(getattr(value, "label", value.value))
            self.addItem(label)

    def set_choice(self, value: EnumT | None) -> None:
        self.setCurrentIndex(self._values.index(value) if value in self._values else 0)

    def choice(self) -> EnumT | None:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None


class TriStateField(QComboBox):
    """Yes / no / not known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for text, value in (("not known", None), ("yes", True), ("no", False)):
            self.addItem(text, value)

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex(max(self.findData(value), 0))

    def value(self) -> bool | None:
        return self.currentData()  # type: ignore[no-any-return]


class RecordDialog(QDialog, Generic[FieldsT]):
    """A form for one record. Subclasses add fields with `add_field` and define `fields()`.

    `save(fields)` is called on OK; it writes through a service and may raise
    ValidationError, which is shown beside the named fields.
    """

    def __init__(
        self,
        title: str,
        save: Callable[[FieldsT], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.form = QFormLayout()
        # Every field's column is as wide as the form, so that its message wraps there;
        # an editor that is not meant to stretch keeps its own width inside it.
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general_error = QLabel()
        self.general_error.setObjectName("formError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.saved: object = None
        self._parse_problems: list[FieldProblem] = []
        # Opens the record again as stored now (set by pages whose forms edit a record):
        # offered when a save is refused because someone else changed the record.
        self.reload_record: Callable[[], object] | None = None

    def add_field(self, name: str, label: str, editor: QWidget) -> QWidget:
        """Add a labelled editor with room below it for the field's message."""
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(editor, QComboBox | QAbstractSpinBox | QCheckBox):
            box.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as its choices
        else:
            box.addWidget(editor)
        box.addWidget(error)
        self.form.addRow(label, column)
        if isinstance(editor, DateField):
            editor.problem_changed.connect(lambda text, n=name: self._show_typing_problem(n, text))
        editor.setObjectName(f"field_{name}")
        self.editors[name] = editor
        self.errors[name] = error
        return editor

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        super().setVisible(visible)
        if visible:
            self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the typing in the first field, unless the dialog chose one itself.

        A dialog without a focused field gives its focus to the OK button, where typing
        goes nowhere and the space in "School No. 1" presses a button.
        """
        focused = self.focusWidget()
        if focused is not None and focused is not self and not isinstance(focused, QAbstractButton):
            return
        for editor in self.editors.values():
            if editor.isEnabled() and editor.focusPolicy() & Qt.FocusPolicy.TabFocus:
                editor.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def fields(self) -> FieldsT:
        """The record as typed, reading each field through `parse`."""
        raise NotImplementedError

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.clear_problems()
        unplaced: list[str] = []
        first: QWidget | None = None
        said: dict[str, list[str]] = {}  # a field's every message, not only its last
        for problem in problems:
            label = self.errors.get(problem.field)
            editor = self.editors.get(problem.field)
            if label is None or editor is None:
                unplaced.append(problem.message)
                continue
            said.setdefault(problem.field, []).append(problem.message)
            label.setText("\n".join(said[problem.field]))
            label.show()
            editor.setProperty("invalid", True)
            editor.style().unpolish(editor)
            editor.style().polish(editor)
            first = first or editor
        if unplaced:
            self.general_error.setText("\n".join(unplaced))
            self.general_error.show()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        grow_to_fit(self)

    def clear_problems(self) -> None:
        for name, label in self.errors.items():
            label.hide()
            editor = self.editors[name]
            if editor.property("invalid"):
                editor.setProperty("invalid", False)
                editor.style().unpolish(editor)
                editor.style().polish(editor)
        self.general_error.hide()

    def _show_typing_problem(self, name: str, text: str) -> None:
        """A date typed that is not one is said at once, as leaving the field shows it."""
        label, editor = self.errors[name], self.editors[name]
        label.setText(text)
        label.setVisible(bool(text))
        if bool(editor.property("invalid")) != bool(text):
            editor.setProperty("invalid", bool(text))
            editor.style().unpolish(editor)
            editor.style().polish(editor)
        grow_to_fit(self)

    def parse(self, name: str, reader: Callable[[], Any]) -> Any:
        """Read one field, noting (not raising) what cannot be read, so all are reported."""
        try:
            return reader()
        except FieldParseError as error:
            self._parse_problems.append(FieldProblem(name, str(error)))
            return None

    def accept(self) -> None:
        self._parse_problems = []
        fields = self.fields()
        for name, editor in self.editors.items():
            if isinstance(editor, DateField) and editor.problem:
                self._parse_problems.append(FieldProblem(name, editor.problem))
        if self._parse_problems:
            self.show_problems(self._parse_problems)
            return
        try:
            self.saved = self._save(fields)
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except StaleRecordError as error:
            self._offer_reload(error)
            return
        except UserError as error:
            self.show_problems([FieldProblem("", str(error))])
            return
        super().accept()

    def _offer_reload(self, error: StaleRecordError) -> None:
        """Say what someone else changed; on Reload, open the record again as stored now
        (what the user typed is dropped: they make their edit again on the new values)."""
        title = "Changed by someone else"
        if self.reload_record is None:
            self.show_problems([FieldProblem("", str(error))])
        elif messages.ask_reload(self, title, str(error)):
            self.reject()
            self.reload_record()


def grow_to_fit(dialog: QWidget) -> None:
    """Let a dialog grow to show messages that appeared, never shrink, stay on screen.

    (QWidget.adjustSize would shrink a large dialog to two thirds of the screen.)
    """
    hint = dialog.sizeHint()
    width = max(dialog.width(), hint.width())
    height = max(dialog.height(), hint.height())
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        # Messages that wrap onto more lines need the height their width gives them.
        height = max(height, layout.totalHeightForWidth(width))
    screen = dialog.screen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width())
        height = min(height, available.height())
    dialog.resize(width, height)


def text_editor(height_lines: int = 4) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setTabChangesFocus(True)
    editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * height_lines + 12)
    return editor


def check_box(text: str) -> QCheckBox:
    return QCheckBox(text)
