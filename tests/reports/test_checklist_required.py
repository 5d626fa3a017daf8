"""The paper checklist marks required questions with an asterisk and says what it means,
in English, Russian and Turkish; a phase without required questions has no legend."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from coordinator.db.enums import Phase
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import ChecklistQuestion, Mission
from coordinator.reports.checklist_form import write_checklist_pdf

LEGENDS = {
    "en": "Questions marked * must be answered.",
    "ru": "На вопросы, отмеченные *, необходимо ответить.",
    "tr": "* ile işaretli soruların cevaplanması zorunludur.",
}


def _lines(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [line for page in document.pages for line in (page.extract_text() or "").split("\n")]


@pytest.mark.parametrize("language", ["en", "ru", "tr"])
def test_required_questions_have_an_asterisk_and_a_legend(
    demo_path: Path, tmp_path: Path, language: str
) -> None:
    pdf = tmp_path / f"{language}.pdf"
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        with session.begin():
            session.scalars(sa.select(Mission)).one().language = language
        write_checklist_pdf(session, pdf, phase=Phase.OPENING)
    lines = _lines(pdf)
    starts = {line.split(" ")[0]: line for line in lines if line[:1] == "O" and line[1:2].isdigit()}
    # The demo requires O1 and O3 of the opening; O2 and O4 are not.
    assert starts["O1"].startswith("O1 * ") and starts["O3"].startswith("O3 * ")
    assert not starts["O2"].startswith("O2 *") and not starts["O4"].startswith("O4 *")
    assert LEGENDS[language] in lines
    # Each phase's pages are numbered apart, in the checklist's language.
    footer = {"en": " · page 1 of 1", "ru": " · страница 1 из 1", "tr": " · sayfa 1 / 1"}
    assert any(line.endswith(footer[language]) for line in lines), lines[-3:]


def test_a_phase_without_required_questions_has_no_asterisk_or_legend(
    demo_path: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "counting.pdf"
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        with session.begin():
            session.execute(sa.update(ChecklistQuestion).values(required=False))
        write_checklist_pdf(session, pdf, phase=Phase.COUNTING)
    text = "\n".join(_lines(pdf))
    assert "C1 " in text and "*" not in text
    assert LEGENDS["en"] not in text
