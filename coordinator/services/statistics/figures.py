"""What the statistics tell: frozen figures for coverage, answers, assessments, incidents
and the mission's composition. Built by the queries next to this module."""

from __future__ import annotations

from dataclasses import dataclass

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    IncidentCategory,
    MemberRole,
    Phase,
    Severity,
)


@dataclass(frozen=True)
class PhaseCount:
    phase: Phase
    observations: int
    stations: int


@dataclass(frozen=True)
class LocalityCount:
    locality_id: int
    name: str
    district: str
    region: str
    stations: int
    observations: int


@dataclass(frozen=True)
class Coverage:
    """Where the mission observed: stations and observations, per phase and locality."""

    stations: int
    observations: int
    phases: tuple[PhaseCount, ...]  # every phase, in the order of the process
    localities: tuple[LocalityCount, ...]  # most stations visited first, then by name

    def phase(self, phase: Phase) -> PhaseCount:
        return next(p for p in self.phases if p.phase is phase)

    @property
    def locality_names(self) -> tuple[str, ...]:
        """Names as the statement lists them ("Bishkek", "Kant"), each name once."""
        return tuple(dict.fromkeys(locality.name for locality in self.localities))


@dataclass(frozen=True)
class ValueCount:
    value: str
    answers: int
    negative: bool
    critical: bool


@dataclass(frozen=True)
class QuestionStatistics:
    """How observers answered one checklist question at the done visits of its phase."""

    question_id: int
    code: str
    phase: Phase
    text: str
    answer_type: AnswerType
    answered: int
    negative: int
    critical: int
    negative_stations: int  # distinct stations with at least one negative answer
    values: tuple[ValueCount, ...]  # each value given, most frequent first; none for text

    @property
    def share_negative(self) -> float | None:
        return self.negative / self.answered if self.answered else None

    @property
    def share_critical(self) -> float | None:
        return self.critical / self.answered if self.answered else None


@dataclass(frozen=True)
class AssessmentCounts:
    """Overall assessments of the done visits of one phase."""

    phase: Phase
    very_good: int
    good: int
    bad: int
    very_bad: int
    not_assessed: int

    def count(self, assessment: Assessment) -> int:
        value: int = getattr(self, assessment.value)
        return value

    @property
    def assessed(self) -> int:
        return self.very_good + self.good + self.bad + self.very_bad

    @property
    def observations(self) -> int:
        return self.assessed + self.not_assessed


@dataclass(frozen=True)
class CategoryCount:
    category: IncidentCategory
    incidents: int
    observed: int  # seen by the team; the rest were reported to it
    stations: int


@dataclass(frozen=True)
class SeverityCount:
    severity: Severity
    incidents: int


@dataclass(frozen=True)
class CategorySeverityCount:
    category: IncidentCategory
    severity: Severity
    incidents: int


@dataclass(frozen=True)
class IncidentCounts:
    """Incidents at visits that were not cancelled."""

    incidents: int
    stations: int  # distinct stations with at least one incident
    categories: tuple[CategoryCount, ...]  # every category, zero included
    severities: tuple[SeverityCount, ...]  # every severity, zero included
    category_severities: tuple[CategorySeverityCount, ...]  # only the combinations seen

    def category(self, category: IncidentCategory) -> CategoryCount:
        return next(c for c in self.categories if c.category is category)

    def count(self, category: IncidentCategory, severity: Severity) -> int:
        return sum(
            c.incidents
            for c in self.category_severities
            if c.category is category and c.severity is severity
        )


@dataclass(frozen=True)
class DelegationCount:
    name: str
    kind: DelegationKind
    members: int


@dataclass(frozen=True)
class RoleCount:
    role: MemberRole
    members: int


@dataclass(frozen=True)
class AccreditationCount:
    status: AccreditationStatus
    members: int


@dataclass(frozen=True)
class CompositionCounts:
    """Who the mission is: its delegations and members."""

    members: int
    delegations: tuple[DelegationCount, ...]  # by name
    roles: tuple[RoleCount, ...]  # every role, zero included
    accreditation: tuple[AccreditationCount, ...]  # every status, zero included

    @property
    def delegation_count(self) -> int:
        return len(self.delegations)


@dataclass(frozen=True)
class MissionStatistics:
    coverage: Coverage
    assessments: tuple[AssessmentCounts, ...]  # every phase
    questions: tuple[QuestionStatistics, ...]  # by phase, then checklist order
    incidents: IncidentCounts
    composition: CompositionCounts

    def assessment(self, phase: Phase) -> AssessmentCounts:
        return next(a for a in self.assessments if a.phase is phase)

    def question(self, code: str) -> QuestionStatistics:
        return next(q for q in self.questions if q.code == code)
