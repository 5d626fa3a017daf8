"""The statement in Russian and Turkish: agreement with every count, dates, names in the
case a sentence needs, the translator's marks, and sections kept apart per language."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import DelegationKind, IncidentCategory, Phase, Severity
from coordinator.db.models import PollingStation, Visit
from coordinator.services.incidents import IncidentFields, create_incident
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.statement import draft_statement, statement_sections_for_print
from coordinator.services.statement_languages import (
    save_translations,
    set_statement_languages,
    statement_languages,
)
from coordinator.services.statement_sections import SectionFields, add_section, list_sections
from coordinator.services.wording import long_date
from coordinator.services.wording.ru_grammar import (
    GENITIVE,
    INSTRUMENTAL,
    MEETING,
    STATION,
    counted,
    genitive_of,
    inflect,
    prepositional_of,
)
from tests.conftest import ELECTION_DAY, FILE_ONLY
from tests.services.builders import building

COUNTS = (0, 1, 2, 5, 11, 21, 22)


def test_russian_counts_follow_cldr_plural_rules() -> None:
    assert [counted(n, STATION) for n in (1, 2, 5, 11, 21, 22)] == [
        "один избирательный участок",
        "два избирательных участка",
        "пять избирательных участков",
        "11 избирательных участков",
        "21 избирательный участок",
        "22 избирательных участка",
    ]
    assert genitive_of(21, STATION) == "21 избирательного участка"
    assert genitive_of(22, STATION) == "22 избирательных участков"
    assert prepositional_of(21, STATION) == "21 избирательном участке"
    assert prepositional_of(5, STATION) == "пяти избирательных участках"
    assert counted(1, MEETING, accusative=True) == "одну встречу"
    assert counted(2, MEETING, accusative=True) == "две встречи"


def test_dates_are_written_each_languages_way() -> None:
    day = dt.date(2024, 11, 17)
    assert long_date("ru", day) == "17 ноября 2024 года"
    assert long_date("tr", day) == "17 Kasım 2024"
    assert long_date("en", day) == "17 November 2024"


@pytest.mark.parametrize(
    ("name", "genitive", "instrumental", "gender"),
    [
        ("Организация тюркских государств", "Организации тюркских государств",
         "Организацией тюркских государств", "f"),
        ("Выборы депутатов местных кенешей", "Выборов депутатов местных кенешей",
         "Выборами депутатов местных кенешей", "p"),
        ("Республика Казахстан", "Республики Казахстан", "Республикой Казахстан", "f"),
        ("Секретариат ОТГ", "Секретариата ОТГ", "Секретариатом ОТГ", "m"),
        ("Парламентские выборы", "Парламентских выборов", "Парламентскими выборами", "p"),
        ("Народное собрание", "Народного собрания", "Народным собранием", "n"),
        ("Национальный совет", "Национального совета", "Национальным советом", "m"),
    ],
)  # fmt: skip
def test_a_russian_name_is_put_into_the_case_a_sentence_needs(
    name: str, genitive: str, instrumental: str, gender: str
) -> None:
    assert inflect(name, GENITIVE).text == genitive
    assert inflect(name, INSTRUMENTAL).text == instrumental
    assert inflect(name, GENITIVE).gender == gender
    assert inflect(name, GENITIVE).sure


def test_a_name_whose_case_is_not_known_is_left_as_typed_and_unsure() -> None:
    assert inflect("Жогорку Кенеш", GENITIVE).text == "Жогорку Кенеш"
    assert not inflect("Жогорку Кенеш", GENITIVE).sure
    assert not inflect("Kyrgyz Republic", GENITIVE).sure


def _mission(session: Session, stations: int, incidents: int = 0) -> None:
    save_mission(
        session,
        MissionFields(
            name="Миссия наблюдателей",
            organisation="Organisation of Example States",
            election="Parliamentary Elections",
            country="Example Republic",
            election_date=ELECTION_DAY,
            language="en",
        ),
    )
    save_translations(
        session,
        "ru",
        {
            "Organisation of Example States": "Организация примерных государств",
            "Parliamentary Elections": "Парламентские выборы",
            "Example Republic": "Примерная Республика",
        },
    )
    with building(session) as build:
        delegation = build.delegation("State A", DelegationKind.MEMBER_STATE)
        build.member(delegation)
        locality = build.locality("Town")
        question = build.question(Phase.VOTING, negative="yes", code="V1", text="Campaign?")
        visits = []
        for _ in range(stations):
            visit = build.visit(build.station(locality))
            build.answer(visit, question, "no")
            visits.append(visit)
        for number in range(incidents):
            build.incident(visits[number % len(visits)], IncidentCategory.CAMPAIGN_MATERIAL)


def _text(session: Session, language: str) -> str:
    return "\n".join(s.text for s in draft_statement(session, language=language))


# The grammar of each count is the program's own (no SQL differs with the number): these
# run on the file; the tests below them draft the same statements on both homes.
@FILE_ONLY
@pytest.mark.parametrize("stations", [n for n in COUNTS if n])
def test_russian_coverage_agrees_with_every_count(session: Session, stations: int) -> None:
    _mission(session, stations)
    text = _text(session, "ru")
    expected = counted(stations, STATION)
    assert f"Миссия посетила {expected} в населённом пункте Town." in text
    # The election's plural name makes its verb plural; its case is the instrumental.
    assert "за парламентскими выборами, которые состоялись 17 ноября 2024 года" in text
    assert "Организация примерных государств направила Миссию" in text  # no secretariat


@FILE_ONLY
@pytest.mark.parametrize("stations", [n for n in COUNTS if n])
def test_turkish_puts_no_plural_after_a_number(session: Session, stations: int) -> None:
    _mission(session, stations)
    text = _text(session, "tr")
    number = ("bir", "iki", "üç", "dört", "beş")[stations - 1] if stations <= 5 else str(stations)
    assert f"Town yerleşim yerinde bulunan {number} sandığı ziyaret etmiştir." in text
    assert "sandıkları ziyaret" not in text
    assert "17 Kasım 2024 tarihinde yapılan Parliamentary Elections kapsamında" in text


@FILE_ONLY
@pytest.mark.parametrize("incidents", [1, 2, 5, 21, 22])
def test_russian_incidents_agree_and_no_congratulation_over_them(
    session: Session, incidents: int
) -> None:
    _mission(session, 22, incidents)
    with building(session) as build:
        visit = build.visit(build.station(build.locality("City")))
        build.incident(visit, IncidentCategory.PUBLIC_ORDER, Severity.CRITICAL)
    text = _text(session, "ru")
    linked = "связанный" if incidents in (1, 21) else "связанных"
    assert f"Миссия зафиксировала {counted(incidents, STATION).split()[0]} " in text
    assert f", {linked} с агитационными материалами, " in text
    assert "поздравляет" not in text
    assert "tebrik" not in _text(session, "tr")


def test_untranslated_names_are_marked_for_the_translator(session: Session) -> None:
    _mission(session, 2)
    sections = draft_statement(session, language="ru")
    composition = next(s for s in sections if s.topic == "Composition and legal basis")
    assert "«State A»" in composition.check
    invitation = sections[0]
    assert invitation.check == ""  # every name in it has its Russian


def test_each_language_has_its_own_sections(session: Session) -> None:
    _mission(session, 1)
    set_statement_languages(session, ["ru", "tr"])
    assert statement_languages(session) == ["en", "ru", "tr"]
    add_section(session, SectionFields("", "English text"))
    add_section(session, SectionFields("", "Русский текст"), language="ru")
    assert [s.text for s in list_sections(session)] == ["English text"]
    assert [s.text for s in list_sections(session, "ru")] == ["Русский текст"]
    assert [s.text for s in statement_sections_for_print(session, language="ru")] == [
        "Русский текст"
    ]
    # Turkish has no sections: its draft is printed.
    printed = statement_sections_for_print(session, language="tr")
    assert "Seçim Gözlem Heyeti" in printed[0].text


def test_serious_incidents_are_described_by_their_substance_in_every_language(
    session: Session,
) -> None:
    _mission(session, 5)

    rows = session.execute(
        sa.select(Visit.id, PollingStation.code).join(PollingStation).order_by(Visit.id)
    ).all()
    visits = [visit for visit, _code in rows]
    a, b, c = (code for _visit, code in rows[:3])
    turned_away = "Some 15 voters were turned away."
    for visit in visits[:2]:
        create_incident(
            session,
            IncidentFields(visit, None, IncidentCategory.OTHER, Severity.SERIOUS,
                           description=turned_away),
        )  # fmt: skip
    create_incident(
        session,
        IncidentFields(visits[2], dt.time(14, 5), IncidentCategory.BALLOT_STUFFING_OR_LEAKAGE,
                       Severity.CRITICAL, observed=False, description="Ballots were stuffed."),
    )  # fmt: skip
    save_translations(session, "ru", {turned_away: "Около 15 избирателей не смогли проголосовать."})
    english = _text(session, "en")
    assert (
        f"On 17 November 2024, at polling stations {a} (Town) and {b} (Town), the Mission "
        "observed two serious incidents: Some 15 voters were turned away." in english
    )
    assert (
        f"On 17 November 2024 at 14:05, at polling station {c} (Town), the Mission was informed "
        "of a critical incident of ballot stuffing or leakage: Ballots were stuffed." in english
    )
    assert "successfully" not in english
    russian = _text(session, "ru")
    assert (
        f"17 ноября 2024 года на избирательных участках № {a} и № {b} Миссия зафиксировала "
        "два серьёзных инцидента, связанных с иными обстоятельствами: Около 15 избирателей не "
        "смогли проголосовать." in russian
    )
    assert "Миссия получила сообщение о критическом инциденте, связанном с вбросом" in russian
    turkish = _text(session, "tr")
    assert f"{a} ve {b} numaralı sandıklarda diğer konular ile ilgili iki ciddi olay" in turkish
    assert (
        f"(saat 14:05) {c} numaralı sandıkta (Town) oy pusulası doldurma veya sızdırma ile "
        "ilgili kritik bir olay yaşandığı Heyete bildirilmiştir" in turkish
    )
    # The Turkish description has no translation: the section says so.
    found = [s for s in draft_statement(session, language="tr") if turned_away in s.text]
    assert turned_away in found[0].check
