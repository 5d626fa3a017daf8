"""The mission's composition: its delegations, and its members by role and accreditation."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.db.models import Delegation, Member
from coordinator.services.statistics.figures import (
    AccreditationCount,
    CompositionCounts,
    DelegationCount,
    RoleCount,
)


def composition_of(session: Session) -> CompositionCounts:
    delegations = tuple(
        DelegationCount(name, kind, members)
        for name, kind, members in session.execute(
            sa.select(Delegation.name, Delegation.kind, sa.func.count(Member.id))
            .outerjoin(Member, Member.delegation_id == Delegation.id)
            .group_by(Delegation.id, Delegation.name, Delegation.kind)
            .order_by(Delegation.name)
        )
    )
    rows = session.execute(
        sa.select(Member.role, Member.accreditation_status, sa.func.count()).group_by(
            Member.role, Member.accreditation_status
        )
    ).all()
    return CompositionCounts(
        members=sum(members for _, _, members in rows),
        delegations=delegations,
        roles=tuple(
            RoleCount(role, sum(n for r, _, n in rows if r is role)) for role in MemberRole
        ),
        accreditation=tuple(
            AccreditationCount(status, sum(n for _, s, n in rows if s is status))
            for status in AccreditationStatus
        ),
    )
