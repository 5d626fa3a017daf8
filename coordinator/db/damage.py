"""Content a mission file should never hold, found by SQL without loading a record.

A file changed outside the program (by hand in a database browser, by a broken copy, by
another tool) may hold a date that does not exist (2024-02-31), a phase or status the
vocabulary does not have, a table or column that is missing, or a logo that is not an
image. Loading such a record would fail deep inside SQLAlchemy; here each is named by
table, row and field, in plain words, for `coordinator check` and for the commands that
refuse to write into a damaged file.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coordinator.db.models import Base

SHOWN = 5  # records named per damaged field; the rest are counted
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bad_values_query(table: sa.Table, column: sa.Column[object]) -> str | None:
    """SQL selecting (id, value) of the rows whose `column` holds what its type cannot."""
    name, key = _quoted(column.name), _quoted(table.name)
    kind = column.type
    if isinstance(kind, sa.Enum):
        allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in kind.enums)
        test = f"{name} NOT IN ({allowed})"
    elif isinstance(kind, sa.DateTime):
        test = (
            f"datetime({name}, '+0 days') IS NULL "
            f"OR date({name}, '+0 days') <> substr({name}, 1, 10)"
        )
    elif isinstance(kind, sa.Date):
        # With a modifier SQLite moves 2024-02-31 on to 2024-03-02: a date that changes
        # is not a date.
        test = f"date({name}, '+0 days') IS NULL OR date({name}, '+0 days') <> {name}"
    elif isinstance(kind, sa.Time):
        test = f"time({name}) IS NULL OR substr(time({name}), 1, 5) <> substr({name}, 1, 5)"
    else:
        return None
    return f"SELECT rowid, {name} FROM {key} WHERE {name} IS NOT NULL AND ({test})"


def _what(kind: sa.types.TypeEngine[object]) -> str:
    if isinstance(kind, sa.Enum):
        return f"not one of {', '.join(kind.enums)}"
    if isinstance(kind, sa.DateTime):
        return "not a date and time"
    if isinstance(kind, sa.Date):
        return "not a date that exists"
    return "not a time of day"


def damaged_content(connection: Connection) -> list[str]:
    """Each missing table or column and each impossible value, named; [] when all is well."""
    if connection.dialect.name != "sqlite":
        return []
    problems: list[str] = []
    tables = set(sa.inspect(connection).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            problems.append(f"Table {table.name} is missing from the file.")
            continue
        present = {
            row[1]
            for row in connection.exec_driver_sql(f"PRAGMA table_info({_quoted(table.name)})")
        }
        missing = [c.name for c in table.columns if c.name not in present]
        problems += [f"Table {table.name}: the column {name} is missing." for name in missing]
        for column in table.columns:
            if column.name in missing:
                continue
            query = _bad_values_query(table, column)
            if query is None:
                continue
            rows = connection.exec_driver_sql(query + f" LIMIT {SHOWN + 1}").all()
            for rowid, value in rows[:SHOWN]:
                problems.append(
                    f"Table {table.name}, row {rowid}, field {column.name}: '{value}' is "
                    f"{_what(column.type)}."
                )
            if len(rows) > SHOWN:
                problems.append(f"Table {table.name}, field {column.name}: more rows like these.")
        if table.name == "mission" and "logo" in present:
            problems += _logo_problems(connection)
    return problems


def _logo_problems(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql(
        "SELECT rowid, CAST(substr(logo, 1, 8) AS BLOB) FROM mission WHERE logo IS NOT NULL"
    ).all()
    return [
        f"Table mission, row {rowid}, field logo: it is not an image (PNG, JPEG or GIF)."
        for rowid, head in rows
        if not bytes(head).startswith(_IMAGE_MAGIC)
    ]


def is_image(data: bytes) -> bool:
    """Whether `data` starts as an image the statement can show (PNG, JPEG, GIF)."""
    return data.startswith(_IMAGE_MAGIC)
