"""Benchmark of an import into a shared mission (PostgreSQL), against pandas plus bare COPY.

bench_exchange's CSV folder (50 teams, 100,000 stations, 200,000 visits with 10 answers
each: 2,000,000 answers) imported by `coordinator import postgresql://…` into a new shared
mission, against `pandas.read_csv` of the same files plus bare psycopg COPY of the same
rows (uuids, search keys) into another new shared mission. Target: <= 2.0x the bare path.
Each side runs in its own process, so each peak memory printed is its own.

The PostgreSQL server is started for the run in a temporary folder, as the tests start
theirs (tests/postgres_server.py); the run needs Debian's `postgresql` package.

Run: .venv/bin/python bench/bench_shared.py [--scale 0.1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_exchange import ANSWER_CODES, write_csv_folder
from bench.common import compare, in_own_process, timed
from coordinator.db.sharedmission import create_shared_mission
from coordinator.db.text import search_key
from coordinator.exchange.importer import import_workbook
from coordinator.services.checklist import load_standard_checklist
from tests.postgres_server import PostgresServer, running_server


def new_shared_mission(server: PostgresServer, name: str) -> str:
    """A new shared mission holding the standard checklist, as `new_mission` makes a file."""
    server.execute(f"CREATE DATABASE {name}")
    address = server.url(name)
    with create_shared_mission(address) as mission, mission.session() as session:
        load_standard_checklist(session)
    return address


def _copy(connection: psycopg.Connection[Any], table: str, columns: list[str], rows: Any) -> None:
    with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _ids(connection: psycopg.Connection[Any], sql: str) -> dict[Any, int]:
    return dict(connection.execute(sql).fetchall())  # type: ignore[arg-type]


def bare_csv(folder: Path, port: int, database: str) -> None:
    read = {
        name: pd.read_csv(
            folder / f"{name}.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        for name in ("Teams", "Stations", "Visits")
    }
    with psycopg.connect(
        host="127.0.0.1", port=port, user="coordinator_tests", dbname=database
    ) as connection:
        _copy(
            connection,
            "team",
            [
                *("uuid", "code", "interpreter", "interpreter_phone", "driver", "driver_phone"),
                *("vehicle", "area", "notes"),
            ],
            ((uuid.uuid4().hex, c, "", "", "", "", "", "", "") for c in read["Teams"]["code"]),
        )
        teams = _ids(connection, "SELECT code, id FROM team")
        frame = read["Stations"]
        places = frame[["locality", "region"]].drop_duplicates().itertuples(index=False)
        _copy(
            connection,
            "locality",
            ["uuid", "name", "region", "kind", "district", "search_key"],
            ((uuid.uuid4().hex, n, r, "city", "", search_key(n, r)) for n, r in places),
        )
        localities = {
            (n, r): i
            for i, n, r in connection.execute("SELECT id, name, region FROM locality").fetchall()
        }
        _copy(
            connection,
            "polling_station",
            ["uuid", "code", "name", "address", "locality_id", "registered_voters", "search_key"],
            (
                (uuid.uuid4().hex, c, n, "", localities[(loc, r)], int(v), search_key(c, n))
                for c, n, loc, r, v in frame.itertuples(index=False)
            ),
        )
        stations = _ids(connection, "SELECT code, id FROM polling_station")
        visits = read["Visits"]
        _copy(
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
        ids = _ids(connection, "SELECT ref, id FROM visit")
        questions = _ids(connection, "SELECT code, id FROM checklist_question")
        for code in ANSWER_CODES:
            _copy(
                connection,
                "answer",
                ["uuid", "visit_id", "question_id", "value", "comment"],
                (
                    (uuid.uuid4().hex, ids[ref], questions[code], value, "")
                    for ref, value in zip(visits["id"], visits[code], strict=True)
                ),
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100,000 stations")
    parser.add_argument("--side", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:  # one side, in a process of its own: its time is the last line
        which, folder, address = args.side
        if which == "ours":
            seconds = timed("coordinator import", lambda: import_workbook(address, Path(folder)))
        else:
            port, database = address.split("/")
            seconds = timed("read_csv + COPY", lambda: bare_csv(Path(folder), int(port), database))
        print(seconds)
        return 0
    stations, visits = int(100_000 * args.scale), int(200_000 * args.scale)
    with tempfile.TemporaryDirectory() as temporary, running_server() as server:
        folder = Path(temporary)
        print(f"{stations} stations, {visits} visits, {visits * 10} answers, into PostgreSQL")
        write_csv_folder(folder / "csv", stations, visits)
        ours_at = new_shared_mission(server, "ours")
        new_shared_mission(server, "bare")
        ours = in_own_process(__file__, "ours", str(folder / "csv"), ours_at)
        bare = in_own_process(__file__, "bare", str(folder / "csv"), f"{server.port}/bare")
        ok = compare("import into PostgreSQL", ours, bare)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
