"""The mission's numbers, as the statement and the annexes quote them.

Counting follows ODIHR and EU practice: only visits marked done are observations; a
station visited twice is one station and two observations; shares are per observation
of a phase. The rules for answers and incidents are in `checklist` and `incidents`.
Everything is aggregated in the database; Python only sorts out a few hundred groups.

Each function reads in one transaction, so the figures it returns agree with each other.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from coordinator.services.statistics.checklist import question_statistics_of
from coordinator.services.statistics.figures import (
    AccreditationCount,
    AssessmentCounts,
    CategoryCount,
    CategorySeverityCount,
    CompositionCounts,
    Coverage,
    DelegationCount,
    IncidentCounts,
    LocalityCount,
    MissionStatistics,
    PhaseCount,
    QuestionStatistics,
    RoleCount,
    SeverityCount,
    ValueCount,
)
from coordinator.services.statistics.incidents import incident_counts_of
from coordinator.services.statistics.people import composition_of
from coordinator.services.statistics.visits import coverage_of, phase_figures
from coordinator.services.unit import unit_of_work

__all__ = [
    "AccreditationCount",
    "AssessmentCounts",
    "CategoryCount",
    "CategorySeverityCount",
    "CompositionCounts",
    "Coverage",
    "DelegationCount",
    "IncidentCounts",
    "LocalityCount",
    "MissionStatistics",
    "PhaseCount",
    "QuestionStatistics",
    "RoleCount",
    "SeverityCount",
    "ValueCount",
    "assessments",
    "composition",
    "coverage",
    "incident_counts",
    "mission_statistics",
    "question_statistics",
]


def mission_statistics(session: Session) -> MissionStatistics:
    """All the figures at once (visits are read once for coverage, assessments, answers)."""
    with unit_of_work(session):
        phases, assessed = phase_figures(session)
        return MissionStatistics(
            coverage=coverage_of(session, phases),
            assessments=assessed,
            questions=question_statistics_of(session, phases),
            incidents=incident_counts_of(session),
            composition=composition_of(session),
        )


def coverage(session: Session) -> Coverage:
    with unit_of_work(session):
        return coverage_of(session, phase_figures(session)[0])


def assessments(session: Session) -> tuple[AssessmentCounts, ...]:
    """Overall assessments of every phase's done visits."""
    with unit_of_work(session):
        return phase_figures(session)[1]


def question_statistics(session: Session) -> tuple[QuestionStatistics, ...]:
    with unit_of_work(session):
        return question_statistics_of(session, phase_figures(session)[0])


def incident_counts(session: Session) -> IncidentCounts:
    with unit_of_work(session):
        return incident_counts_of(session)


def composition(session: Session) -> CompositionCounts:
    with unit_of_work(session):
        return composition_of(session)
