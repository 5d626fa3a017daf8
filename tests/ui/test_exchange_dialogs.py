"""File > Import… and File > Export… driven as a coordinator would, on real mission files.

The preview dialog is answered by a timer that waits for it, reads what it shows and
clicks Import or Cancel, so the tests go through `import_workbook` exactly as the menu does.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.models import Base
from coordinator.exchange.reader import read_workbook
from coordinator.services.demo import write_demo_mission
from coordinator.services.paging import PageRequest
from coordinator.services.stations import list_stations
from coordinator.ui.context import MissionContext
from coordinator.ui.exchange_dialogs import export_workbook, import_workbook, preview_import
from coordinator.ui.import_preview import NO_UNDO, ImportPreviewDialog, ReportTableModel
from tests.exchange.workbooks import basic_sheets, write_csv_folder, write_xlsx
from tests.ui.conftest import Answers


def _dump(session: Session) -> dict[str, list[str]]:
    """Every table's rows, as the mission's own session sees them."""
    return {
        table.name: sorted(repr(tuple(row)) for row in session.execute(sa.select(table)))
        for table in Base.metadata.sorted_tables
    }


def _cells(model: ReportTableModel) -> list[list[str]]:
    return [
        [str(model.data(model.index(row, column))) for column in range(model.columnCount())]
        for row in range(model.rowCount(QModelIndex()))
    ]


def _stations(context: MissionContext) -> int:
    total = context.query(list_stations, PageRequest()).total
    assert total is not None
    return total


@dataclass
class Seen:
    """What the preview dialog showed before it was answered."""

    summary: str = ""
    counts: list[list[str]] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    import_enabled: bool = False
    stations_meanwhile: int = -1
    waiting: bool = True  # False: stop looking for the dialog (it will not come)


def _answer_preview(
    qtbot: QtBot, click_import: bool, check: Callable[[ImportPreviewDialog], Any] | None = None
) -> Seen:
    """When the preview dialog appears, record what it shows, then Import or Cancel."""
    seen = Seen()

    def answer() -> None:
        if not seen.waiting:
            return
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportPreviewDialog):
            QTimer.singleShot(20, answer)  # still reading the workbook
            return
        seen.waiting = False
        seen.summary = dialog.summary.text()
        seen.counts = _cells(dialog.counts_model)
        seen.problems = _cells(dialog.problems_model)
        items = [dialog.warnings.item(row) for row in range(dialog.warnings.count())]
        seen.warnings = [item.text() for item in items if item is not None]
        seen.notes = [dialog.no_undo.text()]
        seen.import_enabled = dialog.import_button.isEnabled()
        if check is not None:
            check(dialog)
        if click_import:
            qtbot.mouseClick(  # type: ignore[no-untyped-call]
                dialog.import_button, Qt.MouseButton.LeftButton
            )
        if dialog.isVisible():  # Import was disabled, or Cancel was the answer
            dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def _row(counts: list[list[str]], sheet: str) -> list[str]:
    return next(row for row in counts if row[0] == sheet)


def test_preview_shows_counts_and_writes_nothing_until_import(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    workbook = write_xlsx(tmp_path / "delegations.xlsx", basic_sheets())
    before = context.query(_dump)
    changes: list[str] = []
    context.changed.connect(changes.append)

    def no_write_yet(_dialog: ImportPreviewDialog) -> None:
        seen.stations_meanwhile = _stations(context)
        assert context.query(_dump) == before

    seen = _answer_preview(qtbot, click_import=True, check=no_write_yet)
    assert import_workbook(None, context, workbook) is True

    assert seen.stations_meanwhile == 0  # the preview wrote nothing
    assert _row(seen.counts, "Stations") == ["Stations", "2", "0", "0"]
    assert _row(seen.counts, "Members") == ["Members", "2", "0", "0"]
    assert "Nothing has been written yet" in seen.summary
    assert seen.import_enabled and seen.problems == []
    assert seen.notes == [NO_UNDO]
    # V1 is no question of this (empty) checklist: warned, not fatal.
    assert any("'V1'" in warning for warning in seen.warnings)
    assert _stations(context) == 2
    assert changes == ["*"]
    assert answers.infos and "delegations.xlsx was imported" in answers.infos[0]
    assert "0 updated" in answers.infos[0]


def test_importing_the_same_workbook_again_changes_nothing(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    workbook = write_csv_folder(tmp_path / "csv", basic_sheets(), separator=";")
    _answer_preview(qtbot, click_import=True)
    assert import_workbook(None, context, workbook)
    after_first = context.query(_dump)

    seen = _answer_preview(qtbot, click_import=True)
    assert import_workbook(None, context, workbook)

    assert seen.counts and all(row[1:3] == ["0", "0"] for row in seen.counts)
    assert _row(seen.counts, "Stations")[3] == "2"
    assert "already holds everything" in seen.summary
    assert context.query(_dump) == after_first
    assert "0 new, 0 updated" in answers.infos[-1]


def test_a_bad_row_is_shown_and_import_stays_disabled(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    sheets = basic_sheets()
    sheets["Stations"].append(["0012", "Again", "Бишкек", "Chüy", "900"])
    sheets["Stations"].append(["0099", "Мектеп", "Бишкек", "Chüy", "lots"])
    workbook = write_xlsx(tmp_path / "bad.xlsx", sheets)
    before = context.query(_dump)

    seen = _answer_preview(qtbot, click_import=True)  # the click does nothing: disabled
    assert import_workbook(None, context, workbook) is False

    assert not seen.import_enabled
    assert "problem" in seen.summary and "Nothing has been written" in seen.summary
    stations = [row for row in seen.problems if row[0] == "Stations"]
    assert any(row[1:3] == ["4", "code"] and "appears twice" in row[3] for row in stations)
    assert any(row[1:3] == ["5", "registered_voters"] and "lots" in row[3] for row in stations)
    assert context.query(_dump) == before
    assert answers.infos == []


def test_preview_models_pass_the_model_tester(
    qtbot: QtBot, context: MissionContext, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    sheets = basic_sheets()
    sheets["Visits"].append(["V0003", "T1", "9999", "2024-11-17", "voting", "done"])
    sheets["Visits"].append(["V0004", "T1", "0012", "17/13/2024", "voting", "done"])
    workbook = write_xlsx(tmp_path / "bad.xlsx", sheets)
    previewed = preview_import(None, context, workbook)
    assert previewed is not None
    _raw, report = previewed
    dialog = ImportPreviewDialog(report, workbook)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.counts_model)  # type: ignore[no-untyped-call]
    qtmodeltester.check(dialog.problems_model)  # type: ignore[no-untyped-call]
    problems = _cells(dialog.problems_model)
    assert ["Visits", "4", "station", "no station with code 9999."] in problems
    assert any(row[:3] == ["Visits", "5", "date"] and "17/13/2024" in row[3] for row in problems)
    assert not dialog.import_button.isEnabled()
    # The number column is right-aligned, the text left as it is.
    aligned = dialog.counts_model.data(
        dialog.counts_model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole
    )
    assert aligned == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def test_a_workbook_that_cannot_be_read_is_reported_plainly(
    context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("not really a workbook", encoding="utf-8")
    assert import_workbook(None, context, tmp_path / "missing.xlsx") is False
    assert import_workbook(None, context, not_a_workbook) is False
    assert len(answers.errors) == 2
    assert "missing.xlsx" in answers.errors[0]
    assert all("Traceback" not in error for error in answers.errors)


@pytest.mark.parametrize("name", ["demo.xlsx", "demo-csv"])
def test_export_writes_a_workbook_that_imports_into_a_new_mission(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path, name: str
) -> None:
    context.write("*", write_demo_mission)
    target = tmp_path / name

    written = export_workbook(None, context, target)

    assert written == target
    assert target.is_file() if name.endswith(".xlsx") else target.is_dir()
    sheets = {sheet.name: sheet for sheet in read_workbook(target)}
    assert len(sheets["Stations"].rows) == _stations(context)
    assert answers.infos and str(target) in answers.infos[0]

    with create_mission_file(tmp_path / "copy.eom") as copy_file:
        copy = MissionContext(copy_file)
        seen = _answer_preview(qtbot, click_import=True)
        assert import_workbook(None, copy, target)
        assert seen.problems == []
        assert _stations(copy) == _stations(context)
        copy.close()


def test_exporting_over_a_csv_folder_asks_first(
    context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "Stations.csv").write_text("old", encoding="utf-8")
    answers.confirm = False
    assert export_workbook(None, context, folder) is None
    assert (folder / "Stations.csv").read_text(encoding="utf-8") == "old"
    assert "already holds CSV files" in answers.questions[0]


def test_cancelling_the_preview_shows_nothing_and_writes_nothing(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    workbook = write_xlsx(tmp_path / "delegations.xlsx", basic_sheets())
    before = context.query(_dump)
    labels: list[str] = []

    def cancel() -> None:
        bars = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        labels.extend(bar.labelText() for bar in bars)
        for bar in bars:
            button = bar.findChild(QPushButton)
            assert button is not None and button.text() == "Cancel"
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]

    QTimer.singleShot(0, cancel)  # while the workbook is being read
    seen = _answer_preview(qtbot, click_import=True)

    assert import_workbook(None, context, workbook) is False
    assert labels == ["Reading delegations.xlsx"]
    assert seen.summary == ""  # the preview dialog never came
    assert context.query(_dump) == before
    assert answers.errors == answers.infos == []
    seen.waiting = False  # a later test's dialog is not this one's to answer


def test_a_read_only_mission_is_not_imported_into_but_exports(
    answers: Answers, tmp_path: Path
) -> None:
    path = tmp_path / "sent by e-mail.eom"
    with create_mission_file(path) as writable, writable.session() as session:
        write_demo_mission(session)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    read_only = MissionContext(open_mission_file(path))
    try:
        assert read_only.read_only
        workbook = write_xlsx(tmp_path / "delegations.xlsx", basic_sheets())
        assert import_workbook(None, read_only, workbook) is False
        assert "read-only" in answers.errors[0] and "Save a Copy As" in answers.errors[0]
        assert export_workbook(None, read_only, tmp_path / "out.xlsx") == tmp_path / "out.xlsx"
        assert (tmp_path / "out.xlsx").is_file()
    finally:
        read_only.close()
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
