"""File > Import… of a workbook with a Localities sheet: the preview names the sheet and
what it would add, before anything is written, and Import adds the lonely village."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from coordinator.db.models import Locality
from coordinator.ui.context import MissionContext
from coordinator.ui.exchange_dialogs import import_workbook
from tests.exchange.workbooks import basic_sheets, write_xlsx
from tests.ui.conftest import Answers
from tests.ui.test_exchange_dialogs import _answer_preview, _row


def _localities(context: MissionContext) -> list[str]:
    return context.query(
        lambda session: list(session.scalars(sa.select(Locality.name).order_by(Locality.name)))
    )


def test_the_preview_names_the_localities_sheet(
    qtbot: QtBot, context: MissionContext, answers: Answers, tmp_path: Path
) -> None:
    sheets = basic_sheets()
    sheets["Localities"] = [
        ["name", "district", "region", "kind"],
        ["Ak-Tal", "", "Naryn", "Village"],
    ]
    workbook = write_xlsx(tmp_path / "with-localities.xlsx", sheets)
    seen_before: list[list[str]] = []

    seen = _answer_preview(
        qtbot, click_import=True, check=lambda _dialog: seen_before.extend([_localities(context)])
    )
    assert import_workbook(None, context, workbook) is True

    assert _row(seen.counts, "Localities") == ["Localities", "1", "0", "0"]
    assert seen.problems == []
    assert seen_before == [[]]  # the preview wrote nothing
    assert "Ak-Tal" in _localities(context)
    assert answers.errors == []
