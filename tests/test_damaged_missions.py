"""Missions changed outside the program, one damage at a time (made with sqlite3 from the
demo), and every command run on each: `check` names the table, row and field; the others
say plainly what is damaged or work around it, never "(a bug)" nor a traceback; `import`
into a damaged file is refused and changes nothing."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from coordinator.cli import main
from tests.exchange.workbooks import basic_sheets, write_xlsx

# Each damage: the SQL that makes it, and what `check` says of it.
DAMAGES = {
    "impossible date": (
        "UPDATE visit SET date = '2024-02-31' WHERE id = 3",
        "Table visit, row 3, field date: '2024-02-31' is not a date that exists.",
    ),
    "unknown phase": (
        "UPDATE visit SET phase = 'lunch' WHERE id = 2",
        "Table visit, row 2, field phase: 'lunch' is not one of opening, voting",
    ),
    "unknown status": (
        "UPDATE visit SET status = 'maybe' WHERE id = 4",
        "Table visit, row 4, field status: 'maybe' is not one of planned",
    ),
    "answer to no question": (
        "UPDATE answer SET question_id = 99999 WHERE id = 1",
        "1 answer record refers to a checklist question that is not in the file (row 1).",
    ),
    "missing column": (
        "ALTER TABLE meeting DROP COLUMN summary",
        "Table meeting: the column summary is missing.",
    ),
    "missing table": (
        "DROP TABLE incident",
        "Table incident is missing from the file.",
    ),
    "logo not an image": (
        "UPDATE mission SET logo = X'3C68746D6C3E6E6F7420616E20696D616765'",
        "Table mission, row 1, field logo: it is not an image (PNG, JPEG or GIF).",
    ),
}


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request: pytest.FixtureRequest, demo_path: Path) -> tuple[Path, str]:
    sql, said = DAMAGES[request.param]
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(sql)
        connection.commit()
    return demo_path, said


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "(a bug)" not in said and "Traceback" not in said, said
    return code, said


def test_check_names_the_damage(
    damaged: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    mission, said = damaged
    code, out = _run(capsys, "check", mission)
    assert code == 1
    assert said in out


def test_every_command_says_what_is_damaged_or_works_around_it(
    damaged: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mission, _ = damaged
    for args in (
        ("export", mission, tmp_path / "out.xlsx"),
        ("export", mission, tmp_path / "folder"),
        ("statement", mission, "-o", tmp_path / "s.pdf", "--annexes"),
        ("schedule", mission, "-o", tmp_path / "t.pdf"),
    ):
        code, out = _run(capsys, *args)
        if code != 0:
            assert "is damaged" in out, (args, out)
            assert "names each damaged table, row and field" in out
            if "`coordinator check" in out:  # the command to run is given with the file's path
                assert f"`coordinator check {mission}`" in out, out


def test_a_statement_with_a_broken_logo_prints_without_it_and_says_so(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.closing(sqlite3.connect(demo_path)) as connection:
        connection.execute("UPDATE mission SET logo = X'89504E470D0A1A0A00000000'")  # cut PNG
        connection.commit()
    code, out = _run(capsys, "statement", demo_path, "-o", tmp_path / "s.pdf")
    assert code == 0
    assert "the mission's logo is not an image that can be shown" in out
    assert (tmp_path / "s.pdf").stat().st_size > 0


def test_import_into_a_damaged_file_is_refused(
    damaged: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mission, _ = damaged
    before = mission.read_bytes()
    workbook = write_xlsx(tmp_path / "w.xlsx", basic_sheets())
    code, out = _run(capsys, "import", mission, workbook)
    assert code == 1
    assert "is damaged, so nothing was imported" in out
    assert mission.read_bytes() == before
