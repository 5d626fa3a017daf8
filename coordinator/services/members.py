"""Members of the mission: the people of each delegation, their accreditation and team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.db.models import Delegation, Member, Team, meeting_participant
from coordinator.db.text import search_key
from coordinator.services.paging import Column, Page, PageRequest, contains_all, fetch_page
from coordinator.services.unit import Problems, clean, format_date, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class MemberFields:
    """What a coordinator types for a member. The full name is their key in the workbook."""

    full_name: str
    delegation_id: int | None
    position: str = ""
    role: MemberRole = MemberRole.OBSERVER
    email: str = ""
    phone: str = ""
    passport_no: str = ""
    accreditation_no: str = ""
    accreditation_status: AccreditationStatus = AccreditationStatus.REQUESTED
    arrival: dt.date | None = None
    departure: dt.date | None = None
    languages: str = ""
    team_id: int | None = None
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class MemberRow:
    """A member as the members list shows it: with their delegation's name and team code."""

    id: int
    full_name: str
    delegation_id: int
    delegation: str
    position: str
    role: MemberRole
    email: str
    phone: str
    passport_no: str
    accreditation_no: str
    accreditation_status: AccreditationStatus
    arrival: dt.date | None
    departure: dt.date | None
    languages: str
    team_id: int | None
    team: str


def member_key(fields: MemberFields) -> str:
    """The folded search words; the same columns as migration 0002 lists for member."""
    return search_key(
        clean(fields.full_name),
        clean(fields.position),
        clean(fields.email),
        clean(fields.phone),
        clean(fields.passport_no),
        clean(fields.accreditation_no),
    )


def _check_member(session: Session, fields: MemberFields, member_id: int | None) -> None:
    name = clean(fields.full_name)
    problems = Problems(f"Member '{name}'" if name else "The member")
    problems.require("full_name", name, "Full name")
    if name:
        other = session.scalar(
            sa.select(Member.id).where(Member.full_name == name, Member.id != (member_id or -1))
        )
        if other is not None:
            # The workbook finds members by full name, so two people cannot share one.
            problems.add(
                "full_name",
                f"Another member is already called {name}. Add something that tells them "
                "apart (a middle name or initial).",
            )
    if fields.delegation_id is None:
        problems.add("delegation", "Delegation is required.")
    elif session.get(Delegation, fields.delegation_id) is None:
        problems.add("delegation", "This delegation is no longer in the mission.")
    if fields.team_id is not None and session.get(Team, fields.team_id) is None:
        problems.add("team", "This team is no longer in the mission.")
    # The types say enums, but a form or an import may still hand over raw text.
    if not isinstance(fields.role, MemberRole):
        problems.add("role", f"Role must be one of: {MemberRole.choices()}.")
    if not isinstance(fields.accreditation_status, AccreditationStatus):
        problems.add(
            "accreditation_status",
            f"Accreditation status must be one of: {AccreditationStatus.choices()}.",
        )
    email = clean(fields.email)
    if email and ("@" not in email or " " in email):
        problems.add("email", f"'{email}' is not an e-mail address (like name@example.org).")
    if fields.arrival is not None and fields.departure is not None:
        problems.dates_in_order(
            fields.arrival,
            "departure",
            fields.departure,
            f"Departure ({format_date(fields.departure)}) is before arrival "
            f"({format_date(fields.arrival)}).",
        )
    problems.raise_if_any()


def _apply_member(session: Session, member: Member, fields: MemberFields) -> None:
    assert fields.delegation_id is not None
    # Looked up before the member is touched: a lookup may flush, and a new member must
    # not be flushed half filled in.
    delegation = get(session, Delegation, fields.delegation_id, "delegation")
    team = None if fields.team_id is None else get(session, Team, fields.team_id, "team")
    member.full_name = clean(fields.full_name)
    # Through the relationships, so lists of members already loaded stay right.
    member.delegation = delegation
    member.team = team
    member.position = clean(fields.position)
    member.role = fields.role
    member.email = clean(fields.email)
    member.phone = clean(fields.phone)
    member.passport_no = clean(fields.passport_no)
    member.accreditation_no = clean(fields.accreditation_no)
    member.accreditation_status = fields.accreditation_status
    member.arrival = fields.arrival
    member.departure = fields.departure
    member.languages = clean(fields.languages)
    member.search_key = member_key(fields)


def create_member(session: Session, fields: MemberFields) -> Member:
    with unit_of_work(session):
        _check_member(session, fields, None)
        member = Member()
        _apply_member(session, member, fields)
        session.add(member)
    return member


def update_member(
    session: Session, member_id: int, fields: MemberFields, *, read: MemberFields | None = None
) -> Member:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        member = get(session, Member, member_id, "member")
        refuse_if_changed(member, version_of(read), read=read, now=lambda: member_fields(member))
        _check_member(session, fields, member_id)
        _apply_member(session, member, fields)
    return member


def member_delete_impact(session: Session, member_id: int) -> dict[str, int]:
    """What changes when the member is deleted: {"meetings": 3} lose them as participant."""
    with unit_of_work(session):
        meetings = session.scalar(
            sa.select(sa.func.count()).where(meeting_participant.c.member_id == member_id)
        )
    return {"meetings": int(meetings or 0)}


def delete_member(session: Session, member_id: int, *, expected_version: int | None = None) -> None:
    """Delete the member; the meetings they attended stay, without them as participant."""
    with unit_of_work(session):
        record = get(session, Member, member_id, "member")
        refuse_if_changed(record, expected_version, since="you chose to delete it")
        # The foreign key of meeting_participant cascades, taking them off the meetings.
        session.delete(record)


def member_fields(member: Member) -> MemberFields:
    return MemberFields(
        full_name=member.full_name,
        delegation_id=member.delegation_id,
        position=member.position,
        role=member.role,
        email=member.email,
        phone=member.phone,
        passport_no=member.passport_no,
        accreditation_no=member.accreditation_no,
        accreditation_status=member.accreditation_status,
        arrival=member.arrival,
        departure=member.departure,
        languages=member.languages,
        team_id=member.team_id,
        version=member.version,
    )


# A member without a team sorts as "" so every database puts them first going up.
_TEAM_CODE = sa.func.coalesce(Team.code, "")

MEMBER_SORTS: dict[str, Column] = {
    "full_name": Member.full_name,
    "delegation": Delegation.name,
    "position": Member.position,
    "role": Member.role,
    "email": Member.email,
    "phone": Member.phone,
    "passport_no": Member.passport_no,
    "accreditation_no": Member.accreditation_no,
    "accreditation_status": Member.accreditation_status,
    "arrival": Member.arrival,
    "departure": Member.departure,
    "languages": Member.languages,
    "team": _TEAM_CODE,
}


def list_members(session: Session, request: PageRequest) -> Page[MemberRow]:
    """A page of members, searched in their own words and their delegation's name.

    `filters` may hold "delegation_id" (int), "team_id" (int, or None for members in no
    team), "role" (MemberRole) and "accreditation_status" (AccreditationStatus).
    """
    select = (
        sa.select(
            Member.id,
            Member.full_name,
            Member.delegation_id,
            Delegation.name,
            Member.position,
            Member.role,
            Member.email,
            Member.phone,
            Member.passport_no,
            Member.accreditation_no,
            Member.accreditation_status,
            Member.arrival,
            Member.departure,
            Member.languages,
            Member.team_id,
            _TEAM_CODE,
        )
        .join(Delegation, Member.delegation_id == Delegation.id)
        .outerjoin(Team, Member.team_id == Team.id)
    )
    condition = contains_all([Member.search_key, Delegation.search_key], request.search)
    if condition is not None:
        select = select.where(condition)
    filters = request.filters
    delegation_id = filters.get("delegation_id")
    if isinstance(delegation_id, int):
        select = select.where(Member.delegation_id == delegation_id)
    if "team_id" in filters:
        team_id = filters["team_id"]
        if team_id is None:
            select = select.where(Member.team_id.is_(None))
        elif isinstance(team_id, int):
            select = select.where(Member.team_id == team_id)
    role = filters.get("role")
    if isinstance(role, MemberRole):
        select = select.where(Member.role == role)
    status = filters.get("accreditation_status")
    if isinstance(status, AccreditationStatus):
        select = select.where(Member.accreditation_status == status)
    with unit_of_work(session):
        return fetch_page(
            session,
            select,
            request,
            sort_columns=MEMBER_SORTS,
            default_sort="full_name",
            id_column=Member.id,
            make_row=lambda row: MemberRow(*row),
        )


def read_member(session: Session, member_id: int) -> MemberFields:
    """The member #member_id as its form edits it; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        return member_fields(get(session, Member, member_id, "member"))
