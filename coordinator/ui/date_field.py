"""The date field: a date typed as a coordinator writes it, or picked in a calendar.

Qt's date editor types into one part at a time (day, month, year) and jumps between
them on its own, so `24.02.2025` typed digit by digit lands in the wrong parts. Here
the typing is the field's: what is typed (or pasted) is kept as text while it is being
typed and read as a whole when it is finished (Enter, Tab, leaving the field) or as
soon as it is a whole date. `24.02.2025`, `24/02/2025`, `3.4.2025`, `2025-02-24` and
`24022025` all read as dates; digits alone change the part the cursor was in (Tab in
and `24` is the 24th of the shown month). What cannot be read is said through
`problem_changed`, and the field keeps the date it had.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

from PySide6.QtCore import QDate, QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QValidator,
)
from PySide6.QtWidgets import QDateEdit, QWidget

NO_DATE = QDate(1900, 1, 1)
SEPARATORS = "./-, "
DAY_FIRST = re.compile(r"^(\d{1,2})[./\-, ]+(\d{1,2})[./\-, ]+(\d{4}|\d{2})$")
YEAR_FIRST = re.compile(r"^(\d{4})[./\-]+(\d{1,2})[./\-]+(\d{1,2})$")
# A typed date is read at once when nothing more can follow it; `3.4.20` waits (2020 or
# 2025?) until the field is left, a two-digit ISO day does not.
WHOLE_DAY_FIRST = re.compile(r"^\d{1,2}[./\-, ]+\d{1,2}[./\-, ]+\d{4}$")
WHOLE_YEAR_FIRST = re.compile(r"^\d{4}[./\-]+\d{1,2}[./\-]+\d{2}$")
HOW_TO_TYPE = "type day.month.year, as 24.02.2025"


def read_date(text: str) -> dt.date | None:
    """The date `text` names (day first, or ISO year first), or None if it names none."""
    text = text.strip()
    year_first = YEAR_FIRST.match(text)
    day_first = DAY_FIRST.match(text)
    if year_first:
        year, month, day = (int(part) for part in year_first.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups())
        if len(day_first.group(3)) == 2:
            year += 2000
    elif re.fullmatch(r"\d{8}", text):
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class DateField(QDateEdit):
    """A date with a calendar, which may also be left empty ("none")."""

    problem_changed = Signal(str)
    """What was typed is not a date (the message says what and how to type), or "" when
    the field reads again."""

    def __init__(self, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd.MM.yyyy")
        self.required = required
        if not required:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText("none")
        self.start_date = QDate.currentDate()
        self._typed: str | None = None  # the text being typed, None when not typing
        self._typed_into = QDateEdit.Section.DaySection
        self.problem = ""  # what could not be read as a date, said to the user
        self.set_date(None)

    def set_start_date(self, value: dt.date) -> None:
        """The date the arrows and the calendar start from while the field is empty."""
        self.start_date = QDate(value.year, value.month, value.day)

    def _leave_none(self) -> None:
        if not self.required and self.date() == NO_DATE:
            self.setDate(self.start_date)

    def open_calendar(self) -> None:
        """Show the calendar from the keyboard (F4, Alt+Down), as a click on its arrow does.

        Qt's date editor opens it only for the mouse, and has no call to open it, so the
        click on the arrow (at the right end of the field) is made here.
        """
        if self.isReadOnly():
            return
        spot = QPointF(self.width() - 4, self.height() / 2)
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            spot,
            self.mapToGlobal(spot),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        self.mousePressEvent(press)

    def _calendar_on_start(self) -> None:
        """An empty field's calendar shows the start date's month (not January 1900)."""
        if not self.required and self.date() == NO_DATE:
            self.calendarWidget().setCurrentPage(self.start_date.year(), self.start_date.month())

    # --- typing ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.isReadOnly():
            super().keyPressEvent(event)
            return
        text = event.text()
        if event.matches(QKeySequence.StandardKey.Paste):
            self._paste()
            return
        if text and (text.isdigit() or (text in SEPARATORS and self._typed is not None)):
            self._type(text)
            return
        if self._typed is not None and event.key() == Qt.Key.Key_Backspace:
            self._show_typed(self._typed[:-1])
            return
        if self._typed is not None and event.key() == Qt.Key.Key_Escape:
            self._typed = None
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))  # the date it kept
            self._say("")
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.finish_typing():
            return
        if event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.finish_typing()
            self._leave_none()
        erasing = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        whole_text = self.lineEdit().selectedText() == self.lineEdit().text()
        if erasing and whole_text and not self.required:
            self.setDate(NO_DATE)
            return
        super().keyPressEvent(event)

    def _type(self, character: str) -> None:
        if self._typed is None:
            self._typed = ""
            empty = not self.required and self.date() == NO_DATE
            section = self.currentSection()
            self._typed_into = QDateEdit.Section.DaySection if empty else section
        if len(self._typed) >= 10:
            return  # no date is longer; a finger resting on a key adds nothing
        self._show_typed(self._typed + character)
        typed = self._typed
        if WHOLE_DAY_FIRST.match(typed) or WHOLE_YEAR_FIRST.match(typed):
            day = read_date(typed)
            if day is not None:
                self._take(day)

    def _show_typed(self, typed: str) -> None:
        self._typed = typed
        # Shown as text only: the editor's own reading of it (which makes 31.02 the 28th,
        # or refuses a half-typed date) is not asked until the typing is finished.
        edit = self.lineEdit()
        checks = edit.validator()
        edit.blockSignals(True)
        edit.setValidator(cast(QValidator, None))  # Qt takes None: no checks
        edit.setText(typed)
        edit.setValidator(checks)
        edit.blockSignals(False)

    def _paste(self) -> None:
        text = QGuiApplication.clipboard().text().strip()
        day = read_date(text)
        if day is None:
            self._typed = None
            self._say(f"'{text[:40]}' is not a date: {HOW_TO_TYPE}.")
            return
        self._take(day)

    def _take(self, day: dt.date) -> None:
        self._typed = None
        if self.required or day >= dt.date(1900, 1, 2):
            self.set_date(day)
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
            self.setSelectedSection(QDateEdit.Section.DaySection)
            self._say("")
        else:
            self._say(f"{day.strftime('%d.%m.%Y')} is too long ago for a date here.")

    def _say(self, problem: str) -> None:
        if problem != self.problem:
            self.problem = problem
            self.problem_changed.emit(problem)

    def finish_typing(self) -> bool:
        """Read what is being typed into the date; False (and said) if it is no date."""
        typed, self._typed = self._typed, None
        if typed is None:
            return True
        if typed == "":
            if not self.required:
                self.setDate(NO_DATE)
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
            self._say("")
            return True
        day = read_date(typed)
        if day is None and typed.isdigit() and len(typed) <= 4:
            day = self._with_part(int(typed))
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
        if day is None:
            kept = "none" if self.date_value() is None else self.text()
            self._say(f"'{typed}' is not a date: {HOW_TO_TYPE} (the field keeps {kept}).")
            return False
        self._take(day)
        return True

    def _with_part(self, number: int) -> dt.date | None:
        """The shown date with the part the typing began in set to `number`."""
        shown = self.date_value() or self.start_date.toPython()
        assert isinstance(shown, dt.date)
        try:
            if self._typed_into == QDateEdit.Section.MonthSection:
                return shown.replace(month=number)
            if self._typed_into == QDateEdit.Section.YearSection:
                return shown.replace(year=number + 2000 if number < 100 else number)
            return shown.replace(day=number)
        except ValueError:
            return None

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.finish_typing()
        super().focusOutEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        # Tab leaves the field, as it leaves every other one (Qt's would go to the month).
        self.finish_typing()
        return QWidget.focusNextPrevChild(self, next)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.finish_typing()
        super().mousePressEvent(event)
        self._calendar_on_start()

    # --- values ----------------------------------------------------------------------------

    def set_date(self, value: dt.date | None) -> None:
        self._typed = None
        self._say("")
        if value is None:
            self.setDate(NO_DATE if not self.required else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def date_value(self) -> dt.date | None:
        """The date shown; what is being typed is read first (OK pressed by its key)."""
        self.finish_typing()
        value = self.date()
        if not self.required and value == NO_DATE:
            return None
        return dt.date(value.year(), value.month(), value.day())
