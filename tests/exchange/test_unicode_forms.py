"""One name typed in two Unicode forms (NFC, and NFD as macOS gives it) is one record."""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
from pathlib import Path

from coordinator.exchange.importer import import_workbook
from tests.exchange.workbooks import basic_sheets, write_xlsx

NFC = "Güzelyurt Ayşe"
NFD = unicodedata.normalize("NFD", NFC)


def test_names_in_two_unicode_forms_are_one_record(tmp_path: Path) -> None:
    assert NFC != NFD
    sheets = basic_sheets()
    sheets["Stations"] += [
        ["0100", "School A", NFC.split(maxsplit=1)[0], "Chüy", "10"],
        ["0101", "School B", NFD.split()[0], "Chu\u0308y", "10"],
    ]
    sheets["Members"] += [[NFC, "Türkiye", "observer", "T1"]]
    sheets["Checklist"] = [
        ["code", "phase", "text", "answer_type"],
        ["Ö1", "voting", "Were the ballot boxes sealed?", "yes/no"],
    ]
    target = tmp_path / "mission.eom"
    import_workbook(target, write_xlsx(tmp_path / "nfc.xlsx", sheets))
    again = basic_sheets()
    again["Members"] += [[NFD, "Türkiye", "observer", "T1"]]
    again["Checklist"] = [
        ["code", "phase", "text", "answer_type"],
        [unicodedata.normalize("NFD", "Ö1"), "voting", "Were the ballot boxes sealed?", "yes/no"],
    ]
    report = import_workbook(target, write_xlsx(tmp_path / "nfd.xlsx", again))
    assert "Members: 0 new" in "\n".join(report.lines())
    with contextlib.closing(sqlite3.connect(target)) as connection:

        def column(sql: str) -> list[str]:
            return [row[0] for row in connection.execute(sql)]

        localities = column("SELECT name FROM locality")
        members = column("SELECT full_name FROM member")
        codes = column("SELECT code FROM checklist_question")
    assert localities.count("Güzelyurt") == 1
    assert all(unicodedata.is_normalized("NFC", name) for name in localities)
    assert members.count(NFC) == 1 and NFD not in members
    assert codes.count("Ö1") == 1
