"""The statement drafted in Turkish: phrase functions over the draft's facts.

Turkish puts no plural after a number ("16 sandık"), and numbers one to nine are words.
A suffix on a name the coordinator typed would have to follow its vowels, which a
program guesses badly, so every sentence puts a word of its own after such a name
("… tarafından", "… kapsamında", "… temsilcilerinden"). Names and texts without a
Turkish translation are marked in `check` for the translator.
"""

from __future__ import annotations

from coordinator.db.enums import IncidentCategory, MeetingKind
from coordinator.services.statement_facts import DraftSection, Source, SourceKind, literal
from coordinator.services.statistics.figures import CategoryCount
from coordinator.services.wording import long_date
from coordinator.services.wording.facts import DraftFacts, MeetingFacts
from coordinator.services.wording.findings import PhaseFindings, QuestionFinding, incident_groups
from coordinator.services.wording.skeleton import Draft
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


class _Draft(Draft):
    mission_word = "Heyet"
    ordinals = ORDINALS
    further = "Ayrıca"
    at_talk = "Görüşmede"

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

    def one_point(self, at: str, point: str) -> str:
        return f"{at} şu husus belirtilmiştir: {point}"

    def many_points(self, at: str, count: int) -> str:
        return f"{at} {number(count)} önemli husus belirtilmiştir."

    def running(self, point: str) -> str:
        """A point made to follow "Birincisi, ": its first letter small, unless it starts a
        name (all capitals, or a capital inside its first word)."""
        first = point.split(" ", 1)[0]
        if (first.isupper() and len(first) > 1) or any(ch.isupper() for ch in first[1:]):
            return point
        return {"I": "ı", "İ": "i"}.get(point[:1], point[:1].lower()) + point[1:]

    def talks(self, talks: list[MeetingFacts]) -> list[str]:
        people = [self._person(p.name, p.position, p.institution) for m in talks for p in m.people]
        if len(talks) == 1 and len(people) == 1:
            # "… Başkanı Sayın X ile bir görüşme gerçekleştirmiştir": "ile" is a word of
            # its own, so nothing is glued onto the name as typed.
            person = talks[0].people[0]
            whom = self._person_before(person.name, person.position, person.institution)
            return [f"Seçim öncesi dönemde Heyet, {whom} ile bir görüşme gerçekleştirmiştir."]
        text = [f"Seçim öncesi dönemde Heyet, {number(len(talks))} görüşme gerçekleştirmiştir."]
        if people:
            who = "Görüşülen kişi" if len(people) == 1 else "Görüşülen kişiler"
            text.append(f"{who}: {'; '.join(people)}.")
        return text

    def briefing(self, meeting: MeetingFacts, presenter: str) -> tuple[str, str]:
        presentation = meeting.kind is MeetingKind.PRESENTATION
        what = (
            "bir sunum yapılmıştır"
            if presentation
            else "bir bilgilendirme toplantısı düzenlenmiştir"
        )
        by = f"{self.names.of(presenter)} tarafından " if presenter else ""
        day = long_date(LANGUAGE, meeting.date)
        place = f" (yer: {self.names.of(meeting.location)})" if meeting.location else ""
        for_missions = "uluslararası gözlem heyetlerine yönelik"
        lead = f"Ayrıca, {day} tarihinde {by}{for_missions} {what}{place}."
        return lead, "Sunumda" if presentation else "Toplantıda"

    def coverage_text(self, places: list[str], stations: int) -> str:
        if len(places) > MOST_LOCALITIES_NAMED:
            where = f"{number(len(places))} yerleşim yerinde bulunan"
        elif len(places) == 1:
            where = f"{places[0]} yerleşim yerinde bulunan"
        else:
            where = f"{join(places)} yerleşim yerlerinde bulunan"
        return f"Seçim günü Heyet, {where} {number(stations)} sandığı ziyaret etmiştir."

    def phase_text(self, found: PhaseFindings) -> str:
        return phase_text(found, self.names)

    def presence_text(
        self, everywhere: list[QuestionFinding], partly: list[tuple[QuestionFinding, int]]
    ) -> str:
        parts = []
        if everywhere:
            clauses = [WORDS[q.code].clause for q in everywhere]
            subjects = join([s.removesuffix(" gözlemcilerin") for s in clauses])
            parts.append(f"{subjects} gözlemcilerin ziyaretlerin tamamında")
        for question, present in partly:
            parts.append(
                f"{WORDS[question.code].clause} {number(question.answered)} ziyaretin "
                f"{number(present)} tanesinde"
            )
        return (
            f"Heyet, oy verme sürecinde {join(parts)} hazır bulunduğunu gözlemlemiştir; bu "
            "durum seçimlerin şeffaflığını ve kamuya hesap verebilirliğini güçlendirmektedir."
        )

    def serious(self) -> list[str]:
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

    def minor_also(self, category: IncidentCategory, count: int) -> str:
        return (
            f"Heyet ayrıca {CATEGORIES[category]} ile ilgili {number(count)} küçük olay "
            "kaydetmiştir."
        )

    def incidents_of(self, category: CategoryCount, visited: int) -> str:
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
        return sentence + "."

    def paragraph(self, sentences: list[str]) -> str:
        return capital(" ".join(sentences))

    def shortcomings(self, subject: str) -> str:
        return (
            "Heyet, yukarıda belirtilen eksikliklere dikkat çekmekte ve seçim idaresini "
            f"bunları gidermeye davet etmektedir. Sonuç olarak {subject}, yetkililere "
            "işbirlikleri için teşekkür eder."
        )

    def no_shortcomings(self, subject: str) -> str:
        return (
            "Heyet, seçim sonuçlarını etkileyebilecek ciddi bir sorun tespit etmemiştir. "
            f"Sonuç olarak {subject}, oy verme sürecinin ulusal mevzuata ve uluslararası "
            "standartlara uygun olarak yürütüldüğünü teyit eder."
        )

    def wishes(self) -> str:
        organisation = self.names.of(self.facts.mission.organisation)
        return (
            "Heyet, seçim sonuçlarının ülkenin kalkınmasına ve refahına katkıda bulunacağına ve "
            f"ülke ile {organisation} arasındaki ilişkilerin güçlenmesine vesile olacağına "
            "inanmaktadır."
        )

    def congratulation(self) -> str:
        return (
            "Heyet, seçimlerin başarıyla gerçekleştirilmesi vesilesiyle ülke halkını ve "
            "yönetimini tebrik eder."
        )


def draft(facts: DraftFacts, translations: dict[str, str]) -> list[DraftSection]:
    """The draft in Turkish, section by section."""
    return _Draft(facts, translations).sections()
