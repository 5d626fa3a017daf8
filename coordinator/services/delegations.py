"""Delegations: the member states, secretariat and partner organisations sending observers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import DelegationKind
from coordinator.db.models import Delegation, Member
from coordinator.db.text import search_key
from coordinator.services.paging import contains_all
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class DelegationFields:
    """What a coordinator types for a delegation. Its name is its key in the workbook."""

    name: str
    kind: DelegationKind = DelegationKind.MEMBER_STATE
    country: str = ""
    notes: str = ""
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class DelegationRow:
    """A delegation as the delegations list shows it, with how many members it sent."""

    id: int
    name: str
    kind: DelegationKind
    country: str
    notes: str
    members: int


def delegation_key(fields: DelegationFields) -> str:
    """The folded search words; the same columns as migration 0002 lists for delegation."""
    return search_key(clean(fields.name), clean(fields.country))


def members_phrase(count: int) -> str:
    return f"{count} member" if count == 1 else f"{count} members"


def check_delegation(fields: DelegationFields, taken: Callable[[str], bool]) -> None:
    """Refuse (ValidationError) a delegation a form could not save; `taken(name)`: whether
    another delegation has that name (a form asks the database, a bulk import what it
    read once)."""
    name = clean(fields.name)
    problems = Problems(f"Delegation '{name}'" if name else "The delegation")
    problems.require("name", name)
    if name and taken(name):
        problems.add("name", f"Another delegation is already called {name}.")
    # The type says DelegationKind, but a form or an import may still hand over raw text.
    if not isinstance(fields.kind, DelegationKind):
        problems.add("kind", f"Kind must be one of: {DelegationKind.choices()}.")
    problems.raise_if_any()


def stored_delegation(fields: DelegationFields) -> dict[str, Any]:
    """The delegation's columns as they are stored, by name."""
    return {
        "name": clean(fields.name),
        "kind": fields.kind,
        "country": clean(fields.country),
        "notes": (fields.notes or "").strip(),
        "search_key": delegation_key(fields),
    }


def _check_delegation(
    session: Session, fields: DelegationFields, delegation_id: int | None
) -> None:
    def taken(name: str) -> bool:
        other = session.scalar(
            sa.select(Delegation.id).where(
                Delegation.name == name, Delegation.id != (delegation_id or -1)
            )
        )
        return other is not None

    check_delegation(fields, taken)


def _apply_delegation(delegation: Delegation, fields: DelegationFields) -> None:
    for name, value in stored_delegation(fields).items():
        setattr(delegation, name, value)


def create_delegation(session: Session, fields: DelegationFields) -> Delegation:
    with unit_of_work(session):
        _check_delegation(session, fields, None)
        delegation = Delegation()
        _apply_delegation(delegation, fields)
        session.add(delegation)
    return delegation


def update_delegation(
    session: Session,
    delegation_id: int,
    fields: DelegationFields,
    *,
    read: DelegationFields | None = None,
) -> Delegation:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        delegation = get(session, Delegation, delegation_id, "delegation")
        refuse_if_changed(
            delegation, version_of(read), read=read, now=lambda: delegation_fields(delegation)
        )
        _check_delegation(session, fields, delegation_id)
        _apply_delegation(delegation, fields)
    return delegation


def _count_members(session: Session, delegation_id: int) -> int:
    count = session.scalar(sa.select(sa.func.count()).where(Member.delegation_id == delegation_id))
    return int(count or 0)


def delegation_delete_impact(session: Session, delegation_id: int) -> dict[str, int]:
    """What stands in the way of deleting the delegation: {"members": 5}.

    A delegation is never deleted with its members (people are not removed as a side
    effect); while `members` is above zero, `delete_delegation` refuses.
    """
    with unit_of_work(session):
        return {"members": _count_members(session, delegation_id)}


def delete_delegation(
    session: Session, delegation_id: int, *, expected_version: int | None = None
) -> None:
    """Delete a delegation that has no members left; refused (ValidationError) otherwise."""
    with unit_of_work(session):
        delegation = get(session, Delegation, delegation_id, "delegation")
        refuse_if_changed(delegation, expected_version, since="you chose to delete it")
        members = _count_members(session, delegation_id)
        if members:
            problems = Problems(f"Delegation '{delegation.name}'")
            problems.add(
                "name", f"It still has {members_phrase(members)}; move or delete them first."
            )
            problems.raise_if_any()
        session.delete(delegation)


def delegation_fields(delegation: Delegation) -> DelegationFields:
    return DelegationFields(
        name=delegation.name,
        kind=delegation.kind,
        country=delegation.country,
        notes=delegation.notes,
        version=delegation.version,
    )


def list_delegations(session: Session, search: str = "") -> list[DelegationRow]:
    """Every delegation (a mission has tens), by name, with its number of members."""
    members = (
        sa.select(sa.func.count())
        .where(Member.delegation_id == Delegation.id)
        .correlate(Delegation)
        .scalar_subquery()
    )
    select = sa.select(
        Delegation.id,
        Delegation.name,
        Delegation.kind,
        Delegation.country,
        Delegation.notes,
        members,
    ).order_by(Delegation.name, Delegation.id)
    condition = contains_all([Delegation.search_key], search)
    if condition is not None:
        select = select.where(condition)
    with unit_of_work(session):
        return [DelegationRow(*row) for row in session.execute(select)]


def read_delegation(session: Session, delegation_id: int) -> DelegationFields:
    """The delegation as its form edits it; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        return delegation_fields(get(session, Delegation, delegation_id, "delegation"))
