"""Benchmark of the database layer, against bare sqlite3 doing the same work.

(a) Writing a big mission: localities, 100,000 stations, 50 teams, 200,000 visits and
    2,000,000 answers through `coordinator.services.bulk` (checked, one transaction per
    call) into a new mission file, and the same rows through bare `sqlite3.executemany`
    into another new mission file with the same schema and pragmas. The bare path makes
    the same uuids and search keys and stores the same text. Target: <= 2.0x bare.
(b) The statement's statistics: `coordinator.services.statistics.mission_statistics` on
    the written file, against hand-written SQL (one query per figure) through sqlite3.
    Best of 3. Targets: <= 1.5x the hand-written SQL, and under 1 s.

Run: .venv/bin/python bench/bench_db.py [--scale 0.1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from common import peak_memory_mb
from generate import (
    SyntheticMission,
    at_scale,
    check_ids,
    write_checklist,
    write_people_and_incidents,
)

from coordinator.db.engine import CACHE_KIB
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.db.text import search_key
from coordinator.services import bulk

WRITE_TARGET = 2.0
STATISTICS_TARGET = 1.5
STATISTICS_LIMIT_S = 1.0


def stopwatch(steps: dict[str, float], name: str, work: Callable[[], object]) -> Any:
    start = time.perf_counter()
    result = work()
    steps[name] = time.perf_counter() - start
    return result


# --- (a) writing ------------------------------------------------------------------------


def write_with_services(path: Path, mission: SyntheticMission) -> dict[str, float]:
    """The bulk write path into a new mission file; the time of each call."""
    steps: dict[str, float] = {}
    with create_mission_file(path) as opened, opened.session() as session:
        write_checklist(session, mission)
        ids = (
            stopwatch(
                steps, "localities", lambda: bulk.add_localities(session, mission.localities)
            ),
            stopwatch(steps, "stations", lambda: bulk.add_stations(session, mission.stations)),
            stopwatch(steps, "teams", lambda: bulk.add_teams(session, mission.teams)),
            stopwatch(steps, "visits", lambda: bulk.add_visits(session, mission.visits)),
        )
        stopwatch(steps, "answers", lambda: bulk.add_answers(session, mission.answers))
        check_ids(mission, *ids)
        write_people_and_incidents(session, mission)
    return steps


def _hhmm(time_of_day: dt.time | None) -> str | None:
    return None if time_of_day is None else f"{time_of_day.hour:02d}:{time_of_day.minute:02d}"


def _insert(connection: sqlite3.Connection, table: str, columns: str, rows: Iterable[Any]) -> None:
    marks = ", ".join("?" for _ in columns.split(","))
    connection.execute("BEGIN")
    connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    connection.execute("COMMIT")


def write_bare(path: Path, mission: SyntheticMission) -> dict[str, float]:
    """The same rows through sqlite3 alone, one transaction per table; times per table."""
    with create_mission_file(path) as opened, opened.session() as session:
        write_checklist(session, mission)
    steps: dict[str, float] = {}
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    # The same page cache as the program's own connections (coordinator.db.engine).
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    with contextlib.closing(connection):
        localities = (
            (
                *(uuid.uuid4().hex, r.name, r.kind.value, r.district, r.region),
                search_key(r.name, r.district, r.region),
            )
            for r in mission.localities
        )
        stopwatch(
            steps,
            "localities",
            lambda: _insert(
                connection, "locality", "uuid, name, kind, district, region, search_key", localities
            ),
        )
        stations = (
            (
                *(uuid.uuid4().hex, r.code, r.name, r.address, r.locality_id, r.registered_voters),
                *(r.latitude, r.longitude, r.accessible, search_key(r.code, r.name, r.address)),
            )
            for r in mission.stations
        )
        stopwatch(
            steps,
            "stations",
            lambda: _insert(
                connection,
                "polling_station",
                "uuid, code, name, address, locality_id, registered_voters, latitude, longitude,"
                " accessible, search_key",
                stations,
            ),
        )
        teams = (
            (
                *(uuid.uuid4().hex, r.code, r.interpreter, r.interpreter_phone, r.driver),
                *(r.driver_phone, r.vehicle, r.area, r.notes),
            )
            for r in mission.teams
        )
        stopwatch(
            steps,
            "teams",
            lambda: _insert(
                connection,
                "team",
                "uuid, code, interpreter, interpreter_phone, driver, driver_phone, vehicle, area,"
                " notes",
                teams,
            ),
        )
        visits = (
            (
                *(uuid.uuid4().hex, r.ref, r.team_id, r.station_id, r.date.isoformat()),
                *(r.phase.value, _hhmm(r.planned_arrival), _hhmm(r.planned_departure)),
                *(_hhmm(r.actual_arrival), _hhmm(r.actual_departure), r.status.value),
                *(r.voters_voted, None if r.overall is None else r.overall.value, r.notes),
            )
            for r in mission.visits
        )
        stopwatch(
            steps,
            "visits",
            lambda: _insert(
                connection,
                "visit",
                "uuid, ref, team_id, station_id, date, phase, planned_arrival, planned_departure,"
                " actual_arrival, actual_departure, status, voters_voted, overall, notes",
                visits,
            ),
        )
        answers = (
            (uuid.uuid4().hex, visit_id, question_id, value, comment)
            for visit_id, question_id, value, comment in mission.answers
        )
        stopwatch(
            steps,
            "answers",
            lambda: _insert(
                connection, "answer", "uuid, visit_id, question_id, value, comment", answers
            ),
        )
    return steps


def same_rows(first: Path, second: Path) -> list[str]:
    """Tables whose rows differ between the two files, uuids aside (they are random)."""
    differ = []
    tables = ("locality", "polling_station", "team", "visit", "answer")
    with (
        contextlib.closing(sqlite3.connect(first)) as one,
        contextlib.closing(sqlite3.connect(second)) as other,
    ):
        for table in tables:
            columns = [row[1] for row in one.execute(f"PRAGMA table_info({table})")]
            chosen = ", ".join(c for c in columns if c != "uuid")
            query = f"SELECT {chosen} FROM {table} ORDER BY id"
            # Row by row, so that comparing 2,000,000 answers does not hold them all.
            rows = zip(one.execute(query), other.execute(query), strict=False)
            if any(mine != theirs for mine, theirs in rows) or (
                one.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
                != other.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
            ):
                differ.append(table)
    return differ


# --- (b) statistics ---------------------------------------------------------------------

# One query per figure of the statement, written by hand against the schema, counting
# as the statistics service does: observations are done visits; an answer counts when
# its visit is done and of the question's phase; incidents count unless their visit was
# cancelled. Negative values are matched in the question's ";"-separated list.
DONE_ANSWERS = (
    " FROM answer a JOIN checklist_question q ON q.id = a.question_id"
    " JOIN visit v ON v.id = a.visit_id"
    " WHERE v.status = 'done' AND v.phase = q.phase AND a.value != ''"
)
IS_NEGATIVE = "instr(';' || replace(q.negative_answer, ' ', '') || ';', ';' || a.value || ';') > 0"
HELD_INCIDENTS = " FROM incident i JOIN visit v ON v.id = i.visit_id WHERE v.status != 'cancelled'"
HAND_WRITTEN_SQL = {
    "observations and stations by phase": (
        "SELECT phase, COUNT(*), COUNT(DISTINCT station_id) FROM visit"
        " WHERE status = 'done' GROUP BY phase"
    ),
    "assessments by phase": (
        "SELECT phase, overall, COUNT(*) FROM visit WHERE status = 'done' GROUP BY phase, overall"
    ),
    "stations and observations by locality": (
        "SELECT l.id, l.name, l.district, l.region, COUNT(DISTINCT v.station_id), COUNT(*)"
        " FROM visit v JOIN polling_station s ON s.id = v.station_id"
        " JOIN locality l ON l.id = s.locality_id WHERE v.status = 'done'"
        " GROUP BY l.id ORDER BY 5 DESC, l.name, l.district, l.region, l.id"
    ),
    "answers by question and value": (
        f"SELECT a.question_id, a.value, COUNT(*){DONE_ANSWERS} GROUP BY a.question_id, a.value"
    ),
    "stations with a negative answer by question": (
        f"SELECT a.question_id, COUNT(DISTINCT v.station_id){DONE_ANSWERS} AND {IS_NEGATIVE}"
        " GROUP BY a.question_id"
    ),
    "incidents by category and severity": (
        f"SELECT i.category, i.severity, COUNT(*){HELD_INCIDENTS} GROUP BY i.category, i.severity"
    ),
    "incidents observed and stations by category": (
        "SELECT i.category, COUNT(CASE WHEN i.observed THEN 1 END),"
        f" COUNT(DISTINCT v.station_id){HELD_INCIDENTS} GROUP BY i.category"
    ),
    "stations with incidents": f"SELECT COUNT(DISTINCT v.station_id){HELD_INCIDENTS}",
    "members by delegation": (
        "SELECT d.name, d.kind, COUNT(m.id) FROM delegation d"
        " LEFT JOIN member m ON m.delegation_id = d.id GROUP BY d.id ORDER BY d.name"
    ),
    "members by role and accreditation": (
        "SELECT role, accreditation_status, COUNT(*) FROM member"
        " GROUP BY role, accreditation_status"
    ),
}


def agree(by_hand: dict[str, list[tuple[Any, ...]]], figures: Any) -> list[str]:
    """Figures on which the two ways disagree (a few checks that they do the same work)."""
    answers: dict[int, int] = {}
    for question_id, _value, count in by_hand["answers by question and value"]:
        answers[question_id] = answers.get(question_id, 0) + count
    negative = dict(by_hand["stations with a negative answer by question"])
    checks = {
        "observations": (
            sum(row[1] for row in by_hand["observations and stations by phase"]),
            figures.coverage.observations,
        ),
        "stations": (
            sum(row[4] for row in by_hand["stations and observations by locality"]),
            figures.coverage.stations,
        ),
        "answers": (answers, {q.question_id: q.answered for q in figures.questions if q.answered}),
        "negative stations": (
            negative,
            {q.question_id: q.negative_stations for q in figures.questions if q.negative_stations},
        ),
        "incidents": (
            sum(row[2] for row in by_hand["incidents by category and severity"]),
            figures.incidents.incidents,
        ),
        "members": (
            sum(row[2] for row in by_hand["members by role and accreditation"]),
            figures.composition.members,
        ),
    }
    return [name for name, (hand, service) in checks.items() if hand != service]


def time_statistics(path: Path) -> tuple[float, float | None, list[str]]:
    """Best of 3 of the hand-written SQL and of mission_statistics (None: not written yet),
    each on a connection opened once so that only the queries are timed; and the figures
    on which they disagree."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:

        def by_hand() -> dict[str, list[tuple[Any, ...]]]:
            return {
                figure: connection.execute(sql).fetchall()
                for figure, sql in HAND_WRITTEN_SQL.items()
            }

        hand_written = best_of(3, by_hand)
        figures_by_hand = by_hand()
    try:
        from coordinator.services.statistics import mission_statistics
    except ImportError:
        return hand_written, None, []
    with open_mission_file(path) as opened, opened.session() as session:
        through_services = best_of(3, lambda: mission_statistics(session))
        differ = agree(figures_by_hand, mission_statistics(session))
    return hand_written, through_services, differ


def best_of(times: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


# --- report -----------------------------------------------------------------------------


def print_steps(title: str, steps: dict[str, float]) -> float:
    total = sum(steps.values())
    detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in steps.items())
    print(f"  {title:<10} {total:7.2f} s   ({detail})")
    return total


def write_both(folder: Path, scale: float) -> Path:
    """Part (a); returns the file written through the services."""
    services_file, bare_file = folder / "bulk.eom", folder / "bare.eom"
    for old in (services_file, bare_file):
        for suffix in ("", "-wal", "-shm"):
            old.with_name(old.name + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    mission = at_scale(scale)
    print(
        f"Synthetic mission (scale {scale}): {len(mission.stations):,} stations, "
        f"{len(mission.localities)} localities, {len(mission.teams)} teams, "
        f"{len(mission.visits):,} visits, {len(mission.answers):,} answers "
        f"(generated in {time.perf_counter() - start:.1f} s; peak {peak_memory_mb():.0f} MB)"
    )
    print("(a) writing")
    bare = print_steps("bare", write_bare(bare_file, mission))
    print(f"      peak memory so far {peak_memory_mb():.0f} MB")
    services = print_steps("bulk", write_with_services(services_file, mission))
    print(f"      peak memory so far {peak_memory_mb():.0f} MB")
    ratio = services / bare
    verdict = "ok" if ratio <= WRITE_TARGET else "OVER TARGET"
    print(f"  ratio bulk/bare {ratio:.2f}x (target <= {WRITE_TARGET}x): {verdict}")
    differ = same_rows(services_file, bare_file)
    print(f"  rows written: {'identical' if not differ else 'DIFFER in ' + ', '.join(differ)}")
    return services_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is 100,000 stations")
    parser.add_argument("--keep", type=Path, help="write the mission files in this folder")
    parser.add_argument(
        "--statistics-only",
        action="store_true",
        help="skip (a): time the statistics of bulk.eom left in the --keep folder",
    )
    arguments = parser.parse_args(argv)
    if arguments.statistics_only and arguments.keep is None:
        parser.error("--statistics-only needs --keep FOLDER holding bulk.eom")
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-db-"))
    folder.mkdir(parents=True, exist_ok=True)
    if arguments.statistics_only:
        services_file = folder / "bulk.eom"
    else:
        services_file = write_both(folder, arguments.scale)

    print("(b) statistics, best of 3")
    by_hand, through_services, differ = time_statistics(services_file)
    print(f"  hand-written SQL   {by_hand:6.3f} s")
    if through_services is None:
        print("  coordinator.services.statistics.mission_statistics is not written yet")
        return 1
    ratio = through_services / by_hand
    verdict = (
        "ok"
        if ratio <= STATISTICS_TARGET and through_services < STATISTICS_LIMIT_S
        else "OVER TARGET"
    )
    print(f"  mission_statistics {through_services:6.3f} s")
    print(
        f"  ratio {ratio:.2f}x (target <= {STATISTICS_TARGET}x and < {STATISTICS_LIMIT_S:.0f} s):"
        f" {verdict}"
    )
    print(f"  figures: {'the same' if not differ else 'DIFFER in ' + ', '.join(differ)}")
    print(f"Peak memory {peak_memory_mb():.0f} MB. Files in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
