"""The Statement page's parts: the list of sections, and the live preview of the PDF.

The list names each section by its heading, else by the topic the draft gave it, else by
its first words; a section keeps the name it was first shown with while its text is
edited, so that the list does not change under the coordinator's pointer. It marks a
section whose text uses an unknown placeholder (colour, icon and the placeholder's name),
since the export refuses it, from the text as it is being typed.

The preview is the actual PDF, written again shortly after edits.

The PDF is laid out by the same report code as File > Export Statement…, from the
sections as the page shows them (text still being typed included), in a worker thread
on its own session, so typing never waits for ReportLab. Edits in quick succession are
gathered by a short timer; while a PDF is being written the next request waits for it.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coordinator.errors import UserError
from coordinator.services.statement import Source
from coordinator.services.statement_facts import unknown_placeholders
from coordinator.services.store import Store
from coordinator.ui import icons
from coordinator.ui.context import MissionContext
from coordinator.ui.style import status_colour

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DELAY_MS = 600
UPDATING = "Updating…"
TRANSLATOR_MARK = "translator to check"

Sections = Sequence[tuple[str, str]]


def write_preview(
    session: Store, path: Path, sections: Sections, language: str | None = None
) -> Path:
    """The statement in `language` with these (title, text) sections, as it would be
    exported, into `path`.

    No sections: the draft, as the export prints it. An unknown placeholder is left as
    typed here (the page reports it beside the text); the export refuses it.
    """
    from coordinator.reports.fonts import register_fonts
    from coordinator.reports.statement import (
        Metadata,
        report_styles,
        statement_story,
        write_pdf,
    )
    from coordinator.services.statement import (
        PrintedSection,
        draft_statement,
        fill_placeholders,
        placeholder_values,
        statement_heading,
    )

    heading = statement_heading(session, language)
    values = placeholder_values(session, heading.language)
    drafted = [] if sections else draft_statement(session, language=heading.language)
    chosen = list(sections) or [(s.title, s.text) for s in drafted]
    printed = [
        PrintedSection(fill_placeholders(title, values), fill_placeholders(text, values))
        for title, text in chosen
    ]
    fonts = register_fonts()
    story = statement_story(heading, printed, report_styles(fonts))
    metadata = Metadata(
        f"Statement: {heading.mission_name}", heading.organisation, "", heading.language
    )
    return write_pdf(path, story, metadata, fonts)


def section_name(number: int, title: str, text: str, topic: str = "") -> str:
    """ "3. Election day": the heading, else the drafted topic, else the first words."""
    if title.strip() or topic:
        return f"{number}. {title.strip() or topic}"
    words = " ".join(text.split())
    if not words:
        return f"{number}. (empty)"
    return f"{number}. {words[:48]}…" if len(words) > 48 else f"{number}. {words}"


def unknown_in(title: str, text: str) -> list[str]:
    return list(dict.fromkeys(unknown_placeholders(title) + unknown_placeholders(text)))


class SectionListModel(QAbstractListModel):
    """The statement's sections, in printing order; unknown placeholders marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sections: list[tuple[int, str, str]] = []  # (id, title, text)
        # Text of a drafted section -> its topic ("Invitation"), to name untitled ones.
        self.topics: dict[str, str] = {}
        # The name an untitled section was first shown with (its topic or first words),
        # kept while its text is edited.
        self.names: dict[int, str] = {}
        # The (title, text) being typed into a section, not yet saved: its warning
        # comes and goes with the typing.
        self.typed: tuple[int, str, str] | None = None
        # Text of a drafted section -> what a translator must check in it.
        self.checks: dict[str, str] = {}

    def set_sections(self, sections: list[tuple[int, str, str]]) -> None:
        self.beginResetModel()
        self.sections = sections
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.sections)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return None
        section_id, title, text = self.sections[index.row()]
        if self.typed is not None and self.typed[0] == section_id:
            _id, title, text = self.typed
        unknown = unknown_in(title, text)
        check = self.checks.get(text.strip(), "")
        if role == Qt.ItemDataRole.DisplayRole:
            name = self.name(index.row())
            if unknown:
                return f"{name}  — unknown {', '.join(unknown)}"
            return f"{name}  — {TRANSLATOR_MARK}" if check else name
        if role == ID_ROLE:
            return section_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if unknown:
                return f"Not a placeholder: {', '.join(unknown)}. Correct it before export."
            if check:
                return f"For the translator to check: {check}"
            return " ".join(text.split())[:300] or None
        if unknown and role == Qt.ItemDataRole.ForegroundRole:
            return status_colour("warning")
        if unknown and role == Qt.ItemDataRole.DecorationRole:
            return icons.icon("warning")
        return None

    def name(self, row: int) -> str:
        section_id, title, text = self.sections[row]
        if title.strip():
            return section_name(row + 1, title, text)
        kept = self.names.get(section_id)
        if kept is None:
            kept = self.topics.get(text.strip(), "") or " ".join(text.split())
            if kept:
                self.names[section_id] = kept
        return section_name(row + 1, "", kept, "")

    def show_typed(self, section_id: int, title: str, text: str) -> None:
        """The section's text as typed, for its warning mark in the list."""
        self.typed = (section_id, title, text)
        row = self.row_of_id(section_id)
        if row >= 0:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def row_of_id(self, section_id: int) -> int:
        for row, (record_id, _title, _text) in enumerate(self.sections):
            if record_id == section_id:
                return row
        return -1


def describe_sources(sources: tuple[Source, ...]) -> str:
    """One line per source: "Meeting: Presentation of 16 November 2024"."""
    lines = []
    for source in sources:
        what = source.description or ", ".join(f"{{{fact}}}" for fact in source.facts)
        lines.append(f"• {source.kind.label}: {what}" if what else f"• {source.kind.label}")
    return "\n".join(lines)


class StatementPreview(QWidget):
    """A PDF view of the statement that follows the page's edits."""

    updated = Signal()  # a new PDF is shown
    failed = Signal(str)  # why there is no new PDF

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._folder = Path(tempfile.mkdtemp(prefix="coordinator-preview-"))
        # The folder goes with the preview, even when nobody calls `close_preview` (a
        # window closed with its pages): quietly, as it held only the previews' PDFs.
        self._remove_folder = weakref.finalize(self, shutil.rmtree, self._folder, True)
        self._count = 0
        self._shown: Path | None = None
        self._busy = False
        self._waiting: list[tuple[str, str]] | None = None
        self._requested: list[tuple[str, str]] = []
        self.language: str | None = None  # the statement's language shown (None: the first)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._start)
        title = QLabel("Preview")
        title.setObjectName("sectionTitle")
        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(8)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def request(self, sections: Sections, *, at_once: bool = False) -> None:
        """Show these sections soon (after DELAY_MS of quiet, or at once)."""
        self._requested = list(sections)
        self.status.setText(UPDATING)
        self.status.setStyleSheet("")
        if at_once:
            self.timer.stop()
            self._start()
        else:
            self.timer.start()

    @property
    def busy(self) -> bool:
        return self._busy or self.timer.isActive()

    def _start(self) -> None:
        if self._busy:
            self._waiting = self._requested
            return
        self._busy = True
        self._count += 1
        path = self._folder / f"preview-{self._count}.pdf"
        sections, language = list(self._requested), self.language
        self.context.in_background(
            lambda session: write_preview(session, path, sections, language),
            self._done,
            self._failed,
        )

    def _done(self, path: Path) -> None:
        self._busy = False
        # Keep the reader's place: the same page and height after the new PDF loads.
        navigator = self.view.pageNavigator()
        page, location = navigator.currentPage(), navigator.currentLocation()
        self.document.load(str(path))
        if self._shown is not None and self._shown != path:
            self._shown.unlink(missing_ok=True)
        self._shown = path
        if 0 < page < self.document.pageCount():
            navigator.jump(page, QPointF(location), navigator.currentZoom())
        if self._continue():
            return
        pages = self.document.pageCount()
        self.status.setText(f"{pages} page{'s' if pages != 1 else ''}")
        self.updated.emit()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if self._continue():
            return
        if not isinstance(error, UserError):
            raise error
        self.status.setText(f"Preview not updated: {error}")
        self.status.setStyleSheet(f"color: {status_colour('warning').name()};")
        self.failed.emit(str(error))

    def _continue(self) -> bool:
        """Start the request that came in meanwhile, if any."""
        if self._waiting is None:
            return False
        self._requested, self._waiting = self._waiting, None
        self._start()
        return True

    def close_preview(self) -> None:
        """Let go of the PDF and its folder (the page is going away)."""
        self.timer.stop()
        self.document.close()
        self._remove_folder()
