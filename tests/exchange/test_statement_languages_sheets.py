"""The Statement sheet's language column and the Translations sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.db.missionfile import open_mission_file
from coordinator.exchange.exporter import export_mission
from coordinator.exchange.importer import WorkbookImportError, import_workbook
from coordinator.services.statement_languages import statement_languages, translations
from coordinator.services.statement_sections import list_sections
from tests.exchange.workbooks import MISSION, write_xlsx

STATEMENT = [
    ["order", "title", "text", "language"],
    [1, "", "The Mission visited {stations_visited} polling stations.", ""],
    [2, "", "Second section.", None],
    [1, "", "Миссия посетила избирательные участки.", "RU"],
]
TRANSLATIONS = [
    ["language", "original", "text"],
    ["ru", "Organization of Turkic States", "Организация тюркских государств"],
    ["tr", "Organization of Turkic States", "Türk Devletleri Teşkilatı"],
]


def _sections(path: Path) -> tuple[list[str], list[str], list[str], dict[str, str]]:
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        return (
            [s.text for s in list_sections(session)],
            [s.text for s in list_sections(session, "ru")],
            statement_languages(session),
            translations(session, "tr"),
        )


def test_each_language_has_its_rows_and_an_empty_language_is_the_first(tmp_path: Path) -> None:
    book = write_xlsx(
        tmp_path / "book.xlsx",
        {"Mission": MISSION, "Statement": STATEMENT, "Translations": TRANSLATIONS},
    )
    path = tmp_path / "mission.eom"
    assert import_workbook(path, book).ok
    english, russian, languages, turkish = _sections(path)
    assert english == [
        "The Mission visited {stations_visited} polling stations.",
        "Second section.",
    ]
    assert russian == ["Миссия посетила избирательные участки."]
    assert languages == ["en", "ru"]
    assert turkish == {"Organization of Turkic States": "Türk Devletleri Teşkilatı"}

    # Exported and imported again, nothing changes.
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        exported = export_mission(session, tmp_path / "out.xlsx")
    report = import_workbook(path, exported)
    assert report.ok
    for count in report.counts:
        if count.sheet in ("Statement", "Translations", "Mission"):
            assert count.new == count.updated == 0, count
    assert _sections(path) == (english, russian, languages, turkish)


def test_a_wrong_language_code_is_named(tmp_path: Path) -> None:
    rows = [*STATEMENT[:2], [1, "", "Text", "russian!"]]
    book = write_xlsx(tmp_path / "book.xlsx", {"Mission": MISSION, "Statement": rows})
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(tmp_path / "mission.eom", book)
    assert "Statement row 3, language: 'russian!' is not a language code" in str(raised.value)
    assert not (tmp_path / "mission.eom").exists()
