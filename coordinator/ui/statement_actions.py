"""File > Export Statement… and Print, and the undoable edits of the statement's list.

Export and print produce the PDF the reports write.
They go through `write_statement_pdf`, so what is exported, printed and previewed on the
Statement page is the same document. Printing hands that PDF itself to the system's
print spooler (CUPS's `lp` on Linux and macOS), so that the printer gets text, sharp at
any resolution; a print to a file gets the PDF itself. Only where neither can be done
(Windows) are the PDF's pages rendered (QtPdf) into the printer as images. The dialogs
are small functions passed in, so tests choose the target without a real dialog.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QProgressDialog,
    QWidget,
)

from coordinator.atomic import replacing
from coordinator.errors import UserError
from coordinator.services.statement_sections import (
    SectionFields,
    add_section,
    delete_section,
    move_section,
)
from coordinator.services.store import Store
from coordinator.services.undo import Identified, Snapshot, created_id, restore, snapshot
from coordinator.ui import messages
from coordinator.ui.context import MissionContext

STATEMENT = "statement"  # what changed, for the pages that show the statement
# Printed pages are rendered at this resolution (dots per inch), enough for text on paper.
PRINT_DPI = 300


@dataclass(frozen=True)
class ExportTarget:
    """Where the statement goes, and whether its annexes follow it."""

    path: Path
    annexes: bool = False


ChooseTarget = Callable[[QWidget | None, Path], ExportTarget | None]
ChoosePrinter = Callable[[QWidget | None, QPrinter], bool]


def choose_export_target(parent: QWidget | None, suggested: Path) -> ExportTarget | None:
    """Ask where to save the PDF, with a check box for the annexes; None if cancelled."""
    dialog = QFileDialog(parent, "Export Statement", str(suggested), "PDF documents (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    # Qt's own dialog, so that the annexes check box can sit under the file name.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    annexes = QCheckBox("Add the annexes: stations visited, meetings, statistics and chart")
    layout = dialog.layout()
    if isinstance(layout, QGridLayout):
        layout.addWidget(annexes, layout.rowCount(), 0, 1, -1)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return ExportTarget(Path(dialog.selectedFiles()[0]), annexes.isChecked())


def suggested_name(context: MissionContext) -> Path:
    """ "mission-statement.pdf" beside the mission file."""
    return context.path.with_name(f"{context.path.stem}-statement.pdf")


def export_statement(
    parent: QWidget | None,
    context: MissionContext,
    *,
    choose: ChooseTarget | None = None,
) -> Path | None:
    """Ask for a target and write the statement there; the written file, else None.

    What the coordinator must fix first (an unknown placeholder, naming its section; no
    mission settings; a folder that cannot be written) is shown plainly.
    """
    from coordinator.reports.statement import LOGO_LEFT_OUT, logo_left_out, write_statement_pdf

    # Looked up when called, so a test can replace the dialog in this module.
    target = (choose or choose_export_target)(parent, suggested_name(context))
    if target is None:
        return None
    progress = _pages_progress(parent, target.path.name)
    try:
        written: Path = context.query(
            write_statement_pdf, target.path, annexes=target.annexes, progress=progress.said
        )
    except UserError as error:
        messages.show_error(parent, "Could not export the statement", str(error))
        return None
    finally:
        progress.dialog.close()
    if context.query(logo_left_out):
        left_out = LOGO_LEFT_OUT[0].upper() + LOGO_LEFT_OUT[1:]
        messages.show_info(parent, "Statement written without the logo", left_out)
    return written


@dataclass
class _PagesProgress:
    dialog: QProgressDialog
    name: str

    def said(self, page: int) -> None:
        """A page begun: shown after a moment (the annexes of a big mission run long)."""
        self.dialog.setLabelText(f"Writing {self.name}: page {page:,}…")
        self.dialog.setValue(page)
        QApplication.processEvents()


def _pages_progress(parent: QWidget | None, name: str) -> _PagesProgress:
    # One per page that exports, made again for each export only if it has none.
    found = parent.findChild(QProgressDialog, "statement_progress") if parent else None
    dialog = found or QProgressDialog(f"Writing {name}…", "", 0, 0, parent)
    dialog.setLabelText(f"Writing {name}…")
    dialog.setObjectName("statement_progress")
    dialog.setWindowTitle("Exporting the statement")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(800)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    return _PagesProgress(dialog, name)


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system's print dialog; True when the user chose to print."""
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Print the pages of `pdf`, each scaled to the printer's page; how many were printed."""
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise UserError(f"Could not read {pdf.name} to print it.")
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("The printer could not be started. Check that it is connected.")
    pages = document.pageCount()
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for index in range(pages):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            scale = min(area.width() / points.width(), area.height() / points.height())
            width, height = points.width() * scale, points.height() * scale
            # Rendered at print resolution, not at the printer's (maybe 1200 dpi) size.
            pixels = QSize(
                round(points.width() / 72 * PRINT_DPI), round(points.height() / 72 * PRINT_DPI)
            )
            image = document.render(index, pixels)
            painter.drawImage(QRectF(0, 0, width, height), image)
    finally:
        painter.end()
        document.close()
    return pages


def pdf_pages(pdf: Path) -> int:
    document = QPdfDocument()
    try:
        if document.load(str(pdf)) != QPdfDocument.Error.None_:
            raise UserError(f"Could not read {pdf.name} to print it.")
        return document.pageCount()
    finally:
        document.close()


@dataclass(frozen=True)
class PrintJob:
    """What the print dialog chose, as the spooler's options."""

    printer: str
    title: str = "Statement"
    copies: int = 1
    pages: tuple[int, int] | None = None  # first and last page, when not all
    sides: str | None = None  # "two-sided-long-edge" or "two-sided-short-edge"

    @classmethod
    def of(cls, printer: QPrinter) -> PrintJob:
        chosen = printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0
        sides = {
            QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
            QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
        }.get(printer.duplex())
        return cls(
            printer.printerName(),
            printer.docName() or "Statement",
            max(printer.copyCount(), 1),
            (printer.fromPage(), printer.toPage()) if chosen else None,
            sides,
        )


def spool_pdf(pdf: Path, job: PrintJob, spooler: str) -> int:
    """Send `pdf` itself to the printer chosen, through the spooler (`lp`); pages sent.

    The copies, the pages chosen in the dialog and two-sided printing go along as the
    spooler's options. A refusal (no such printer, the spooler stopped) is said plainly.
    """
    pages = pdf_pages(pdf)
    command = [spooler, "-d", job.printer, "-t", job.title, "-n", str(job.copies)]
    if job.pages is not None:
        command += ["-P", f"{job.pages[0]}-{job.pages[1] or pages}"]
    if job.sides is not None:
        command += ["-o", f"sides={job.sides}"]
    try:
        subprocess.run([*command, str(pdf)], check=True, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        said = str(getattr(error, "stderr", "") or error).strip().rstrip(".")
        raise UserError(
            f"The printer {job.printer} refused the statement: {said}. File > Export "
            "Statement… writes it to a PDF file that can be printed from another program."
        ) from None
    return pages


def print_as_text(pdf: Path, printer: QPrinter) -> int | None:
    """Print `pdf` keeping its text, where this platform can; pages printed, else None.

    A print to a file gets the statement's own PDF (as File > Export Statement… writes
    it); a printer of the system gets it through the spooler.
    """
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        if not printer.outputFileName():
            return None
        with replacing(printer.outputFileName()) as partial:
            shutil.copyfile(pdf, partial)
        return pdf_pages(pdf)
    spooler = shutil.which("lp")
    if spooler is None or sys.platform == "win32" or not printer.printerName():
        return None
    return spool_pdf(pdf, PrintJob.of(printer), spooler)


def print_statement(
    parent: QWidget | None,
    context: MissionContext,
    *,
    choose: ChoosePrinter | None = None,
    printer: QPrinter | None = None,
) -> int:
    """Print the statement (without annexes) through the print dialog; pages printed."""
    from coordinator.reports.statement import write_statement_pdf

    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("Statement")
    with tempfile.TemporaryDirectory(prefix="coordinator-print-") as folder:
        try:
            pdf = context.query(write_statement_pdf, Path(folder) / "statement.pdf")
        except UserError as error:
            messages.show_error(parent, "Could not print the statement", str(error))
            return 0
        if not (choose or choose_printer)(parent, printer):
            return 0
        try:
            printed = print_as_text(pdf, printer)
            return printed if printed is not None else print_pdf(pdf, printer)
        except UserError as error:
            messages.show_error(parent, "Could not print the statement", str(error))
            return 0


# --- undoable edits of the list of sections ---------------------------------------------------


def section_added(
    context: MissionContext, index: int, language: str | None = None
) -> tuple[Callable[[], int], Callable[[], None]]:
    """Do and undo of adding an empty section at `index`; do returns its id.

    Undo deletes it; redo puts the same section (same id) back at the same place, so
    later edits in the history still find it.
    """
    made: list[int] = []
    taken: list[Snapshot] = []

    def add(store: Store) -> Identified:
        return add_section(store, SectionFields(), index, language=language)

    def do() -> int:
        if not made:
            made.append(context.write(STATEMENT, created_id, add))
        else:
            context.write(STATEMENT, restore, taken[-1])
            context.write(STATEMENT, move_section, made[0], index)
        return made[0]

    def undo() -> None:
        taken[:] = [context.query(snapshot, "statement_section", made[0])]
        context.write(STATEMENT, delete_section, made[0])

    return do, undo


def section_removed(
    context: MissionContext, section_id: int, row: int, *, expected_version: int | None = None
) -> tuple[Callable[[], None], Callable[[], None]]:
    """Do and undo of removing the section at `row`; undo puts it back in its place.

    `expected_version`: the section's version when the user was asked; the first removal
    is refused (StaleRecordError) if someone else saved it since. (Redo is checked as
    every redo is, against this window's own saves.)
    """
    taken: list[Snapshot] = []
    asked = [expected_version]

    def do() -> None:
        taken[:] = [context.query(snapshot, "statement_section", section_id)]
        context.write(STATEMENT, delete_section, section_id, expected_version=asked[0])
        asked[0] = None

    def undo() -> None:
        context.write(STATEMENT, restore, taken[-1])
        # Where it was: the sections after it moved up when it went.
        context.write(STATEMENT, move_section, section_id, row)

    return do, undo
