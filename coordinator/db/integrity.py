"""SQLite's own checks of a mission file: damaged pages and references to missing records.

These are SQLite pragmas, so they live here rather than in the services; `coordinator
check` puts what they find at the top of its report. Another database has its own
guarantees, and for it the list is empty.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy.exc
from sqlalchemy.engine import Connection, Engine

from coordinator.db.damage import damaged_content

# SQLite lists up to 100 problems; a coordinator needs the first few to know the file is bad.
SHOWN = 10


def _words(table: str) -> str:
    return table.replace("_", " ")


def _integrity(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    damage = [str(row) for row in rows if row != "ok"]
    messages = [f"The file is damaged: {detail.strip()}" for detail in damage[:SHOWN]]
    if len(damage) > SHOWN:
        messages.append(f"The file is damaged in {len(damage) - SHOWN} more places.")
    return messages


def _broken_references(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    # One line per kind of broken link, not per row: a lost visit can orphan thousands.
    rowids: dict[tuple[str, str], list[int]] = defaultdict(list)
    for table, rowid, parent, _constraint in rows:
        rowids[(str(table), str(parent))].append(int(rowid))
    messages = []
    for (table, parent), ids in sorted(rowids.items()):
        shown = ", ".join(str(i) for i in sorted(ids)[:SHOWN])
        more = ", …" if len(ids) > SHOWN else ""
        records = "record refers" if len(ids) == 1 else "records refer"
        messages.append(
            f"{len(ids)} {_words(table)} {records} to a {_words(parent)} that is not in the "
            f"file (row {shown}{more})."
        )
    return messages


def sqlite_integrity_problems(engine: Engine) -> list[str]:
    """What SQLite finds wrong with the file, in plain sentences; [] when all is well."""
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as connection:
            found = _integrity(connection) + _broken_references(connection)
            return found + damaged_content(connection)
    except sqlalchemy.exc.DatabaseError as error:
        return [f"The file is damaged: SQLite could not check it ({error.orig})."]


def damage_on_opening(engine: Engine) -> list[str]:
    """What the window looks for when it opens a file: records that refer to missing ones
    and content the program cannot read (an impossible date, an unknown phase, a missing
    table or column, a logo that is not an image); [] when none.

    Not SQLite's page check (`PRAGMA integrity_check` reads the whole file, too slow for
    every opening): `coordinator check` does that.
    """
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as connection:
            return _broken_references(connection) + damaged_content(connection)
    except sqlalchemy.exc.DatabaseError as error:
        return [f"The file is damaged: SQLite could not check it ({error.orig})."]
