"""The steps a draft takes in every language: which sections, in what order, from what.

A language (ru.py, tr.py) subclasses `Draft` and writes the words: its sentences, and the
hooks below that a section's text is made of. What a section is drafted from, when it is
left out, where its figures come from (its sources) and when the Mission congratulates
are decided here once, so the languages cannot drift apart on them.
"""

from __future__ import annotations

from coordinator.db.enums import IncidentCategory, MeetingKind
from coordinator.services.statement_facts import DraftSection, Source, SourceKind
from coordinator.services.statement_findings import serious_issues
from coordinator.services.statistics.figures import CategoryCount
from coordinator.services.wording.facts import DraftFacts, MeetingFacts, Names
from coordinator.services.wording.findings import (
    PhaseFindings,
    QuestionFinding,
    minor_counts,
    phase_findings,
    presence,
)

MISSION = SourceKind.MISSION
TALKS = (MeetingKind.MEETING, MeetingKind.COURTESY_CALL)


def sentence(text: str) -> str:
    """A point as typed, made to end as a sentence does."""
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def points_source(meeting: MeetingFacts) -> Source:
    return Source(
        SourceKind.KEY_POINT,
        tuple(i for i, _t in meeting.points),
        description="flagged for the statement",
    )


class Draft:
    """One draft in one language, section by section."""

    # The subject of a sentence when the mission's name has no translation: a name in
    # another language cannot be one ("Миссия", "Heyet").
    mission_word = ""
    # "Firstly", "Secondly", … for a meeting's points, then the word for any further one.
    ordinals: tuple[str, ...] = ()
    further = ""
    # Where the points made at a meeting (as against a briefing) were noted.
    at_talk = ""

    def __init__(self, facts: DraftFacts, translations: dict[str, str]) -> None:
        self.facts = facts
        self.names = Names(translations)

    def sections(self) -> list[DraftSection]:
        return [
            self.invitation(),
            self.composition(),
            *self.meetings(),
            *self.coverage(),
            *self.debrief(),
            *self.findings(),
            *self.conclusion(),
        ]

    # --- what each language writes ----------------------------------------------------------

    def section(
        self, topic: str, text: str, sources: tuple[Source, ...], typed: bool = False
    ) -> DraftSection:
        """A section of `text` as written (user text in it kept literally)."""
        raise NotImplementedError

    def invitation(self) -> DraftSection:
        raise NotImplementedError

    def composition(self) -> DraftSection:
        raise NotImplementedError

    def talks(self, talks: list[MeetingFacts]) -> list[str]:
        """The opening sentences on the meetings held with interlocutors."""
        raise NotImplementedError

    def briefing(self, meeting: MeetingFacts, presenter: str) -> tuple[str, str]:
        """A presentation's or briefing's sentence, and where its points were noted."""
        raise NotImplementedError

    def one_point(self, at: str, point: str) -> str:
        raise NotImplementedError

    def many_points(self, at: str, count: int) -> str:
        raise NotImplementedError

    def running(self, point: str) -> str:
        """A point made to follow an ordinal ("Firstly, ")."""
        raise NotImplementedError

    def coverage_text(self, places: list[str], stations: int) -> str:
        raise NotImplementedError

    def phase_text(self, found: PhaseFindings) -> str:
        raise NotImplementedError

    def presence_text(
        self, everywhere: list[QuestionFinding], partly: list[tuple[QuestionFinding, int]]
    ) -> str:
        """Who was present at every visit of the voting, and who at some (with how many)."""
        raise NotImplementedError

    def serious(self) -> list[str]:
        """Serious and critical incidents by their substance: what, where, when."""
        raise NotImplementedError

    def minor_also(self, category: IncidentCategory, count: int) -> str:
        """The minor incidents of a category whose serious ones were described."""
        raise NotImplementedError

    def incidents_of(self, category: CategoryCount, visited: int) -> str:
        raise NotImplementedError

    def paragraph(self, sentences: list[str]) -> str:
        return " ".join(sentences)

    def shortcomings(self, subject: str) -> str:
        """The conclusion over critical findings or serious incidents."""
        raise NotImplementedError

    def no_shortcomings(self, subject: str) -> str:
        raise NotImplementedError

    def wishes(self) -> str:
        raise NotImplementedError

    def congratulation(self) -> str:
        raise NotImplementedError

    # --- the steps every language takes -----------------------------------------------------

    def points(self, meeting: MeetingFacts, at: str) -> list[str]:
        points = [self.names.of(text).strip() for _id, text in meeting.points]
        if not points:
            return []
        if len(points) == 1:
            return [self.one_point(at, sentence(points[0]))]
        lines = [self.many_points(at, len(points))]
        for index, point in enumerate(points):
            lead = self.ordinals[index] if index < len(self.ordinals) else self.further
            lines.append(f"{lead}, {sentence(self.running(point))}")
        return lines

    def meetings(self) -> list[DraftSection]:
        sections = []
        talks = [m for m in self.facts.meetings if m.kind in TALKS]
        if talks:
            text = self.talks(talks)
            sources = [Source(SourceKind.MEETING, tuple(m.id for m in talks))]
            for meeting in talks:
                text += self.points(meeting, self.at_talk)
                if meeting.points:
                    sources.append(points_source(meeting))
            sections.append(
                self.section("Pre-election meetings", " ".join(text), tuple(sources), typed=True)
            )
        for meeting in self.facts.meetings:
            if meeting in talks:
                continue
            presenter = next((p.institution for p in meeting.people if p.institution), "")
            if not presenter and meeting.people:
                presenter = meeting.people[0].name
            lead, at = self.briefing(meeting, presenter)
            text = [lead, *self.points(meeting, at)]
            held = (Source(SourceKind.MEETING, (meeting.id,)),)
            said = (points_source(meeting),) if meeting.points else ()
            sections.append(
                self.section(meeting.kind.label, " ".join(text), held + said, typed=True)
            )
        return sections

    def coverage(self) -> list[DraftSection]:
        figures = self.facts.figures.coverage
        if not figures.stations:
            return []
        places = [self.names.of(name) for name in figures.locality_names]
        text = self.coverage_text(places, figures.stations)
        source = Source(SourceKind.VISITS, facts=("stations_visited", "localities"))
        return [self.section("Election day", text, (source,))]

    def debrief(self) -> list[DraftSection]:
        if not self.facts.debrief:
            return []
        text = "\n\n".join(self.names.of(t) for _id, t in self.facts.debrief)
        source = Source(SourceKind.DEBRIEF_NOTE, tuple(i for i, _t in self.facts.debrief))
        return [self.section("Debrief", text, (source,), typed=True)]

    def findings(self) -> list[DraftSection]:
        sections = []
        for found in phase_findings(self.facts):
            # phase_findings gives only phases with something to say, so the text is never empty.
            custom = any(q.words is None for q in found.negative)
            sections.append(self.section("Findings", self.phase_text(found), found.sources, custom))
        seen = presence(self.facts)
        if seen is not None:
            everywhere = [q for q, present in seen.items if present == q.answered]
            partly = [(q, present) for q, present in seen.items if present != q.answered]
            text = self.presence_text(everywhere, partly)
            sections.append(self.section("Findings", text, seen.sources))
        incidents = self.incidents()
        if incidents is not None:
            sections.append(incidents)
        return sections

    def incidents(self) -> DraftSection | None:
        figures = self.facts.figures
        sentences = self.serious()
        minor = minor_counts(self.facts)
        described = {i.category for i in self.facts.serious}
        for category in figures.incidents.categories:
            count = minor.get(category.category, 0)
            if count <= 0:
                continue
            if category.category in described:
                sentences.append(self.minor_also(category.category, count))
            else:
                sentences.append(self.incidents_of(category, figures.coverage.stations))
        if not sentences:
            return None
        source = Source(
            SourceKind.INCIDENTS,
            tuple(i.id for i in self.facts.serious),
            description="incidents by category",
        )
        return self.section("Findings", self.paragraph(sentences), (source,))

    def conclusion(self) -> list[DraftSection]:
        critical, serious = serious_issues(self.facts.figures)
        typed = self.facts.mission.name
        subject = self.names.of(typed) if typed in self.names.translations else self.mission_word
        source = Source(SourceKind.CHECKLIST_QUESTION, description="critical answers, incidents")
        shortcomings = bool(critical or serious)
        text = self.shortcomings(subject) if shortcomings else self.no_shortcomings(subject)
        # Each section is made before the next is written: its translator's notes are its own.
        conclusion = self.section("Conclusion", text, (source,))
        wishes = self.wishes()
        # A congratulation on a successful election is not drafted over critical findings.
        if not shortcomings:
            wishes = self.congratulation() + "\n\n" + wishes
        organisation = Source(MISSION, facts=("organisation",))
        return [conclusion, self.section("Congratulations", wishes, (organisation,))]
