"""What a draft in any language is written from: names, meetings, coverage, figures.

Plain data read once from the mission (statement_drafts.py gathers it), so that each
language's module only chooses words. Names are given as typed; `Names.of` gives a
name in the draft's language (its translation, else as typed) and remembers the ones
that had none, for the translator's mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coordinator.db.enums import DelegationKind, IncidentCategory, MeetingKind, Severity
from coordinator.services.statistics import MissionStatistics


@dataclass
class Names:
    """Names as typed, and how the draft's language writes them."""

    translations: dict[str, str]
    untranslated: list[str] = field(default_factory=list)

    def of(self, typed: str) -> str:
        if not typed:
            return typed
        written = self.translations.get(typed)
        if written is None:
            self.untranslated.append(typed)
            return typed
        return written

    def take_untranslated(self) -> list[str]:
        """The names used since the last call that have no translation (each once)."""
        taken = list(dict.fromkeys(self.untranslated))
        self.untranslated.clear()
        return taken


@dataclass(frozen=True)
class Person:
    name: str
    position: str
    institution: str


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    kind: MeetingKind
    date: dt.date
    location: str
    people: tuple[Person, ...]
    points: tuple[tuple[int, str], ...]  # key points flagged for the statement: (id, text)


@dataclass(frozen=True)
class MissionFacts:
    """The mission's settings as typed."""

    name: str
    organisation: str
    organisation_short: str
    election: str
    country: str
    invited_by: str
    election_date: dt.date


@dataclass(frozen=True)
class SeriousIncident:
    """A serious or critical incident, which the statement describes by its substance."""

    id: int
    category: IncidentCategory
    severity: Severity
    observed: bool
    description: str
    date: dt.date
    time: dt.time | None
    station_code: str
    station_name: str
    locality: str


@dataclass(frozen=True)
class DraftFacts:
    mission: MissionFacts
    delegations: tuple[tuple[str, DelegationKind], ...]  # with members, secretariat first
    meetings: tuple[MeetingFacts, ...]  # before election day, in order
    debrief: tuple[tuple[int, str], ...]  # notes flagged for the statement: (id, text)
    figures: MissionStatistics
    standard_texts: dict[str, str]  # the standard checklist's questions: code -> text
    serious: tuple[SeriousIncident, ...] = ()  # described by substance, not counted

    @property
    def has_secretariat(self) -> bool:
        return any(kind is DelegationKind.SECRETARIAT for _name, kind in self.delegations)
