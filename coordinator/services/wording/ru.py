"""The statement drafted in Russian: phrase functions over the draft's facts.

Numbers agree with their nouns by CLDR's plural rules (один избирательный участок, два
избирательных участка, пять избирательных участков, 21 избирательный участок); names are
put into the case the sentence needs (ru_grammar.inflect). Where a name or a text typed
by the coordinator has no Russian translation, or its case could not be formed, the
section says so in `check`, for the translator. Numbers are written out, not as
placeholders: "{stations_visited}" cannot make its noun agree when the number changes.
"""

from __future__ import annotations

from coordinator.db.enums import MeetingKind
from coordinator.services.statement_facts import DraftSection, Source, SourceKind, literal
from coordinator.services.statement_findings import Kind, serious_issues
from coordinator.services.wording import long_date, plural_category
from coordinator.services.wording.facts import DraftFacts, MeetingFacts, Names
from coordinator.services.wording.findings import (
    incident_groups,
    minor_counts,
    phase_findings,
    presence,
)
from coordinator.services.wording.ru_findings import (
    all_stations,
    observers,
    phase_text,
)
from coordinator.services.wording.ru_grammar import (
    GENITIVE,
    INCIDENT,
    INSTRUMENTAL,
    ITEM,
    LOCALITY,
    MEETING,
    MINOR_INCIDENT,
    SEVERE,
    STATION,
    VISIT,
    counted,
    genitive_of,
    inflect,
    join,
    lower_first,
    number_word,
    oblique_number,
    prepositional_of,
)
from coordinator.services.wording.ru_words import CATEGORIES, WORDS

LANGUAGE = "ru"
MISSION = SourceKind.MISSION
MOST_LOCALITIES_NAMED = 6
ORDINALS = (
    "Во-первых",
    "Во-вторых",
    "В-третьих",
    "В-четвёртых",
    "В-пятых",
    "В-шестых",
    "В-седьмых",
    "В-восьмых",
    "В-девятых",
    "В-десятых",
)
PAST = {"m": "состоялся", "f": "состоялась", "n": "состоялось", "p": "состоялись"}
SENT = {"m": "направил", "f": "направила", "n": "направило", "p": "направили"}
HELD = {"m": "провёл", "f": "провела", "n": "провело", "p": "провели"}


class _Draft:
    """One draft: the names it used that a translator must check, section by section."""

    def __init__(self, facts: DraftFacts, translations: dict[str, str]) -> None:
        self.facts = facts
        self.names = Names(translations)
        self.unsure: list[str] = []

    def name(self, typed: str, case: str | None = None) -> tuple[str, str, bool]:
        """`typed` in Russian, in `case` (None: the nominative), its gender, and whether
        both are known. A name whose case is not known is quoted as typed («…»), as
        Russian writes a name it does not decline."""
        written = self.names.of(typed)
        inflected = inflect(written, case or GENITIVE)
        sure = inflected.sure and not (written.isupper() and case is None)
        if case is None:
            return written, inflected.gender, sure
        if not inflected.sure:
            self.unsure.append(written)
            return f"«{written}»", inflected.gender, False
        return inflected.text, inflected.gender, True

    def section(
        self, topic: str, text: str, sources: tuple[Source, ...], typed: bool = False
    ) -> DraftSection:
        notes = []
        untranslated = self.names.take_untranslated()
        if untranslated:
            notes.append("без перевода: " + "; ".join(f"«{n}»" for n in untranslated))
        unsure = [n for n in dict.fromkeys(self.unsure) if n not in untranslated]
        if unsure:
            notes.append("падеж не определён: " + "; ".join(f"«{n}»" for n in unsure))
        self.unsure = []
        return DraftSection(topic, "", text, sources, check="; ".join(notes))

    # --- sections ---------------------------------------------------------------------------

    def invitation(self) -> DraftSection:
        mission = self.facts.mission
        if mission.invited_by:
            inviter = self.name(mission.invited_by, GENITIVE)[0]
            invited = f"По приглашению {inviter}"
        else:
            invited = "По приглашению принимающей стороны"
        short = self.names.of(mission.organisation_short) if mission.organisation_short else ""
        brackets = f" ({short})" if short else ""
        if self.facts.has_secretariat:
            organisation = self.name(mission.organisation, GENITIVE)[0]
            sender, gender = f"Секретариат {organisation}{brackets}", "m"
        else:
            organisation, gender, sure = self.name(mission.organisation)
            sender = f"{organisation}{brackets}"
            if not sure:  # the verb cannot agree with a name of unknown gender
                sender, gender = f"организация «{organisation}»{brackets}", "f"
        election, number, sure = self.name(mission.election, INSTRUMENTAL)
        if not sure:
            election, number = f"выборами {election}", "p"
        day = long_date(LANGUAGE, mission.election_date)
        which = {"p": "которые", "f": "которая", "n": "которое"}.get(number, "который")
        text = (
            f"{invited} {sender} {SENT[gender]} Миссию по наблюдению за "
            f"{lower_first(election)}, {which} {PAST[number]} {day}."
        )
        facts = ("invited_by", "organisation", "organisation_short", "election", "election_day")
        return self.section("Invitation", literal(text), (Source(MISSION, facts=facts),))

    def composition(self) -> DraftSection:
        sentences = []
        if self.facts.delegations:
            names = [self.name(name, GENITIVE)[0] for name, _kind in self.facts.delegations]
            sentences.append(f"В состав Миссии вошли представители {join(names)}.")
        country, _gender, sure = self.name(self.facts.mission.country, GENITIVE)
        if not sure:
            country = "страны пребывания"
        sentences.append(
            "Миссия осуществляла свою деятельность в соответствии с национальным "
            f"законодательством {country}, а также общепризнанными нормами в области организации "
            "и проведения выборов."
        )
        sources = (
            Source(SourceKind.DELEGATIONS, description="delegations with members"),
            Source(MISSION, facts=("country",)),
        )
        return self.section("Composition and legal basis", literal(" ".join(sentences)), sources)

    def _person(self, person: object) -> str:
        from coordinator.services.wording.facts import Person

        assert isinstance(person, Person)
        parts = [self.names.of(person.name)]
        role = self.names.of(person.position)
        if person.institution:
            institution = self.name(person.institution, GENITIVE)[0]
            role = f"{role} {institution}" if role else self.names.of(person.institution)
        if role:
            parts.append(lower_first(role) if role[:1].isupper() and role.istitle() else role)
        return ", ".join(parts)

    def _points(self, meeting: MeetingFacts, at: str) -> list[str]:
        points = [self.names.of(text).strip() for _id, text in meeting.points]
        if not points:
            return []
        if len(points) == 1:
            return [f"{at} было отмечено следующее: {_sentence(points[0])}"]
        # "был отмечен 21 важный момент", "были отмечены три важных момента", "было
        # отмечено пять важных моментов": the verb agrees as an official text has it.
        verb = {"one": "был отмечен", "few": "были отмечены"}.get(
            plural_category(LANGUAGE, len(points)), "было отмечено"
        )
        lines = [f"{at} {verb} {counted(len(points), ITEM)}."]
        for index, point in enumerate(points):
            lead = ORDINALS[index] if index < len(ORDINALS) else "Кроме того"
            lines.append(f"{lead}, {_sentence(_running(point))}")
        return lines

    def meetings(self) -> list[DraftSection]:
        sections = []
        talks = [
            m
            for m in self.facts.meetings
            if m.kind in (MeetingKind.MEETING, MeetingKind.COURTESY_CALL)
        ]
        if talks:
            people = [self._person(p) for m in talks for p in m.people]
            many = "встречу" if len(talks) == 1 else counted(len(talks), MEETING, accusative=True)
            text = [f"В предвыборный период Миссия провела {many}"]
            whom = (
                "со следующим собеседником" if len(people) == 1 else "со следующими собеседниками"
            )
            text[0] += f" {whom}: {'; '.join(people)}." if people else "."
            sources = [Source(SourceKind.MEETING, tuple(m.id for m in talks))]
            for meeting in talks:
                text += self._points(meeting, "На встрече")
                if meeting.points:
                    sources.append(_points_source(meeting))
            sections.append(
                self.section(
                    "Pre-election meetings", literal(" ".join(text)), tuple(sources), typed=True
                )
            )
        for meeting in self.facts.meetings:
            if meeting in talks:
                continue
            what = "презентацию" if meeting.kind is MeetingKind.PRESENTATION else "брифинг"
            at = "В ходе презентации" if what == "презентацию" else "В ходе брифинга"
            presenter = next((p.institution for p in meeting.people if p.institution), "")
            if not presenter and meeting.people:
                presenter = meeting.people[0].name
            day = long_date(LANGUAGE, meeting.date)
            if presenter:
                name, gender, sure = self.name(presenter)
                if not sure:
                    name, gender = f"представители «{name}»", "p"
                lead = f"Кроме того, {day} {name} {HELD[gender]} {what}"
            else:
                lead = f"Кроме того, {day} был проведён {what}"
                lead = lead.replace("проведён презентацию", "проведена презентация")
            place = (
                f" (место проведения: {self.names.of(meeting.location)})"
                if meeting.location
                else ""
            )
            text = [f"{lead} для международных миссий наблюдателей{place}."]
            text += self._points(meeting, at)
            held = (Source(SourceKind.MEETING, (meeting.id,)),)
            said = (_points_source(meeting),) if meeting.points else ()
            sections.append(
                self.section(meeting.kind.label, literal(" ".join(text)), held + said, typed=True)
            )
        return sections

    def coverage(self) -> list[DraftSection]:
        figures = self.facts.figures.coverage
        if not figures.stations:
            return []
        places = [self.names.of(name) for name in figures.locality_names]
        if len(places) > MOST_LOCALITIES_NAMED:
            where = f"в {prepositional_of(len(places), LOCALITY)}"
        elif len(places) == 1:
            where = f"в населённом пункте {places[0]}"
        else:
            where = f"в населённых пунктах {join(places)}"
        text = f"В день голосования Миссия посетила {counted(figures.stations, STATION)} {where}."
        source = Source(SourceKind.VISITS, facts=("stations_visited", "localities"))
        return [self.section("Election day", literal(text), (source,))]

    def debrief(self) -> list[DraftSection]:
        if not self.facts.debrief:
            return []
        text = "\n\n".join(literal(self.names.of(t)) for _id, t in self.facts.debrief)
        source = Source(SourceKind.DEBRIEF_NOTE, tuple(i for i, _t in self.facts.debrief))
        return [self.section("Debrief", text, (source,), typed=True)]

    def findings(self) -> list[DraftSection]:
        sections = []
        for found in phase_findings(self.facts):
            text = phase_text(found, self.names)
            if text:
                custom = any(q.words is None for q in found.negative)
                sections.append(self.section("Findings", literal(text), found.sources, custom))
        seen = presence(self.facts)
        if seen is not None:
            parts = []
            everywhere = [
                WORDS[q.code].clause for q, present in seen.items if present == q.answered
            ]
            if everywhere:
                parts.append(
                    f"{observers(everywhere)} на всех избирательных участках, посещённых в "
                    "ходе голосования"
                )
            for question, present in seen.items:
                if present != question.answered:
                    some = oblique_number(present, "prep", VISIT.gender)
                    parts.append(
                        f"{WORDS[question.code].clause} — при {some} из "
                        f"{genitive_of(question.answered, VISIT)}"
                    )
            text = (
                f"Миссия отметила присутствие {join(parts)}, что способствует повышению "
                "прозрачности выборов и их подотчётности обществу."
            )
            sections.append(self.section("Findings", literal(text), seen.sources))
        incidents = self._incidents()
        if incidents is not None:
            sections.append(incidents)
        return sections

    def _serious(self) -> list[str]:
        """Serious and critical incidents by their substance: what, where, when."""
        sentences = []
        for group in incident_groups(self.facts.serious):
            noun = SEVERE[group.severity]
            count = len(group.incidents)
            first = group.stations[0]
            codes = [f"№ {i.station_code}" for i in group.stations]
            if len(codes) == 1:
                place = ", ".join(
                    self.names.of(p) for p in (first.station_name, first.locality) if p
                )
                where = f"на избирательном участке {codes[0]}" + (f" ({place})" if place else "")
            else:
                where = f"на избирательных участках {join(codes)}"
            when = join([long_date(LANGUAGE, day) for day in group.days])
            if count == 1 and first.time is not None:
                when += f" в {first.time:%H:%M}"
            about = CATEGORIES[group.category]
            if group.observed:
                linked = "связанный" if counted(count, noun).endswith("инцидент") else "связанных"
                what = "" if count == 1 else f"{number_word(count)} "
                form = noun.nom if count == 1 else counted(count, noun).split(" ", 1)[1]
                event = f"Миссия зафиксировала {what}{form}, {linked} с {about}"
            else:
                form = noun.prep if count == 1 else prepositional_of(count, noun)
                linked = "связанном" if count == 1 else "связанных"
                # Official register: "Миссия получила сообщение о …", not "Миссии сообщили".
                news = "сообщение" if count == 1 else "сообщения"
                event = f"Миссия получила {news} о {form}, {linked} с {about}"
            description = self.names.of(group.description).rstrip(".")
            sentences.append(f"{when} {where} {event}: {description}.")
        return sentences

    def _incidents(self) -> DraftSection | None:
        figures = self.facts.figures
        sentences = self._serious()
        minor = minor_counts(self.facts)
        for category in figures.incidents.categories:
            if minor.get(category.category, 0) <= 0:
                continue
            about = CATEGORIES[category.category]
            if any(i.category is category.category for i in self.facts.serious):
                count = counted(minor[category.category], MINOR_INCIDENT)
                linked = "связанный" if count.endswith("инцидент") else "связанных"
                sentences.append(f"Кроме того, Миссия зафиксировала {count}, {linked} с {about}.")
                continue
            count = counted(category.incidents, INCIDENT)
            linked = "связанный" if count.endswith("инцидент") else "связанных"
            what = f"{count}, {linked} с {about},"
            visited = figures.coverage.stations
            if category.stations == visited == 1:
                where = "на единственном посещённом избирательном участке"
            elif category.stations == visited:
                where = f"на {all_stations(visited)}, посещённых Миссией"
            elif category.stations < visited:
                some = oblique_number(category.stations, "prep")
                where = f"на {some} из {genitive_of(visited, STATION)}"
            else:
                where = f"на {prepositional_of(category.stations, STATION)}"
            sentence = f"Миссия зафиксировала {what} {where}"
            reported = category.incidents - category.observed
            if reported:
                sentence += (
                    f" (в том числе {number_word(reported)} — по сообщениям, полученным Миссией, "
                    "а не по её непосредственным наблюдениям)"
                )
            sentences.append(sentence.rstrip(",") + ".")
        if not sentences:
            return None
        source = Source(
            SourceKind.INCIDENTS,
            tuple(i.id for i in self.facts.serious),
            description="incidents by category",
        )
        return self.section("Findings", literal(" ".join(sentences)), (source,))

    def conclusion(self) -> list[DraftSection]:
        critical, serious = serious_issues(self.facts.figures)
        typed = self.facts.mission.name
        # A name in another language cannot be the subject of a Russian sentence: "Миссия".
        mission = self.names.of(typed) if typed in self.names.translations else "Миссия"
        source = Source(SourceKind.CHECKLIST_QUESTION, description="critical answers, incidents")
        if critical or serious:
            text = (
                "Миссия обращает внимание на изложенные выше недостатки и призывает "
                "избирательную администрацию устранить их. В заключение "
                f"{mission} благодарит власти страны за сотрудничество."
            )
        else:
            text = (
                "Миссия не выявила серьёзных нарушений, которые могли бы повлиять на итоги "
                f"выборов. В заключение {mission} подтверждает соответствие процесса "
                "голосования национальному законодательству и международным стандартам."
            )
        sections = [self.section("Conclusion", literal(text), (source,))]
        mission_facts = self.facts.mission
        if mission_facts.organisation_short:
            within = f"в рамках {self.names.of(mission_facts.organisation_short)}"
        else:
            within = f"в рамках {self.name(mission_facts.organisation, GENITIVE)[0]}"
        wishes = (
            "Миссия выражает уверенность в том, что итоги выборов будут способствовать дальнейшему "
            f"развитию и процветанию страны, а также укреплению сотрудничества {within}."
        )
        # A congratulation on a successful election is not drafted over critical findings.
        if not (critical or serious):
            wishes = (
                "Миссия поздравляет народ и руководство страны с проведением выборов.\n\n" + wishes
            )
        sections.append(
            self.section(
                "Congratulations",
                literal(wishes),
                (Source(MISSION, facts=("organisation",)),),
            )
        )
        return sections


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def _running(text: str) -> str:
    """A point made to follow "Во-первых, ": its first word lower-cased unless a name."""
    first = text.split(" ", 1)[0]
    if (
        first.isupper()
        or any(ch.isupper() for ch in first[1:])
        or first.casefold() in ("центральная",)
    ):
        return text
    return text[:1].lower() + text[1:]


def _points_source(meeting: MeetingFacts) -> Source:
    return Source(
        SourceKind.KEY_POINT,
        tuple(i for i, _t in meeting.points),
        description="flagged for the statement",
    )


def draft(facts: DraftFacts, translations: dict[str, str]) -> list[DraftSection]:
    """The draft in Russian, section by section."""
    writer = _Draft(facts, translations)
    return [
        writer.invitation(),
        writer.composition(),
        *writer.meetings(),
        *writer.coverage(),
        *writer.debrief(),
        *writer.findings(),
        *writer.conclusion(),
    ]


__all__ = ["Kind", "draft"]
