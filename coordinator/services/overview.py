"""The mission at a glance, and what needs the coordinator's attention.

The Overview page shows these counts and a list of things to look at, each naming the
record and the page where it can be put right. Counts are done in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AccreditationStatus, Phase, Severity, VisitStatus
from coordinator.db.models import (
    Answer,
    Delegation,
    Incident,
    Meeting,
    Member,
    PollingStation,
    Team,
    Visit,
)
from coordinator.services.schedule import schedule_conflicts
from coordinator.services.unit import format_date, unit_of_work

# How many items of one kind the attention list shows (the rest are counted).
ATTENTION_LIMIT = 50


@dataclass(frozen=True)
class PhaseVisits:
    phase: Phase
    planned: int
    done: int
    cancelled: int


@dataclass(frozen=True)
class Overview:
    delegations: int
    members: int
    accredited: int
    meetings: int
    stations: int
    teams: int
    visits: tuple[PhaseVisits, ...]  # every phase
    incidents: dict[Severity, int]  # every severity, zero included


@dataclass(frozen=True)
class AttentionItem:
    """Something to look at: what it is, and which page and record put it right."""

    kind: str
    message: str
    page: str
    record_id: int


@dataclass(frozen=True)
class Attention:
    items: tuple[AttentionItem, ...]
    # For each kind, how many there are in all (the list shows at most ATTENTION_LIMIT).
    totals: dict[str, int]


def _count(session: Session, model: type[object]) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def overview(session: Session) -> Overview:
    with unit_of_work(session):
        accredited = session.scalar(
            sa.select(sa.func.count()).where(
                Member.accreditation_status == AccreditationStatus.ACCREDITED
            )
        )
        by_phase = {
            (phase, status): count
            for phase, status, count in session.execute(
                sa.select(Visit.phase, Visit.status, sa.func.count()).group_by(
                    Visit.phase, Visit.status
                )
            )
        }
        severities: dict[Severity, int] = {}
        for severity, count in session.execute(
            sa.select(Incident.severity, sa.func.count()).group_by(Incident.severity)
        ):
            severities[severity] = count
        return Overview(
            delegations=_count(session, Delegation),
            members=_count(session, Member),
            accredited=int(accredited or 0),
            meetings=_count(session, Meeting),
            stations=_count(session, PollingStation),
            teams=_count(session, Team),
            visits=tuple(
                PhaseVisits(
                    phase,
                    planned=by_phase.get((phase, VisitStatus.PLANNED), 0),
                    done=by_phase.get((phase, VisitStatus.DONE), 0),
                    cancelled=by_phase.get((phase, VisitStatus.CANCELLED), 0),
                )
                for phase in Phase
            ),
            incidents={severity: int(severities.get(severity, 0)) for severity in Severity},
        )


def attention(session: Session) -> Attention:
    """Done visits without a checklist, members not accredited, schedule conflicts."""
    items: list[AttentionItem] = []
    totals: dict[str, int] = {}
    with unit_of_work(session):
        without_answers = (
            sa.select(Visit.id, Visit.ref, Visit.date, Team.code, PollingStation.code)
            .join(Team, Visit.team_id == Team.id)
            .join(PollingStation, Visit.station_id == PollingStation.id)
            .where(
                Visit.status == VisitStatus.DONE,
                ~sa.exists().where(Answer.visit_id == Visit.id),
            )
            .order_by(Visit.date, Visit.ref)
        )
        kind = "Done visits without a checklist"
        totals[kind] = int(
            session.scalar(sa.select(sa.func.count()).select_from(without_answers.subquery())) or 0
        )
        for visit_id, ref, day, team, station in session.execute(
            without_answers.limit(ATTENTION_LIMIT)
        ):
            items.append(
                AttentionItem(
                    kind,
                    f"Visit {ref}: team {team} at station {station} on {format_date(day)} "
                    "is done but has no checklist answers.",
                    "Visits & Findings",
                    visit_id,
                )
            )

        not_accredited = (
            sa.select(Member.id, Member.full_name, Member.accreditation_status)
            .where(Member.accreditation_status != AccreditationStatus.ACCREDITED)
            .order_by(Member.full_name)
        )
        kind = "Members without accreditation"
        totals[kind] = int(
            session.scalar(sa.select(sa.func.count()).select_from(not_accredited.subquery())) or 0
        )
        for member_id, name, status in session.execute(not_accredited.limit(ATTENTION_LIMIT)):
            items.append(
                AttentionItem(
                    kind,
                    f"{name}: accreditation {status.label.lower()}.",
                    "Delegations",
                    member_id,
                )
            )

    conflicts = schedule_conflicts(session)
    kind = "Schedule conflicts"
    totals[kind] = len(conflicts)
    for conflict in conflicts[:ATTENTION_LIMIT]:
        if conflict.visit_ids:
            items.append(
                AttentionItem(kind, conflict.message, "Visits & Findings", conflict.visit_ids[0])
            )
        elif conflict.team_id is not None:
            items.append(
                AttentionItem(kind, conflict.message, "Teams & Schedule", conflict.team_id)
            )
    return Attention(tuple(items), totals)
