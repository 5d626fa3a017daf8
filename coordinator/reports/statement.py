"""The mission's statement as a PDF: A4, the title block of the reference statement,
justified text, the place and date at the end, "Page X of Y" under every page.

Every font in the file is DejaVu, embedded (ReportLab would otherwise start each page in
Helvetica, which it never embeds: `initialFontName` prevents that). Text typed by users
is escaped before it meets Paragraph markup (markup.py). The file is written beside its
destination and renamed into place, so a failed export never leaves half a PDF behind.

`write_pdf`, `report_styles` and `NumberedCanvas` are shared with the annexes.
"""

from __future__ import annotations

import errno
import logging
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coordinator.atomic import replacing, why_not_written
from coordinator.db.damage import is_image
from coordinator.db.missionfile import is_database
from coordinator.errors import UserError
from coordinator.reports.annexes import ANNEXES, annex_story, needs_statistics
from coordinator.reports.fonts import Fonts, drawable, register_fonts
from coordinator.reports.markup import paragraphs, user_text
from coordinator.reports.words import say
from coordinator.services.statement import (
    PrintedSection,
    StatementHeading,
    statement_heading,
    statement_sections_for_print,
)
from coordinator.services.statistics import mission_statistics

MM = 72 / 25.4  # points per millimetre
MARGIN = 25 * MM
CREATOR = "Mission Coordinator"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Metadata:
    """What PDF readers show under Document Properties (and the document's language)."""

    title: str
    author: str
    subject: str
    language: str = "en"


def report_styles(fonts: Fonts) -> dict[str, Any]:
    """Paragraph styles of the printed reports, all in the embedded DejaVu fonts."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "Body",
        fontName=fonts.body,
        fontSize=11,
        leading=15.5,
        alignment=TA_JUSTIFY,
        spaceAfter=8,
        splitLongWords=True,
        allowWidows=0,
        allowOrphans=0,
    )
    return {
        "body": body,
        "heading": ParagraphStyle(
            "Heading",
            parent=body,
            fontName=fonts.body_bold,
            fontSize=12.5,
            leading=17,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
        "date_line": ParagraphStyle(
            "DateLine", parent=body, alignment=TA_CENTER, spaceBefore=10, spaceAfter=14
        ),
        "statement_word": ParagraphStyle(
            "StatementWord",
            parent=body,
            fontName=fonts.body_bold,
            fontSize=13,
            leading=18,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "section_title": ParagraphStyle(
            "SectionTitle",
            parent=body,
            fontName=fonts.body_bold,
            alignment=TA_LEFT,
            spaceBefore=6,
            spaceAfter=4,
        ),
        "place_date": ParagraphStyle(
            "PlaceDate", parent=body, alignment=TA_LEFT, spaceBefore=18, fontName=fonts.body
        ),
        "annex_title": ParagraphStyle(
            "AnnexTitle",
            parent=body,
            fontName=fonts.body_bold,
            fontSize=12.5,
            leading=17,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        "cell": ParagraphStyle(
            "Cell",
            parent=body,
            fontName=fonts.sans,
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
            alignment=TA_LEFT,
        ),
        "cell_head": ParagraphStyle(
            "CellHead",
            parent=body,
            fontName=fonts.sans_bold,
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
            alignment=TA_LEFT,
        ),
    }


def numbered_canvas(fonts: Fonts, language: str = "en") -> type[Any]:
    """A canvas that prints "Page X of Y", Y known only when the document is saved.

    Each page draws a form (a PDF XObject) by name where its footer goes, and `save`
    fills the forms in once the number of pages is known: ReportLab's way of writing a
    page count. No page is kept until the end, so memory stays flat however many pages
    (keeping every page's drawing took 840 MB at 4,000 pages).

    A document of sections that are handed out apart (one team's schedule each) numbers
    each on its own: "Team T2 · page 1 of 2" (see `section_marker`).
    """
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The section of each page so far (None: the document's own numbering).
            self._sections: list[str | None] = []
            self.section: str | None = None

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._sections.append(self.section)
            self.saveState()
            self.doForm(_footer_form(len(self._sections)))
            self.restoreState()
            super().showPage()

        def save(self) -> None:
            total = len(self._sections)
            sections = Counter(self._sections)
            seen: Counter[str | None] = Counter()
            for number, section in enumerate(self._sections, start=1):
                seen[section] += 1
                if section is None:
                    text = say(language, "Page {page} of {pages}", page=number, pages=total)
                else:
                    text = say(
                        language,
                        "{section} · page {page} of {pages}",
                        section=section,
                        page=seen[section],
                        pages=sections[section],
                    )
                self.beginForm(_footer_form(number))
                self._footer(text)
                self.endForm()
            super().save()

        def _footer(self, text: str) -> None:
            width, _ = self._pagesize
            self.setFont(fonts.sans, 8.5)
            self.setFillGray(0.35)
            self.drawCentredString(width / 2, 13 * MM, text)

    return NumberedCanvas


def _footer_form(page: int) -> str:
    return f"footer{page}"


def section_marker(name: str) -> Any:
    """A flowable taking no room that starts a separately numbered section of pages."""
    from reportlab.platypus import Flowable

    class SectionMarker(Flowable):  # type: ignore[misc]
        def wrap(self, _width: float, _height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.section = name

    return SectionMarker()


def _check_pdf_target(target: Path) -> None:
    """UserError when `target` cannot or must not become the PDF: no name, a folder, a
    missing folder, or a file that is a database (a mission file above all)."""
    folder = target.parent if str(target.parent) else Path()
    if not target.name or target.is_dir():
        raise UserError(
            f"{target} is a folder: give a file name for the PDF, such as statement.pdf."
        )
    if not folder.is_dir():
        raise UserError(f"Cannot write {target}: the folder {folder} does not exist.")
    if target.suffix.lower() == ".eom" or is_database(target):
        raise UserError(
            f"{target.name} is a mission file: writing the PDF there would replace the mission. "
            "Give the PDF another name, such as statement.pdf."
        )


def write_pdf(
    path: Path | str,
    story: Sequence[Any],
    metadata: Metadata,
    fonts: Fonts,
    *,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Lay out `story` on A4 into `path`, atomically; OSError becomes a UserError.

    `progress` is told the number of each page as it is begun.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus.doctemplate import LayoutError

    target = Path(path)
    _check_pdf_target(target)
    # Beside the target as an unnamed file, then renamed: a failed or killed export
    # leaves no half PDF and nothing else behind; a new PDF gets the user's usual permissions.
    try:
        with replacing(target, unnamed=True) as partial:
            document = SimpleDocTemplate(
                str(partial),
                pagesize=A4,
                leftMargin=MARGIN,
                rightMargin=MARGIN,
                topMargin=22 * MM,
                bottomMargin=24 * MM,
                title=drawable(metadata.title),
                author=drawable(metadata.author),
                subject=drawable(metadata.subject),
                creator=CREATOR,
                initialFontName=fonts.body,
                initialFontSize=11,
                lang=metadata.language,
            )
            if progress is not None:
                document.setProgressCallBack(
                    lambda kind, value: progress(value) if kind == "PAGE" else None
                )
            document.build(list(story), canvasmaker=numbered_canvas(fonts, metadata.language))
    except LayoutError as error:
        raise UserError(
            f"Could not lay out {target.name}: something is too big for one page ({error}). "
            "Shorten that text, then export again."
        ) from None
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UserError(f"Could not write {target}: {why_not_written(error)}.") from None
        raise UserError(
            f"Could not write {target}: {error.strerror or error}. Check that the folder is "
            "writable and the file is not open in another program, then export again."
        ) from None
    return target


LOGO_HEIGHT_CM = 2.2
# A section title needs this many lines of room below it on its page.
TITLE_NEEDS_LINES = 4


def logo_flowable(image: bytes) -> Any:
    """The logo centred above the title, at most LOGO_HEIGHT_CM high, its shape kept.

    None when the stored logo is not an image that can be shown (a file changed outside
    the program): the statement prints without it, and the command says so.
    """
    from io import BytesIO

    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    if not is_image(image):
        return None
    try:
        width, height = ImageReader(BytesIO(image)).getSize()
    except Exception:  # any image library's error: a broken image is left out
        log.warning("the mission's logo cannot be read; printed without it", exc_info=True)
        return None
    scale = LOGO_HEIGHT_CM * cm / height
    logo = Image(BytesIO(image), width=width * scale, height=height * scale)
    logo.hAlign = "CENTER"
    logo.spaceAfter = 0.4 * cm
    return logo


LOGO_LEFT_OUT = (
    "the mission's logo is not an image that can be shown (the file was changed outside "
    "the program); the statement is printed without it. Choose the logo again on the "
    "Mission page."
)


def logo_left_out(session: Session) -> bool:
    """Whether the statement is printed without the mission's logo, which is stored but
    is not an image (see LOGO_LEFT_OUT for what to tell the coordinator)."""
    logo = statement_heading(session).logo
    return logo is not None and logo_flowable(logo) is None


def statement_story(
    heading: StatementHeading, sections: Sequence[PrintedSection], styles: dict[str, Any]
) -> list[Any]:
    """The statement's flowables: title block, sections, place and date."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import CondPageBreak, Paragraph

    logo = None if heading.logo is None else logo_flowable(heading.logo)
    story: list[Any] = [] if logo is None else [logo]
    story += [
        Paragraph(user_text(heading.mission_name), styles["heading"]),
        Paragraph(user_text(heading.election), styles["heading"]),
        Paragraph(user_text(heading.date_line), styles["date_line"]),
        Paragraph(user_text(heading.word), styles["statement_word"]),
    ]
    for section in sections:
        if section.title.strip():
            # A title starts a page only when its first lines would not follow it there
            # (keepWithNext would carry it with a long first paragraph to the next page).
            story.append(CondPageBreak(TITLE_NEEDS_LINES * styles["body"].leading))
            story.append(Paragraph(user_text(section.title.strip()), styles["section_title"]))
        story += [Paragraph(text, styles["body"]) for text in paragraphs(section.text)]
    place_date = ", ".join(part for part in (heading.place, heading.date) if part)
    # The place and date never stand alone on the last page: the last paragraph comes
    # along whole (CondPageBreak measures both, then breaks the page if they do not fit).
    ending = [Paragraph(user_text(place_date), styles["place_date"])]
    title_block = 4 if logo is None else 5
    if len(story) > title_block:
        ending.insert(0, story.pop())
    width = A4[0] - 2 * MARGIN
    needed = sum(f.wrap(width, A4[1])[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in ending)
    story += [CondPageBreak(needed), *ending]
    return story


def write_statement_pdf(
    session: Session,
    path: Path | str,
    *,
    annexes: bool | Collection[str] = False,
    language: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Print the mission's statement in `language` (default: its first; its own sections
    in that language, else the draft in it) to `path`.

    `annexes`: True for all of them, or the names of those wanted (annexes.ANNEXES);
    they follow the statement, each on a new page. `progress` is told each page's
    number as it is laid out (the annexes of a big mission run to thousands). Raises
    UserError for what the coordinator must fix first (an unknown placeholder, no
    mission settings, a folder that cannot be written).
    """
    chosen = ANNEXES if annexes is True else tuple(annexes or ())
    fonts = register_fonts()
    styles = report_styles(fonts)
    # The statement and its annexes quote the same figures, read once.
    figures = mission_statistics(session) if needs_statistics(chosen) else None
    heading = statement_heading(session, language)
    sections = statement_sections_for_print(session, figures=figures, language=heading.language)
    story = statement_story(heading, sections, styles)
    if chosen:
        story += annex_story(session, styles, chosen, figures, heading.language)
    metadata = Metadata(
        title=f"{say(heading.language, 'Statement')}: {heading.mission_name}",
        author=heading.organisation,
        subject=heading.election,
        language=heading.language,
    )
    return write_pdf(path, story, metadata, fonts, progress=progress)
