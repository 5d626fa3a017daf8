"""The Statement page: the statement's sections, their text, and the PDF beside them.

The sections are listed in printing order on the left (add, remove, move; each one step
of Edit > Undo). The selected section's title and text are saved when the coordinator
leaves the field, as on the Mission page. "Draft from data" writes a first draft from
the mission's records and shows, for each drafted section, where its sentences came
from. Known placeholders can be inserted at the cursor; an unknown one is reported in
the list and under the text, since the export refuses it. The preview on the right is
the PDF the export writes, made again shortly after each edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.errors import StaleRecordError
from coordinator.services.statement import DraftSection, draft_statement
from coordinator.services.statement_drafts import known_translations, names_to_translate
from coordinator.services.statement_facts import PLACEHOLDERS
from coordinator.services.statement_languages import (
    add_statement_language,
    save_translations,
    statement_languages,
)
from coordinator.services.statement_sections import (
    SectionFields,
    move_section,
    replace_sections,
    section_rows,
    update_section,
)
from coordinator.services.versions import record_version
from coordinator.ui import icons, messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.statement_language import LanguageBar
from coordinator.ui.pages.statement_preview import (
    ID_ROLE,
    SectionListModel,
    StatementPreview,
    describe_sources,
    unknown_in,
)
from coordinator.ui.pages.translations_dialog import TranslationsDialog
from coordinator.ui.statement_actions import STATEMENT, section_added, section_removed
from coordinator.ui.style import status_colour
from coordinator.ui.undo_edits import perform_update

NO_SECTIONS = (
    "The statement has no sections yet. Draft it from the mission's data, or add a section "
    "and write it. Until then, the export prints the draft."
)


class StatementPage(Page):
    """The statement's sections, the selected one's editor, and the PDF preview."""

    title = "Statement"
    icon_name = "statement"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._current: int | None = None  # id of the section in the editor
        self._loading = False
        self._writing = False
        # The version each section was read at: a save over someone else's is refused.
        self._versions: dict[int, int] = {}
        self._asking = False  # a refused save's question is waiting to be asked
        self._draft: list[DraftSection] | None = None
        self.language: str | None = None  # the language whose sections are shown
        self.names_dialog: TranslationsDialog | None = None
        self.model = SectionListModel(self)
        heading = QLabel("Statement")
        heading.setObjectName("pageTitle")
        self.problems = QLabel()
        self.problems.setObjectName("statementProblems")
        self.problems.setWordWrap(True)
        self.problems.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A fixed place, shown empty when all is well: a warning that came and went moved
        # the whole page by a line, and a click meant for one section landed on another.
        self.problems.setFixedHeight(self.problems.fontMetrics().lineSpacing() * 2 + 4)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._sections_column())
        splitter.addWidget(self._editor_column())
        self.preview = StatementPreview(context, self)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([260, 420, 420])
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(heading)
        top.addWidget(self.problems, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._set_read_only(context.read_only)
        self._show_section(None)

    def _sections_column(self) -> QWidget:
        title = QLabel("Sections")
        title.setObjectName("sectionTitle")
        # Each statement language has its own sections; the others can be drafted.
        self.language_bar = LanguageBar()
        self.language_bar.chosen.connect(self._language_chosen)
        self.language_bar.names_requested.connect(self.names)
        self.language_box = self.language_bar.box
        self.names_button = self.language_bar.names_button
        heading_row = QHBoxLayout()
        heading_row.addWidget(title)
        heading_row.addStretch(1)
        heading_row.addWidget(self.language_bar)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.add_button = self._tool("add", "Add a section after the selected one", self.add)
        self.delete_button = self._tool("delete", "Remove the selected section", self.delete)
        self.up_button = self._tool("up", "Move the selected section up", lambda: self.move_by(-1))
        self.down_button = self._tool(
            "down", "Move the selected section down", lambda: self.move_by(1)
        )
        self.draft_button = QPushButton(icons.icon("statement"), "Draft from data")
        self.draft_button.setToolTip(
            "Write the statement's sections from the mission's records (meetings, visits, "
            "findings, debrief notes)"
        )
        self.draft_button.clicked.connect(self.draft)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.draft_button)
        places = QLabel("Placeholders")
        places.setObjectName("sectionTitle")
        self.placeholders = QListWidget()
        # The text keeps its cursor while the list has the focus: a placeholder chosen
        # with the mouse, or with the arrow keys and Enter, goes in at that cursor.
        self.placeholders.setToolTip("Click, or press Enter, to insert at the cursor in the text")
        for name, meaning in PLACEHOLDERS.items():
            item = QListWidgetItem("{" + name + "}")
            item.setToolTip(meaning)
            item.setData(ID_ROLE, name)
            self.placeholders.addItem(item)
        self.placeholders.itemClicked.connect(self._insert_placeholder)
        self.placeholders.setMaximumHeight(190)
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 6, 0)
        box.addLayout(heading_row)
        box.addWidget(self.list, 1)
        box.addLayout(tools)
        box.addWidget(places)
        box.addWidget(self.placeholders)
        return column

    def _tool(self, icon: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icons.icon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _editor_column(self) -> QWidget:
        title_label = QLabel("Heading (printed above the section; may stay empty)")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("field_title")
        self.title_edit.setPlaceholderText("no heading")
        self.title_edit.editingFinished.connect(self.commit)
        self.title_edit.textEdited.connect(self._typed)
        text_label = QLabel("Text")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("field_text")
        self.text_edit.setPlaceholderText("The section's text. A blank line starts a paragraph.")
        self.text_edit.setTabChangesFocus(True)  # Tab leaves, as in every other text box
        self.text_edit.installEventFilter(self)
        self.placeholders.installEventFilter(self)  # Enter inserts (see eventFilter)
        self.text_edit.textChanged.connect(self._typed)
        self.unknown = QLabel()
        self.unknown.setObjectName("unknownPlaceholders")
        self.unknown.setWordWrap(True)
        self.unknown.setStyleSheet(f"color: {status_colour('warning').name()};")
        self.unknown.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.unknown.setFixedHeight(self.unknown.fontMetrics().lineSpacing() * 2 + 4)
        sources_title = QLabel("Sources")
        sources_title.setObjectName("sectionTitle")
        self.sources = QLabel()
        self.sources.setObjectName("sources")
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sources.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        frame = QFrame()
        frame.setObjectName("figure")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.sources)
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(6, 0, 6, 0)
        self.section_title = QLabel("Section")
        self.section_title.setObjectName("sectionTitle")
        box.addWidget(self.section_title)
        box.addWidget(title_label)
        box.addWidget(self.title_edit)
        box.addWidget(text_label)
        box.addWidget(self.text_edit, 1)
        box.addWidget(self.unknown)
        box.addWidget(sources_title)
        box.addWidget(frame)
        return column

    def _set_read_only(self, read_only: bool) -> None:
        for button in (
            self.add_button,
            self.delete_button,
            self.up_button,
            self.down_button,
            self.draft_button,
            self.names_button,
        ):
            button.setVisible(not read_only)
        self.title_edit.setReadOnly(read_only)
        self.text_edit.setReadOnly(read_only)
        self.placeholders.setEnabled(not read_only)

    # --- showing ------------------------------------------------------------------------

    def reload(self) -> None:
        self._fill_languages()
        self._load(keep=self._current)
        self._update_preview(at_once=True)

    def _fill_languages(self) -> None:
        languages = self.context.query(statement_languages)
        self.language = self.language_bar.fill(languages, self.language)
        self.preview.language = self.language

    def _language_chosen(self, code: str) -> None:
        if code == self.language:
            return
        self.commit()
        self.language = self.preview.language = code
        self._draft = None
        self._current = None
        self._load(keep=None)
        self._update_preview(at_once=True)

    def on_changed(self, what: str) -> None:
        if self._writing and what == STATEMENT:
            return
        if what != STATEMENT:
            # Other records feed the draft and the placeholders' values.
            self._draft = None
        super().on_changed(what)

    def _load(self, keep: int | None) -> None:
        sections = self.context.query(section_rows, self.language)
        self._versions = {s.id: s.version for s in sections}
        before = self.model.row_of_id(keep) if keep is not None else -1
        shown = self.model.sections[before] if before >= 0 else None
        self.model.topics = {d.text.strip(): d.topic for d in self._drafted()}
        self.model.checks = {d.text.strip(): d.check for d in self._drafted() if d.check}
        self._loading = True
        try:
            self.model.set_sections([(s.id, s.title, s.text) for s in sections])
            row = self.model.row_of_id(keep) if keep is not None else -1
            if row < 0 and self.model.sections:
                row = 0
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row))
            section = self.model.sections[row] if row >= 0 else None
            # The section in the editor unchanged in the file: keep what is being typed.
            self._show_section(section, keep_typed=section is not None and section == shown)
        finally:
            self._loading = False
        self._show_problems()

    def _show_section(
        self, section: tuple[int, str, str] | None, *, keep_typed: bool = False
    ) -> None:
        self._loading = True
        self.model.typed = None
        try:
            self._current = section[0] if section else None
            row = self.model.row_of_id(section[0]) if section else -1
            self.section_title.setText(self.model.name(row) if section else "No section")
            if not keep_typed:
                self.title_edit.setText(section[1] if section else "")
                self.text_edit.setPlainText(section[2] if section else "")
            for editor in (self.title_edit, self.text_edit):
                editor.setEnabled(section is not None)
            self.delete_button.setEnabled(section is not None)
            self.up_button.setEnabled(row > 0)
            self.down_button.setEnabled(0 <= row < len(self.model.sections) - 1)
        finally:
            self._loading = False
        self._show_unknown()
        self._show_sources()

    def _show_unknown(self) -> None:
        unknown = unknown_in(self.title_edit.text(), self.text_edit.toPlainText())
        self.unknown.setText(
            f"⚠ Unknown placeholder {', '.join(unknown)}: the export will refuse it. Pick one "
            "from the Placeholders list (Help > Statement Placeholders says what each prints), "
            "or write {{ and }} for braces."
            if unknown
            else ""
        )

    def _show_problems(self) -> None:
        typed = self.model.typed
        named = []
        for row, section in enumerate(self.model.sections):
            # The section being typed into is read as typed, not as last saved.
            _id, title, text = typed if typed is not None and typed[0] == section[0] else section
            if unknown := unknown_in(title, text):
                named.append(f"{self.model.name(row)} ({', '.join(unknown)})")
        if named:
            self.problems.setStyleSheet(f"color: {status_colour('warning').name()};")
            self.problems.setText(
                "⚠ Unknown placeholders, to correct before export: " + "; ".join(named)
            )
        elif not self.model.sections:
            self.problems.setStyleSheet("")
            self.problems.setText(NO_SECTIONS)
        else:
            self.problems.setText("")

    def _show_sources(self) -> None:
        text = self.text_edit.toPlainText().strip()
        if self._current is None or not text:
            self.sources.setText("—")
            return
        for drafted in self._drafted():
            if drafted.text.strip() == text:
                check = (
                    f"\n\n⚠ For the translator to check: {drafted.check}" if drafted.check else ""
                )
                self.sources.setText(
                    f"{drafted.topic}, drafted from:\n{describe_sources(drafted.sources)}{check}"
                )
                return
        self.sources.setText("Written or edited by hand: no record behind it.")

    def _drafted(self) -> list[DraftSection]:
        """The draft as the data stands (read again after other records change)."""
        if self._draft is None:
            try:
                self._draft = self.context.query(draft_statement, language=self.language)
            except UserError:  # no mission settings yet, or a language with no draft
                self._draft = []
        return self._draft

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        self.commit()
        row = current.row()
        section = self.model.sections[row] if 0 <= row < len(self.model.sections) else None
        self._show_section(section)

    def _typed(self) -> None:
        if self._loading:
            return
        self._show_unknown()
        if self._current is not None:
            self.model.show_typed(
                self._current, self.title_edit.text(), self.text_edit.toPlainText()
            )
            self._show_problems()
        self._update_preview()

    def _update_preview(self, *, at_once: bool = False) -> None:
        sections = [(title, text) for _id, title, text in self.model.sections]
        row = self.model.row_of_id(self._current) if self._current is not None else -1
        if row >= 0:
            sections[row] = (self.title_edit.text(), self.text_edit.toPlainText())
        self.preview.request(sections, at_once=at_once)

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        if self._current is None or self.context.read_only:
            return
        self.text_edit.insertPlainText("{" + str(item.data(ID_ROLE)) + "}")
        self.text_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.text_edit and event.type() == QEvent.Type.FocusOut:
            self.commit()
        if (
            watched is self.placeholders
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and (item := self.placeholders.currentItem()) is not None
        ):
            self._insert_placeholder(item)
            return True
        return super().eventFilter(watched, event)

    def first_field(self) -> QWidget | None:
        return self.list

    def record_command(self, command: str) -> bool:
        """Edit > New adds a section, Delete removes the chosen one (the sections are no
        record list)."""
        if self.context.read_only:
            return False
        if command == "new":
            self.add()
            return True
        if command == "delete" and self._current is not None:
            self.delete()
            return True
        return False

    # --- editing ------------------------------------------------------------------------

    def commit_pending(self) -> None:
        self.commit()

    def commit(self) -> None:
        """Save the editor's title and text if they differ from the file's."""
        if self._current is None or self.context.read_only or self._loading:
            return
        row = self.model.row_of_id(self._current)
        if row < 0:
            return
        section_id, title, text = self.model.sections[row]
        new = SectionFields(self.title_edit.text().strip(), self.text_edit.toPlainText().strip())
        if (new.title, new.text) == (title.strip(), text.strip()):
            return
        old = SectionFields(title, text, self._versions.get(section_id, 0))
        try:
            self._write(
                lambda: perform_update(
                    self.context,
                    f"Edit statement section {row + 1}",
                    STATEMENT,
                    lambda session: update_section(session, section_id, new, read=old),
                    lambda session: update_section(session, section_id, old),
                )
            )
        except StaleRecordError as refusal:
            # Asked once the focus change or key press that saved has ended (a box inside
            # it would not get the user's answer). Reload shows the section as the other
            # saved it; Cancel keeps what is typed, and the next save asks again.
            said = str(refusal)
            if not self._asking:
                self._asking = True
                QTimer.singleShot(0, lambda: self._ask_reload(said))
            return
        except UserError as error:
            messages.show_error(self, "Statement section not saved", str(error))
            return
        stored = self.context.query(record_version, "statement_section", section_id)
        self._versions[section_id] = stored or 0
        self.model.sections[row] = (section_id, new.title, new.text)
        index = self.model.index(row)
        self.model.dataChanged.emit(index, index)
        self.section_title.setText(self.model.name(row))
        self._show_problems()
        self._show_sources()

    def _ask_reload(self, text: str) -> None:
        try:
            self.context.offer_reload("Changed by someone else", text)
        finally:
            self._asking = False

    def _write(self, edit: Any) -> None:
        # This page's own edit: it shows the change itself, without a reload.
        self._writing = True
        try:
            edit()
        finally:
            self._writing = False

    def _positioned(self, text: str, do: Any, undo: Any) -> None:
        """An edit of the list, then the list shown again (on undo and redo too)."""

        def run(step: Any) -> None:
            self._write(step)  # shown just below, once
            self._load(keep=self._current)
            self._update_preview()

        self.context.perform(text, lambda: run(do), lambda: run(undo))

    def add(self) -> None:
        """A new, empty section after the selected one (at the end when none is)."""
        self.commit()
        row = self.model.row_of_id(self._current) if self._current is not None else -1
        index = row + 1 if row >= 0 else len(self.model.sections)
        add, remove = section_added(self.context, index, self.language)

        def do() -> None:
            self._current = add()  # the new section is selected, on redo too

        self._positioned(f"Add statement section {index + 1}", do, remove)
        self.title_edit.setFocus()

    def delete(self) -> None:
        if self._current is None:
            return
        section_id = self._current
        row = self.model.row_of_id(section_id)
        name = self.model.name(row)
        if not messages.confirm(
            self, "Remove section", f"Remove section {name} from the statement?", action="Remove"
        ):
            return
        # The section as the page shows it: removed only if nobody saved it since.
        version = self._versions.get(section_id)
        remove, put_back = section_removed(self.context, section_id, row, expected_version=version)

        def undo() -> None:
            put_back()
            self._current = section_id

        text = f"Remove statement section {row + 1}"
        try:
            self._positioned(text, remove, undo)
        except StaleRecordError as error:
            self.context.offer_reload(text, str(error))
        except UserError as error:
            messages.show_error(self, text, str(error))

    def move_by(self, step: int) -> None:
        if self._current is None:
            return
        self.commit()
        section_id = self._current
        row = self.model.row_of_id(section_id)
        target = row + step
        if not 0 <= target < len(self.model.sections):
            return
        self._positioned(
            f"Move statement section {row + 1} {'up' if step < 0 else 'down'}",
            lambda: self.context.write(STATEMENT, move_section, section_id, target),
            lambda: self.context.write(STATEMENT, move_section, section_id, row),
        )

    def names(self) -> None:
        """The names' translations into the language shown, in a dialog."""
        language = self.language
        if language is None or self.context.read_only:
            return
        self.commit()
        dialog = TranslationsDialog(
            language,
            self.context.query(names_to_translate),
            self.context.query(known_translations, language),
            lambda changed: self.context.write(STATEMENT, save_translations, language, changed),
            self,
        )
        dialog.accepted.connect(self._names_saved)
        self.names_dialog = dialog  # kept while open (and for tests to drive)
        dialog.open()

    def _names_saved(self) -> None:
        self._draft = None  # the draft's marks change with the translations
        self._load(keep=self._current)
        self._update_preview(at_once=True)

    def draft(self) -> None:
        """Fill the statement from the data (asking first if it has sections already)."""
        self.commit()
        if self.model.sections and not messages.confirm(
            self,
            "Draft from data",
            f"Replace the statement's {len(self.model.sections)} sections with a new draft "
            "from the mission's data? Edit > Undo brings them back.",
            action="Replace",
        ):
            return
        try:
            self._draft = self.context.query(draft_statement, language=self.language)
        except UserError as error:
            messages.show_error(self, "Draft from data", str(error))
            return
        new = [(d.title, d.text) for d in self._draft]
        old = [(title, text) for _id, title, text in self.model.sections]
        language = self.language
        if language is not None and language not in self.context.query(statement_languages):
            self.context.write(STATEMENT, add_statement_language, language)
        self._current = None
        self._positioned(
            "Draft the statement from data",
            lambda: self.context.write(STATEMENT, replace_sections, new, language),
            lambda: self.context.write(STATEMENT, replace_sections, old, language),
        )
