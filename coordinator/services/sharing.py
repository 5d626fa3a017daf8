"""Moving a mission between its two homes: a file and a shared PostgreSQL database.

`publish` puts a mission file into an empty database; `take_copy` takes a consistent copy
of a shared mission into a new file (for a laptop going to the field). Both keep every
row as it is, ids and uuids included, so each side's export is the other's.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from coordinator.db.missionfile import (
    MissionFile,
    MissionFileError,
    create_mission_file,
    open_mission_file,
)
from coordinator.db.shared import SharedMissionError, is_address
from coordinator.db.transfer import Progress, copy_mission_rows


def publish(
    path: Path, address: str, progress: Progress | None = None, *, password: str | None = None
) -> dict[str, int]:
    """Put the mission file at `path` into the empty database at `address`, all or nothing.

    Returns the rows published per table.
    """
    from coordinator.db.sharedmission import create_shared_mission

    if not is_address(address):
        raise SharedMissionError(
            f"'{address}' is not the address of a shared mission. Write it as "
            "postgresql://user@host[:port]/database."
        )
    counts: dict[str, int] = {}
    with open_mission_file(path, to_read=True) as source:

        def fill(connection: sa.Connection) -> None:
            counts.update(copy_mission_rows(source.engine, connection, progress))

        create_shared_mission(address, password=password, fill=fill).close()
    return counts


def take_copy(
    address: str, path: Path, progress: Progress | None = None, *, password: str | None = None
) -> dict[str, int]:
    """A consistent copy of the shared mission at `address` as a new mission file at `path`.

    The file appears whole or not at all; an existing file is not replaced.
    """
    if not is_address(address):
        raise SharedMissionError(
            f"'{address}' is not the address of a shared mission. Write it as "
            "postgresql://user@host[:port]/database."
        )
    path = Path(path).expanduser().absolute()
    if path.exists():
        raise MissionFileError(f"{path} already exists. Choose another name for the copy.")
    if not path.parent.is_dir():
        raise MissionFileError(f"The folder {path.parent} does not exist.")
    counts: dict[str, int] = {}

    def fill(target: MissionFile) -> None:
        with target.engine.begin() as connection:
            counts.update(copy_mission_rows(source.engine, connection, progress))

    # Built whole beside `path` and renamed into place, like every new mission file.
    with open_mission_file(address, to_read=True, password=password) as source:
        create_mission_file(path, fill=fill).close()
    return counts
