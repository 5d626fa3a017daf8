"""The languages a mission's statement is written in, and its names in each of them.

The mission's `language` setting is the statement's first language; `statement_languages`
adds the others ("ru tr"). Each language has its own sections. Names are typed once, in
the mission's language; a `Translation` says how another language writes one of them
(the organisation, the election, the country, a delegation, a place). A name without
one is printed as typed, and the draft marks it for the translator.
"""

from __future__ import annotations

from contextlib import nullcontext

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import Mission, Translation
from coordinator.services.mission import DEFAULT_LANGUAGE, LANGUAGE_CODE, get_mission
from coordinator.services.unit import Problems, clean, unit_of_work
from coordinator.services.wording import DRAFT_LANGUAGES


def languages_of(mission: Mission | None) -> list[str]:
    """The statement's languages, the mission's own first."""
    if mission is None:
        return [DEFAULT_LANGUAGE]
    listed = [mission.language or DEFAULT_LANGUAGE, *mission.statement_languages.split()]
    return list(dict.fromkeys(listed))


def statement_languages(session: Session) -> list[str]:
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        return languages_of(get_mission(session))


def first_language(session: Session) -> str:
    return statement_languages(session)[0]


def language_code(text: str) -> str:
    """A language code as stored: "RU" and " ru " are "ru"."""
    return clean(text).replace("_", "-").lower()


def set_statement_languages(session: Session, languages: list[str]) -> list[str]:
    """Make the statement's languages these, after the mission's own (kept first)."""
    codes = [language_code(code) for code in languages if clean(code)]
    problems = Problems("The statement's languages")
    for code in codes:
        if not LANGUAGE_CODE.fullmatch(code):
            problems.add(
                "statement_languages",
                f"'{code}' is not a language code: use two or three letters such as ru or tr.",
            )
    with unit_of_work(session):
        mission = get_mission(session)
        if mission is None:
            problems.add("statement_languages", "Fill in the mission's details first.")
        problems.raise_if_any()
        assert mission is not None
        others = [c for c in dict.fromkeys(codes) if c != mission.language]
        mission.statement_languages = " ".join(others)
        return languages_of(mission)


def add_statement_language(session: Session, language: str) -> list[str]:
    """Add `language` to the statement's languages (nothing if it is one already)."""
    return set_statement_languages(session, [*statement_languages(session), language])


def translations(session: Session, language: str) -> dict[str, str]:
    """Every name given a translation into `language`: {as typed: as written there}."""
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        rows = session.execute(
            sa.select(Translation.original, Translation.text).where(
                Translation.language == language
            )
        )
        return {str(row[0]): str(row[1]) for row in rows}


def all_translations(session: Session) -> list[tuple[str, str, str]]:
    """(language, as typed, translation) of every translation, by language and name."""
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        rows = session.execute(
            sa.select(Translation.language, Translation.original, Translation.text).order_by(
                Translation.language, Translation.original
            )
        )
        return [(language, original, text) for language, original, text in rows]


def save_translations(session: Session, language: str, names: dict[str, str]) -> None:
    """Keep how `language` writes each name typed in the mission; an empty translation
    removes the name's translation (it is then printed as typed)."""
    code = language_code(language)
    problems = Problems(f"The names in '{code}'")
    if not LANGUAGE_CODE.fullmatch(code):
        problems.add("language", f"'{language}' is not a language code such as ru or tr.")
    for original in names:
        if not clean(original):
            problems.add("original", "A translation needs the name as typed in the mission.")
    problems.raise_if_any()
    with unit_of_work(session):
        existing = {
            row.original: row
            for row in session.scalars(sa.select(Translation).where(Translation.language == code))
        }
        for original, text in names.items():
            key, value = clean(original), clean(text)
            row = existing.get(key)
            if not value:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(Translation(language=code, original=key, text=value))
            elif row.text != value:
                row.text = value


def can_draft(language: str) -> bool:
    return language in DRAFT_LANGUAGES
