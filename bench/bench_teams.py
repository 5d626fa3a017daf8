"""Benchmark of an import with many teams and members, against the bulk path alone.

A folder of CSV files (20 delegations, 2,000 teams each listing its 2 members, 4,000
members naming their team, 100,000 stations in 200 localities, 200,000 visits) imported
by `coordinator import` into a new mission file, against `pandas.read_csv` of the same
files plus `coordinator.services.bulk` writing the same rows into another new file (the
checks and writes of an import, without its reading of cells, matching of columns and
comparing with what the file holds). Each side runs in its own process, so each peak
memory is its own. Target: <= 2.0x the bulk path.

Run: .venv/bin/python bench/bench_teams.py [--scale 0.1] [--people-only]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import compare, cpu_seconds, in_own_process, timed

TEAMS, MEMBERS, STATIONS, VISITS = 2_000, 4_000, 100_000, 200_000
DELEGATIONS = 20


def write_folder(folder: Path, scale: float, *, people_only: bool = False) -> None:
    """The CSV files: teams and members always at full count, stations and visits scaled."""
    folder.mkdir(parents=True)

    def write(name: str, header: list[str], rows: object) -> None:
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)  # type: ignore[arg-type]

    def member(n: int) -> str:
        return f"Наблюдатель {n:05d}"

    write(
        "Delegations",
        ["name", "kind", "country"],
        ([f"Delegation {n}", "member_state", f"Country {n}"] for n in range(DELEGATIONS)),
    )
    write(
        "Teams",
        [
            *("code", "members", "interpreter", "interpreter_phone", "driver", "driver_phone"),
            *("vehicle", "area", "notes", "base", "base_latitude", "base_longitude"),
        ],
        (
            [
                *(f"T{n}", f"{member(2 * n)};{member(2 * n + 1)}", f"Interpreter {n}"),
                *(f"+996 555 {n:06d}", f"Driver {n}", f"+996 700 {n:06d}", f"Vehicle {n}"),
                *(f"Area {n % 40}", f"Team {n}", f"Hotel {n % 60}", 42 + n % 90 / 100, 74.5),
            ]
            for n in range(TEAMS)
        ),
    )
    write(
        "Members",
        [
            *("full_name", "delegation", "position", "role", "email", "phone", "passport_no"),
            *("accreditation_no", "accreditation_status", "arrival", "departure", "team"),
        ],
        (
            [
                *(member(n), f"Delegation {n % DELEGATIONS}", "Member of parliament"),
                *("observer", f"observer{n}@example.org", f"+1 555 {n:06d}", f"P{n:07d}"),
                *(f"A{n:05d}", "accredited", "2024-11-10", "2024-11-20", f"T{n // 2}"),
            ]
            for n in range(MEMBERS)
        ),
    )
    if people_only:
        return
    stations, visits = int(STATIONS * scale), int(VISITS * scale)
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
        ["id", "team", "station", "date", "phase", "status", "voters_voted"],
        (
            [
                *(f"V{n:07d}", f"T{n % TEAMS}", f"{n % stations:06d}", "2024-11-17"),
                *("voting", "done", n % 400),
            ]
            for n in range(visits)
        ),
    )


def ours(folder: Path, path: Path) -> None:
    from coordinator.exchange.importer import import_workbook

    import_workbook(path, folder)


def bulk_alone(folder: Path, path: Path) -> None:
    """The same rows through `coordinator.services.bulk`, in one transaction as an import."""
    import pandas as pd

    from coordinator.db.enums import (
        AccreditationStatus,
        DelegationKind,
        MemberRole,
        Phase,
        VisitStatus,
    )
    from coordinator.db.models import Delegation
    from coordinator.services import bulk
    from coordinator.services.files import new_mission_with

    def read(name: str) -> pd.DataFrame:
        file = folder / f"{name}.csv"
        if not file.exists():
            return pd.DataFrame()
        return pd.read_csv(file, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")

    def day(text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def write(session: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        with session.begin():
            delegations = read("Delegations")
            session.add_all(
                Delegation(name=name, kind=DelegationKind(kind), country=country)
                for name, kind, country in delegations.itertuples(index=False)
            )
            session.flush()
            named = {d.name: d.id for d in session.query(Delegation)}
            teams = bulk.add_teams(
                session,
                (
                    bulk.TeamRecord(
                        *(t.code, t.interpreter, t.interpreter_phone, t.driver, t.driver_phone),
                        *(t.vehicle, t.area, t.notes, t.base),
                        *(float(t.base_latitude), float(t.base_longitude)),
                    )
                    for t in read("Teams").itertuples(index=False)
                ),
            )
            bulk.add_members(
                session,
                (
                    bulk.MemberRecord(
                        *(m.full_name, named[m.delegation], m.position, MemberRole(m.role)),
                        *(m.email, m.phone, m.passport_no, m.accreditation_no),
                        *(AccreditationStatus(m.accreditation_status), day(m.arrival)),
                        day(m.departure),
                        team_id=teams[m.team],
                    )
                    for m in read("Members").itertuples(index=False)
                ),
            )
            frame = read("Stations")
            if frame.empty:
                return
            places = frame[["locality", "region"]].drop_duplicates().itertuples(index=False)
            localities = bulk.add_localities(
                session, (bulk.LocalityRecord(name, region=region) for name, region in places)
            )
            stations = bulk.add_stations(
                session,
                (
                    bulk.StationRecord(code, localities[locality, "", region], name, "", int(v))
                    for code, name, locality, region, v in frame.itertuples(index=False)
                ),
            )
            bulk.add_visits(
                session,
                (
                    bulk.VisitRecord(
                        *(ref, teams[team], stations[station], day(date), Phase(phase)),
                        VisitStatus(status),
                        voters_voted=int(voters),
                    )
                    for ref, team, station, date, phase, status, voters in read(
                        "Visits"
                    ).itertuples(index=False)
                ),
            )

    new_mission_with(path, write).close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="of stations and visits")
    parser.add_argument("--people-only", action="store_true", help="no stations or visits")
    parser.add_argument("--side", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:
        which, folder, path = args.side
        work = ours if which == "ours" else bulk_alone
        title = "coordinator import" if which == "ours" else "read_csv + bulk path"
        began = cpu_seconds()
        seconds = timed(title, lambda: work(Path(folder), Path(path)))
        # On a busy machine a side's wall time says as much about the others as about it:
        # its processor time (SQLite works in the process) is printed to compare too.
        print(f"  {'':<28} {cpu_seconds() - began:8.2f} s of processor time")
        print(seconds)
        return 0
    stations = 0 if args.people_only else int(STATIONS * args.scale)
    visits = 0 if args.people_only else int(VISITS * args.scale)
    print(f"{TEAMS} teams, {MEMBERS} members, {stations} stations, {visits} visits, into a file")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_folder(folder / "csv", args.scale, people_only=args.people_only)
        mine = in_own_process(__file__, "ours", str(folder / "csv"), str(folder / "ours.eom"))
        bare = in_own_process(__file__, "bulk", str(folder / "csv"), str(folder / "bulk.eom"))
        ok = compare("import into a file", mine, bare)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
