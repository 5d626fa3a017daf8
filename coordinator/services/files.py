"""Mission files as a coordinator handles them: new, open, save a copy.

The window and the command line come here rather than to `coordinator.db`, so that what
"a new mission" means (an empty file with the standard checklist) is said once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.missionfile import (
    SUFFIX,
    MissionFile,
    MissionFileError,
    backup_copy,
    create_mission_file,
    open_mission_file,
)
from coordinator.db.models import Mission
from coordinator.db.shared import PasswordNeededError, is_address
from coordinator.services.unit import unit_of_work

__all__ = [
    "SUFFIX",
    "MissionFile",
    "PasswordNeededError",
    "is_address",
    "mission_title",
    "new_mission",
    "new_mission_with",
    "open_mission",
    "save_copy",
]


def with_suffix(path: Path | str) -> Path:
    """The path with the mission file extension added when the user left it out.

    MissionFileError for a folder: "missions" would otherwise become "missions.eom"
    beside it.
    """
    path = Path(path)
    if path.is_dir():
        raise MissionFileError(f"{path} is a folder: give a file name for the mission.")
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def new_mission(path: Path | str, *, replace: bool = False) -> MissionFile:
    """A new mission file at `path` holding the standard checklist, opened for editing."""
    return create_mission_file(with_suffix(path), replace=replace, fill=_fill_with(None))


def new_mission_with(
    path: Path | str, fill: Callable[[Session], None], *, replace: bool = False
) -> MissionFile:
    """A new mission file at `path`: the standard checklist, then what `fill` writes.

    The file appears (or replaces one there) only once `fill` is done: a kill or an error
    part way leaves no half mission and the old file as it was.
    """
    return create_mission_file(with_suffix(path), replace=replace, fill=_fill_with(fill))


def _fill_with(fill: Callable[[Session], None] | None) -> Callable[[MissionFile], None]:
    def filling(mission_file: MissionFile) -> None:
        from coordinator.services.checklist import load_standard_checklist

        with mission_file.session() as session:
            load_standard_checklist(session)
            if fill is not None:
                fill(session)

    return filling


def open_mission(
    path: Path | str, *, password: str | None = None, keep_journal: bool = False
) -> MissionFile:
    """Open a mission file (upgrading an older one after a backup copy) or a shared mission
    at its postgresql:// address (`password` when the server asks for one).

    `keep_journal`: for an import, which leaves a file it fails on as it was, byte for byte.
    """
    return open_mission_file(path, password=password, keep_journal=keep_journal)


def save_copy(mission_file: MissionFile, destination: Path | str) -> Path:
    """A consistent copy of the open mission at `destination`, while it stays open."""
    target = with_suffix(destination).expanduser().absolute()
    if mission_file.address is not None:
        from coordinator.services.sharing import take_copy

        take_copy(mission_file.address, target)
        return target
    if target == mission_file.path:
        raise MissionFileError(
            "A copy cannot replace the mission file itself; choose another name."
        )
    try:
        backup_copy(mission_file.path, target)
    except OSError as error:
        raise MissionFileError(f"Could not write the copy {target}: {error.strerror}.") from None
    return target


def mission_title(session: Session) -> str:
    """The mission's name for the window title; "New mission" until it has one."""
    with unit_of_work(session):
        name = session.scalar(sa.select(Mission.name).order_by(Mission.id).limit(1))
    return name or "New mission"
