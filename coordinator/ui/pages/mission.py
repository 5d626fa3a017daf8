"""The Mission page: the mission's settings, and below them its checklist.

Nothing typed is ever lost and there is no Save to forget: leaving a field saves the
form through `save_mission`. When the service finds a problem, its message stays beside
the field, the field keeps what was typed and the file keeps the earlier value of that
field, while the other fields changed are saved. Each save is one step of Edit > Undo.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.errors import FieldProblem, StaleRecordError, ValidationError
from coordinator.services.mission import (
    MissionFields,
    mission_logo,
    mission_settings,
    save_mission,
    set_mission_logo,
)
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import DateField
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.checklist_editor import CHECKLIST, ChecklistEditor
from coordinator.ui.pages.mission_languages import StatementLanguages
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.undo_edits import perform_update

MISSION = "mission"
EMPTY = MissionFields(name="", organisation="", election="", country="", election_date=None)
HINT = "Fill in the mission's details; required fields are marked *."

# (field, label, required) in the two columns of the form.
MISSION_COLUMN = (
    ("name", "Mission name", True),
    ("organisation", "Organisation", True),
    ("organisation_short", "Short name", False),
    ("head_of_mission", "Head of mission", False),
    ("invited_by", "Invited by", False),
    ("mission_start", "Mission start", False),
    ("mission_end", "Mission end", False),
)
ELECTION_COLUMN = (
    ("election", "Election", True),
    ("country", "Country", True),
    ("election_date", "Election day", True),
    ("statement_place", "Statement place", False),
    ("statement_date", "Statement date", False),
    ("language", "Language", False),
)
SHORT_FIELDS = ("organisation_short", "language")
LABELS = {name: label for name, label, _ in (*MISSION_COLUMN, *ELECTION_COLUMN)}
PLACEHOLDERS = {
    "name": "e.g. International Election Observation Mission of …",
    "organisation": "e.g. Organization of Turkic States",
    "organisation_short": "e.g. OTS",
    "election": "e.g. Elections of Deputies of Local Councils of …",
    "country": "e.g. Kyrgyz Republic",
    "invited_by": "the body that invited the mission",
    "statement_place": "where the statement is issued",
    "language": "en, ru, ky, tr…",
}


def _normal_language(text: str) -> str:
    """The language as the service stores it, so "EN" typed over "en" is no change."""
    return text.strip().replace("_", "-").lower() or "en"


class MissionPage(Page):
    """The mission's settings form and its checklist."""

    title = "Mission"
    icon_name = "mission"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._saved: MissionFields | None = None
        self._touched: set[str] = set()
        self._problems: list[FieldProblem] = []
        self._writing = False
        self._loaded = False
        self._asking = False  # a refused save's question is waiting to be asked
        self.editors: dict[str, QLineEdit | DateField] = {}
        self.errors: dict[str, QLabel] = {}
        heading = QLabel("Mission")
        heading.setObjectName("pageTitle")
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(self._column("The mission", MISSION_COLUMN), 1)
        columns.addLayout(self._column("The election and the statement", ELECTION_COLUMN), 1)
        self.status = QLabel()
        self.status.setObjectName("missionStatus")
        self.save_button = QPushButton(icons.icon("save"), "Save")
        self.save_button.setToolTip("Fields are saved as you leave them; Save saves at once")
        self.save_button.clicked.connect(self.save)
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)
        self.logo = QLabel("No logo")
        self.logo.setObjectName("missionLogo")
        self.logo_button = QPushButton(icons.icon("open"), "Logo…")
        self.logo_button.setToolTip("The organisation's logo, printed above the statement's title")
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Remove logo")
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None, "Remove the logo"))
        status_row = QHBoxLayout()
        status_row.addWidget(self.logo)
        status_row.addWidget(self.logo_button)
        status_row.addWidget(self.remove_logo_button)
        status_row.addStretch(1)
        status_row.addWidget(self.status)
        status_row.addWidget(self.save_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        checklist_title = QLabel("Checklist")
        checklist_title.setObjectName("sectionTitle")
        self.checklist = ChecklistEditor(context, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addLayout(columns)
        self.languages = StatementLanguages(context, self)
        layout.addWidget(self.languages)
        layout.addLayout(status_row)
        layout.addWidget(line)
        layout.addWidget(checklist_title)
        layout.addWidget(self.checklist, 1)
        if context.read_only:
            self.save_button.hide()
            self.logo_button.hide()
            self.remove_logo_button.hide()
            for editor in self.editors.values():
                editor.setReadOnly(True)

    def _column(self, title: str, fields: tuple[tuple[str, str, bool], ...]) -> QVBoxLayout:
        section = QLabel(title)
        section.setObjectName("sectionTitle")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        # Set, not inherited from the wide gap between the two columns.
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)
        for name, label, required in fields:
            editor: QLineEdit | DateField
            if name in ("election_date", "mission_start", "mission_end", "statement_date"):
                editor = DateField()
                editor.setMinimumWidth(140)
                # A day picked in the calendar is a finished edit, as leaving the field is.
                editor.calendarWidget().clicked.connect(
                    lambda _day, n=name: QTimer.singleShot(0, lambda: self.commit(n))
                )
                # A typed date that is not one is said at once, beside the field.
                editor.problem_changed.connect(lambda _text: self._show_problems(self._problems))
            else:
                editor = QLineEdit()
                editor.setPlaceholderText(PLACEHOLDERS.get(name, ""))
                if name in SHORT_FIELDS:
                    editor.setMaximumWidth(160)
            editor.setObjectName(f"field_{name}")
            editor.editingFinished.connect(lambda n=name: self.commit(n))
            if isinstance(editor, QLineEdit):
                # A long name left reads from its beginning, not from its last words.
                editor.editingFinished.connect(
                    lambda e=editor: None if e.hasFocus() else e.setCursorPosition(0)
                )
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            # The cell spans the column so that a message beside a short field has room.
            cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            if isinstance(editor, DateField) or name in SHORT_FIELDS:
                box.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
            else:
                box.addWidget(editor)
            box.addWidget(error)
            form.addRow(f"{label} *" if required else label, cell)
            self.editors[name] = editor
            self.errors[name] = error
        column = QVBoxLayout()
        column.setAlignment(Qt.AlignmentFlag.AlignTop)
        column.setSpacing(6)
        column.addWidget(section)
        column.addLayout(form)
        return column

    # --- showing ------------------------------------------------------------------------

    def first_field(self) -> QWidget | None:
        return self.editors["name"]

    def record_list(self) -> RecordList | None:
        # New on the mission's form is no new checklist question: the checklist's list
        # answers the keys only when the focus is in it.
        return None

    def reload(self) -> None:
        self.languages.reload()
        self._load_form()
        self._show_logo()
        self.checklist.reload()

    def _current_logo(self) -> bytes | None:
        return self.context.query(mission_logo)

    def _show_logo(self) -> None:
        image = self._current_logo()
        pixmap = QPixmap()
        if image is not None and pixmap.loadFromData(image):
            self.logo.setPixmap(
                pixmap.scaledToHeight(36, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.logo.setText("No logo")
        self.remove_logo_button.setEnabled(image is not None and not self.context.read_only)

    def choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The organisation's logo", "", "Pictures (*.png *.jpg *.jpeg)"
        )
        if not name:
            return
        try:
            image = Path(name).read_bytes()
        except OSError as error:
            messages.show_error(self, "Logo", f"{name} could not be read: {error.strerror}.")
            return
        self.set_logo(image, "Set the logo")

    def set_logo(self, image: bytes | None, text: str) -> None:
        """Keep `image` as the statement's logo (None removes it), undoably."""
        old = self._current_logo()
        try:
            perform_update(
                self.context,
                text,
                MISSION,
                lambda session: set_mission_logo(session, image),
                lambda session: set_mission_logo(session, old),
            )
        except UserError as error:
            messages.show_error(self, "Logo", str(error))
        self._show_logo()

    def on_changed(self, what: str) -> None:
        if what == MISSION and self.isVisible():
            self.languages.reload()  # the Language field is the first of them
        if what == MISSION and self._writing:
            return  # this page's own save: the form already shows it
        if what not in (MISSION, CHECKLIST, "*"):
            return
        if not self.isVisible():
            self._stale = True
        elif what == CHECKLIST:
            self.checklist.reload()
        elif what == MISSION:
            self._load_form()
        else:
            self.reload()

    def _load_form(self) -> None:
        """Show what the file holds (when opened, after an undo), with no problems."""
        stored = self.context.query(mission_settings)
        if self._loaded and stored == self._saved:
            # The file is as the form saw it: keep what is typed, and its messages. A save
            # of what the form does not show (the logo, the languages) moved its version.
            self._saved = stored
            return
        self._loaded = True
        self._saved = stored
        self._touched.clear()
        self._show_fields(self._saved or EMPTY, keep=set())
        self._show_problems([])
        self.hint.setVisible(self._saved is None)

    def _show_fields(self, fields: MissionFields, keep: set[str]) -> None:
        # An empty date starts from the mission's own days, not from today; the mission's
        # end from its start.
        near = fields.election_date or fields.mission_start or fields.mission_end
        for name, editor in self.editors.items():
            day = (fields.mission_start if name == "mission_end" else None) or near
            if isinstance(editor, DateField) and day is not None:
                editor.set_start_date(day)
            if name in keep:
                continue
            value = getattr(fields, name)
            if isinstance(editor, DateField):
                if editor.date_value() != value:
                    editor.set_date(value)
            elif editor.text() != value:
                editor.setText(value)
                editor.setCursorPosition(0)  # a long name reads from its beginning

    def typed(self) -> MissionFields:
        """The mission as the form shows it now."""
        values: dict[str, object] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, DateField):
                values[name] = editor.date_value()
            else:
                values[name] = editor.text().strip()
        values["language"] = _normal_language(str(values["language"]))
        return MissionFields(**values)  # type: ignore[arg-type]

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self._problems = problems
        messages_by_field: dict[str, list[str]] = {}
        for problem in problems:
            messages_by_field.setdefault(problem.field, []).append(problem.message)
        for name, editor in self.editors.items():
            if isinstance(editor, DateField) and editor.problem:
                messages_by_field.setdefault(name, []).insert(0, editor.problem)
        for name, editor in self.editors.items():
            label = self.errors[name]
            text = " ".join(messages_by_field.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
            if bool(editor.property("invalid")) != bool(text):
                editor.setProperty("invalid", bool(text))
                editor.style().unpolish(editor)
                editor.style().polish(editor)
        self._show_status()

    def _show_status(self) -> None:
        if self._problems:
            kind = "bad"
            text = "Not saved: correct the marked fields (the file keeps their earlier values)."
        elif self._saved is None:
            kind = "warning"
            text = "Not saved yet: fill in the fields marked *."
        elif self.typed() != self._saved:
            kind, text = "warning", "Not saved yet"
        else:
            kind, text = "good", "Saved"
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {status_colour(kind).name()};")

    # --- saving -------------------------------------------------------------------------

    def commit_pending(self) -> None:
        self.commit(everything=True)

    def save_pending(self) -> str | None:
        if self.commit(everything=True) or not self._problems:
            return None
        return " ".join(problem.message for problem in self._problems)

    def save(self) -> None:
        self.commit(everything=True)

    def commit(self, field: str | None = None, *, everything: bool = False) -> bool:
        """Save what is typed; True when the file now holds all of it.

        `field` was just left. A new mission shows problems only for fields already
        left (or all of them, `everything`, when the user asks to save).
        """
        if self.context.read_only:
            return True
        if field is not None:
            self._touched.add(field)
        typed, saved = self.typed(), self._saved
        if typed == (saved or EMPTY):
            self._show_fields(saved or EMPTY, keep=set())
            self._show_problems([])
            return True
        try:
            self._write(typed, saved)
        except ValidationError as error:
            problems = error.problems
            if saved is not None:
                self._save_the_rest(typed, saved, problems)
            elif not everything:
                problems = [p for p in problems if p.field in self._touched]
            self._show_problems(problems)
            return False
        except StaleRecordError as error:
            return self._refused(str(error))
        except UserError as error:
            messages.show_error(self, "Mission", str(error))
            return False
        self._show_problems([])
        self.hint.setVisible(False)
        return True

    def _refused(self, text: str) -> bool:
        """Someone else saved the mission's settings since this form read them: nothing
        was written. The page says so, then asks (once the edit that saved has ended: a
        box inside a key press or a focus change would be closed by it): Reload shows
        theirs (what was typed here is dropped); Cancel keeps what was typed, unsaved,
        until the next save asks again."""
        self.status.setText("Not saved: someone else changed the mission's settings.")
        self.status.setStyleSheet(f"color: {status_colour('bad').name()};")
        if not self._asking:
            self._asking = True
            QTimer.singleShot(0, lambda: self._ask_reload(text))
        return False

    def _ask_reload(self, text: str) -> None:
        try:
            if self.context.offer_reload("Changed by someone else", text):
                self._load_form()  # shown already if the page heard the reload; else now
        finally:
            self._asking = False

    def _save_the_rest(
        self, typed: MissionFields, saved: MissionFields, problems: list[FieldProblem]
    ) -> None:
        """Save the fields the service had nothing against; the others keep their old value."""
        wrong = {problem.field for problem in problems}
        rest = dataclasses.replace(typed, **{name: getattr(saved, name) for name in wrong})
        if rest == saved:
            return
        # When the fields depend on each other, all of them wait until the form is valid.
        with contextlib.suppress(UserError):
            self._write(rest, saved, keep=wrong)

    def _write(
        self, new: MissionFields, old: MissionFields | None, keep: set[str] | None = None
    ) -> None:
        self._writing = True
        try:
            if old is None:
                # The first save creates the mission; there is no earlier mission to go back to.
                self.context.write(MISSION, save_mission, new)
            else:
                perform_update(
                    self.context,
                    self._undo_text(old, new),
                    MISSION,
                    lambda session: save_mission(session, new, read=old),
                    lambda session: save_mission(session, old),
                )
        finally:
            self._writing = False
        self._saved = self.context.query(mission_settings)
        # Show the values as stored (trimmed, "EN" as "en"), except those still wrong.
        self._show_fields(self._saved or EMPTY, keep=keep or set())

    @staticmethod
    def _undo_text(old: MissionFields, new: MissionFields) -> str:
        changed = [
            LABELS[f.name]
            for f in dataclasses.fields(MissionFields)
            if f.compare and getattr(old, f.name) != getattr(new, f.name)
        ]
        if len(changed) <= 2:
            return f"Edit mission: {', '.join(changed).lower()}"
        return "Edit mission settings"
