"""Teams and members sheets of more than BULK_ROWS new rows go in bulk (COPY on
PostgreSQL): every field, every member's delegation and team, and the same messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.db.missionfile import MissionFile
from coordinator.db.models import Delegation, Member, Team
from coordinator.exchange.bulk_rows import BULK_ROWS
from coordinator.exchange.importer import WorkbookImportError, import_sheets
from coordinator.exchange.reader import read_workbook
from coordinator.services.members import member_fields, member_key
from tests.exchange.workbooks import Cell, write_csv_folder

TEAMS = BULK_ROWS + 50
ROLES = (MemberRole.OBSERVER, MemberRole.INTERPRETER, MemberRole.ANALYST)
STATUSES = tuple(AccreditationStatus)

TEAM_HEADER = [
    *("code", "members", "interpreter", "interpreter_phone", "driver", "driver_phone"),
    *("vehicle", "area", "notes", "base", "base_latitude", "base_longitude"),
]
MEMBER_HEADER = [
    *("full_name", "delegation", "position", "role", "email", "phone", "passport_no"),
    *("accreditation_no", "accreditation_status", "arrival", "departure", "languages", "team"),
]


def _name(n: int) -> str:
    return f"Наблюдатель {n:04d}"


def _sheets(*, team_column: bool = True) -> dict[str, list[list[Cell]]]:
    """TEAMS teams, each listing its two members, but one in ten with no members (and no
    base); the Members sheet names each member's team too, unless not `team_column`."""
    teams: list[list[Cell]] = [TEAM_HEADER]
    members: list[list[Cell]] = [MEMBER_HEADER]
    for n in range(TEAMS):
        listed = f"{_name(2 * n)}; {_name(2 * n + 1)}" if n % 10 else ""
        base = ["", "", ""] if n % 10 == 0 else [f"Hotel {n % 7}", 42 + n / 1000, 74.5]
        teams.append(
            [
                *(f"T{n}", listed, f" Interpreter {n} ", f"+996 555 {n:06d}", f"Driver {n}"),
                *(f"+996 700 {n:06d}", f"Vehicle {n}", f"Area {n % 40}; Чүй"),
                f"Notes of team {n}",
                *base,
            ]
        )
    for n in range(2 * TEAMS):
        team = f"T{n // 2}" if (n // 2) % 10 else ""
        members.append(
            [
                *(_name(n), f"Delegation {n % 3}", f"Position {n}", ROLES[n % 3].value),
                *(f"person{n}@example.org", f"+1 555 {n:06d}", f"P{n:07d}", f"A{n:05d}"),
                *(STATUSES[n % len(STATUSES)].value, "2024-11-10", "2024-11-20"),
                *("English; Русский", team),
            ]
        )
    if not team_column:
        members = [row[:-1] for row in members]
    delegations: list[list[Cell]] = [["name", "kind", "country"]]
    delegations += [[f"Delegation {n}", "member_state", f"Country {n}"] for n in range(3)]
    return {"Delegations": delegations, "Teams": teams, "Members": members}


def _import(mission_file: MissionFile, folder: Path) -> list[str]:
    with mission_file.session() as session:
        return import_sheets(session, read_workbook(folder)).lines()


def test_teams_and_members_in_bulk_keep_every_field_and_link(
    mission_file: MissionFile, tmp_path: Path
) -> None:
    folder = write_csv_folder(tmp_path / "in", _sheets())
    lines = _import(mission_file, folder)
    assert f"Teams: {TEAMS} new, 0 updated, 0 unchanged" in lines
    assert f"Members: {2 * TEAMS} new, 0 updated, 0 unchanged" in lines
    with mission_file.session() as session:
        teams = {team.code: team for team in session.scalars(sa.select(Team))}
        delegations = {d.id: d.name for d in session.scalars(sa.select(Delegation))}
        members = {m.full_name: m for m in session.scalars(sa.select(Member))}
        assert len(teams) == TEAMS and len(members) == 2 * TEAMS
        for n in range(TEAMS):
            team = teams[f"T{n}"]
            assert (team.interpreter, team.interpreter_phone, team.driver) == (
                f"Interpreter {n}",  # cleaned of spaces, as the service cleans it
                f"+996 555 {n:06d}",
                f"Driver {n}",
            )
            assert (team.driver_phone, team.vehicle, team.area, team.notes) == (
                f"+996 700 {n:06d}",
                f"Vehicle {n}",
                f"Area {n % 40}; Чүй",
                f"Notes of team {n}",
            )
            if n % 10 == 0:
                assert (team.base, team.base_latitude, team.base_longitude) == ("", None, None)
            else:
                assert team.base == f"Hotel {n % 7}"
                assert team.base_latitude == pytest.approx(42 + n / 1000)
                assert team.base_longitude == pytest.approx(74.5)
            in_team = sorted(m.full_name for m in team.members)
            assert in_team == ([_name(2 * n), _name(2 * n + 1)] if n % 10 else [])
        for n in range(2 * TEAMS):
            member = members[_name(n)]
            assert delegations[member.delegation_id] == f"Delegation {n % 3}"
            assert (member.position, member.role, member.email, member.phone) == (
                f"Position {n}",
                ROLES[n % 3],
                f"person{n}@example.org",
                f"+1 555 {n:06d}",
            )
            assert (member.passport_no, member.accreditation_no) == (f"P{n:07d}", f"A{n:05d}")
            assert member.accreditation_status is STATUSES[n % len(STATUSES)]
            assert (member.arrival, member.departure) == (
                dt.date(2024, 11, 10),
                dt.date(2024, 11, 20),
            )
            assert member.languages == "English; Русский"
            # The members list finds them by the same words as one typed in a form.
            assert member.search_key == member_key(member_fields(member))
            assert (member.team.code if member.team else None) == (
                f"T{n // 2}" if (n // 2) % 10 else None
            )
        uuids = [t.uuid for t in teams.values()] + [m.uuid for m in members.values()]
        assert len(set(uuids)) == len(uuids) and None not in uuids
    # The same workbook again changes nothing.
    again = _import(mission_file, folder)
    assert f"Teams: 0 new, 0 updated, {TEAMS} unchanged" in again
    assert f"Members: 0 new, 0 updated, {2 * TEAMS} unchanged" in again


def test_team_lists_alone_put_members_in_teams_and_move_them(
    mission_file: MissionFile, tmp_path: Path
) -> None:
    sheets = _sheets(team_column=False)
    _import(mission_file, write_csv_folder(tmp_path / "first", sheets))
    assert _teams_of(mission_file) == {
        _name(n): f"T{n // 2}" for n in range(2 * TEAMS) if (n // 2) % 10
    }
    # T1 and T2 swap their members, T3 takes one of T4's: four teams change.
    teams = sheets["Teams"]
    teams[2][1], teams[3][1] = teams[3][1], teams[2][1]
    teams[4][1] = f"{_name(6)}; {_name(7)}; {_name(8)}"
    teams[5][1] = _name(9)
    lines = _import(mission_file, write_csv_folder(tmp_path / "second", sheets))
    assert f"Teams: 0 new, 4 updated, {TEAMS - 4} unchanged" in lines
    assert f"Members: 0 new, 0 updated, {2 * TEAMS} unchanged" in lines
    moved = _teams_of(mission_file)
    assert [moved[_name(n)] for n in range(2, 10)] == ["T2", "T2", "T1", "T1", *["T3"] * 3, "T4"]


def _teams_of(mission_file: MissionFile) -> dict[str, str]:
    with mission_file.session() as session:
        select = sa.select(Member.full_name, Team.code).join(Team, Member.team_id == Team.id)
        return dict(session.execute(select).all())  # type: ignore[arg-type]


def test_problems_of_big_people_sheets_name_their_cells_and_change_nothing(
    mission_file: MissionFile, tmp_path: Path
) -> None:
    sheets = _sheets()
    latitude = TEAM_HEADER.index("base_latitude")
    sheets["Teams"][400][latitude] = 95
    with pytest.raises(WorkbookImportError) as raised:
        _import(mission_file, write_csv_folder(tmp_path / "in", sheets))
    # Alone: the members of the teams refused are not said to name teams that are not there.
    assert [str(p) for p in raised.value.report.problems] == [
        "Teams row 401, base_latitude: The base's latitude must be between -90 and 90.",
    ]
    sheets["Teams"][400][latitude] = 42
    sheets["Members"][300][MEMBER_HEADER.index("email")] = "nobody at example.org"
    sheets["Members"][301][MEMBER_HEADER.index("departure")] = "2024-11-01"
    with pytest.raises(WorkbookImportError) as raised:
        _import(mission_file, write_csv_folder(tmp_path / "again", sheets))
    assert [str(p) for p in raised.value.report.problems] == [
        "Members row 301, email: 'nobody at example.org' is not an e-mail address "
        "(like name@example.org).",
        "Members row 302, departure: Departure (1 November 2024) is before arrival "
        "(10 November 2024).",
    ]
    with mission_file.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Team)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(Member)) == 0
