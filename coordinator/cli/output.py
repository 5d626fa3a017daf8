"""What every command shares: opening a mission to read it, and saying how far it has come."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from coordinator.db.missionfile import MissionFile


def open_to_read(path: Path | str) -> MissionFile:
    """The mission file for a command that reads it; an upgrade of an older file is said."""
    from coordinator.db.missionfile import open_mission_file

    mission_file = open_mission_file(path, to_read=True)
    if mission_file.upgraded_from is not None:
        kept = (
            f"the file as it was is kept as {mission_file.backup}"
            if mission_file.backup is not None
            else "in one transaction"
        )
        print(
            f"coordinator: {mission_file.name} was upgraded from file format "
            f"{mission_file.upgraded_from}; {kept}.",
            file=sys.stderr,
        )
    return mission_file


@contextmanager
def reading(path: Path | str) -> Iterator[Session]:
    """A session on the mission for a command that only reads it, closed with the mission."""
    with open_to_read(path) as mission_file, mission_file.session() as session:
        yield session


class Progress:
    """A command's progress on stderr: one line rewritten in a terminal, a few lines if not."""

    def __init__(self, doing: str) -> None:
        self.doing = doing
        self.shown = -1

    def __call__(self, done: int, total: int, table: str) -> None:
        percent = 100 * done // total if total else 100
        if sys.stderr.isatty():
            print(
                f"\r{self.doing}: {percent}% ({done:,} of {total:,} rows)", end="", file=sys.stderr
            )
            if done == total:
                print(file=sys.stderr)
        elif percent // 25 != self.shown // 25 or done == total:
            print(f"{self.doing}: {percent}% ({done:,} of {total:,} rows)", file=sys.stderr)
        self.shown = percent


def pages_said(every: int = 200) -> Callable[[int], None]:
    """Says on stderr how far a long PDF has come (the annexes of 200,000 visits take
    thousands of pages), every `every` pages."""

    def said(page: int) -> None:
        if page % every == 0:
            print(f"coordinator: laid out {page:,} pages…", file=sys.stderr, flush=True)

    return said
