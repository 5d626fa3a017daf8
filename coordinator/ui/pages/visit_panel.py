"""The panel beside the visits list: one visit's fields, checklist and incidents, and Save.

The panel keeps what was loaded, so that a save writes only what changed and Edit > Undo
can put back exactly the fields and answers that were there before (a snapshot of the
previous answers is written back). A new visit, or a copy of one, lives only in the panel
until it is saved; Undo of its creation deletes it again.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import Phase, VisitStatus
from coordinator.errors import UserError
from coordinator.services.errors import (
    FieldProblem,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from coordinator.services.paging import PageRequest
from coordinator.services.stations import StationRow, list_stations
from coordinator.services.submissions import visit_provenance
from coordinator.services.visit_records import (
    VisitRecord,
    create_visit_with_answers,
    read_visit,
    update_visit_with_answers,
)
from coordinator.services.visits import VisitFields, delete_visit
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.checklist_form import ChecklistForm, Question, read_checklist
from coordinator.ui.pages.incidents import IncidentsPanel
from coordinator.ui.pages.visit_form import VisitForm, vocabulary_member
from coordinator.ui.undo_edits import perform_create, perform_update

VISIT_TAB, CHECKLIST_TAB, INCIDENTS_TAB = range(3)


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


class VisitPanel(QWidget):
    """The form of the visit chosen in the list (or of a new one), saving itself."""

    saved = Signal(int, bool)  # the id of the visit just saved, and whether it is new
    discarded = Signal()
    next_requested = Signal()

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record: VisitRecord | None = None
        self.is_new = False
        self.saving = False
        self.problems: list[FieldProblem] = []
        self.election_day: dt.date | None = None
        self._form_modified = False
        self._note = ""
        self._message = ""
        self._questions: dict[Phase, list[Question]] = {}

        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        self.subheader = QLabel()
        self.subheader.setWordWrap(True)
        # Where a visit from an observer's phone came from (hidden for one typed in).
        self.provenance = QLabel()
        self.provenance.setObjectName("visitProvenance")
        self.provenance.setWordWrap(True)
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = VisitForm(self._find_stations)
        self.form.changed.connect(self._on_form_changed)
        self.form.phase_changed.connect(self._on_phase_changed)
        self.checklist = ChecklistForm()
        self.checklist.changed.connect(self._update)
        self.checklist_title = QLabel()
        self.checklist_title.setWordWrap(True)
        self.checklist_title.setObjectName("checklistTitle")
        self.incidents = IncidentsPanel(context)
        self.incidents.counted.connect(lambda _count: self._update())

        checklist_page = QWidget()
        checklist_column = QVBoxLayout(checklist_page)
        checklist_column.setContentsMargins(0, 6, 0, 0)
        self.clear_button = QPushButton("Clear checklist")
        self.clear_button.setToolTip(
            "Take back every answer and comment (to change the visit's phase, or its status "
            "from done); saved with the visit"
        )
        self.clear_button.clicked.connect(self.checklist.clear)
        title_row = QHBoxLayout()
        title_row.addWidget(self.checklist_title, 1)
        title_row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        checklist_column.addLayout(title_row)
        self.checklist_area = _scrolling(self.checklist)
        checklist_column.addWidget(self.checklist_area, 1)
        form_holder = QWidget()
        form_column = QVBoxLayout(form_holder)
        form_column.setContentsMargins(4, 8, 8, 4)
        form_column.addWidget(self.form)
        form_column.addStretch()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.form_area = _scrolling(form_holder)
        self.tabs.addTab(self.form_area, icons.icon("visits"), "Visit")
        self.tabs.addTab(checklist_page, icons.icon("checklist"), "Checklist")
        self.tabs.addTab(self.incidents, icons.icon("warning"), "Incidents")

        self.general_error = QLabel()
        self.general_error.setObjectName("formError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.state = QLabel()
        self.state.setObjectName("countLabel")
        self.state.setWordWrap(True)
        self.save_button = QPushButton(icons.icon("save"), "Save")
        self.save_button.setToolTip("Save the visit and its checklist (Ctrl+S)")
        self.save_button.setDefault(True)
        self.discard_button = QPushButton("Discard changes")
        self.next_button = QPushButton(icons.icon("next"), "Next visit of this team")
        self.next_button.setToolTip("Save, then show the team's next visit that day (Ctrl+])")
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.next_button.clicked.connect(self.next_requested)
        self.save_action = self._shortcut("Save visit", QKeySequence.StandardKey.Save, self.save)
        self.next_action = self._shortcut(
            "Next visit of this team", "Ctrl+]", self.next_requested.emit
        )

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.subheader)
        column.addWidget(self.provenance)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.general_error)
        column.addWidget(self.state)
        column.addLayout(buttons)
        self.placeholder = QLabel(
            "Choose a visit in the list to see its checklist and incidents here, "
            "or start a new one with New (Ctrl+N)."
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setObjectName("countLabel")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.stack)
        self.set_read_only(context.read_only)
        self._update()

    def _shortcut(self, text: str, keys: QKeySequence.StandardKey | str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _find_stations(self, request: PageRequest) -> list[StationRow]:
        return self.context.query(list_stations, request).rows

    @property
    def visit_id(self) -> int | None:
        return self.record.id if self.record is not None and not self.is_new else None

    def is_modified(self) -> bool:
        if self.record is None and not self.is_new:
            return False
        return self._form_modified or self.checklist.is_modified()

    # --- showing a visit --------------------------------------------------------------------

    def _questions_of(self, phase: Phase) -> list[Question]:
        if phase not in self._questions:
            self._questions[phase] = self.context.query(read_checklist, phase)
        return self._questions[phase]

    def forget_checklist(self) -> None:
        """The checklist's questions may have changed: read them again when next needed."""
        self._questions.clear()

    def _show_checklist(self, phase: Phase, answers: dict[int, tuple[str, str]]) -> None:
        questions = self._questions_of(phase)
        if self.checklist.phase is not phase or self.checklist.question_ids() != [
            q.id for q in questions
        ]:
            self.checklist.set_questions(phase, questions)
            self.checklist.set_read_only(self.context.read_only)
        self.checklist.load(answers)

    def show_visit(self, visit_id: int) -> None:
        try:
            record = self.context.query(read_visit, visit_id)
        except NotFoundError:
            self.show_nothing()
            return
        another = self.record is None or self.record.id != record.id
        self.record, self.is_new, self._note = record, False, ""
        self.form.load(record.fields, record.station)
        self._show_checklist(record.fields.phase, record.answers)
        self.incidents.set_visit(record.id, record.ref)
        self._show_provenance(self.context.query(visit_provenance, visit_id))
        self._loaded()
        if another:
            self._scroll_to_top()

    def _show_provenance(self, text: str) -> None:
        self.provenance.setText(text)
        self.provenance.setVisible(bool(text))

    def start_new(
        self, fields: VisitFields, station: str, *, modified: bool, note: str = ""
    ) -> None:
        """Show a visit that is not saved yet, starting from `fields`."""
        self.record = VisitRecord(0, fields, "", station)
        self.is_new, self._note = True, note
        self.form.load(fields, station)
        self._show_checklist(fields.phase, {})
        self.incidents.set_visit(None)
        self._show_provenance("")
        self._loaded()
        self._scroll_to_top()
        self._form_modified = modified
        self._update()
        self.focus_form()

    def _scroll_to_top(self) -> None:
        """Another visit starts at its first field and its first question (after Ctrl+]
        the checklist kept the last visit's place and hid the first questions)."""
        for area in (self.checklist_area, self.form_area):
            area.verticalScrollBar().setValue(0)

    def show_nothing(self) -> None:
        self.record, self.is_new = None, False
        self.incidents.set_visit(None)
        self._loaded()

    def _loaded(self) -> None:
        self._form_modified = False
        self._message = ""
        self.problems = []
        self.general_error.hide()
        self.stack.setCurrentIndex(0 if self.record is None else 1)
        self._update()

    def refresh(self) -> None:
        """The mission changed: show the visit as stored, unless edits are waiting."""
        if self.is_modified():
            self.incidents.reload()
        elif self.record is not None and not self.is_new:
            self.show_visit(self.record.id)
        elif self.record is not None:
            self._show_checklist(self.record.fields.phase, {})

    def focus_form(self) -> None:
        self.tabs.setCurrentIndex(VISIT_TAB)
        self.form.team.setFocus(Qt.FocusReason.OtherFocusReason)

    def tell(self, text: str) -> None:
        """Say something under the form until the next visit is shown or an edit begins."""
        self._message = text
        self._update()

    # --- what the user does ---------------------------------------------------------------

    def _on_form_changed(self) -> None:
        self._form_modified = True
        self._update()

    def _on_phase_changed(self) -> None:
        phase = vocabulary_member(Phase, self.form.phase.choice())
        saved_answers = self.record is not None and bool(self.record.answers)
        if phase is not None and not saved_answers and not self.checklist.answered():
            self._show_checklist(phase, {})
        self._update()

    def discard(self) -> None:
        """Forget what was typed: show the visit as stored (a new one is dropped)."""
        if self.record is not None and not self.is_new:
            self.show_visit(self.record.id)
        else:
            self.show_nothing()
        self.discarded.emit()

    def save(self, *, quiet: bool = False) -> bool:
        """Save what was typed; False (with the problems shown) when the services refuse.

        `quiet`: a refusal that is not about a field (a full disk) is only noted in
        `problems`, for a caller that says it in its own words.
        """
        if self.context.read_only or not self.is_modified() or self.record is None:
            return True
        self.form.clear_problems()
        self.checklist.clear_problems()
        self.general_error.hide()
        fields, unreadable = self.form.fields()
        if unreadable:
            self._show_problems(unreadable)
            return False
        answers = self.checklist.changed_answers()
        record = self.record
        self.saving = True
        created = self.is_new
        try:
            if self.is_new:
                visit_id = perform_create(
                    self.context,
                    f"New visit{' ' + fields.ref if fields.ref else ''}",
                    "visits",
                    lambda session: create_visit_with_answers(session, fields, answers),
                    kind="visit",
                    delete=delete_visit,
                )
            else:
                visit_id = record.id
                changed = fields if fields != record.fields else None
                before = {qid: record.answers.get(qid, ("", "")) for qid in answers}
                old = record.fields if changed is not None else None
                perform_update(
                    self.context,
                    f"{'Edit' if changed else 'Answers of'} visit {record.ref}",
                    "visits",
                    lambda session: update_visit_with_answers(
                        session, visit_id, changed, answers, read=record
                    ),
                    lambda session: update_visit_with_answers(session, visit_id, old, before),
                )
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except StaleRecordError as error:
            self.saving = False
            return self._refused(record, str(error), quiet=quiet)
        except UserError as error:
            self.problems = [FieldProblem("", str(error))]
            if not quiet:
                messages.show_error(self, "Visit not saved", str(error))
            return False
        finally:
            self.saving = False
        self.show_visit(visit_id)
        self.tell(f"Visit {self.record.ref if self.record else ''} saved.")
        self.saved.emit(visit_id, created)
        return True

    def _refused(self, record: VisitRecord, text: str, *, quiet: bool) -> bool:
        """Someone else saved the visit or its answers since it was shown: nothing was
        written. Reload shows it as it is now (what was typed is dropped); Cancel keeps
        what was typed. `quiet` (leaving the page): only noted, for the caller to say."""
        self.problems = [FieldProblem("", text)]
        if not quiet and self.context.offer_reload("Changed by someone else", text):
            self.show_visit(record.id)
            return False
        self.general_error.setText(text)
        self.general_error.show()
        self.tell("Not saved: someone else changed this visit (see the message above).")
        return False

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self.problems = list(problems)
        on_form = [p for p in problems if p.field in self.form.editors]
        rest = self.checklist.show_problems(
            [p for p in problems if p.field not in self.form.editors]
        )
        self.form.show_problems(on_form)
        if rest:
            self.general_error.setText("\n".join(p.message for p in rest))
            self.general_error.show()
        in_checklist = len(problems) - len(on_form) - len(rest)
        self.tabs.setCurrentIndex(CHECKLIST_TAB if in_checklist and not on_form else VISIT_TAB)
        self.tell("Not saved: see the messages in red beside the fields.")

    # --- how it looks -----------------------------------------------------------------------

    def _update(self) -> None:
        record = self.record
        modified = self.is_modified()
        self.save_button.setEnabled(modified)
        self.discard_button.setEnabled(modified or self.is_new)
        self.next_button.setEnabled(record is not None and not self.is_new)
        self.next_action.setEnabled(self.next_button.isEnabled())
        if record is None:
            return
        if self.is_new:
            self.header.setText("New visit" + (f" ({self._note})" if self._note else ""))
            self.subheader.setText("Not saved yet: Save (Ctrl+S) adds it to the mission.")
        else:
            day = record.fields.date.strftime("%d.%m.%Y") if record.fields.date else ""
            self.header.setText(f"Visit {record.ref} · Team {record.team} · {day}")
            self.subheader.setText(record.station)
        if modified and not self.problems:
            self._message = ""
        self.state.setText(self._message or ("Unsaved changes (Ctrl+S saves)" if modified else ""))
        self.state.setVisible(bool(self.state.text()))
        answered, total = self.checklist.answered(), len(self.checklist.rows)
        negatives = self.checklist.negatives()
        phase = self.checklist.phase.label if self.checklist.phase else ""
        summary = f"{phase} checklist: {answered} of {total} answered"
        if negatives:
            summary += f", {negatives} negative"
        if vocabulary_member(VisitStatus, self.form.status.choice()) is not VisitStatus.DONE:
            summary += ". Answers are kept for a visit that was done: set its status to Done."
        self.checklist_title.setText(summary)
        self.tabs.setTabText(CHECKLIST_TAB, f"Checklist ({answered}/{total})")
        self.clear_button.setEnabled(any(any(a) for a in self.checklist.answers().values()))
        self.tabs.setTabText(INCIDENTS_TAB, f"Incidents ({self.incidents.model.total()})")

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
        self.checklist.set_read_only(read_only)
        self.incidents.set_read_only(read_only)
        for button in (self.save_button, self.discard_button, self.clear_button):
            button.setVisible(not read_only)
