"""Teams and members in bulk, and members moved between teams: a mission with thousands
of each checked as the teams and members services check them, written in one statement
per chunk (COPY on PostgreSQL) rather than an ORM object and a savepoint per row.

The records are the services' own (`TeamFields`, `MemberFields`). Which columns are
written is read from the tables and those records: a field that is a column of its table
is written as it is given (text cleaned), so a column added to both needs no change here,
and one with a default only in the table gets its default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.db.models import Base, Delegation, Member, Team
from coordinator.services.bulk.batch import Problems, new_uuid, table_of, text_limits
from coordinator.services.bulk.keyed import KeyedKind, add_keyed
from coordinator.services.bulk.records import MemberRecord, TeamRecord
from coordinator.services.members import MemberFields, member_key
from coordinator.services.unit import clean, format_date, unit_of_work

# Text kept as typed but for spaces at either end (line breaks stay), as the services do.
_UNCLEANED = frozenset({"notes"})


def _columns(model: type[Base], record: type[Any], key: str) -> tuple[str, ...]:
    """The record's fields that are columns of the model's table, in the table's order,
    without the key (written first) and the version (a form's; a new record's is the
    table's first)."""
    fields = {field.name for field in dataclasses.fields(record)} - {key, "version"}
    return tuple(column.name for column in table_of(model).columns if column.name in fields)


def _stored(row: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    """The row's values as they are stored, by column: text cleaned (notes only trimmed)."""
    values = {}
    for name in columns:
        value = getattr(row, name)
        if isinstance(value, str):
            value = value.strip() if name in _UNCLEANED else clean(value)
        values[name] = value
    return values


_TEAM_COLUMNS = _columns(Team, TeamRecord, "code")
_TEAM_LIMITS = text_limits(table_of(Team))


def _team_values(problems: Problems, number: int, row: TeamRecord, code: str) -> tuple[Any, ...]:
    values = _stored(row, _TEAM_COLUMNS)
    problems.lengths(number, _TEAM_LIMITS, values)
    latitude, longitude = row.base_latitude, row.base_longitude
    if latitude is not None and not -90 <= latitude <= 90:
        problems.add(number, "base_latitude", "The base's latitude must be between -90 and 90.")
    if longitude is not None and not -180 <= longitude <= 180:
        problems.add(number, "base_longitude", "The base's longitude must be between -180 and 180.")
    if (latitude is None) != (longitude is None):
        missing = "base_longitude" if longitude is None else "base_latitude"
        problems.add(
            number, missing, "A base needs both its latitude and its longitude, or neither."
        )
    return (new_uuid(), code, *values.values())


_MEMBER_COLUMNS = _columns(Member, MemberRecord, "full_name")
_MEMBER_LIMITS = text_limits(table_of(Member))
# Sets of the members, not the enum classes: `in` takes any value (raw text from a caller).
_ROLES, _STATUSES = frozenset(MemberRole), frozenset(AccreditationStatus)


def _member_values(
    problems: Problems, number: int, row: MemberRecord, name: str
) -> tuple[Any, ...]:
    values = _stored(row, _MEMBER_COLUMNS)
    problems.lengths(number, _MEMBER_LIMITS, values)
    if row.delegation_id is None:
        problems.add(number, "delegation_id", "Delegation is required.")
    if row.role not in _ROLES:
        problems.add(number, "role", f"Role must be one of: {MemberRole.choices()}.")
    if row.accreditation_status not in _STATUSES:
        problems.add(
            number,
            "accreditation_status",
            f"Accreditation status must be one of: {AccreditationStatus.choices()}.",
        )
    email = values["email"]
    if email and ("@" not in email or " " in email):
        problems.add(
            number, "email", f"'{email}' is not an e-mail address (like name@example.org)."
        )
    arrival, departure = row.arrival, row.departure
    if arrival is not None and departure is not None and departure < arrival:
        problems.add(
            number,
            "departure",
            f"Departure ({format_date(departure)}) is before arrival ({format_date(arrival)}).",
        )
    # The members service's search key, of the same words (a record's fields are a form's).
    key = member_key(MemberFields(full_name=name, **values))
    return (new_uuid(), name, key, *values.values())


_TEAMS = KeyedKind(
    Team,
    "teams",
    "Team",
    "code",
    {},
    ("uuid", "code", *_TEAM_COLUMNS),
    lambda _session: _team_values,
)
_MEMBERS = KeyedKind(
    Member,
    "members",
    "Member",
    "full_name",
    {"delegation_id": (Delegation, "Delegation"), "team_id": (Team, "Team")},
    ("uuid", "full_name", "search_key", *_MEMBER_COLUMNS),
    lambda _session: _member_values,
)


def add_teams(session: Session, rows: Iterable[TeamRecord]) -> dict[str, int]:
    """Add teams; returns each new team's id by its code."""
    return add_keyed(session, rows, _TEAMS)


def add_members(session: Session, rows: Iterable[MemberRecord]) -> dict[str, int]:
    """Add members (in a team or none); returns each new member's id by their full name."""
    return add_keyed(session, rows, _MEMBERS)


def move_members(session: Session, teams: Mapping[int, int | None]) -> None:
    """Put each member in `teams` into the team given (None: no team), in one statement.

    The members and teams are the caller's to have checked (an import has just read
    them). Members and teams the session has loaded are expired, so that their team and
    list of members are read again rather than kept as they were.
    """
    if not teams:
        return
    member = table_of(Member)
    # A move is a save of the member: its version counts it, as a form's save does, so a
    # window holding the member refuses to save over the move.
    update = (
        sa.update(member)
        .where(member.c.id == sa.bindparam("member"))
        .values(team_id=sa.bindparam("team"), version=member.c.version + 1)
    )
    with unit_of_work(session):
        session.connection().execute(
            update, [{"member": member_id, "team": team} for member_id, team in teams.items()]
        )
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, (Member, Team)):
            session.expire(loaded)
