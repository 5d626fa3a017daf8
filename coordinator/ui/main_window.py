"""The main window: a sidebar of pages, the File, Edit and Help menus, recent missions.

With no mission open it shows a welcome page (new, open, recent, the demo). With one
open, the sidebar lists the pages a coordinator works in. The last mission reopens at
start; the window's size and the recent files are kept in QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from coordinator import __version__
from coordinator.errors import UserError
from coordinator.services import files
from coordinator.ui import icons, messages, style
from coordinator.ui.context import MissionContext
from coordinator.ui.pages import PAGES
from coordinator.ui.pages.base import Page
from coordinator.ui.record_list import RecordList
from coordinator.ui.shortcuts import let_undo_fall_through
from coordinator.ui.welcome import WelcomePage
from coordinator.ui.window_menus import (
    NOTHING_TO_DO,
    appearance_actions,
    focus_into,
    go_actions,
    keys_dialog,
    record_actions,
)

MAX_RECENT = 8
# A longer mission name is shortened in its middle in the window's title, so that the
# title bar of a 1366-pixel screen still shows its end, the file's name and the program.
TITLE_NAME_LENGTH = 90
TITLE_BAR = 38  # pixels allowed for the window manager's title bar before it is known
FILE_FILTER = "Missions (*.eom);;All files (*)"


def elide_middle(text: str, length: int) -> str:
    """`text` at most `length` characters long, its middle replaced by "…" if need be."""
    if len(text) <= length:
        return text
    head = (length - 1) // 2
    return f"{text[:head].rstrip()} … {text[len(text) - (length - 1 - head) :].lstrip()}"


class MainWindow(QMainWindow):
    """The window a coordinator lives in for the weeks of a mission."""

    mission_opened = Signal()
    mission_closed = Signal()

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.context: MissionContext | None = None
        self._built: dict[int, Page] = {}
        self.go_actions: list[QAction] = []
        self.setMinimumSize(QSize(1024, 640))
        self.resize(QSize(1280, 800))
        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_mission)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(self.open_mission)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.sidebar.currentRowChanged.connect(self._show_page)
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        self.root = QStackedWidget()
        self.root.addWidget(self.welcome)
        self.root.addWidget(workspace)
        self.setCentralWidget(self.root)
        # Says, for as long as the mission is open, that nothing can be saved: a message in
        # the status bar would go at the next one (or when a menu is hovered).
        self.read_only_status = QLabel()
        self.read_only_status.setObjectName("readOnlyStatus")
        self.statusBar().addPermanentWidget(self.read_only_status)
        self.read_only_status.hide()
        self._build_menus()
        application = QApplication.instance()
        if application is not None:
            let_undo_fall_through(application)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.fit_to_screen()
        self._show_mission_state()

    # --- menus ------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Every key the platform gives it (Redo: Ctrl+Y and Ctrl+Shift+Z), not the first.
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(icons.icon(icon))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New Mission…", self.new_mission, "Ctrl+Shift+N", "new")
        self.open_action = self._action(
            "&Open…", self.choose_and_open, QKeySequence.StandardKey.Open, "open"
        )
        self.open_shared_action = self._action(
            "Open &Shared Mission…", self.choose_and_open_shared, None, "open"
        )
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.copy_action = self._action("Save a &Copy As…", self.save_copy, "Ctrl+Shift+S", "save")
        self.close_action = self._action(
            "&Close", self.close_mission, QKeySequence.StandardKey.Close
        )
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.insertAction(self.recent_menu.menuAction(), self.new_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_action)
        file_menu.insertAction(self.recent_menu.menuAction(), self.open_shared_action)
        file_menu.addSeparator()
        file_menu.addAction(self.copy_action)
        file_menu.addSeparator()
        self.export_statement_action = self._action(
            "Export &Statement…", self.export_statement, "Ctrl+E", "statement"
        )
        self.print_action = self._action(
            "&Print Statement…", self.print_statement, QKeySequence.StandardKey.Print, "print"
        )
        file_menu.addAction(self.export_statement_action)
        file_menu.addAction(self.print_action)
        file_menu.addSeparator()
        self.import_action = self._action(
            "&Import Workbook…", self.import_workbook, "Ctrl+I", "import"
        )
        self.export_action = self._action("E&xport Workbook…", self.export_workbook, None, "export")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        self.field_form_action = self._action(
            "Export &Field Form…", self.export_field_form, None, "export"
        )
        self.submissions_action = self._action(
            "Import &Submissions…", self.import_submissions, None, "import"
        )
        file_menu.addAction(self.field_form_action)
        # One entry per language the statement is written in, read as the menu opens.
        self.paper_checklist_menu = file_menu.addMenu("Export &Paper Checklist")
        self.paper_checklist_menu.setIcon(icons.icon("export"))
        self.paper_checklist_menu.aboutToShow.connect(self._list_checklist_languages)
        file_menu.addAction(self.submissions_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", self._undo, QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = self._action("&Redo", self._redo, QKeySequence.StandardKey.Redo, "redo")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.record_actions = record_actions(self, edit_menu)
        self.edit_menu = edit_menu

        self.view_menu = bar.addMenu("&View")
        self.go_actions = go_actions(self, self.view_menu)
        self.view_menu.addSeparator()
        self.appearance_actions = appearance_actions(self, self.view_menu)

        help_menu = bar.addMenu("&Help")
        self.keys_action = self._action("&Keyboard Shortcuts", self.show_keys, "F1")
        help_menu.addAction(self.keys_action)
        self.placeholders_action = self._action("Statement &Placeholders", self.show_placeholders)
        help_menu.addAction(self.placeholders_action)
        help_menu.addSeparator()
        about = self._action("&About Mission Coordinator", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        self.help_menu = help_menu
        self._refresh_recent_menu()

    def fit_to_screen(self) -> None:
        """Keep the window, its title bar included, inside the screen's available area.

        1280 × 800 is taller than the commonest laptop screen (1366 × 768, less its
        panel): the window opened with its bottom, and its buttons, off the screen.
        """
        screen = self.screen()
        if screen is None:
            return
        area = screen.availableGeometry()
        # The window manager's frame is known once the window is shown; until then a
        # usual title bar is allowed for.
        frame = self.frameGeometry().size() - self.geometry().size()
        extra = QSize(max(frame.width(), 2), max(frame.height(), TITLE_BAR))
        room = QSize(area.width() - extra.width(), area.height() - extra.height())
        self.setMinimumSize(self.minimumSize().boundedTo(room))
        self.resize(self.size().boundedTo(room))
        outer = self.frameGeometry()
        x = min(max(outer.x(), area.x()), area.right() + 1 - self.width() - extra.width())
        y = min(max(outer.y(), area.y()), area.bottom() + 1 - self.height() - extra.height())
        if (x, y) != (outer.x(), outer.y()):
            self.move(x, y)

    def _undo(self) -> None:
        if self.context is not None and self._typing_saved("Undo"):
            self._guarded(self.context.undo_stack.undo)

    def _redo(self) -> None:
        if self.context is not None and self._typing_saved("Redo"):
            self._guarded(self.context.undo_stack.redo)

    def _typing_saved(self, what: str) -> bool:
        """Save what is typed on the page in view before undo or redo changes the file.

        The typing becomes the latest edit (Undo takes it back first), and no form is
        left holding values that the undo made stale. False, saying why, when it cannot
        be saved.
        """
        current = self.stack.currentWidget()
        unsaved = current.save_pending() if isinstance(current, Page) else None
        if unsaved is not None:
            messages.show_error(self, what, f"{unsaved} Correct it first, then {what.lower()}.")
        return unsaved is None

    def _update_undo_actions(self) -> None:
        stack = self.context.undo_stack if self.context is not None else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(
            f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo"
        )
        self.redo_action.setText(
            f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo"
        )

    # --- recent files -----------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        paths = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        return [str(p) for p in paths if files.is_address(str(p)) or Path(str(p)).exists()]

    def _remember(self, path: Path | str) -> None:
        paths = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recent", paths[:MAX_RECENT])
        self.settings.setValue("last", str(path))
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_files()
        for number, path in enumerate(paths, start=1):
            name = path if files.is_address(path) else Path(path).name
            action = self.recent_menu.addAction(f"&{number} {name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_mission(p))
        self.recent_menu.setEnabled(bool(paths))
        self.welcome.show_recent(paths)

    # --- opening and closing ------------------------------------------------------------

    def _guarded(self, work: Callable[[], object]) -> bool:
        """Run `work`; a user error is shown plainly and False returned."""
        try:
            work()
        except UserError as error:
            messages.show_error(self, "Mission Coordinator", str(error))
            return False
        return True

    def open_last_mission(self) -> None:
        last = self.settings.value("last")
        if isinstance(last, str) and (files.is_address(last) or Path(last).exists()):
            self.open_mission(last)

    def open_demo(self) -> bool:
        """Open the demo mission kept in the user's data folder, writing it the first time."""
        from coordinator.services.demo import kept_demo_mission

        kept: list[Path] = []
        with messages.wait_cursor():
            if not self._guarded(lambda: kept.append(kept_demo_mission())):
                return False
        return self.open_mission(kept[0])

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a mission", self._folder(), FILE_FILTER)
        if path:
            self.open_mission(path)

    def new_mission(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New mission: where to keep its file", self._folder(), FILE_FILTER
        )
        if not path:
            return
        target = files.with_suffix(path)
        # The save dialog already asked whether to replace an existing file.
        if self._adopt(
            lambda: files.new_mission(target, replace=target.exists()), first_page="Mission"
        ):
            # The typing starts in the mission's name, not in the sidebar.
            self.go_to_page([spec.title for spec in PAGES].index("Mission"))

    def open_mission(self, path: str | Path) -> bool:
        if files.is_address(path):
            return self._open_shared(str(path))
        return self._adopt(lambda: files.open_mission(path))

    def choose_and_open_shared(self) -> None:
        address = messages.ask_text(
            self,
            "Open a shared mission",
            "The shared mission's address, postgresql://user@host[:port]/database:",
            text="postgresql://",
        )
        if address is not None:
            self.open_mission(address.strip())

    def _open_shared(self, address: str) -> bool:
        """Open a shared mission, asking for its password when the server wants one.

        The password lives in this window's connections only: never in settings or logs.
        """
        password: str | None = None
        while True:
            try:
                with messages.wait_cursor():
                    opened = files.open_mission(address, password=password)
            except files.PasswordNeededError as error:
                password = messages.ask_text(
                    self, "Password", f"{error}\n\nPassword for {address}:", secret=True
                )
                if password is None:
                    return False
                continue
            except UserError as error:
                messages.show_error(self, "Mission Coordinator", str(error))
                return False
            if self._adopt(lambda opened=opened: opened):  # type: ignore[misc]
                return True
            opened.close()
            return False

    def _adopt(self, opener: Callable[[], files.MissionFile], first_page: str = "Overview") -> bool:
        """Close the current mission and show the one `opener` returns."""
        if not self.close_mission():
            return False
        opened: list[files.MissionFile] = []
        if not self._guarded(lambda: opened.append(opener())):
            return False
        mission_file = opened[0]
        from coordinator.ui.damage_notice import tell_damage

        tell_damage(self, mission_file)  # before anything in the window meets the damage
        self.context = MissionContext(mission_file, self)
        self.context.undo_stack.indexChanged.connect(self._update_undo_actions)
        self.context.changed.connect(self._on_changed)
        # Pages are built when first shown: opening a mission builds only the one in view.
        self._built = {}
        for spec in PAGES:
            self.stack.addWidget(QWidget())  # replaced by the page when first shown
            self.sidebar.addItem(QListWidgetItem(icons.icon(spec.icon_name), spec.title))
        self._remember(mission_file.location)
        self.context.reachable.connect(self._on_reachable)
        self._show_mission_state()
        titles = [spec.title for spec in PAGES]
        last_page = self.settings.value("page")
        if first_page == "Overview" and isinstance(last_page, str) and last_page in titles:
            first_page = last_page  # reopen where the coordinator left off
        self.sidebar.setCurrentRow(titles.index(first_page) if first_page in titles else 0)
        self.read_only_status.setText(
            "Read-only: this role may only read the shared mission."
            if mission_file.address is not None
            else "Read-only: changes cannot be saved."
        )
        self.read_only_status.setVisible(mission_file.read_only)
        if mission_file.read_only:
            messages.show_info(
                self,
                "Opened read-only",
                f"{mission_file.name}: you may only read this shared mission; changes cannot "
                "be saved. To edit it, ask for an editing role (see docs/shared-mission.md)."
                if mission_file.address is not None
                else f"{mission_file.path.name} is read-only: you can read it, but changes "
                "cannot be saved. To work on it, use File > Save a Copy As… and open the copy.",
            )
        if mission_file.upgraded_from is not None and mission_file.backup is not None:
            self.statusBar().showMessage(
                "Upgraded from an older version; the original is kept as "
                f"{mission_file.backup.name}",
                15000,
            )
        self.mission_opened.emit()
        return True

    def close_mission(self) -> bool:
        """Close the open mission; True when none is open.

        What is typed on the pages is saved first. What cannot be (a new mission without
        its required fields, a visit with a wrong time) is named, and the user chooses
        between going back to it and closing without it.
        """
        if self.context is None:
            return True
        unsaved = [(page, text) for page in self.pages if (text := page.save_pending())]
        if unsaved:
            listed = "\n".join(f"• {page.title}: {text}" for page, text in unsaved)
            if not messages.confirm(
                self,
                "Not saved",
                f"Some of what you typed could not be saved:\n\n{listed}\n\n"
                "Cancel to go back and correct it, or close without it.",
                action="Close Without It",
            ):
                pages = [page for page, _ in unsaved]
                current = self.stack.currentWidget()
                shown = current if current in pages else pages[0]
                self.sidebar.setCurrentRow(self.stack.indexOf(shown))
                return False
        self.read_only_status.hide()
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        self.sidebar.blockSignals(False)
        while self.stack.count():
            widget = self.stack.widget(0)
            assert widget is not None
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._built = {}
        self.context.close()
        self.context.deleteLater()
        self.context = None
        self._show_mission_state()
        self.mission_closed.emit()
        return True

    def save_copy(self) -> None:
        if self.context is None:
            return
        suggestion = str(self.context.path.with_name(self.context.path.stem + " copy.eom"))
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the mission", suggestion, FILE_FILTER
        )
        if path:
            context = self.context
            if self._guarded(lambda: files.save_copy(context.mission_file, path)):
                self.statusBar().showMessage(f"Copy saved as {files.with_suffix(path)}", 8000)

    def _commit_current_page(self) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.commit_pending()

    def export_statement(self) -> None:
        """File > Export Statement…: the statement as a PDF (what is typed is kept first)."""
        if self.context is None:
            return
        from coordinator.ui.statement_actions import export_statement

        self._commit_current_page()
        written = export_statement(self, self.context)
        if written is not None:
            self.statusBar().showMessage(f"Statement written to {written}", 8000)

    def print_statement(self) -> None:
        """File > Print Statement…: the statement's PDF to a printer."""
        if self.context is None:
            return
        from coordinator.ui.statement_actions import print_statement

        self._commit_current_page()
        print_statement(self, self.context)

    def import_workbook(self) -> None:
        """File > Import Workbook…: shows what will change before anything is written."""
        if self.context is None:
            return
        from coordinator.ui.exchange_dialogs import import_workbook

        self._commit_current_page()
        import_workbook(self, self.context)

    def export_workbook(self) -> None:
        """File > Export Workbook…: every sheet, as .xlsx or a folder of CSV files."""
        if self.context is None:
            return
        from coordinator.ui.exchange_dialogs import export_workbook

        self._commit_current_page()
        export_workbook(self, self.context)

    def export_field_form(self) -> None:
        """File > Export Field Form…: the checklist as an XLSForm for observers' phones."""
        if self.context is None:
            return
        from coordinator.ui.field_dialogs import export_field_form

        self._commit_current_page()
        export_field_form(self, self.context)

    def _list_checklist_languages(self) -> None:
        from coordinator.services.form_words import language_column
        from coordinator.services.statement_languages import statement_languages

        menu = self.paper_checklist_menu
        menu.clear()
        if self.context is None:
            return
        for language in self.context.query(statement_languages):
            action = menu.addAction(f"{language_column(language)}…")
            action.triggered.connect(lambda _=False, code=language: self.export_checklist(code))

    def export_checklist(self, language: str) -> None:
        """File > Export Paper Checklist > a language: the checklist to fill by hand."""
        if self.context is None:
            return
        from coordinator.ui.field_dialogs import export_paper_checklist

        self._commit_current_page()
        export_paper_checklist(self, self.context, language)

    def import_submissions(self) -> None:
        """File > Import Submissions…: a Kobo or ODK Central export, previewed first."""
        if self.context is None:
            return
        from coordinator.ui.field_dialogs import import_submissions

        self._commit_current_page()
        import_submissions(self, self.context)

    def _folder(self) -> str:
        last = self.settings.value("last")
        return str(Path(last).parent) if isinstance(last, str) else str(Path.home())

    # --- pages ------------------------------------------------------------------------

    @property
    def pages(self) -> list[Page]:
        """The pages built so far, in sidebar order."""
        return [self._built[row] for row in sorted(self._built)]

    def _page_at(self, row: int) -> Page:
        """The page in sidebar row `row`, built (replacing its placeholder) on first use."""
        page = self._built.get(row)
        if page is None:
            assert self.context is not None
            page = PAGES[row].load()(self.context)
            page.navigate.connect(self.navigate)
            for records in page.findChildren(RecordList):
                records.leave_keys_to_window()
            placeholder = self.stack.widget(row)
            assert placeholder is not None
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[row] = page
        return page

    def _show_page(self, row: int) -> None:
        if self.context is None or not 0 <= row < len(PAGES):
            return
        self._commit_current_page()  # what was typed there is kept before leaving
        page = self._page_at(row)
        self.stack.setCurrentIndex(row)
        page.activate()
        self.settings.setValue("page", page.title)

    def navigate(self, page_title: str, record_id: int = 0) -> None:
        """Show the page called `page_title`, with the record `record_id` selected if > 0."""
        for row, spec in enumerate(PAGES):
            if spec.title == page_title:
                self.sidebar.setCurrentRow(row)
                if record_id > 0:
                    self._page_at(row).select_record(record_id)
                return

    def go_to_page(self, row: int | None, *, step: int = 0) -> None:
        """View > a page (by its row), or the next or previous one (`step`), with the
        focus in it, so that the keyboard goes on from there."""
        if self.context is None:
            return
        if row is None:
            row = (self.sidebar.currentRow() + step) % len(PAGES)
        self.sidebar.setCurrentRow(row)
        focus_into(self._page_at(row))

    def on_record(self, command: str) -> None:
        """Edit > New, Edit, Duplicate, Delete, Find: on the page in view."""
        current = self.stack.currentWidget()
        if self.context is None or not isinstance(current, Page):
            return
        if not current.record_command(command):
            self.statusBar().showMessage(NOTHING_TO_DO[command], 5000)

    def set_appearance(self, choice: str) -> None:
        """View > Appearance: follow the system, or light or dark whatever it says."""
        application = QApplication.instance()
        if isinstance(application, QApplication):
            style.set_appearance(application, choice)
        self.settings.setValue("appearance", choice)
        self.appearance_actions[style.appearance()].setChecked(True)

    def show_keys(self) -> None:
        """Help > Keyboard Shortcuts."""
        keys_dialog(self).open()

    def show_placeholders(self) -> None:
        """Help > Statement Placeholders."""
        from coordinator.ui.help_dialogs import placeholders_dialog

        placeholders_dialog(self).open()

    def page(self, title: str) -> Page:
        """The page called `title` (built if it was not yet)."""
        row = next(n for n, spec in enumerate(PAGES) if spec.title == title)
        return self._page_at(row)

    def _on_reachable(self, reachable: bool) -> None:
        if reachable:
            self.statusBar().showMessage("The shared mission's server answers again.", 10000)
        else:
            self.statusBar().showMessage(
                "The shared mission's server cannot be reached: what you change now cannot "
                "be saved. The window works again as soon as it answers."
            )

    def _on_changed(self, what: str) -> None:
        for page in self.pages:
            page.on_changed(what)
        self._update_title()

    def _show_mission_state(self) -> None:
        is_open = self.context is not None
        self.root.setCurrentIndex(1 if is_open else 0)
        for action in (
            self.copy_action,
            self.close_action,
            self.export_statement_action,
            self.print_action,
            self.import_action,
            self.export_action,
            *self.record_actions.values(),
            *self.go_actions,
            self.field_form_action,
            self.paper_checklist_menu.menuAction(),
            self.submissions_action,
        ):
            action.setEnabled(is_open)
        self._update_undo_actions()
        self._update_title()

    def _update_title(self) -> None:
        if self.context is None:
            self.setWindowTitle("Mission Coordinator")
            return
        name = elide_middle(self.context.query(files.mission_title), TITLE_NAME_LENGTH)
        read_only = " [read-only]" if self.context.read_only else ""
        self.setWindowTitle(f"{name} — {self.context.path.name}{read_only} — Mission Coordinator")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About Mission Coordinator",
            f"<h3>Mission Coordinator {__version__}</h3>"
            "<p>Runs an international election observation mission from one laptop, "
            "offline: delegations, meetings, polling stations, visits, findings, and the "
            "mission's statement.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.close_mission():
            event.accept()
        else:
            event.ignore()  # the user went back to what could not be saved
