"""The paper checklist in another of the statement's languages (`checklist --language ru`):
the printed words, the questions, their choices and the mission's name as the mission's
translations write them, else as the standard checklist's do (for its texts unchanged),
else as typed; a language the statement is not written in is refused in plain words and
no file is written."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import ChecklistQuestion
from coordinator.services.statement_languages import save_translations

COUNTED = "How were the votes counted?"
SCANNER = "ballot scanner"
CHANGED = "Was a copy of the results protocol posted outside the building?"

RUSSIAN = {
    COUNTED: "Как подсчитывались голоса?",
    SCANNER: "сканер бюллетеней",
    "International Election Observation Mission of the Organization of Turkic States": (
        "Международная миссия наблюдения за выборами Организации тюркских государств"
    ),
}


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _checklist(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = main(["checklist", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def mission(demo_path: Path) -> Path:
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        save_translations(session, "ru", RUSSIAN)
        session.execute(
            sa.update(ChecklistQuestion).where(ChecklistQuestion.code == "C5").values(text=CHANGED)
        )
        session.commit()
    return demo_path


def test_the_checklist_prints_in_russian_with_the_translations(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "ru.pdf"

    code, said = _checklist(capsys, mission, "--phase", "counting", "--language", "ru", "-o", pdf)

    assert code == 0, said
    text = " ".join(_text(pdf).split())
    # The mission's own translation, over the standard checklist's ("Каким образом …").
    assert RUSSIAN[COUNTED] in text and COUNTED not in text
    assert f"☐ {RUSSIAN[SCANNER]}" in text
    # The standard checklist's, where the mission has none.
    assert "☐ вручную" in text and "by hand" not in text
    assert "Соблюдались ли процедуры подсчёта голосов," in text
    # A question the mission reworded has no translation: it reads as typed.
    assert "Was a copy of the results" in text and "Была ли копия протокола" not in text
    assert "Международная миссия наблюдения" in text
    assert "Подсчёт" in text or "Подсчет" in text  # the phase, in the form's own words
    assert "страница 1 из" in text


def test_the_default_is_the_missions_own_language(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "en.pdf"

    code, said = _checklist(capsys, mission, "--phase", "counting", "-o", pdf)

    assert code == 0, said
    text = " ".join(_text(pdf).split())
    assert COUNTED in text and RUSSIAN[COUNTED] not in text
    assert "page 1 of" in text


def test_a_language_the_statement_is_not_written_in_is_refused(
    mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "de.pdf"

    code, said = _checklist(capsys, mission, "--language", "de", "-o", pdf)

    assert code == 1
    assert "cannot be printed in 'de'" in said
    assert "en, ru, tr" in said
    assert "Traceback" not in said
    assert not pdf.exists() and not list(tmp_path.glob("*.pdf*"))
