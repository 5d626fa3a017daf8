"""The statement drafted in Russian: phrase functions over the draft's facts.

Numbers agree with their nouns by CLDR's plural rules (один избирательный участок, два
избирательных участка, пять избирательных участков, 21 избирательный участок); names are
put into the case the sentence needs (ru_grammar.inflect). Where a name or a text typed
by the coordinator has no Russian translation, or its case could not be formed, the
section says so in `check`, for the translator. Numbers are written out, not as
placeholders: "{stations_visited}" cannot make its noun agree when the number changes.
"""

from __future__ import annotations

from coordinator.db.enums import IncidentCategory, MeetingKind
from coordinator.services.statement_facts import DraftSection, Source, SourceKind, literal
from coordinator.services.statement_findings import Kind
from coordinator.services.statistics.figures import CategoryCount
from coordinator.services.wording import long_date, plural_category
from coordinator.services.wording.facts import DraftFacts, MeetingFacts, Person
from coordinator.services.wording.findings import (
    PhaseFindings,
    QuestionFinding,
    incident_groups,
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
from coordinator.services.wording.skeleton import Draft

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


class _Draft(Draft):
    """One draft: the names it used that a translator must check, section by section."""

    mission_word = "Миссия"
    ordinals = ORDINALS
    further = "Кроме того"
    at_talk = "На встрече"

    def __init__(self, facts: DraftFacts, translations: dict[str, str]) -> None:
        super().__init__(facts, translations)
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
        return DraftSection(topic, "", literal(text), sources, check="; ".join(notes))

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
        return self.section("Invitation", text, (Source(MISSION, facts=facts),))

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
        return self.section("Composition and legal basis", " ".join(sentences), sources)

    def _person(self, person: Person) -> str:
        parts = [self.names.of(person.name)]
        role = self.names.of(person.position)
        if person.institution:
            institution = self.name(person.institution, GENITIVE)[0]
            role = f"{role} {institution}" if role else self.names.of(person.institution)
        if role:
            parts.append(lower_first(role) if role[:1].isupper() and role.istitle() else role)
        return ", ".join(parts)

    def one_point(self, at: str, point: str) -> str:
        return f"{at} было отмечено следующее: {point}"

    def many_points(self, at: str, count: int) -> str:
        # "был отмечен 21 важный момент", "были отмечены три важных момента", "было
        # отмечено пять важных моментов": the verb agrees as an official text has it.
        verb = {"one": "был отмечен", "few": "были отмечены"}.get(
            plural_category(LANGUAGE, count), "было отмечено"
        )
        return f"{at} {verb} {counted(count, ITEM)}."

    def running(self, point: str) -> str:
        """A point made to follow "Во-первых, ": its first word lower-cased unless a name."""
        first = point.split(" ", 1)[0]
        if (
            first.isupper()
            or any(ch.isupper() for ch in first[1:])
            or first.casefold() in ("центральная",)
        ):
            return point
        return point[:1].lower() + point[1:]

    def talks(self, talks: list[MeetingFacts]) -> list[str]:
        people = [self._person(p) for m in talks for p in m.people]
        many = "встречу" if len(talks) == 1 else counted(len(talks), MEETING, accusative=True)
        text = f"В предвыборный период Миссия провела {many}"
        whom = "со следующим собеседником" if len(people) == 1 else "со следующими собеседниками"
        return [text + (f" {whom}: {'; '.join(people)}." if people else ".")]

    def briefing(self, meeting: MeetingFacts, presenter: str) -> tuple[str, str]:
        what = "презентацию" if meeting.kind is MeetingKind.PRESENTATION else "брифинг"
        at = "В ходе презентации" if what == "презентацию" else "В ходе брифинга"
        day = long_date(LANGUAGE, meeting.date)
        if presenter:
            name, gender, sure = self.name(presenter)
            if not sure:
                name, gender = f"представители «{name}»", "p"
            lead = f"Кроме того, {day} {name} {HELD[gender]} {what}"
        else:
            lead = f"Кроме того, {day} был проведён {what}"
            lead = lead.replace("проведён презентацию", "проведена презентация")
        place = ""
        if meeting.location:
            place = f" (место проведения: {self.names.of(meeting.location)})"
        return f"{lead} для международных миссий наблюдателей{place}.", at

    def coverage_text(self, places: list[str], stations: int) -> str:
        if len(places) > MOST_LOCALITIES_NAMED:
            where = f"в {prepositional_of(len(places), LOCALITY)}"
        elif len(places) == 1:
            where = f"в населённом пункте {places[0]}"
        else:
            where = f"в населённых пунктах {join(places)}"
        return f"В день голосования Миссия посетила {counted(stations, STATION)} {where}."

    def phase_text(self, found: PhaseFindings) -> str:
        return phase_text(found, self.names)

    def presence_text(
        self, everywhere: list[QuestionFinding], partly: list[tuple[QuestionFinding, int]]
    ) -> str:
        parts = []
        if everywhere:
            clauses = [WORDS[q.code].clause for q in everywhere]
            parts.append(
                f"{observers(clauses)} на всех избирательных участках, посещённых в ходе "
                "голосования"
            )
        for question, present in partly:
            some = oblique_number(present, "prep", VISIT.gender)
            parts.append(
                f"{WORDS[question.code].clause} — при {some} из "
                f"{genitive_of(question.answered, VISIT)}"
            )
        return (
            f"Миссия отметила присутствие {join(parts)}, что способствует повышению "
            "прозрачности выборов и их подотчётности обществу."
        )

    def serious(self) -> list[str]:
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

    def minor_also(self, category: IncidentCategory, count: int) -> str:
        minor = counted(count, MINOR_INCIDENT)
        linked = "связанный" if minor.endswith("инцидент") else "связанных"
        return f"Кроме того, Миссия зафиксировала {minor}, {linked} с {CATEGORIES[category]}."

    def incidents_of(self, category: CategoryCount, visited: int) -> str:
        count = counted(category.incidents, INCIDENT)
        linked = "связанный" if count.endswith("инцидент") else "связанных"
        what = f"{count}, {linked} с {CATEGORIES[category.category]},"
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
        return sentence.rstrip(",") + "."

    def shortcomings(self, subject: str) -> str:
        return (
            "Миссия обращает внимание на изложенные выше недостатки и призывает "
            "избирательную администрацию устранить их. В заключение "
            f"{subject} благодарит власти страны за сотрудничество."
        )

    def no_shortcomings(self, subject: str) -> str:
        return (
            "Миссия не выявила серьёзных нарушений, которые могли бы повлиять на итоги "
            f"выборов. В заключение {subject} подтверждает соответствие процесса "
            "голосования национальному законодательству и международным стандартам."
        )

    def wishes(self) -> str:
        mission = self.facts.mission
        if mission.organisation_short:
            within = f"в рамках {self.names.of(mission.organisation_short)}"
        else:
            within = f"в рамках {self.name(mission.organisation, GENITIVE)[0]}"
        return (
            "Миссия выражает уверенность в том, что итоги выборов будут способствовать дальнейшему "
            f"развитию и процветанию страны, а также укреплению сотрудничества {within}."
        )

    def congratulation(self) -> str:
        return "Миссия поздравляет народ и руководство страны с проведением выборов."


def draft(facts: DraftFacts, translations: dict[str, str]) -> list[DraftSection]:
    """The draft in Russian, section by section."""
    return _Draft(facts, translations).sections()


__all__ = ["Kind", "draft"]
