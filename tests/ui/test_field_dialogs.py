"""File > Export Field Form…, Export Paper Checklist and Import Submissions… driven as a
coordinator would: the preview is the workbook import's, the Visits page then shows where a
visit came from, the paper checklist is in the language chosen from the menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from pyxform.xls2xform import convert

from coordinator.db.enums import Assessment, Phase
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Visit
from coordinator.ui.context import MissionContext
from coordinator.ui.field_dialogs import export_field_form, import_submissions
from coordinator.ui.main_window import MainWindow
from coordinator.ui.pages.visits import VisitsPage
from tests.exchange.field_exports import Observed, read_form, write_odk_zip
from tests.ui.conftest import Answers
from tests.ui.test_exchange_dialogs import _answer_preview

DAY = dt.date(2024, 11, 17)


@pytest.fixture
def demo_context(demo_path: Path) -> Iterator[MissionContext]:
    mission_file = open_mission_file(demo_path)
    context = MissionContext(mission_file)
    try:
        yield context
    finally:
        context.undo_stack.clear()
        mission_file.close()


def _export(context: MissionContext, tmp_path: Path, observed: list[Observed]) -> Path:
    written = export_field_form(None, context, tmp_path / "form.xlsx")
    assert written == [tmp_path / "form.xlsx"]
    return write_odk_zip(tmp_path / "export.zip", read_form(written[0]), observed)


def _from_the_field(context: MissionContext) -> list[str]:
    def read(session: sa.orm.Session) -> list[str]:
        return list(session.scalars(sa.select(Visit.ref).where(Visit.submission_id.is_not(None))))

    return context.query(read)


def test_the_field_form_is_written_from_the_menu(
    qtbot: QtBot, demo_context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    written = export_field_form(None, demo_context, tmp_path / "form.xlsx")
    assert written is not None and written[0].exists()
    assert convert(xlsform=str(written[0])).xform
    assert "Upload it to KoboToolbox or ODK Central" in answers.infos[0]


def test_submissions_are_previewed_then_imported_and_shown_on_the_visits_page(
    qtbot: QtBot,
    demo_context: MissionContext,
    answers: Answers,
    tmp_path: Path,
) -> None:
    observed = [
        Observed(
            "9a8b7c6d-1111-4222-8333-444455556666",
            "T4",
            "1305",
            DAY,
            Phase.OPENING,
            "07:35",
            "08:05",
            overall=Assessment.VERY_GOOD,
            notes="Opened on time.",
            answers={"O1": "yes"},
            submitted_by="Jasur Toshmatov",
            device="collect:Qx81",
        )
    ]
    export = _export(demo_context, tmp_path, observed)
    changes: list[str] = []
    demo_context.changed.connect(changes.append)

    def nothing_yet(_dialog: object) -> None:
        assert _from_the_field(demo_context) == []

    seen = _answer_preview(qtbot, click_import=True, check=nothing_yet)
    assert import_submissions(None, demo_context, export) is True
    assert seen.counts == [["Visits", "1", "0", "0"]]
    assert seen.import_enabled and seen.problems == []
    assert "Nothing has been written yet" in seen.summary
    assert any(w.startswith("New visit V") and "team T4" in w for w in seen.warnings)
    refs = _from_the_field(demo_context)
    assert len(refs) == 1 and changes == ["*"]
    assert "1 new visit(s)" in answers.infos[-1]

    page = VisitsPage(demo_context)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()

    def visit_id(session: sa.orm.Session) -> int:
        return int(session.scalar(sa.select(Visit.id).where(Visit.ref == refs[0])) or 0)

    page.select_record(demo_context.query(visit_id))
    qtbot.waitUntil(page.panel.provenance.isVisible)
    text = page.panel.provenance.text()
    assert "From the field: submission 9a8b7c6d-1111-4222-8333-444455556666" in text
    assert "by Jasur Toshmatov" in text and "from collect:Qx81" in text
    page.grab().save(str(tmp_path / "visits-from-the-field.png"))


def test_a_bad_export_is_shown_with_import_disabled(
    qtbot: QtBot, demo_context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    observed = [Observed("bad1", "T4", "9999", DAY, Phase.OPENING, arrival="25:00")]
    export = _export(demo_context, tmp_path, observed)
    seen = _answer_preview(qtbot, click_import=True)
    assert import_submissions(None, demo_context, export) is False
    assert not seen.import_enabled
    assert "export of submissions has 2 problem(s)" in seen.summary
    assert ["Submission bad1", "2", "station"] in [row[:3] for row in seen.problems]
    assert ["Submission bad1", "2", "arrival"] in [row[:3] for row in seen.problems]
    assert _from_the_field(demo_context) == []


def test_the_file_menu_offers_the_field_actions(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    texts = [action.text() for action in window.file_menu.actions()]
    assert "Export &Field Form…" in texts and "Import &Submissions…" in texts
    assert not window.field_form_action.isEnabled()  # no mission open


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings) -> MainWindow:
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    return shown


def test_the_paper_checklist_is_written_from_the_menu_in_each_language(
    window: MainWindow,
    demo_path: Path,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not window.paper_checklist_menu.menuAction().isEnabled()  # no mission yet
    window.open_mission(demo_path)
    menu = window.paper_checklist_menu
    assert menu.menuAction().isEnabled()
    menu.aboutToShow.emit()
    # The demo's statement is written in English, Russian and Turkish.
    entries = [action.text() for action in menu.actions()]
    assert entries == ["English (en)…", "Russian (ru)…", "Turkish (tr)…"]
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "kontrol"), ""  # typed without its extension

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_as)
    menu.actions()[2].trigger()

    assert asked and asked[0].endswith("demo checklist tr.pdf")
    written = tmp_path / "kontrol.pdf"
    with pdfplumber.open(written) as pdf:
        text = " ".join(" ".join(page.extract_text() or "" for page in pdf.pages).split())
    assert "Kontrol listesi: Açılış" in text and "Sandık yeri zamanında açıldı mı?" in text
    assert "was written to" in answers.infos[-1] and not answers.errors
