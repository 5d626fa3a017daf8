"""Printing the statement keeps its text: the spooler gets the PDF itself, and a print to
a file is the statement's own PDF, not pictures of its pages."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from coordinator.errors import UserError
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.statement import StatementPage
from coordinator.ui.statement_actions import PrintJob, print_statement, spool_pdf
from tests.ui.conftest import Answers
from tests.ui.test_statement_page import demo, page  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# A stand-in for CUPS's `lp` (no printer here): it keeps its options and the file sent.
FAKE_LP = """#!/bin/sh
out="$(dirname "$0")"
printf '%s\\n' "$@" > "$out/options.txt"
for last; do :; done
cp "$last" "$out/spooled.pdf"
"""
REFUSING_LP = """#!/bin/sh
echo "lp: The printer or class does not exist." >&2
exit 1
"""


def spooler(folder: Path, script: str) -> str:
    lp = folder / "lp"
    lp.write_text(script, encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    return str(lp)


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_a_print_to_a_file_is_the_statements_own_pdf_with_its_text(
    page: StatementPage,  # noqa: F811
    demo: MissionContext,  # noqa: F811
    tmp_path: Path,
    answers: Answers,
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = print_statement(page, demo, choose=lambda _p, _printer: True, printer=printer)
    assert pages == len(PdfReader(printed).pages) >= 1
    assert "16 polling stations" in text_of(printed)  # text, not images of pages
    assert answers.errors == []


@pytest.mark.skipif(os.name == "nt", reason="the spooler is CUPS's lp, not on Windows")
def test_the_spooler_gets_the_pdf_itself_with_the_dialogs_choices(
    demo: MissionContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    from coordinator.reports.statement import write_statement_pdf

    pdf = demo.query(write_statement_pdf, tmp_path / "statement.pdf")
    job = PrintJob("Office", copies=2, pages=(1, 2), sides="two-sided-long-edge")
    pages = spool_pdf(pdf, job, spooler(tmp_path, FAKE_LP))
    assert pages == len(PdfReader(pdf).pages)
    options = (tmp_path / "options.txt").read_text(encoding="utf-8").split("\n")
    assert options[:8] == ["-d", "Office", "-t", "Statement", "-n", "2", "-P", "1-2"]
    assert options[8:10] == ["-o", "sides=two-sided-long-edge"]
    assert "16 polling stations" in text_of(tmp_path / "spooled.pdf")


@pytest.mark.skipif(os.name == "nt", reason="the spooler is CUPS's lp, not on Windows")
def test_a_refusing_printer_is_said_with_the_way_to_a_file(
    demo: MissionContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    from coordinator.reports.statement import write_statement_pdf

    pdf = demo.query(write_statement_pdf, tmp_path / "statement.pdf")
    with pytest.raises(UserError) as refused:
        spool_pdf(pdf, PrintJob("Office"), spooler(tmp_path, REFUSING_LP))
    assert str(refused.value) == (
        "The printer Office refused the statement: lp: The printer or class does not exist. "
        "File > Export Statement… writes it to a PDF file that can be printed from another "
        "program."
    )
