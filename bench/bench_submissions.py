"""Benchmark of the submissions import, against pandas plus bare sqlite3 doing the same work.

20,000 submissions of 30 answers (600,000 answers) with 2,000 incidents, from a mission of
50 teams and 20,000 stations whose field form asks 30 voting questions:
(a) as a KoboToolbox .xlsx export (main sheet and an `incident` sheet, `_index` and
    `_parent_index`), imported by `coordinator submissions` into a copy of the mission,
    against `pandas.read_excel` of both sheets plus bare `sqlite3.executemany` of the same
    visits, answers and incidents into another copy;
(b) the same as an ODK Central .zip (FORM.csv and FORM-incident.csv), against
    `pandas.read_csv` of both tables plus the same executemany.
Target: <= 2.0x the bare path. Peak memory of the process is printed after each step.

Run: .venv/bin/python bench/bench_submissions.py [--scale 0.1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import shutil
import sqlite3
import sys
import tempfile
import uuid
import zipfile
from functools import partial
from pathlib import Path

import openpyxl
import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import compare, timed
from coordinator.db.engine import CACHE_KIB
from coordinator.db.enums import AnswerType, Phase
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import ChecklistQuestion, Locality, PollingStation, Team
from coordinator.exchange.submissions import import_export
from coordinator.exchange.xlsform import export_field_form
from coordinator.services.field_form import FieldForm, field_form
from coordinator.services.files import new_mission

QUESTIONS = 30
NUMBER_QUESTIONS = 5  # the last five count something; the rest are yes/no
TEAMS = 50
DAY = "2024-11-17"


def write_mission(path: Path, stations: int) -> FieldForm:
    """A mission of 50 teams, `stations` stations and a checklist of 30 voting questions."""
    new_mission(path).close()
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        with session.begin():
            session.execute(sa.delete(ChecklistQuestion))
            locality = Locality(name="Бишкек", region="Чүй")
            session.add(locality)
            session.flush()
            session.add_all(Team(code=f"T{n}") for n in range(1, TEAMS + 1))
            session.execute(
                sa.insert(PollingStation),
                [
                    {"code": f"{n:06d}", "name": f"Мектеп № {n}", "locality_id": locality.id}
                    for n in range(stations)
                ],
            )
            for n in range(1, QUESTIONS + 1):
                kind = AnswerType.NUMBER if n > QUESTIONS - NUMBER_QUESTIONS else AnswerType.YES_NO
                session.add(
                    ChecklistQuestion(
                        code=f"V{n}",
                        phase=Phase.VOTING,
                        position_in_list=n,
                        text=f"Question {n}?",
                        answer_type=kind,
                    )
                )
        export_field_form(session, path.with_name("form.xlsx"))
        return field_form(session)


def _answer(n: int, q: int) -> str:
    return (
        str((n + q) % 40) if q > QUESTIONS - NUMBER_QUESTIONS else ("no" if (n + q) % 7 else "yes")
    )


INCIDENT_SHARE = 10  # percent of submissions with an incident


def submissions_rows(submissions: int) -> tuple[list[list[object]], list[tuple[int, int]]]:
    """Each submission's values (without the platform's columns) and its incidents' parents."""
    rows = []
    for n in range(submissions):
        rows.append(
            [
                f"T{n % TEAMS + 1}",
                f"{n:06d}",
                DAY,
                "voting",
                "09:40:00.000+06:00",
                "10:15:00.000+06:00",
                n % 500,
                "good",
                *(_answer(n, q) for q in range(1, QUESTIONS + 1)),
                "Calm.",
                f"uuid:{uuid.UUID(int=n + 1)}",
            ]
        )
    incidents = [(k, k * 10) for k in range(submissions * INCIDENT_SHARE // 100)]
    return rows, incidents


HEADER = [
    "team",
    "station",
    "date",
    "phase",
    "arrival",
    "departure",
    "voters_voted",
    "overall",
    *(f"voting/V{q}" for q in range(1, QUESTIONS + 1)),
    "notes",
    "meta/instanceID",
]
INCIDENT = ["category", "severity", "time", "description"]
INCIDENT_VALUES = ["campaign_material", "minor", "10:00:00.000+06:00", "Posters at the door."]


def write_kobo_xlsx(path: Path, form: FieldForm, submissions: int) -> None:
    rows, incidents = submissions_rows(submissions)
    book = openpyxl.Workbook(write_only=True)
    main = book.create_sheet(form.title[:28] + "...")
    main.append([*HEADER, "_id", "_uuid", "_submission_time", "_submitted_by", "_index"])
    for n, row in enumerate(rows, start=1):
        # Kobo's default: numbers as numbers (the station code too), dates as dates.
        values = [*row]
        values[1] = int(str(values[1]))
        values[2] = dt.date(2024, 11, 17)
        main.append([*values, n, str(row[-1])[5:], "2024-11-17T10:05:00", "observer", n])
    repeat = book.create_sheet("incident")
    repeat.append(
        [f"incident/{c}" for c in INCIDENT] + ["_index", "_parent_table_name", "_parent_index"]
    )
    for number, (_k, parent) in enumerate(incidents, start=1):
        repeat.append([*INCIDENT_VALUES, number, form.title, parent + 1])
    book.save(path)


def write_odk_zip(path: Path, form: FieldForm, submissions: int) -> None:
    rows, incidents = submissions_rows(submissions)
    main = io.StringIO()
    writer = csv.writer(main, lineterminator="\n")
    writer.writerow(
        ["SubmissionDate", *(h.replace("/", "-") for h in HEADER), "KEY", "ReviewState"]
    )
    for row in rows:
        writer.writerow(["2024-11-17T10:05:00.000Z", *row, row[-1], ""])
    repeat = io.StringIO()
    writer = csv.writer(repeat, lineterminator="\n")
    writer.writerow([*INCIDENT, "PARENT_KEY", "KEY"])
    for _k, parent in incidents:
        key = rows[parent][-1]
        writer.writerow([*INCIDENT_VALUES, key, f"{key}/incident[1]"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{form.form_id}.csv", main.getvalue())
        archive.writestr(f"{form.form_id}-incident.csv", repeat.getvalue())


# --- the bare path: pandas reads, sqlite3 writes the same rows -----------------------------


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return connection


def bare_write(path: Path, main: pd.DataFrame, incidents: pd.DataFrame, parent: str) -> None:
    """`incidents`: category, severity, time, description and the parent's instance id."""
    with contextlib.closing(_connect(path)) as connection:
        connection.execute("BEGIN")
        teams = dict(connection.execute("SELECT code, id FROM team").fetchall())
        stations = dict(connection.execute("SELECT code, id FROM polling_station").fetchall())
        questions = dict(connection.execute("SELECT code, id FROM checklist_question").fetchall())
        columns = [c for c in main.columns if c.endswith(tuple(f"V{q}" for q in range(1, 31)))]
        records = main.to_dict("records")
        connection.executemany(
            "INSERT INTO visit (uuid, ref, team_id, station_id, date, phase, status, "
            "actual_arrival, actual_departure, voters_voted, overall, notes, submission_id, "
            "submission_root) VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    uuid.uuid4().hex,
                    f"V{n:06d}",
                    teams[r["team"]],
                    stations[f"{int(r['station']):06d}"],
                    str(r["date"])[:10],
                    r["phase"],
                    str(r["arrival"])[:5],
                    str(r["departure"])[:5],
                    int(r["voters_voted"]),
                    r["overall"],
                    r["notes"],
                    str(r[parent]),
                    str(r[parent]),
                )
                for n, r in enumerate(records, start=1)
            ),
        )
        visits = dict(connection.execute("SELECT submission_id, id FROM visit").fetchall())
        connection.executemany(
            "INSERT INTO answer (uuid, visit_id, question_id, value, comment) "
            "VALUES (?, ?, ?, ?, '')",
            (
                (
                    uuid.uuid4().hex,
                    visits[str(r[parent])],
                    questions[c.split("/")[-1].split("-")[-1]],
                    str(r[c]),
                )
                for r in records
                for c in columns
            ),
        )
        connection.executemany(
            "INSERT INTO incident (uuid, visit_id, time, category, severity, observed, "
            "description) VALUES (?, ?, ?, ?, ?, 1, ?)",
            (
                (uuid.uuid4().hex, visits[str(key)], str(t)[:5], c, s, d)
                for c, s, t, d, key in incidents.itertuples(index=False)
            ),
        )
        connection.execute("COMMIT")


def bare_kobo(export: Path, path: Path) -> None:
    sheets = pd.read_excel(export, sheet_name=None)
    main, repeat = list(sheets.values())
    keys = main["meta/instanceID"].to_numpy()[repeat["_parent_index"].to_numpy() - 1]
    repeat = repeat[[f"incident/{c}" for c in INCIDENT]].assign(parent=keys)
    bare_write(path, main, repeat, "meta/instanceID")


def bare_odk(export: Path, path: Path) -> None:
    with zipfile.ZipFile(export) as archive:
        names = sorted(archive.namelist(), key=len)
        main = pd.read_csv(archive.open(names[0]), dtype=str, keep_default_na=False)
        repeat = pd.read_csv(archive.open(names[1]), dtype=str, keep_default_na=False)
    bare_write(path, main, repeat[[*INCIDENT, "PARENT_KEY"]], "KEY")


def ours(export: Path, path: Path) -> None:
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        report = import_export(session, export)
    assert report.new_visits + report.planned_done > 0, report.lines()


def _counts(path: Path) -> tuple[int, int, int]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("visit", "answer", "incident")
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 20,000 submissions")
    parser.add_argument("--keep", type=Path, help="a folder to keep the files in")
    args = parser.parse_args(argv)
    submissions = int(20_000 * args.scale)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        mission = folder / "mission.eom"
        form = write_mission(mission, submissions)
        print(
            f"{submissions} submissions of {QUESTIONS} answers, "
            f"{submissions * INCIDENT_SHARE // 100} incidents"
        )
        ok = True
        for title, write, bare in (
            ("(a) KoboToolbox .xlsx", write_kobo_xlsx, bare_kobo),
            ("(b) ODK Central .zip", write_odk_zip, bare_odk),
        ):
            export = folder / ("kobo.xlsx" if "Kobo" in title else "odk.zip")
            write(export, form, submissions)
            for name in ("ours.eom", "bare.eom"):
                shutil.copy(mission, folder / name)
            print(title)
            mine = timed("coordinator submissions", partial(ours, export, folder / "ours.eom"), 34)
            theirs = timed("pandas + executemany", partial(bare, export, folder / "bare.eom"), 34)
            written, bare_written = _counts(folder / "ours.eom"), _counts(folder / "bare.eom")
            same = written == bare_written
            differ = "" if same else f"; DIFFERENT from the bare path's {bare_written}"
            print(f"  rows written (visits, answers, incidents): {written}{differ}")
            ok = compare(title[:3], mine, theirs) and ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
