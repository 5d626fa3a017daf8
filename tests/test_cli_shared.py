"""`publish` and `copy` move a mission between a file and a shared database without loss,
and every command that takes a mission file also takes a shared mission's address."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.cli import main
from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import Base, PollingStation, Team
from coordinator.exchange.sheets import SHEETS
from coordinator.services.teams import team_fields, update_team
from tests.conftest import SharedDatabases
from tests.exchange.workbooks import basic_sheets, dump, write_xlsx

pytestmark = pytest.mark.postgresql


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _export(capsys: pytest.CaptureFixture[str], mission: str, folder: Path) -> dict[str, str]:
    code, _out, err = _run(capsys, "export", mission, str(folder))
    assert code == 0, err
    return {path.name: path.read_text(encoding="utf-8-sig") for path in sorted(folder.iterdir())}


def test_publish_then_copy_gives_back_the_same_mission(
    demo_path: Path,
    shared_databases: SharedDatabases,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A team saved twice since it was made: its count of saves (version 3) goes both ways.
    with open_mission_file(demo_path) as mission, mission.session() as session:
        team = session.scalars(sa.select(Team).order_by(Team.id)).first()
        assert team is not None
        for area in ("Osh", "Osh; Kara-Suu"):
            update_team(session, team.id, replace(team_fields(team), area=area))
        saved = (team.id, team.version)
    assert saved[1] == 3
    address = shared_databases.empty()
    code, out, err = _run(capsys, "publish", str(demo_path), address)
    assert code == 0, err
    assert "Published" in out and "rows" in out
    assert "Publishing to" in err and "100%" in err  # the progress
    copy = tmp_path / "field-laptop.eom"
    code, out, err = _run(capsys, "copy", address, str(copy))
    assert code == 0, err
    assert f"to {copy}" in out and "100%" in err

    original = _export(capsys, str(demo_path), tmp_path / "original")
    assert _export(capsys, address, tmp_path / "shared") == original
    assert _export(capsys, str(copy), tmp_path / "copy") == original
    assert len(original) == len(SHEETS) and sum(len(text) for text in original.values()) > 5000
    # Not only what an export shows: every row, ids and uuids included.
    rows = dump(demo_path)
    assert dump(copy) == rows
    for home in (address, copy):
        with open_mission_file(home) as mission, mission.session() as session:
            assert session.scalar(sa.select(Team.version).where(Team.id == saved[0])) == 3
    assert all(
        rows[table.name]
        for table in Base.metadata.sorted_tables
        if table.name not in ("statement_section", "incident")
    )


def test_a_published_mission_takes_new_records_after_the_copied_ones(
    demo_path: Path, shared_databases: SharedDatabases, capsys: pytest.CaptureFixture[str]
) -> None:
    address = shared_databases.empty()
    assert _run(capsys, "publish", str(demo_path), address)[0] == 0
    with open_mission_file(address) as shared, shared.session() as session, session.begin():
        highest = session.scalar(sa.select(sa.func.max(PollingStation.id)))
        locality = session.scalar(sa.select(PollingStation.locality_id).limit(1))
        station = PollingStation(code="NEW-1", name="New", locality_id=locality)
        session.add(station)
        session.flush()
        assert station.id == (highest or 0) + 1


def test_publish_refuses_a_database_that_holds_anything(
    demo_path: Path,
    shared_databases: SharedDatabases,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address = shared_databases.empty()
    assert _run(capsys, "publish", str(demo_path), address)[0] == 0
    before = dump(address)
    code, _out, err = _run(capsys, "publish", str(demo_path), address)
    assert code == 1
    assert "is not empty (it holds" in err and "nothing was changed" in err
    assert "Traceback" not in err
    assert dump(address) == before

    shared_databases.server.execute(
        "CREATE TABLE payroll (id integer)", database=address.rsplit("/", 1)[1]
    )
    other = shared_databases.empty()
    shared_databases.server.execute(
        "CREATE TABLE payroll (id integer)", database=other.rsplit("/", 1)[1]
    )
    code, _out, err = _run(capsys, "publish", str(demo_path), other)
    assert code == 1 and "public.payroll" in err


def test_copy_never_replaces_a_file_and_says_what_is_wrong(
    shared_demo_address: str, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_path.read_bytes()
    code, _out, err = _run(capsys, "copy", shared_demo_address, str(demo_path))
    assert code == 1 and "already exists" in err
    assert demo_path.read_bytes() == before
    code, _out, err = _run(capsys, "copy", "postgresql://nobody@/", str(tmp_path / "x.eom"))
    assert code == 1 and "is not the address of a shared mission" in err
    assert not (tmp_path / "x.eom").exists()
    assert list(tmp_path.glob("*partial*")) == []


def test_commands_take_a_shared_mission(
    shared_demo_address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(capsys, "check", shared_demo_address)
    assert code == 0 and out.startswith(f"Check of {shared_demo_address}")
    code, out, err = _run(
        capsys, "statement", shared_demo_address, "-o", str(tmp_path / "statement.pdf")
    )
    assert code == 0, err
    assert (tmp_path / "statement.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = _run(capsys, "schedule", shared_demo_address, "-o", str(tmp_path / "s.pdf"))
    assert code == 0, err

    workbook = write_xlsx(tmp_path / "more.xlsx", basic_sheets())
    code, out, err = _run(capsys, "import", shared_demo_address, str(workbook))
    assert code == 0, err
    assert "Stations: 2 new" in out
    code, out, _err = _run(capsys, "import", shared_demo_address, str(workbook))
    assert "Stations: 0 new, 0 updated, 2 unchanged" in out


def test_an_address_that_reaches_no_mission_is_a_message(
    shared_databases: SharedDatabases, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = shared_databases.empty()
    code, _out, err = _run(capsys, "check", empty)
    assert code == 1 and "holds no mission yet: it is empty" in err
    missing = empty.rsplit("/", 1)[0] + "/no_such_mission"
    code, _out, err = _run(capsys, "check", missing)
    assert code == 1 and "there is no database no_such_mission on that server" in err
    port = shared_databases.server.port
    nowhere = f"postgresql://someone@127.0.0.1:{port + 1 if port < 65535 else port - 1}/mission"
    code, _out, err = _run(capsys, "check", nowhere)
    assert code == 1 and "Could not reach the shared mission" in err
    assert "Traceback" not in err
