"""Planning teams and their schedule: what does not fit in the plan, and teams with observers.

`schedule_conflicts` finds what a coordinator must fix before the teams set off:

- a team in two places at once: two of its visits on the same date whose planned times
  overlap;
- two teams at one station at the same time;
- a visit outside the mission's dates;
- a team without observers.

Cancelled visits are ignored: they will not happen. A visit is compared by its PLANNED
times, on its own date. A visit with no planned arrival cannot clash with anything; one
with no planned departure is taken to last `ASSUMED_STAY` (30 minutes), the usual length
of a visit to a polling station. In counting and tabulation a departure earlier than the
arrival is the next morning, as the visits service reads it. Two visits touching (one
leaves at 10:00, the next starts at 10:00) do not clash.

Overlaps are found in one pass over the visits in time order, per team and date (read
along the index ix_visit_team_date) and per station and date: each visit is compared with
the one, among those that started before it, that ends last. That reports every visit
that clashes with another, in at most one conflict per visit, so a badly planned day of
4,000 visits gives 4,000 lines to fix, not millions of pairs.

A team and who is in it are saved together (`save_team`), so that the team form is one
transaction and one step of Edit > Undo; `member_teams` and `restore_team` let that step
put members back in the teams they came from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import VisitStatus
from coordinator.db.models import PollingStation, Team, Visit
from coordinator.services.mission import mission_dates
from coordinator.services.paging import AnySelect
from coordinator.services.teams import team_order, teams_without_observers
from coordinator.services.unit import format_date, unit_of_work
from coordinator.services.visits import OVERNIGHT_PHASES

# How long a visit with no planned departure is taken to last.
ASSUMED_STAY = 30
MINUTES_PER_DAY = 24 * 60
# Short enough for any database's limit on parameters in one statement.
_IN_LIST = 500


class ConflictKind(enum.StrEnum):
    TEAM_IN_TWO_PLACES = "team_in_two_places"
    TEAMS_AT_ONE_STATION = "teams_at_one_station"
    OUTSIDE_MISSION = "outside_mission"
    NO_OBSERVERS = "no_observers"

    @property
    def label(self) -> str:
        return {
            "team_in_two_places": "Team in two places at once",
            "teams_at_one_station": "Two teams at one station",
            "outside_mission": "Visit outside the mission's dates",
            "no_observers": "Team without observers",
        }[self.value]


@dataclass(frozen=True)
class Conflict:
    """Something in the plan that cannot happen as planned, in a coordinator's words.

    `visit_ids` are the visits involved (none for a team without observers); `team_id`
    is the team it is about, None when it is about two teams (two at one station).
    """

    kind: ConflictKind
    message: str
    visit_ids: tuple[int, ...]
    team_id: int | None
    date: dt.date | None = None


class _Stop(NamedTuple):
    """A visit as the overlap search sees it: its times in minutes from midnight."""

    id: int
    team_id: int
    station_id: int
    date: dt.date
    start: int
    end: int
    departure: int | None  # as planned (None: not planned), for the message


def _minutes(value: object) -> int | None:
    """Minutes from midnight of a time of day read raw: a time, or "HH:MM[:SS]" text."""
    if value is None:
        return None
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    text = str(value)
    return int(text[:2]) * 60 + int(text[3:5])


def _stop(row: Any) -> _Stop:
    visit_id, team_id, station_id, date, overnight, arrival, planned_departure = row
    start = _minutes(arrival)
    assert start is not None  # untimed visits are not read
    departure = _minutes(planned_departure)
    if departure is None:
        end = start + ASSUMED_STAY
    elif departure < start and overnight:
        end = departure + MINUTES_PER_DAY
    elif departure <= start:
        # A departure that cannot be (refused by the visits service, but a workbook may
        # hold one) is read as none rather than hiding a clash.
        end = start + ASSUMED_STAY
    else:
        end = departure
    return _Stop(visit_id, team_id, station_id, date, start, end, departure)


# Read as a plain table, not through the ORM, and times of day as the database hands
# them (a time, or "HH:MM" text where they are stored as text), not parsed into
# datetime.time first: 200,000 visits then load several times faster.
_VISIT = Visit.__table__
assert isinstance(_VISIT, sa.Table)


def _raw(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return sa.type_coerce(column, sa.String)


def _timed() -> sa.ColumnElement[bool]:
    return sa.and_(_VISIT.c.status != VisitStatus.CANCELLED, _VISIT.c.planned_arrival.is_not(None))


def _timed_visits() -> AnySelect:
    overnight = sa.case((_VISIT.c.phase.in_(sorted(OVERNIGHT_PHASES)), 1), else_=0)
    return sa.select(
        _VISIT.c.id,
        _VISIT.c.team_id,
        _VISIT.c.station_id,
        _VISIT.c.date,
        overnight,
        _raw(_VISIT.c.planned_arrival),
        _raw(_VISIT.c.planned_departure),
    ).where(_timed())


# --- finding overlaps ----------------------------------------------------------------------


def overlapping_pairs(stops: Iterable[_Stop]) -> Iterator[tuple[_Stop, _Stop]]:
    """Pairs (earlier, later) of overlapping stops, in one pass over `stops` in start order.

    Each stop is compared with the one that ends last among those started before it: if
    it starts before that one ends, they overlap. Every stop that overlaps any other is
    in at least one pair, and each stop starts at most one pair.
    """
    latest: _Stop | None = None
    for stop in stops:
        if latest is not None and stop.start < latest.end:
            yield latest, stop
        if latest is None or stop.end > latest.end:
            latest = stop


def overlapping_teams(stops: Iterable[_Stop]) -> Iterator[tuple[_Stop, _Stop]]:
    """Like `overlapping_pairs`, for stops of DIFFERENT teams only (stops at one station).

    Keeps the stop ending last, and the one ending last among the other teams' stops, so
    a stop is always compared with the latest-ending stop of another team.
    """
    first: _Stop | None = None
    second: _Stop | None = None  # ends last among teams other than first's
    for stop in stops:
        other = first if first is not None and first.team_id != stop.team_id else second
        if other is not None and stop.start < other.end:
            yield other, stop
        if first is None or stop.team_id == first.team_id:
            if first is None or stop.end > first.end:
                first = stop
        elif stop.end > first.end:
            first, second = stop, first
        elif second is None or stop.end > second.end:
            second = stop


def _by_team_day(stops: Sequence[_Stop]) -> Iterator[list[_Stop]]:
    """Stops (read in team, date and arrival order) grouped per team and date."""
    for _key, group in groupby(stops, key=lambda stop: (stop.team_id, stop.date)):
        yield list(group)


def _by_station_day(stops: Sequence[_Stop]) -> Iterator[list[_Stop]]:
    """Stops (read in station, date and arrival order) grouped per station and date."""
    for _key, group in groupby(stops, key=lambda stop: (stop.station_id, stop.date)):
        yield list(group)


# --- what the coordinator reads ------------------------------------------------------------


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span(stop: _Stop) -> str:
    if stop.departure is None:
        return f"{_clock(stop.start)}, no planned departure"
    return f"{_clock(stop.start)}–{_clock(stop.departure)}"


class _Names:
    """Team codes, and the codes of the stations that appear in conflicts, looked up once."""

    def __init__(self, session: Session, stations: Collection[int]) -> None:
        self.teams: dict[int, str] = dict(session.execute(sa.select(Team.id, Team.code)).all())
        self.stations: dict[int, str] = {}
        wanted = sorted(stations)
        for first in range(0, len(wanted), _IN_LIST):
            chunk = wanted[first : first + _IN_LIST]
            found = session.execute(
                sa.select(PollingStation.id, PollingStation.code).where(
                    PollingStation.id.in_(chunk)
                )
            )
            self.stations.update(dict(found.all()))

    def team(self, team_id: int) -> str:
        return self.teams.get(team_id, f"#{team_id}")

    def station(self, station_id: int) -> str:
        return self.stations.get(station_id, f"#{station_id}")


def _two_places(names: _Names, one: _Stop, other: _Stop) -> Conflict:
    return Conflict(
        ConflictKind.TEAM_IN_TWO_PLACES,
        f"Team {names.team(one.team_id)} is at {names.station(one.station_id)} ({_span(one)}) "
        f"and {names.station(other.station_id)} ({_span(other)}) at once on "
        f"{format_date(one.date)}.",
        (one.id, other.id),
        one.team_id,
        one.date,
    )


def _one_station(names: _Names, one: _Stop, other: _Stop) -> Conflict:
    first, second = names.team(one.team_id), names.team(other.team_id)
    return Conflict(
        ConflictKind.TEAMS_AT_ONE_STATION,
        f"Teams {first} and {second} are both at {names.station(one.station_id)} on "
        f"{format_date(one.date)}: {first} {_span(one)}, {second} {_span(other)}.",
        (one.id, other.id),
        None,
        one.date,
    )


# --- the conflicts -------------------------------------------------------------------------


def _at_shared_stations(session: Session, team_id: int | None, date: dt.date | None) -> list[_Stop]:
    """Timed visits at stations that more than one team visits on the same date (with
    `team_id`: the stations that team visits), in station, date and arrival order."""
    visit = _VISIT.c
    shared = (
        sa.select(visit.station_id, visit.date)
        .where(_timed())
        # By date first, and min < max rather than count(distinct): SQLite then reads the
        # table through once instead of along the station index, three times faster.
        .group_by(visit.date, visit.station_id)
        .having(sa.func.min(visit.team_id) < sa.func.max(visit.team_id))
    )
    if team_id is not None:
        own = sa.select(visit.station_id).where(visit.team_id == team_id)
        if date is not None:
            own = own.where(visit.date == date)
        shared = shared.where(visit.station_id.in_(own))
    if date is not None:
        shared = shared.where(visit.date == date)
    pairs = shared.subquery()
    select = (
        _timed_visits()
        .join_from(
            _VISIT,
            pairs,
            sa.and_(visit.station_id == pairs.c.station_id, visit.date == pairs.c.date),
        )
        .order_by(visit.station_id, visit.date, visit.planned_arrival, visit.id)
    )
    return [_stop(row) for row in session.execute(select)]


class _Outside(NamedTuple):
    id: int
    team_id: int
    station_id: int
    ref: str
    date: dt.date


def _outside_mission(
    session: Session, team_id: int | None, date: dt.date | None
) -> tuple[list[_Outside], dt.date | None, dt.date | None]:
    """Visits dated before the mission starts or after it ends, and those two dates."""
    start, end = mission_dates(session)
    outside = []
    if start is not None:
        outside.append(Visit.date < start)
    if end is not None:
        outside.append(Visit.date > end)
    if not outside:
        return [], start, end
    select = sa.select(Visit.id, Visit.team_id, Visit.station_id, Visit.ref, Visit.date).where(
        Visit.status != VisitStatus.CANCELLED, sa.or_(*outside)
    )
    if team_id is not None:
        select = select.where(Visit.team_id == team_id)
    if date is not None:
        select = select.where(Visit.date == date)
    visits = [_Outside(*row) for row in session.execute(select.order_by(Visit.date, Visit.id))]
    return visits, start, end


def _outside(
    names: _Names, visit: _Outside, start: dt.date | None, end: dt.date | None
) -> Conflict:
    where = (
        f"Visit {visit.ref} (team {names.team(visit.team_id)} at {names.station(visit.station_id)})"
    )
    day = format_date(visit.date)
    if start is not None and visit.date < start:
        message = f"{where} is on {day}, before the mission starts on {format_date(start)}."
    else:
        assert end is not None
        message = f"{where} is on {day}, after the mission ends on {format_date(end)}."
    return Conflict(ConflictKind.OUTSIDE_MISSION, message, (visit.id,), visit.team_id, visit.date)


def schedule_conflicts(
    session: Session, *, team_id: int | None = None, date: dt.date | None = None
) -> list[Conflict]:
    """What in the plan cannot happen as planned, for one team and/or one date or all.

    Teams without observers come first (in team order), then the visits' conflicts by
    date, team and time. With `team_id`, two-teams-at-one-station conflicts are those
    with that team in them.
    """
    with unit_of_work(session):
        visit = _VISIT.c
        # Along the index ix_visit_team_date (team, date, planned arrival).
        select = _timed_visits().order_by(
            visit.team_id, visit.date, visit.planned_arrival, visit.id
        )
        if team_id is not None:
            select = select.where(visit.team_id == team_id)
        if date is not None:
            select = select.where(visit.date == date)
        stops = [_stop(row) for row in session.execute(select)]
        two_places = [pair for group in _by_team_day(stops) for pair in overlapping_pairs(group)]
        one_station = [
            pair
            for group in _by_station_day(_at_shared_stations(session, team_id, date))
            for pair in overlapping_teams(group)
            if team_id is None or team_id in (pair[0].team_id, pair[1].team_id)
        ]
        outside, start, end = _outside_mission(session, team_id, date)
        no_observers = [
            team for team in teams_without_observers(session) if team_id in (None, team.id)
        ]
        involved = {stop.station_id for pair in two_places + one_station for stop in pair}
        names = _Names(session, involved | {misdated.station_id for misdated in outside})

        conflicts = [
            Conflict(
                ConflictKind.NO_OBSERVERS,
                f"Team {team.code} has no observers: add members to the team.",
                (),
                team.id,
            )
            for team in no_observers
        ]
        timed: list[tuple[tuple[Any, ...], Conflict]] = []
        for one, other in two_places:
            key = (one.date, team_order(names.team(one.team_id)), one.start, one.id)
            timed.append((key, _two_places(names, one, other)))
        for one, other in one_station:
            key = (one.date, team_order(names.team(one.team_id)), one.start, one.id)
            timed.append((key, _one_station(names, one, other)))
        for misdated in outside:
            key = (misdated.date, team_order(names.team(misdated.team_id)), -1, misdated.id)
            timed.append((key, _outside(names, misdated, start, end)))
    timed.sort(key=lambda item: item[0])
    return conflicts + [conflict for _key, conflict in timed]


def by_visit(conflicts: Iterable[Conflict]) -> dict[int, list[Conflict]]:
    """Conflicts under each visit they involve (a visit may be in several)."""
    found: dict[int, list[Conflict]] = {}
    for conflict in conflicts:
        for visit_id in conflict.visit_ids:
            found.setdefault(visit_id, []).append(conflict)
    return found


def conflicts_by_visit(
    session: Session, *, team_id: int | None = None, date: dt.date | None = None
) -> dict[int, list[Conflict]]:
    """The conflicts of `schedule_conflicts` under each visit they involve, to show in place."""
    return by_visit(schedule_conflicts(session, team_id=team_id, date=date))


def team_visit_days(session: Session, team_id: int) -> list[tuple[dt.date, int]]:
    """The dates the team has visits on, in order, with how many visits each."""
    with unit_of_work(session):
        rows = session.execute(
            sa.select(Visit.date, sa.func.count())
            .where(Visit.team_id == team_id)
            .group_by(Visit.date)
            .order_by(Visit.date)
        )
        return [(day, int(count)) for day, count in rows]
