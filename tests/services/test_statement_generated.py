"""Drafts of missions the demo is not, in English, Russian and Turkish: every count of
0, 1, 2, 5, 11, 21 and 22 (stations, localities, delegations, meetings, key points,
incidents) agrees with its words; names typed with and without "the", singular and
plural elections (hypothesis). A few are printed and read back from the PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import DelegationKind, IncidentCategory, Phase
from coordinator.db.missionfile import create_mission_file, open_mission_file
from coordinator.reports.statement import write_statement_pdf
from coordinator.services.checklist import load_standard_checklist
from coordinator.services.meetings import (
    InterlocutorFields,
    KeyPointFields,
    MeetingFields,
    create_meeting,
)
from coordinator.services.mission import MissionFields, save_mission
from coordinator.services.statement import statement_sections_for_print
from coordinator.services.statement_facts import counted as counted_en
from coordinator.services.statement_facts import number_words
from coordinator.services.wording.ru_grammar import INCIDENT, STATION
from coordinator.services.wording.ru_grammar import counted as counted_ru
from coordinator.services.wording.tr import number as number_tr
from tests.conftest import ELECTION_DAY
from tests.services.builders import building

COUNTS = (0, 1, 2, 5, 11, 21, 22)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _name(index: int) -> str:
    return LETTERS[index % 26] + LETTERS[index // 26]


def build(
    session: Session,
    count: int,
    *,
    election: str = "Parliamentary Elections",
    invited_by: str = "Central Election Commission",
    secretariat: bool = False,
) -> None:
    """A mission with `count` of everything the draft counts."""
    save_mission(
        session,
        MissionFields(
            name="Observation Mission of the Example Organisation",
            organisation="Example Organisation",
            organisation_short="EXO",
            election=election,
            country="Republic of Example",
            election_date=ELECTION_DAY,
            invited_by=invited_by,
        ),
    )
    load_standard_checklist(session)
    for number in range(count):
        create_meeting(
            session,
            MeetingFields(
                date=ELECTION_DAY - dt.timedelta(days=1 + number % 5),
                interlocutors=(InterlocutorFields(f"Mr. {_name(number)}", "Chair", "Court"),),
                key_points=tuple(
                    KeyPointFields(f"Point {_name(point)} was made.", True)
                    for point in range(count if number == 0 else 0)
                ),
            ),
        )
    with building(session) as build:
        if secretariat:
            build.member(build.delegation("Secretariat of the EXO", DelegationKind.SECRETARIAT))
        for number in range(count):
            build.member(build.delegation(f"Republic of State {_name(number)}"))
        visits = []
        for number in range(count):
            locality = build.locality(f"Town {_name(number)}")
            visits.append(build.visit(build.station(locality), Phase.VOTING))
        for number in range(count):
            build.incident(visits[number], IncidentCategory.CAMPAIGN_MATERIAL)


@pytest.fixture(scope="module")
def empty_mission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "empty.eom"
    create_mission_file(path).close()
    return path


@pytest.fixture
def fresh(empty_mission: Path) -> Iterator[Session]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "mission.eom"
        shutil.copyfile(empty_mission, copy)
        with open_mission_file(copy) as mission_file, mission_file.session() as session:
            yield session


def drafted(session: Session, language: str) -> str:
    """The draft's text as printed (placeholders filled), on one line."""
    sections = statement_sections_for_print(session, language=language)
    return re.sub(r"\s+", " ", " ".join(s.text for s in sections))


def check_english(text: str, count: int) -> None:
    assert not re.search(r"\bthe the\b", text, re.IGNORECASE), text
    assert "1 of the 1" not in text
    # No number below ten as a digit in running text (dates here are all two digits).
    assert not re.search(r"(?<![\d.,:/%{])\b[1-9]\b(?![\d.,:/%])", text), text
    assert "Parliamentary Elections which were held on 17 November 2024" in text
    if count:
        assert f"the Republic of State {_name(count - 1)}" in text
        stations = counted_en(count, "polling station")
        assert f"the Mission visited {stations} in " in text
        incidents = counted_en(count, "incident")
        assert f"The Mission recorded {incidents} of campaign material at" in text
        if count == 1:
            assert "at the only polling station visited" in text
            assert "it was noted that point AA was made." in text
        elif count == 2:
            assert "at both polling stations visited" in text
        else:
            assert f"{counted_en(count, 'important item')} were noted" in text
            assert f"at all {number_words(count)} polling stations visited" in text
    else:
        assert "polling station" not in text
        assert "consisted of officials" not in text


def check_russian(text: str, count: int) -> None:
    wrong = [
        r"\b(1|21|один) избирательных",
        r"\b([2-4]|22|два|три|четыре) избирательных участков\b",
        r"\b(5|11|пять) избирательных участка\b",
        r"\b(1|21|один) инцидентов?\b(?!,)",
        r"на 1 из 1 ",
        r"\b[Нн]а [1-9] из ",  # "на одном из двух", "на пяти из семи": words, as written
        r"\bиз [2-9] ",
        r"было отмечено (два|три|четыре) ",
    ]
    for pattern in wrong:
        assert not re.search(pattern, text), (pattern, text)
    assert "17 ноября 2024 года" in text
    if count:
        assert f"Миссия посетила {counted_ru(count, STATION)} в " in text
        assert f"Миссия зафиксировала {counted_ru(count, INCIDENT)}, связанн" in text


def check_turkish(text: str, count: int) -> None:
    assert not re.search(r"\b\d+ sandıklar", text), text
    assert not re.search(r"\b(iki|üç|dört|beş|altı|yedi|sekiz|dokuz|\d+) \w+(lar|ler)\b", text)
    assert "17 Kasım 2024 tarihinde" in text
    assert "Heyet tarafından tespit edilmiştir" not in text  # the Mission is the subject
    assert "Observation Mission of the Example Organisation," not in text  # untranslated
    if count:
        assert f"{number_tr(count)} sandığı ziyaret etmiştir." in text
        assert f"propaganda materyali ile ilgili {number_tr(count)} olay kaydetmiştir" in text


@pytest.mark.parametrize("count", COUNTS)
def test_every_count_agrees_in_every_language(fresh: Session, count: int) -> None:
    build(fresh, count)
    check_english(drafted(fresh, "en"), count)
    check_russian(drafted(fresh, "ru"), count)
    check_turkish(drafted(fresh, "tr"), count)


@pytest.mark.parametrize("count", [1, 22])
def test_the_printed_statement_says_the_same(fresh: Session, count: int, tmp_path: Path) -> None:
    build(fresh, count)
    checks = {"en": check_english, "ru": check_russian, "tr": check_turkish}
    for language, check in checks.items():
        path = write_statement_pdf(fresh, tmp_path / f"{language}.pdf", language=language)
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        # The footers ("Page 1 of 2") and the title block are not running text.
        body = " ".join(re.sub(r"\n[^\n]*\d+ \S+ \d+\s*$", "", page) for page in pages)
        body = re.sub(r"\s+", " ", body)
        check(body.split("(17 ")[-1] if language != "en" else body, count)


NAMES = st.sampled_from(
    [
        "Central Election Commission",
        "the Central Election Commission",
        "The Central Election Commission",
        "CEC",
        "President Sadyr Japarov",
    ]
)
ELECTIONS = st.sampled_from(
    [
        ("Parliamentary Elections", "were"),
        ("the Early Parliamentary Elections", "were"),
        ("Presidential Election", "was"),
        ("Elections of Deputies of Local Councils", "were"),
        ("Referendum on the Constitution", "was"),
        ("Election of the President", "was"),
    ]
)


@settings(max_examples=12, deadline=None)
@given(invited_by=NAMES, election=ELECTIONS, secretariat=st.booleans())
def test_articles_and_agreement_follow_the_names(
    empty_mission: Path, invited_by: str, election: tuple[str, str], secretariat: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "mission.eom"
        shutil.copyfile(empty_mission, copy)
        with open_mission_file(copy) as mission_file, mission_file.session() as session:
            build(session, 2, election=election[0], invited_by=invited_by, secretariat=secretariat)
            text = drafted(session, "en")
    assert not re.search(r"\bthe the\b", text, re.IGNORECASE), text
    assert f"{election[0]} which {election[1]} held" in text
    invitation = text.split(" deployed ")[0]
    if invited_by[:4].casefold() == "the " or invited_by == "President Sadyr Japarov":
        assert f"extended by {invited_by}," in invitation
    else:
        assert f"extended by the {invited_by}," in invitation
    assert ("the Secretariat of the Example Organisation" in invitation) is secretariat
    if secretariat:
        assert "officials from the Secretariat of the EXO, the Republic of State AA" in text
