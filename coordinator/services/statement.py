"""The mission's statement: a first draft written from the data, and what gets printed.

The draft follows the structure of the OTS statement on the Kyrgyz local council
elections of 17 November 2024: invitation, composition and legal basis, pre-election
meetings, election-day coverage, findings, conclusion, congratulations. Each section
keeps its sources (mission fields, meetings, key points, checklist questions, debrief
notes) so the Statement page can show where every sentence came from. Numbers that have
a placeholder are written as one ("{stations_visited}"), so an adopted draft keeps
following the data.

The title block (mission, election, date) is not a section: it is printed from the
mission's settings by `statement_heading`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coordinator.db.enums import MeetingKind
from coordinator.db.models import Meeting, Mission
from coordinator.errors import UserError
from coordinator.services.checklist import standard_questions
from coordinator.services.debrief import statement_debrief_notes
from coordinator.services.meetings import statement_key_points
from coordinator.services.mission import get_mission
from coordinator.services.statement_drafts import draft_in
from coordinator.services.statement_facts import (
    DraftSection,
    PrintedSection,
    Source,
    SourceKind,
    delegation_names,
    fill_placeholders,
    in_running_text,
    literal,
    numbered,
    people_of,
    unknown_placeholders,
    used_placeholders,
    values_of,
    with_article,
)
from coordinator.services.statement_findings import (
    checklist_findings,
    incident_findings,
    serious_issues,
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


MISSION = SourceKind.MISSION
MOST_LOCALITIES_NAMED = 6


def _invitation(mission: Mission) -> DraftSection:
    invited = "Upon the invitation extended by the {invited_by}, " if mission.invited_by else ""
    short = " ({organisation_short})" if mission.organisation_short else ""
    text = (
        f"{invited or 'Upon invitation, '}the Secretariat of the {{organisation}}{short} "
        "deployed an Election Observation Mission (EOM) to observe the {election} which was "
        "held on {election_day}."
    )
    facts = ("invited_by", "organisation", "organisation_short", "election", "election_day")
    return DraftSection("Invitation", "", text, (Source(MISSION, facts=facts),))


def _composition(mission: Mission, staffed: list[str]) -> DraftSection:
    country = "the {country}" if with_article(mission.country).startswith("the ") else "{country}"
    # One "the" for the list, as in the reference, when its first name takes one.
    the = "the " if staffed and with_article(staffed[0]).startswith("the ") else ""
    members = f"consisted of officials from {the}{{delegations}} and " if staffed else ""
    text = (
        f"The Mission {members}conducted its activities in accordance with the national "
        f"legislation of {country}, as well as generally recognized rules on the "
        "organization and conduct of elections."
    )
    sources = (
        Source(SourceKind.DELEGATIONS, description="delegations with members"),
        Source(MISSION, facts=("country",)),
    )
    return DraftSection("Composition and legal basis", "", text, sources)


def _who(meeting: Meeting) -> str:
    """ "Ms. Nurzhan Shaildabekova, Chairman of the Central Commission ..."."""
    people = []
    for person in meeting.interlocutors:
        role = person.position
        if person.institution:
            role = f"{role} of the {person.institution}" if role else f"the {person.institution}"
        people.append(f"{person.name}, {role}" if role else person.name)
    return literal("; ".join(people))


def _presenter(meeting: Meeting) -> str:
    for person in meeting.interlocutors:
        if person.institution:
            return literal(f"the {person.institution}")
    return literal(meeting.interlocutors[0].name) if meeting.interlocutors else "the commission"


def _meetings(session: Session, mission: Mission) -> list[DraftSection]:
    """Meetings before election day: one paragraph for the meetings, then one for each
    presentation or briefing, each followed by its key points flagged for the statement."""
    meetings = list(
        session.scalars(
            sa.select(Meeting)
            .where(Meeting.date < mission.election_date)
            .options(selectinload(Meeting.interlocutors))
            .order_by(Meeting.date, Meeting.start.asc().nulls_first(), Meeting.id)
        )
    )
    points: dict[int, list[tuple[int, str]]] = {}
    for meeting, point in statement_key_points(session):
        points.setdefault(meeting.id, []).append((point.id, point.text))
    names = [mission.country, mission.election, mission.organisation, mission.invited_by]
    sections = []
    talks = [m for m in meetings if m.kind in (MeetingKind.MEETING, MeetingKind.COURTESY_CALL)]
    if talks:
        who = "; ".join(_who(m) for m in talks)
        many = "meetings" if len(talks) > 1 else "a meeting"
        paragraph = [f"During the pre-election process, the Mission had {many} with {who}."]
        sources = [Source(SourceKind.MEETING, tuple(m.id for m in talks), description=who)]
        for meeting in talks:
            paragraph += _points(meeting, points, names, sources)
        sections.append(
            DraftSection("Pre-election meetings", "", " ".join(paragraph), tuple(sources))
        )
    for meeting in meetings:
        if meeting in talks:
            continue
        verb = (
            "made a presentation" if meeting.kind is MeetingKind.PRESENTATION else "gave a briefing"
        )
        where = f" in {literal(meeting.location)}" if meeting.location else ""
        presenter = _presenter(meeting)
        paragraph = [
            f"Furthermore, {presenter} {verb}{where} on {format_date(meeting.date)} for the "
            "international observation missions."
        ]
        sources = [
            Source(
                SourceKind.MEETING,
                (meeting.id,),
                description=f"{meeting.kind.label} of {format_date(meeting.date)}",
            )
        ]
        paragraph += _points(meeting, points, names, sources)
        sections.append(DraftSection(meeting.kind.label, "", " ".join(paragraph), tuple(sources)))
    return sections


def _points(
    meeting: Meeting,
    points: dict[int, list[tuple[int, str]]],
    names: list[str],
    sources: list[Source],
) -> list[str]:
    flagged = points.get(meeting.id, [])
    if not flagged:
        return []
    sources.append(
        Source(
            SourceKind.KEY_POINT,
            tuple(i for i, _ in flagged),
            description="flagged for the statement",
        )
    )
    what = {MeetingKind.PRESENTATION: "presentation", MeetingKind.BRIEFING: "briefing"}
    at = what.get(meeting.kind, "meeting")
    if len(flagged) == 1:
        point = literal(in_running_text(flagged[0][1], names))
        return [f"At the {at}, it was noted that {point}"]
    return [
        f"In line with the information provided at the {at}, {len(flagged)} important items "
        f"were noted. {literal(numbered([text for _, text in flagged], names))}"
    ]


def _coverage(localities: int) -> DraftSection:
    # A long list of places reads badly in a statement: past a handful, count them.
    where = "{localities}" if localities <= MOST_LOCALITIES_NAMED else "{locality_count} localities"
    text = (
        f"On the Election Day, the Mission visited {{stations_visited}} polling stations in "
        f"{where}."
    )
    facts = (
        "stations_visited",
        "localities" if localities <= MOST_LOCALITIES_NAMED else "locality_count",
    )
    return DraftSection("Election day", "", text, (Source(SourceKind.VISITS, facts=facts),))


def _debrief(session: Session) -> list[DraftSection]:
    notes = statement_debrief_notes(session)
    if not notes:
        return []
    text = "\n\n".join(literal(note.text) for note in notes)
    source = Source(
        SourceKind.DEBRIEF_NOTE, tuple(n.id for n in notes), description="flagged for the statement"
    )
    return [DraftSection("Debrief", "", text, (source,))]


def _findings(figures: MissionStatistics) -> list[DraftSection]:
    standard = {q.code: q.text for q in standard_questions()}
    found = checklist_findings(figures, standard) + incident_findings(figures)
    return [DraftSection("Findings", "", f.text, f.sources) for f in found]


def _conclusion(mission: Mission, figures: MissionStatistics) -> DraftSection:
    critical, serious = serious_issues(figures)
    source = Source(
        SourceKind.CHECKLIST_QUESTION,
        description=f"{critical} critical answers; {serious} serious or critical incidents",
    )
    if critical or serious:
        text = (
            "The Mission notes the shortcomings set out above and calls on the election "
            "administration to address them. In conclusion, the {mission_name} thanks the "
            "authorities for their cooperation."
        )
    else:
        text = (
            "The Mission did not detect any serious issues, which would affect the results of "
            "the election. In conclusion, the {mission_name} affirms the compliance of the "
            "voting process with the domestic legislation and international standards."
        )
    return DraftSection("Conclusion", "", text, (source,))


def _congratulations(mission: Mission) -> DraftSection:
    country = literal(with_article(mission.country))
    people = literal(people_of(mission.country))
    text = (
        f"We would like to congratulate {country} and {people} for holding "
        "the elections successfully.\n\n"
        "We express our belief that the results of the elections would contribute to further "
        f"development and prosperity in the country, as well as strengthening the relations "
        f"between {country} and the {{organisation}}."
    )
    return DraftSection("Congratulations", "", text, (Source(MISSION, facts=("country",)),))


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
        return [
            _invitation(mission),
            _composition(mission, delegation_names(figures.composition)),
            *_meetings(session, mission),
            *(
                [_coverage(len(figures.coverage.locality_names))]
                if figures.coverage.stations
                else []
            ),
            *_debrief(session),
            *_findings(figures),
            _conclusion(mission, figures),
            _congratulations(mission),
        ]


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
            "the program knows. Correct it on the Statement page (docs/placeholders.md "
            "lists them), or write {{ and }} for braces."
        )
    empty = [p for p in used_placeholders(text) if not values.get(p)]
    if empty:
        raise UserError(
            f"{name} of the statement uses {{{empty[0]}}}, but the mission has no value for "
            "it yet. Fill it in (Mission page), or remove it from the text."
        )
