"""Taking back a delete: a snapshot of a record and of everything that goes with it.

Deleting a team deletes its visits, their answers and incidents, and takes the team off
its members and debrief notes. `snapshot` records all of that by following the foreign
keys of the schema (CASCADE: the rows go too; SET NULL: the reference is cleared), and
`restore` puts every row back with its id and uuid, so undo gives exactly what was there.
It works for any table, today's and tomorrow's, from the metadata alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import Base
from coordinator.services.unit import unit_of_work


@dataclass
class Snapshot:
    """Rows to put back, parents before children, and references to set again."""

    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # (table, column, value, ids of the rows whose column held value)
    references: list[tuple[str, str, Any, list[Any]]] = field(default_factory=list)


def _dependants(table: sa.Table) -> list[tuple[sa.Table, sa.ForeignKey]]:
    """Every foreign key in the schema that points at `table`."""
    found = []
    for other in Base.metadata.sorted_tables:
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is table:
                found.append((other, foreign_key))
    return found


def _collect(
    session: Session, table: sa.Table, condition: sa.ColumnElement[bool], snapshot: Snapshot
) -> None:
    rows = [dict(row) for row in session.execute(sa.select(table).where(condition)).mappings()]
    key = [column.name for column in table.primary_key.columns]
    seen = {tuple(row[k] for k in key) for name, row in snapshot.rows if name == table.name}
    rows = [row for row in rows if tuple(row[k] for k in key) not in seen]
    if not rows:
        return
    snapshot.rows.extend((table.name, row) for row in rows)
    for dependant, foreign_key in _dependants(table):
        referenced = foreign_key.column.name
        values = [row[referenced] for row in rows]
        child_column = dependant.c[foreign_key.parent.name]
        ondelete = (foreign_key.ondelete or "").upper()
        if ondelete == "CASCADE":
            _collect(session, dependant, child_column.in_(values), snapshot)
        elif ondelete == "SET NULL":
            child_key = list(dependant.primary_key.columns)
            for value in values:
                ids = session.execute(sa.select(*child_key).where(child_column == value)).all()
                if ids:
                    snapshot.references.append(
                        (dependant.name, child_column.name, value, [tuple(i) for i in ids])
                    )


def snapshot(session: Session, model: type[Base], record_id: int) -> Snapshot:
    """Everything that deleting `model` #record_id would remove or change.

    Take it just before calling the entity's own delete service (which may refuse).
    """
    table = model.__table__
    assert isinstance(table, sa.Table)
    taken = Snapshot()
    with unit_of_work(session):
        _collect(session, table, table.c.id == record_id, taken)
    return taken


def restore(session: Session, taken: Snapshot) -> None:
    """Put back what `snapshot` recorded, in one transaction."""
    tables: Mapping[str, sa.Table] = Base.metadata.tables
    with unit_of_work(session):
        for name, row in taken.rows:
            session.execute(sa.insert(tables[name]).values(**row))
        for name, column, value, ids in taken.references:
            table = tables[name]
            key = list(table.primary_key.columns)
            for identity in ids:
                condition = sa.and_(*(c == v for c, v in zip(key, identity, strict=True)))
                session.execute(sa.update(table).where(condition).values({column: value}))
    session.expire_all()


def snapshot_records(session: Session, model: type[Base], record_ids: list[int]) -> Snapshot:
    """Everything that deleting the `model` records with `record_ids` would remove or change."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    taken = Snapshot()
    with unit_of_work(session):
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start : start + 500]
            _collect(session, table, table.c.id.in_(chunk), taken)
    return taken
