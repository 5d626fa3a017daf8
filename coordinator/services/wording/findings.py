"""The checklist's findings sorted for any language: per phase observed, what was found
nowhere (absent), what held everywhere (affirmed), and where something negative was
seen (with its count); then the presence of other observers. The same choices as the
English draft (statement_findings.py), so every language says the same things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordinator.db.enums import IncidentCategory, Phase, Severity
from coordinator.services.statement_facts import Source, SourceKind
from coordinator.services.statement_findings import STANDARD_WORDS, Kind, Words
from coordinator.services.statistics import QuestionStatistics
from coordinator.services.wording.facts import DraftFacts, SeriousIncident


@dataclass(frozen=True)
class QuestionFinding:
    code: str
    text: str
    words: Words | None  # None: the mission's own question (quoted, not reworded)
    answered: int
    negative_stations: int
    negative_values: tuple[str, ...]


@dataclass
class PhaseFindings:
    phase: Phase
    stations: int
    absent: list[QuestionFinding] = field(default_factory=list)
    affirmed: list[QuestionFinding] = field(default_factory=list)
    negative: list[QuestionFinding] = field(default_factory=list)
    sources: tuple[Source, ...] = ()

    @staticmethod
    def chunks(items: list[str]) -> list[list[str]]:
        """At most four clauses to a sentence, evenly shared: a long checklist reads."""
        if not items:
            return []
        size = -(-len(items) // -(-len(items) // 4))
        return [items[start : start + size] for start in range(0, len(items), size)]


@dataclass(frozen=True)
class Presence:
    items: list[tuple[QuestionFinding, int]]  # the question, and the visits that saw them
    sources: tuple[Source, ...]


def _finding(question: QuestionStatistics, words: Words | None) -> QuestionFinding:
    return QuestionFinding(
        code=question.code,
        text=question.text,
        words=words,
        answered=question.answered,
        negative_stations=question.negative_stations,
        negative_values=tuple(v.value for v in question.values if v.negative),
    )


def _words(question: QuestionStatistics, standard: dict[str, str]) -> Words | None:
    words = STANDARD_WORDS.get(question.code)
    if words is None or standard.get(question.code) != question.text:
        return None
    return words


def phase_findings(facts: DraftFacts) -> list[PhaseFindings]:
    figures = facts.figures
    found = []
    for counts in figures.coverage.phases:
        asked = [q for q in figures.questions if q.phase is counts.phase and q.answered]
        phase = PhaseFindings(counts.phase, counts.stations)
        sources = []
        for question in asked:
            words = _words(question, facts.standard_texts)
            if words is not None and words.kind is Kind.PRESENCE:
                continue
            if words is None and not question.negative:
                continue
            sources.append(
                Source(
                    SourceKind.CHECKLIST_QUESTION,
                    record_ids=(question.question_id,),
                    description=f"{question.code}: {question.negative} negative",
                )
            )
            finding = _finding(question, words)
            if words is None or question.negative:
                phase.negative.append(finding)
            elif words.category and figures.incidents.category(words.category).incidents:
                continue  # the incidents say what was seen
            elif words.kind is Kind.ABSENCE:
                phase.absent.append(finding)
            else:
                phase.affirmed.append(finding)
        phase.sources = tuple(sources)
        if phase.absent or phase.affirmed or phase.negative:
            found.append(phase)
    return found


def presence(facts: DraftFacts) -> Presence | None:
    items = []
    for question in facts.figures.questions:
        words = _words(question, facts.standard_texts)
        if words is None or words.kind is not Kind.PRESENCE or not question.answered:
            continue
        present = sum(v.answers for v in question.values if v.value == "yes")
        items.append((_finding(question, words), present))
    if not items:
        return None
    sources = tuple(
        Source(SourceKind.CHECKLIST_QUESTION, description=f"{q.code}: observers present")
        for q, _present in items
    )
    return Presence(items, sources)


@dataclass(frozen=True)
class IncidentGroup:
    """Serious or critical incidents of one category and severity saying the same thing."""

    category: IncidentCategory
    severity: Severity
    description: str
    incidents: tuple[SeriousIncident, ...]

    @property
    def observed(self) -> bool:
        return all(i.observed for i in self.incidents)

    @property
    def days(self) -> list[dt.date]:
        return sorted({i.date for i in self.incidents})

    @property
    def stations(self) -> list[SeriousIncident]:
        """One incident per station, for naming the stations."""
        return list({i.station_code: i for i in self.incidents}.values())


def incident_groups(serious: tuple[SeriousIncident, ...]) -> list[IncidentGroup]:
    groups: dict[tuple[IncidentCategory, Severity, str], list[SeriousIncident]] = {}
    for incident in serious:
        key = (incident.category, incident.severity, " ".join(incident.description.split()))
        groups.setdefault(key, []).append(incident)
    return [IncidentGroup(c, s, d, tuple(found)) for (c, s, d), found in groups.items()]


def minor_counts(facts: DraftFacts) -> dict[IncidentCategory, int]:
    """Per category, the incidents the statement counts rather than describes."""
    described = {c: sum(1 for i in facts.serious if i.category is c) for c in IncidentCategory}
    return {
        c.category: c.incidents - described[c.category]
        for c in facts.figures.incidents.categories
        if c.incidents
    }
