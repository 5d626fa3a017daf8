"""The mission's statement: a first draft written from the data, and what gets printed,
in each of the statement's languages.

The draft's words are in services/wording/ (en.py, ru.py, tr.py), one module per
language over the same facts; this module chooses the language, fills the placeholders
(names translated, dates written the language's way) and checks them before printing.

The title block (mission, election, date) is not a section: it is printed from the
mission's settings by `statement_heading`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from coordinator.db.models import Mission
from coordinator.errors import UserError
from coordinator.services.mission import get_mission
from coordinator.services.statement_drafts import draft_in
from coordinator.services.statement_facts import (
    DraftSection,
    PrintedSection,
    Source,
    SourceKind,
    fill_placeholders,
    unknown_placeholders,
    used_placeholders,
    values_of,
)
from coordinator.services.statement_languages import languages_of, translations
from coordinator.services.statement_sections import list_sections
from coordinator.services.statistics import (
    MissionStatistics,
    composition,
    coverage,
    mission_statistics,
)
from coordinator.services.unit import format_date, unit_of_work
from coordinator.services.wording import long_date

__all__ = [
    "DraftSection",
    "PrintedSection",
    "Source",
    "SourceKind",
    "StatementHeading",
    "draft_statement",
    "fill_placeholders",
    "placeholder_values",
    "statement_heading",
    "statement_sections_for_print",
    "unknown_placeholders",
]


@dataclass(frozen=True)
class StatementHeading:
    """The title block: who speaks, about which election, on which day."""

    mission_name: str
    election: str
    date_line: str  # "(18 November 2024)": the statement's date, else the election day
    word: str = "STATEMENT"
    organisation: str = ""
    place: str = ""  # where the statement is issued, printed with the date at the end
    date: str = ""
    logo: bytes | None = None  # PNG or JPEG, printed above the title
    language: str = "en"


def _mission(session: Session) -> Mission:
    mission = get_mission(session)
    if mission is None:
        raise UserError(
            "The mission has no settings yet: fill in the Mission page (organisation, "
            "election, country, election day) before writing the statement."
        )
    return mission


# The statement's word in each language; another language's is written in English.
STATEMENT_WORD = {"en": "STATEMENT", "ru": "ЗАЯВЛЕНИЕ", "tr": "AÇIKLAMA"}


def _language(mission: Mission, language: str | None) -> str:
    return language or languages_of(mission)[0]


def statement_heading(session: Session, language: str | None = None) -> StatementHeading:
    """The title block in `language` (default: the mission's first)."""
    with unit_of_work(session):
        mission = _mission(session)
        language = _language(mission, language)
        names = translations(session, language) if language != mission.language else {}
        day = mission.statement_date or mission.election_date
        written = long_date(language, day) if language in STATEMENT_WORD else format_date(day)
        return StatementHeading(
            mission_name=names.get(mission.name, mission.name),
            election=names.get(mission.election, mission.election),
            date_line=f"({written})",
            word=STATEMENT_WORD.get(language, "STATEMENT"),
            organisation=names.get(mission.organisation, mission.organisation),
            place=names.get(mission.statement_place, mission.statement_place),
            date=written,
            logo=mission.logo,
            language=language,
        )


def _values(
    session: Session, mission: Mission, figures: MissionStatistics | None, language: str
) -> dict[str, str]:
    """The placeholders' values in `language`: names translated, dates its way."""
    if figures is None:
        values = values_of(mission, coverage(session), composition(session))
    else:
        values = values_of(mission, figures.coverage, figures.composition)
    if language == mission.language or language not in STATEMENT_WORD:
        return values
    names = translations(session, language)
    for key in (
        "mission_name",
        "organisation",
        "organisation_short",
        "election",
        "country",
        "invited_by",
        "head_of_mission",
        "statement_place",
    ):
        values[key] = names.get(values[key], values[key])
    for key, day in (
        ("election_day", mission.election_date),
        ("statement_date", mission.statement_date),
        ("mission_start", mission.mission_start),
        ("mission_end", mission.mission_end),
    ):
        values[key] = long_date(language, day) if day is not None else ""
    return values


def placeholder_values(session: Session, language: str | None = None) -> dict[str, str]:
    """Every placeholder's value now ("" where the mission has none yet)."""
    with unit_of_work(session):
        mission = _mission(session)
        return _values(session, mission, None, _language(mission, language))


def draft_statement(
    session: Session, *, figures: MissionStatistics | None = None, language: str | None = None
) -> list[DraftSection]:
    """A first draft of the statement in `language` (default: the mission's first), every
    figure and name taken from the data.

    `figures` may be passed when the caller already read them (the annexes do).
    """
    figures = figures or mission_statistics(session)
    with unit_of_work(session):
        mission = _mission(session)
        language = _language(mission, language)
        if language != "en":
            return draft_in(session, mission, figures, language)
        from coordinator.services.wording import en

        return en.draft(session, mission, figures)


def statement_sections_for_print(
    session: Session, *, figures: MissionStatistics | None = None, language: str | None = None
) -> list[PrintedSection]:
    """The mission's statement sections in `language` (default: the first; the draft
    while that language has none), filled.

    Raises UserError naming the section and the placeholder that is unknown, or known
    but without a value in this mission.
    """
    with unit_of_work(session):
        language = _language(_mission(session), language)
    own = [(s.title, s.text) for s in list_sections(session, language)]
    if not own:
        figures = figures or mission_statistics(session)
        drafted = draft_statement(session, figures=figures, language=language)
    sections = own or [(s.title, s.text) for s in drafted]
    with unit_of_work(session):
        values = _values(session, _mission(session), figures, language)
    printed = []
    for number, (title, text) in enumerate(sections, start=1):
        name = f"Section {number}" + (f" ({title})" if title else "")
        for part in (title, text):
            _check_placeholders(name, part, values)
        printed.append(
            PrintedSection(fill_placeholders(title, values), fill_placeholders(text, values))
        )
    return printed


def _check_placeholders(name: str, text: str, values: dict[str, str]) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        raise UserError(
            f"{name} of the statement uses {', '.join(unknown)}, which is not a placeholder "
            "the program knows. Correct it on the Statement page (Help > Statement "
            "Placeholders in the window lists them), or write {{ and }} for braces."
        )
    empty = [p for p in used_placeholders(text) if not values.get(p)]
    if empty:
        raise UserError(
            f"{name} of the statement uses {{{empty[0]}}}, but the mission has no value for "
            "it yet. Fill it in (Mission page), or remove it from the text."
        )
