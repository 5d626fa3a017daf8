"""Helpers for the workbook tests: writing workbooks by hand and dumping mission files.

`dump` reads every table of a mission file. With `by_value`, ids and uuids are left out
and each reference to another record is replaced by that record's own values, so two
files holding the same data (written in another order, with other ids) dump equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa

from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Base

Cell = str | int | float | dt.date | dt.datetime | dt.time | None
Sheets = Mapping[str, Sequence[Sequence[Cell]]]

MISSION = [
    ["name", "organisation", "election", "country", "election_date"],
    ["OTS EOM", "Organization of Turkic States", "Early parliamentary", "Kyrgyzstan", "2024-11-17"],
]
DELEGATIONS = [["name", "kind", "country"], ["Türkiye", "member state", "Türkiye"]]
MEMBERS = [
    ["full_name", "delegation", "role", "team"],
    ["Ayşe Yılmaz", "Türkiye", "observer", "T1"],
    ["Нурлан Осмонов", "Türkiye", "observer", "T1"],
]
TEAMS = [["code", "vehicle"], ["T1", "Toyota"]]
STATIONS = [
    ["code", "name", "locality", "region", "registered_voters"],
    ["0012", "School No. 5", "Бишкек", "Chüy", "1200"],
    ["NA", "Library", "Ош", "Osh", "800"],
]
VISITS = [
    ["id", "team", "station", "date", "phase", "status", "voters_voted", "overall", "V1"],
    ["V0001", "T1", "0012", "2024-11-17", "voting", "done", "300", "good", "yes"],
    ["V0002", "T1", "NA", "2024-11-17", "voting", "planned", "", "", ""],
]


def basic_sheets() -> dict[str, list[list[Cell]]]:
    """A small, valid workbook: one of almost everything."""
    return {
        "Mission": [list(r) for r in MISSION],
        "Delegations": [list(r) for r in DELEGATIONS],
        "Members": [list(r) for r in MEMBERS],
        "Teams": [list(r) for r in TEAMS],
        "Stations": [list(r) for r in STATIONS],
        "Visits": [list(r) for r in VISITS],
    }


def write_xlsx(path: Path, sheets: Sheets) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_csv_folder(
    folder: Path, sheets: Sheets, *, separator: str = ",", bom: bool = True
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        lines = [separator.join("" if c is None else str(c) for c in row) for row in rows]
        text = "\r\n".join(lines) + "\r\n"
        (folder / f"{name}.csv").write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return folder


def dump(path: Path | str, *, by_value: bool = False) -> dict[str, list[Any]]:
    """Every table's rows, sorted; `by_value`: without ids, references resolved."""
    with open_mission_file(path) as mission_file, mission_file.engine.connect() as connection:
        tables = {
            table.name: [dict(row._mapping) for row in connection.execute(sa.select(table))]
            for table in Base.metadata.sorted_tables
        }
    if not by_value:
        return {name: sorted(map(repr, rows)) for name, rows in tables.items()}
    by_id = {name: {row["id"]: row for row in rows if "id" in row} for name, rows in tables.items()}

    def resolve(table_name: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
        table = Base.metadata.tables[table_name]
        values = []
        for column in table.columns:
            if column.name in ("id", "uuid"):
                continue
            value = row[column.name]
            foreign = next(iter(column.foreign_keys), None)
            if foreign is not None and value is not None:
                target = foreign.column.table.name
                value = resolve(target, by_id[target][value])
            values.append((column.name, value))
        return tuple(values)

    return {name: sorted(repr(resolve(name, row)) for row in rows) for name, rows in tables.items()}
