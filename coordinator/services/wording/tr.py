"""The statement drafted in Turkish: phrase functions over the draft's facts.

Turkish puts no plural after a number ("16 sandık"), and numbers one to nine are words.
A suffix on a name the coordinator typed would have to follow its vowels, which a
program guesses badly, so every sentence puts a word of its own after such a name
("… tarafından", "… kapsamında", "… temsilcilerinden"). Names and texts without a
Turkish translation are marked in `check` for the translator.
"""

from __future__ import annotations

from coordinator.db.enums import MeetingKind
from coordinator.services.statement_facts import DraftSection, Source, SourceKind, literal
from coordinator.services.statement_findings import serious_issues
from coordinator.services.wording import long_date
from coordinator.services.wording.facts import DraftFacts, MeetingFacts, Names
from coordinator.services.wording.findings import (
    incident_groups,
    minor_counts,
    phase_findings,
    presence,
)
from coordinator.services.wording.tr_findings import capital, join, number, phase_text
from coordinator.services.wording.tr_words import CATEGORIES, SEVERITY, WORDS

LANGUAGE = "tr"
MISSION = SourceKind.MISSION
MOST_LOCALITIES_NAMED = 6
ORDINALS = (
    "Birincisi",
    "İkincisi",
    "Üçüncüsü",
    "Dördüncüsü",
    "Beşincisi",
    "Altıncısı",
    "Yedincisi",
    "Sekizincisi",
    "Dokuzuncusu",
    "Onuncusu",
)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def _running(text: str) -> str:
    """A point made to follow "Birincisi, ": its first letter small, unless it starts a
    name (all capitals, or a capital inside its first word)."""
    first = text.split(" ", 1)[0]
    if (first.isupper() and len(first) > 1) or any(ch.isupper() for ch in first[1:]):
        return text
    return {"I": "ı", "İ": "i"}.get(text[:1], text[:1].lower()) + text[1:]


class _Draft:
    def __init__(self, facts: DraftFacts, translations: dict[str, str]) -> None:
        self.facts = facts
        self.names = Names(translations)

    def section(
        self, topic: str, text: str, sources: tuple[Source, ...], typed: bool = False
    ) -> DraftSection:
        notes = []
        untranslated = self.names.take_untranslated()
        if untranslated:
            notes.append("çevirisi yok: " + "; ".join(f"“{n}”" for n in untranslated))
        return DraftSection(topic, "", literal(text), sources, check="; ".join(notes))

    def invitation(self) -> DraftSection:
        mission = self.facts.mission
        if mission.invited_by:
            invited = f"{self.names.of(mission.invited_by)} tarafından iletilen davet üzerine"
        else:
            invited = "Davet üzerine"
        organisation = self.names.of(mission.organisation)
        short = self.names.of(mission.organisation_short) if mission.organisation_short else ""
        sender = f"{organisation} ({short})" if short else organisation
        if self.facts.has_secretariat:
            sender += " Genel Sekreterliği"
        election = self.names.of(mission.election)
        day = long_date(LANGUAGE, mission.election_date)
        text = (
            f"{invited} {sender}, {day} tarihinde yapılan {election} kapsamında gözlem yapmak "
            "üzere bir Seçim Gözlem Heyeti (SGH) görevlendirmiştir."
        )
        facts = ("invited_by", "organisation", "organisation_short", "election", "election_day")
        return self.section("Invitation", text, (Source(MISSION, facts=facts),))

    def composition(self) -> DraftSection:
        country = self.names.of(self.facts.mission.country)
        rules = (
            f"{country} ulusal mevzuatı ile seçimlerin düzenlenmesine ve yürütülmesine ilişkin "
            "genel kabul görmüş kurallar çerçevesinde sürdürmüştür."
        )
        if self.facts.delegations:
            names = join([self.names.of(name) for name, _kind in self.facts.delegations])
            text = f"Heyet, {names} temsilcilerinden oluşmuş ve faaliyetlerini {rules}"
        else:
            text = f"Heyet, faaliyetlerini {rules}"
        sources = (
            Source(SourceKind.DELEGATIONS, description="delegations with members"),
            Source(MISSION, facts=("country",)),
        )
        return self.section("Composition and legal basis", text, sources)

    def _person(self, name: str, position: str, institution: str) -> str:
        role = " ".join(
            part for part in (self.names.of(institution), self.names.of(position)) if part
        )
        return ", ".join(part for part in (self.names.of(name), role) if part)

    def _person_before(self, name: str, position: str, institution: str) -> str:
        """ "Merkez Seçim Komisyonu Başkanı Sayın X": the title before the name, as Turkish
        writes a person in running text."""
        role = " ".join(
            part for part in (self.names.of(institution), self.names.of(position)) if part
        )
        return " ".join(part for part in (role, self.names.of(name)) if part)

    def _points(self, meeting: MeetingFacts, at: str) -> list[str]:
        points = [self.names.of(text).strip() for _id, text in meeting.points]
        if not points:
            return []
        if len(points) == 1:
            return [f"{at} şu husus belirtilmiştir: {_sentence(points[0])}"]
        lines = [f"{at} {number(len(points))} önemli husus belirtilmiştir."]
        for index, point in enumerate(points):
            lead = ORDINALS[index] if index < len(ORDINALS) else "Ayrıca"
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
            people = [
                self._person(p.name, p.position, p.institution) for m in talks for p in m.people
            ]
            if len(talks) == 1 and len(people) == 1:
                # "… Başkanı Sayın X ile bir görüşme gerçekleştirmiştir": "ile" is a word of
                # its own, so nothing is glued onto the name as typed.
                person = talks[0].people[0]
                whom = self._person_before(person.name, person.position, person.institution)
                text = [f"Seçim öncesi dönemde Heyet, {whom} ile bir görüşme gerçekleştirmiştir."]
            else:
                text = [
                    f"Seçim öncesi dönemde Heyet, {number(len(talks))} görüşme gerçekleştirmiştir."
                ]
                if people:
                    who = "Görüşülen kişi" if len(people) == 1 else "Görüşülen kişiler"
                    text.append(f"{who}: {'; '.join(people)}.")
            sources = [Source(SourceKind.MEETING, tuple(m.id for m in talks))]
            for meeting in talks:
                text += self._points(meeting, "Görüşmede")
                if meeting.points:
                    sources.append(_points_source(meeting))
            sections.append(
                self.section("Pre-election meetings", " ".join(text), tuple(sources), True)
            )
        for meeting in self.facts.meetings:
            if meeting in talks:
                continue
            presentation = meeting.kind is MeetingKind.PRESENTATION
            what = (
                "bir sunum yapılmıştır"
                if presentation
                else "bir bilgilendirme toplantısı düzenlenmiştir"
            )
            presenter = next((p.institution for p in meeting.people if p.institution), "")
            if not presenter and meeting.people:
                presenter = meeting.people[0].name
            by = f"{self.names.of(presenter)} tarafından " if presenter else ""
            day = long_date(LANGUAGE, meeting.date)
            place = f" (yer: {self.names.of(meeting.location)})" if meeting.location else ""
            for_missions = "uluslararası gözlem heyetlerine yönelik"
            text = [f"Ayrıca, {day} tarihinde {by}{for_missions} {what}{place}."]
            text += self._points(meeting, "Sunumda" if presentation else "Toplantıda")
            held = (Source(SourceKind.MEETING, (meeting.id,)),)
            said = (_points_source(meeting),) if meeting.points else ()
            sections.append(self.section(meeting.kind.label, " ".join(text), held + said, True))
        return sections

    def coverage(self) -> list[DraftSection]:
        figures = self.facts.figures.coverage
        if not figures.stations:
            return []
        places = [self.names.of(name) for name in figures.locality_names]
        if len(places) > MOST_LOCALITIES_NAMED:
            where = f"{number(len(places))} yerleşim yerinde bulunan"
        elif len(places) == 1:
            where = f"{places[0]} yerleşim yerinde bulunan"
        else:
            where = f"{join(places)} yerleşim yerlerinde bulunan"
        stations = number(figures.stations)
        text = f"Seçim günü Heyet, {where} {stations} sandığı ziyaret etmiştir."
        source = Source(SourceKind.VISITS, facts=("stations_visited", "localities"))
        return [self.section("Election day", text, (source,))]

    def debrief(self) -> list[DraftSection]:
        if not self.facts.debrief:
            return []
        text = "\n\n".join(self.names.of(t) for _id, t in self.facts.debrief)
        source = Source(SourceKind.DEBRIEF_NOTE, tuple(i for i, _t in self.facts.debrief))
        return [self.section("Debrief", text, (source,), True)]

    def findings(self) -> list[DraftSection]:
        sections = []
        for found in phase_findings(self.facts):
            custom = any(q.words is None for q in found.negative)
            sections.append(
                self.section("Findings", phase_text(found, self.names), found.sources, custom)
            )
        seen = presence(self.facts)
        if seen is not None:
            parts = []
            everywhere = [
                WORDS[q.code].clause for q, present in seen.items if present == q.answered
            ]
            if everywhere:
                subjects = join([s.removesuffix(" gözlemcilerin") for s in everywhere])
                parts.append(f"{subjects} gözlemcilerin ziyaretlerin tamamında")
            for question, present in seen.items:
                if present != question.answered:
                    parts.append(
                        f"{WORDS[question.code].clause} {number(question.answered)} ziyaretin "
                        f"{number(present)} tanesinde"
                    )
            text = (
                f"Heyet, oy verme sürecinde {join(parts)} hazır bulunduğunu gözlemlemiştir; bu "
                "durum seçimlerin şeffaflığını ve kamuya hesap verebilirliğini güçlendirmektedir."
            )
            sections.append(self.section("Findings", text, seen.sources))
        incidents = self._incidents()
        if incidents is not None:
            sections.append(incidents)
        return sections

    def _serious(self) -> list[str]:
        """Serious and critical incidents by their substance: what, where, when. The
        station's code is followed by a word of the sentence ("numaralı sandıkta")."""
        sentences = []
        for group in incident_groups(self.facts.serious):
            count = len(group.incidents)
            first = group.stations[0]
            codes = join([i.station_code for i in group.stations])
            place = ""
            if len(group.stations) == 1:
                parts = [self.names.of(p) for p in (first.station_name, first.locality) if p]
                place = f" ({', '.join(parts)})" if parts else ""
            many = "sandıklarda" if len(group.stations) > 1 else "sandıkta"
            day = join([long_date(LANGUAGE, d) for d in group.days])
            time = f" (saat {first.time:%H:%M})" if count == 1 and first.time else ""
            severity = SEVERITY[group.severity]
            # "ciddi bir olay", "iki ciddi olay"
            amount = f"{severity} bir" if count == 1 else f"{number(count)} {severity}"
            what = f"{CATEGORIES[group.category]} ile ilgili {amount} olay"
            description = self.names.of(group.description).rstrip(".")
            where = f"{day} tarihinde{time} {codes} numaralı {many}{place}"
            # The Mission as the subject, as the rest of the statement has it.
            if group.observed:
                sentence = f"Heyet, {where} {what} tespit etmiştir"
            else:
                sentence = f"{capital(where)} {what} yaşandığı Heyete bildirilmiştir"
            sentences.append(f"{sentence}: {description}.")
        return sentences

    def _incidents(self) -> DraftSection | None:
        figures = self.facts.figures
        sentences = self._serious()
        minor = minor_counts(self.facts)
        visited = figures.coverage.stations
        for category in figures.incidents.categories:
            if minor.get(category.category, 0) <= 0:
                continue
            if any(i.category is category.category for i in self.facts.serious):
                sentences.append(
                    f"Heyet ayrıca {CATEGORIES[category.category]} ile ilgili "
                    f"{number(minor[category.category])} küçük olay kaydetmiştir."
                )
                continue
            if category.stations == visited == 1:
                where = "ziyaret ettiği tek sandıkta"
            elif category.stations == visited:
                where = f"ziyaret ettiği {number(visited)} sandığın tamamında"
            elif category.stations < visited:
                some = number(category.stations)
                where = f"ziyaret ettiği {number(visited)} sandığın {some} tanesinde"
            else:
                where = f"{number(category.stations)} sandıkta"
            sentence = (
                f"Heyet, {where} {CATEGORIES[category.category]} ile ilgili "
                f"{number(category.incidents)} olay kaydetmiştir"
            )
            reported = category.incidents - category.observed
            if reported:
                sentence += (
                    f" (bunlardan {number(reported)} tanesi Heyete bildirilmiş olup doğrudan "
                    "gözlemlenmemiştir)"
                )
            sentences.append(sentence + ".")
        if not sentences:
            return None
        source = Source(
            SourceKind.INCIDENTS,
            tuple(i.id for i in self.facts.serious),
            description="incidents by category",
        )
        return self.section("Findings", capital(" ".join(sentences)), (source,))

    def conclusion(self) -> list[DraftSection]:
        critical, serious = serious_issues(self.facts.figures)
        typed = self.facts.mission.name
        # A name in another language is not the subject of a Turkish sentence: "Heyet".
        mission = self.names.of(typed) if typed in self.names.translations else "Heyet"
        source = Source(SourceKind.CHECKLIST_QUESTION, description="critical answers, incidents")
        if critical or serious:
            text = (
                "Heyet, yukarıda belirtilen eksikliklere dikkat çekmekte ve seçim idaresini "
                f"bunları gidermeye davet etmektedir. Sonuç olarak {mission}, yetkililere "
                "işbirlikleri için teşekkür eder."
            )
        else:
            text = (
                "Heyet, seçim sonuçlarını etkileyebilecek ciddi bir sorun tespit etmemiştir. "
                f"Sonuç olarak {mission}, oy verme sürecinin ulusal mevzuata ve uluslararası "
                "standartlara uygun olarak yürütüldüğünü teyit eder."
            )
        sections = [self.section("Conclusion", text, (source,))]
        organisation = self.names.of(self.facts.mission.organisation)
        wishes = (
            "Heyet, seçim sonuçlarının ülkenin kalkınmasına ve refahına katkıda bulunacağına ve "
            f"ülke ile {organisation} arasındaki ilişkilerin güçlenmesine vesile olacağına "
            "inanmaktadır."
        )
        # A congratulation on a successful election is not drafted over critical findings.
        if not (critical or serious):
            wishes = (
                "Heyet, seçimlerin başarıyla gerçekleştirilmesi vesilesiyle ülke halkını ve "
                "yönetimini tebrik eder.\n\n" + wishes
            )
        sections.append(
            self.section("Congratulations", wishes, (Source(MISSION, facts=("organisation",)),))
        )
        return sections


def _points_source(meeting: MeetingFacts) -> Source:
    return Source(
        SourceKind.KEY_POINT,
        tuple(i for i, _t in meeting.points),
        description="flagged for the statement",
    )


def draft(facts: DraftFacts, translations: dict[str, str]) -> list[DraftSection]:
    """The draft in Turkish, section by section."""
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
