"""Benchmark of the workbook import, against pandas plus bare sqlite3 doing the same work.

(a) A folder of CSV files: 50 teams, 100,000 stations (200 localities) and 200,000 visits,
    each with 10 checklist answers (2,000,000), imported by `coordinator import` into a
    new mission file, against `pandas.read_csv` of the same files plus bare
    `sqlite3.executemany` of the same rows (uuids, search keys) into another new file.
(b) An .xlsx workbook of 100,000 stations, against `pandas.read_excel` plus executemany.
Target: <= 2.0x the bare path. Peak memory of the process is printed after each step.

Run: .venv/bin/python bench/bench_exchange.py [--scale 0.1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import compare, timed
from coordinator.db.engine import CACHE_KIB
from coordinator.db.text import search_key
from coordinator.exchange.importer import import_workbook
from coordinator.services.files import new_mission

ANSWER_CODES = [f"V{n}" for n in range(1, 11)]  # yes/no questions of the standard checklist


def write_csv_folder(folder: Path, stations: int, visits: int) -> None:
    folder.mkdir(parents=True)

    def write(name: str, header: list[str], rows: object) -> None:
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)  # type: ignore[arg-type]

    write("Teams", ["code"], ([f"T{n}"] for n in range(1, 51)))
    write(
        "Stations",
        ["code", "name", "locality", "region", "registered_voters"],
        (
            [f"{n:06d}", f"Мектеп № {n}", f"Айыл {n % 200}", "Чүй", 500 + n % 2000]
            for n in range(stations)
        ),
    )
    write(
        "Visits",
        ["id", "team", "station", "date", "phase", "status", "voters_voted", *ANSWER_CODES],
        (
            [
                *(f"V{n:07d}", f"T{n % 50 + 1}", f"{n % stations:06d}", "2024-11-17", "voting"),
                *("done", n % 400, *("yes" if (n + q) % 7 else "no" for q in range(10))),
            ]
            for n in range(visits)
        ),
    )


def _connect(path: Path) -> sqlite3.Connection:
    new_mission(path).close()  # the same schema and standard checklist
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return connection


def _insert(connection: sqlite3.Connection, table: str, columns: list[str], rows: object) -> None:
    marks = ", ".join("?" for _ in columns)
    connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        rows,  # type: ignore[arg-type]
    )


def _bare_stations(connection: sqlite3.Connection, frame: pd.DataFrame) -> dict[str, int]:
    places = frame[["locality", "region"]].drop_duplicates().itertuples(index=False)
    _insert(
        connection,
        "locality",
        ["uuid", "name", "region", "kind", "district", "search_key"],
        ((uuid.uuid4().hex, n, r, "city", "", search_key(n, r)) for n, r in places),
    )
    localities = {
        (n, r): i for i, n, r in connection.execute("SELECT id, name, region FROM locality")
    }
    _insert(
        connection,
        "polling_station",
        ["uuid", "code", "name", "address", "locality_id", "registered_voters", "search_key"],
        (
            (uuid.uuid4().hex, c, n, "", localities[(loc, r)], int(v), search_key(c, n))
            for c, n, loc, r, v in frame.itertuples(index=False)
        ),
    )
    return dict(connection.execute("SELECT code, id FROM polling_station").fetchall())


def bare_csv(folder: Path, path: Path) -> None:
    read = {
        name: pd.read_csv(
            folder / f"{name}.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        for name in ("Teams", "Stations", "Visits")
    }
    with contextlib.closing(_connect(path)) as connection:
        connection.execute("BEGIN")
        _insert(
            connection,
            "team",
            [
                *("uuid", "code", "interpreter", "interpreter_phone", "driver", "driver_phone"),
                *("vehicle", "area", "notes"),
            ],
            ((uuid.uuid4().hex, c, "", "", "", "", "", "", "") for c in read["Teams"]["code"]),
        )
        teams = dict(connection.execute("SELECT code, id FROM team").fetchall())
        stations = _bare_stations(connection, read["Stations"])
        visits = read["Visits"]
        _insert(
            connection,
            "visit",
            [
                *("uuid", "ref", "team_id", "station_id", "date", "phase", "status"),
                *("voters_voted", "notes"),
            ],
            (
                (uuid.uuid4().hex, r, teams[t], stations[s], d, p, st, int(v), "")
                for r, t, s, d, p, st, v, *_ in visits.itertuples(index=False)
            ),
        )
        ids = dict(connection.execute("SELECT ref, id FROM visit").fetchall())
        questions = dict(connection.execute("SELECT code, id FROM checklist_question").fetchall())
        for code in ANSWER_CODES:
            _insert(
                connection,
                "answer",
                ["uuid", "visit_id", "question_id", "value", "comment"],
                (
                    (uuid.uuid4().hex, ids[ref], questions[code], value, "")
                    for ref, value in zip(visits["id"], visits[code], strict=True)
                ),
            )
        connection.execute("COMMIT")


def bare_xlsx(workbook: Path, path: Path) -> None:
    frame = pd.read_excel(workbook, sheet_name="Stations", dtype=str, keep_default_na=False)
    with contextlib.closing(_connect(path)) as connection:
        connection.execute("BEGIN")
        _bare_stations(connection, frame)
        connection.execute("COMMIT")


def write_xlsx(folder: Path, workbook: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Stations")
    with (folder / "Stations.csv").open(encoding="utf-8-sig", newline="") as file:
        for row in csv.reader(file, delimiter=";"):
            sheet.append(row)
    book.save(workbook)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100,000 stations")
    parser.add_argument("--keep", type=Path, help="a folder to keep the files in")
    args = parser.parse_args(argv)
    stations, visits = int(100_000 * args.scale), int(200_000 * args.scale)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{stations} stations, {visits} visits, {visits * 10} answers")
        write_csv_folder(folder / "csv", stations, visits)
        print("(a) a folder of CSV files")
        ours = timed(
            "coordinator import", lambda: import_workbook(folder / "a.eom", folder / "csv")
        )
        bare = timed("read_csv + executemany", lambda: bare_csv(folder / "csv", folder / "b.eom"))
        ok = compare("(a)", ours, bare)
        write_xlsx(folder / "csv", folder / "stations.xlsx")
        print("(b) an .xlsx workbook of stations")
        ours = timed(
            "coordinator import",
            lambda: import_workbook(folder / "c.eom", folder / "stations.xlsx"),
        )
        bare = timed(
            "read_excel + executemany",
            lambda: bare_xlsx(folder / "stations.xlsx", folder / "d.eom"),
        )
        ok = compare("(b)", ours, bare) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
