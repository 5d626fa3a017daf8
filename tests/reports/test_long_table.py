"""A long annex table, made a page at a time, prints every row once, in order, under its
header on every page; a row longer than a page flows on."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session

from coordinator.reports.annexes import _table
from coordinator.reports.fonts import register_fonts
from coordinator.reports.statement import (
    MM,
    Metadata,
    report_styles,
    write_pdf,
    write_statement_pdf,
)


def test_every_row_once_in_order_with_the_header_on_every_page(tmp_path: Path) -> None:
    fonts = register_fonts()
    styles = report_styles(fonts)
    rows = [[f"R{n:05d}", f"Station {n}", "Bishkek"] for n in range(1, 1201)]
    rows[600][1] = "A very long name " * 400  # longer than a page: split inside the row
    table = _table(("Code", "Name", "Locality"), rows, [30 * MM, 100 * MM, 40 * MM], styles)
    pdf = write_pdf(tmp_path / "long.pdf", [table], Metadata("Annex", "Test", "Test"), fonts)
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) > 20
    assert all("Code" in text and "Locality" in text for text in pages)
    text = "\n".join(pages)
    codes = [word for word in text.split() if word.startswith("R") and word[1:].isdigit()]
    assert codes == [f"R{n:05d}" for n in range(1, 1201)]
    assert text.split().count("very") == 400  # none of the long row lost at the breaks


def test_the_statement_says_each_page_as_it_is_laid_out(demo: Session, tmp_path: Path) -> None:
    pages: list[int] = []
    pdf = write_statement_pdf(demo, tmp_path / "s.pdf", annexes=True, progress=pages.append)
    assert pages == list(range(1, len(PdfReader(pdf).pages) + 1))
