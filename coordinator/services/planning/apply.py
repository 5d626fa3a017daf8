"""Writing a day's plan as planned visits, and taking it back.

Applying replaces the day's planned visits with the plan's new ones in one transaction;
done and cancelled visits stay. What it removed is kept as a snapshot (see `undo`), so
taking the plan back deletes the visits it made and puts the removed ones back with
their ids; doing it again puts back the same new visits, with the same ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import VisitStatus
from coordinator.db.models import Visit
from coordinator.services.planning.model import DayPlan
from coordinator.services.undo import Snapshot, restore, snapshot_records
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import REF_PATTERN, next_free_ref


@dataclass
class AppliedPlan:
    """What applying a plan changed: the visits it removed and the ones it made."""

    date: dt.date
    removed: Snapshot
    created: list[int]
    # The made visits as they were, once taken back (for doing it again).
    taken_back: Snapshot | None = None
    refs: list[str] = field(default_factory=list)


def _time(minutes: int | None) -> dt.time | None:
    if minutes is None:
        return None
    minutes %= 24 * 60
    return dt.time(minutes // 60, minutes % 60)


def _planned_ids(session: Session, day: dt.date) -> list[int]:
    return list(
        session.scalars(
            sa.select(Visit.id).where(Visit.date == day, Visit.status == VisitStatus.PLANNED)
        )
    )


def _delete(session: Session, ids: list[int]) -> None:
    # The visits' answers and incidents go with them (ON DELETE CASCADE).
    for start in range(0, len(ids), 500):
        session.execute(sa.delete(Visit).where(Visit.id.in_(ids[start : start + 500])))


def apply_plan(session: Session, plan: DayPlan) -> AppliedPlan:
    """Replace the day's planned visits with the plan's new ones; returns what changed."""
    with unit_of_work(session):
        old = _planned_ids(session, plan.date)
        removed = snapshot_records(session, Visit, old)
        _delete(session, old)
        session.flush()
        first = next_free_ref(session)
        match = REF_PATTERN.fullmatch(first)
        assert match is not None
        number, width = int(match[1]), len(match[1])
        taken = set(session.scalars(sa.select(Visit.ref).where(Visit.ref.like("V%"))))
        visits = []
        for team in plan.teams:
            for stop in team.new_stops:
                while (ref := f"V{number:0{width}d}") in taken:
                    number += 1
                number += 1
                visits.append(
                    Visit(
                        ref=ref,
                        team_id=team.team.id,
                        station_id=stop.station_id,
                        date=plan.date,
                        phase=stop.phase,
                        planned_arrival=_time(stop.arrival),
                        planned_departure=_time(stop.departure),
                        status=VisitStatus.PLANNED,
                    )
                )
        session.add_all(visits)
        session.flush()
        applied = AppliedPlan(
            plan.date, removed, [v.id for v in visits], refs=[v.ref for v in visits]
        )
    session.expire_all()
    return applied


def take_back_plan(session: Session, applied: AppliedPlan) -> None:
    """Delete the visits the plan made and put back the planned visits it replaced."""
    with unit_of_work(session):
        applied.taken_back = snapshot_records(session, Visit, applied.created)
        _delete(session, applied.created)
        restore(session, applied.removed)
    session.expire_all()


def apply_plan_again(session: Session, applied: AppliedPlan) -> None:
    """Redo: remove the replaced visits again and put back the visits the plan made."""
    assert applied.taken_back is not None
    with unit_of_work(session):
        _delete(session, [row["id"] for table, row in applied.removed.rows if table == "visit"])
        restore(session, applied.taken_back)
    session.expire_all()
