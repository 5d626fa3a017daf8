"""Teams: observers who travel together, with their interpreter, driver and vehicle.

A member is in at most one team (`Member.team_id`). Observers are the members of a team
whose role is not interpreter or driver; they are who the statement counts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from coordinator.db.enums import MemberRole
from coordinator.db.models import DebriefNote, Member, Team, Visit
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of

# Short enough for any database's limit on parameters in one statement.
IN_LIST = 500
# Members of a team who travel with it but do not observe.
NOT_OBSERVERS = (MemberRole.INTERPRETER, MemberRole.DRIVER)


@dataclass(frozen=True)
class TeamFields:
    """What a coordinator types for a team. Its code ("T1") is its key in the workbook."""

    code: str
    interpreter: str = ""
    interpreter_phone: str = ""
    driver: str = ""
    driver_phone: str = ""
    vehicle: str = ""
    area: str = ""
    notes: str = ""
    # Where the team leaves from on a planned day: a hotel or office, and where it is.
    base: str = ""
    base_latitude: float | None = None
    base_longitude: float | None = None
    # The team's version when it was read (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class TeamRow:
    """A team as the teams list shows it: its observers' names and how many visits it has."""

    id: int
    code: str
    observers: int
    observer_names: tuple[str, ...]
    interpreter: str
    interpreter_phone: str
    driver: str
    driver_phone: str
    vehicle: str
    area: str
    visits: int


@functools.lru_cache(maxsize=1024)
def team_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting "T2" before "T10", as a coordinator numbers teams.

    Cached: sorting 200,000 visits by team asks for the same few dozen codes.
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", code)
        if part
    )


def _is_observer() -> sa.ColumnElement[bool]:
    return Member.role.not_in(NOT_OBSERVERS)


def _check_team(session: Session, fields: TeamFields, team_id: int | None) -> None:
    code = clean(fields.code)
    problems = Problems(f"Team '{code}'" if code else "The team")
    problems.require("code", code)
    if code:
        other = session.scalar(
            sa.select(Team.id).where(Team.code == code, Team.id != (team_id or -1))
        )
        if other is not None:
            problems.add("code", f"Another team already has the code {code}.")
    if fields.base_latitude is not None and not -90 <= fields.base_latitude <= 90:
        problems.add("base_latitude", "The base's latitude must be between -90 and 90.")
    if fields.base_longitude is not None and not -180 <= fields.base_longitude <= 180:
        problems.add("base_longitude", "The base's longitude must be between -180 and 180.")
    if (fields.base_latitude is None) != (fields.base_longitude is None):
        missing = "base_longitude" if fields.base_longitude is None else "base_latitude"
        problems.add(missing, "A base needs both its latitude and its longitude, or neither.")
    problems.raise_if_any()


def _apply_team(team: Team, fields: TeamFields) -> None:
    team.code = clean(fields.code)
    team.interpreter = clean(fields.interpreter)
    team.interpreter_phone = clean(fields.interpreter_phone)
    team.driver = clean(fields.driver)
    team.driver_phone = clean(fields.driver_phone)
    team.vehicle = clean(fields.vehicle)
    team.area = clean(fields.area)
    team.notes = (fields.notes or "").strip()
    team.base = clean(fields.base)
    team.base_latitude = fields.base_latitude
    team.base_longitude = fields.base_longitude


def create_team(session: Session, fields: TeamFields) -> Team:
    with unit_of_work(session):
        _check_team(session, fields, None)
        team = Team()
        _apply_team(team, fields)
        session.add(team)
    return team


def update_team(
    session: Session, team_id: int, fields: TeamFields, *, read: TeamFields | None = None
) -> Team:
    """Give the team `fields`. `read` is the team as the form showed it (its version
    included): if someone else saved the team since, StaleRecordError says what changed."""
    with unit_of_work(session):
        team = get(session, Team, team_id, "team")
        if read is not None:
            refuse_if_changed(team, version_of(read), read=read, now=lambda: team_fields(team))
        _check_team(session, fields, team_id)
        _apply_team(team, fields)
    return team


def team_delete_impact(session: Session, team_id: int) -> dict[str, int]:
    """What goes with the team: {"visits": 40} deleted (with their answers and incidents),
    and {"debrief_notes": 3, "members": 4} that stay but lose their team."""
    with unit_of_work(session):
        visits = session.scalar(sa.select(sa.func.count()).where(Visit.team_id == team_id))
        notes = session.scalar(sa.select(sa.func.count()).where(DebriefNote.team_id == team_id))
        members = session.scalar(sa.select(sa.func.count()).where(Member.team_id == team_id))
    return {
        "visits": int(visits or 0),
        "debrief_notes": int(notes or 0),
        "members": int(members or 0),
    }


def delete_team(session: Session, team_id: int, *, expected_version: int | None = None) -> None:
    """Delete the team with its visits; its members and debrief notes stay, without a team.

    With `expected_version` (the team's version when the user chose to delete it), a team
    someone else saved since is refused with StaleRecordError.
    """
    with unit_of_work(session):
        team = get(session, Team, team_id, "team")
        refuse_if_changed(team, expected_version, since="you chose to delete it")
        # Members are let go through the relationship; the foreign keys delete the visits
        # (and their answers and incidents) and clear the team of debrief notes.
        session.delete(team)


def team_fields(team: Team) -> TeamFields:
    return TeamFields(
        code=team.code,
        interpreter=team.interpreter,
        interpreter_phone=team.interpreter_phone,
        driver=team.driver,
        driver_phone=team.driver_phone,
        vehicle=team.vehicle,
        area=team.area,
        notes=team.notes,
        base=team.base,
        base_latitude=team.base_latitude,
        base_longitude=team.base_longitude,
        version=team.version,
    )


def set_team_members(
    session: Session, team_id: int, member_ids: Iterable[int], *, move: bool = False
) -> Team:
    """Make `member_ids` exactly the team's members; those left out leave the team.

    A member already in another team is refused, naming them and that team, unless
    `move` is true: then they leave the other team for this one.
    """
    wanted = list(dict.fromkeys(member_ids))
    with unit_of_work(session):
        team = get(session, Team, team_id, "team")
        chosen = {
            member.id: member
            for member in session.scalars(
                sa.select(Member).where(Member.id.in_(wanted)).options(joinedload(Member.team))
            )
        }
        problems = Problems(f"Team '{team.code}'")
        for member_id in wanted:
            member = chosen.get(member_id)
            if member is None:
                problems.add(
                    "members", f"A member chosen (#{member_id}) is no longer in the mission."
                )
            elif member.team is not None and member.team_id != team_id and not move:
                other = member.team.code
                problems.add(
                    "members",
                    f"{member.full_name} is already in team {other}. Take them out of team "
                    f"{other} first, or move them to team {team.code}.",
                )
        problems.raise_if_any()
        # Through the relationship, so every loaded team's list of members stays right.
        for member in list(team.members):
            if member.id not in chosen:
                member.team = None
        for member in chosen.values():
            member.team = team
    return team


def team_members(session: Session, team_id: int) -> list[Member]:
    """Everyone in the team (observers, and any interpreter or driver on the staff), by name."""
    with unit_of_work(session):
        return list(
            session.scalars(
                sa.select(Member)
                .where(Member.team_id == team_id)
                .options(joinedload(Member.delegation))
                .order_by(Member.full_name, Member.id)
            )
        )


def team_observers(session: Session, team_id: int) -> list[Member]:
    """The team's observers (not its interpreter or driver), by name, delegations loaded."""
    with unit_of_work(session):
        return list(
            session.scalars(
                sa.select(Member)
                .where(Member.team_id == team_id, _is_observer())
                .options(joinedload(Member.delegation))
                .order_by(Member.full_name, Member.id)
            )
        )


def teams_without_observers(session: Session) -> list[Team]:
    """Teams that no observer is in yet (a plan to finish before election day)."""
    has_observer = (
        sa.select(Member.id).where(Member.team_id == Team.id, _is_observer()).correlate(Team)
    )
    with unit_of_work(session):
        teams = list(session.scalars(sa.select(Team).where(~has_observer.exists())))
    return sorted(teams, key=lambda team: team_order(team.code))


def list_teams(session: Session) -> list[TeamRow]:
    """Every team (a mission has up to about 50), in code order, with their observers."""
    visits = (
        sa.select(sa.func.count()).where(Visit.team_id == Team.id).correlate(Team).scalar_subquery()
    )
    with unit_of_work(session):
        teams = session.execute(
            sa.select(
                Team.id,
                Team.code,
                Team.interpreter,
                Team.interpreter_phone,
                Team.driver,
                Team.driver_phone,
                Team.vehicle,
                Team.area,
                visits,
            )
        ).all()
        # Names are gathered here, not with group_concat/string_agg, which differ by database.
        names: dict[int | None, list[str]] = {}
        for team_id, full_name in session.execute(
            sa.select(Member.team_id, Member.full_name)
            .where(Member.team_id.is_not(None), _is_observer())
            .order_by(Member.full_name, Member.id)
        ):
            names.setdefault(team_id, []).append(full_name)
    rows = [
        TeamRow(
            id=team.id,
            code=team.code,
            observers=len(names.get(team.id, [])),
            observer_names=tuple(names.get(team.id, [])),
            interpreter=team.interpreter,
            interpreter_phone=team.interpreter_phone,
            driver=team.driver,
            driver_phone=team.driver_phone,
            vehicle=team.vehicle,
            area=team.area,
            visits=int(team[8] or 0),
        )
        for team in teams
    ]
    return sorted(rows, key=lambda row: team_order(row.code))


# --- a team with its members ---------------------------------------------------------------


def save_team(
    session: Session,
    team_id: int | None,
    fields: TeamFields,
    member_ids: Iterable[int],
    *,
    move: bool = False,
    read: TeamFields | None = None,
) -> Team:
    """Create (`team_id` None) or change a team and make `member_ids` its members, at once.

    A member in another team is refused (naming them) unless `move` is true; then nothing
    is written, not even the team's own fields. `read`: as for `update_team`.
    """
    with unit_of_work(session):
        team = (
            create_team(session, fields)
            if team_id is None
            else update_team(session, team_id, fields, read=read)
        )
        session.flush()
        set_team_members(session, team.id, member_ids, move=move)
    return team


def member_teams(session: Session, member_ids: Iterable[int]) -> dict[int, int | None]:
    """The team each of these members is in now (None: no team), to put them back later."""
    wanted = sorted(set(member_ids))
    found: dict[int, int | None] = {}
    with unit_of_work(session):
        for first in range(0, len(wanted), IN_LIST):
            rows = session.execute(
                sa.select(Member.id, Member.team_id).where(
                    Member.id.in_(wanted[first : first + IN_LIST])
                )
            )
            found.update(dict(rows.all()))
    return found


def _put_members_back(session: Session, teams: Mapping[int, int | None]) -> None:
    for member in session.scalars(sa.select(Member).where(Member.id.in_(list(teams)))):
        team_id = teams[member.id]
        # Through the relationship, so lists of members already loaded stay right; a team
        # deleted since leaves the member without one.
        member.team = None if team_id is None else session.get(Team, team_id)


def restore_team(
    session: Session, team_id: int, fields: TeamFields, teams: Mapping[int, int | None]
) -> None:
    """Give the team `fields` again and each member in `teams` the team they had."""
    with unit_of_work(session):
        update_team(session, team_id, fields)
        _put_members_back(session, teams)


def delete_team_and_return_members(
    session: Session, team_id: int, teams: Mapping[int, int | None]
) -> None:
    """Delete a team just made, sending the members it took back to the teams they had."""
    with unit_of_work(session):
        delete_team(session, team_id)
        session.flush()
        _put_members_back(session, teams)


def read_team(session: Session, team_id: int) -> TeamFields:
    """The team #team_id as its form edits it; NotFoundError if it is no longer there."""
    with unit_of_work(session):
        return team_fields(get(session, Team, team_id, "team"))


def team_member_ids(session: Session, team_id: int) -> set[int]:
    """The ids of everyone in the team, to put them back when an edit is taken back."""
    return {member.id for member in team_members(session, team_id)}
