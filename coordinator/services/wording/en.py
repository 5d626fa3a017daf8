"""The statement drafted in English: phrase functions over the mission's records.

The draft follows the structure of the OTS statement on the Kyrgyz local council
elections of 17 November 2024: invitation, composition and legal basis, pre-election
meetings, election-day coverage, findings, conclusion, congratulations. Each section
keeps its sources (mission fields, meetings, key points, checklist questions, debrief
notes) so the Statement page can show where every sentence came from. Grammar follows
the data, not one mission: "the" only where a name needs one and was typed without it,
the verb agrees with the election's title, and numbers up to nine are words that their
nouns agree with. Numbers from ten on are placeholders ("{stations_visited}"), so an
adopted draft keeps following the data.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coordinator.db.enums import DelegationKind, MeetingKind
from coordinator.db.models import Meeting, Mission
from coordinator.services.checklist import standard_questions
from coordinator.services.debrief import statement_debrief_notes
from coordinator.services.meetings import statement_key_points
from coordinator.services.statement_drafts import serious_incidents
from coordinator.services.statement_facts import (
    DraftSection,
    Source,
    SourceKind,
    article_for,
    counted,
    delegation_names,
    in_running_text,
    is_plural_name,
    join_words,
    literal,
    numbered,
    people_of,
    with_article,
)
from coordinator.services.statement_findings import (
    checklist_findings,
    incident_findings,
    serious_issues,
)
from coordinator.services.statistics import MissionStatistics
from coordinator.services.unit import format_date

MISSION = SourceKind.MISSION
MOST_LOCALITIES_NAMED = 6


def _invitation(mission: Mission, has_secretariat: bool) -> DraftSection:
    """Who invited whom to observe what. "the" only where the name typed has none; the
    secretariat only when the mission has a secretariat delegation; the verb agrees with
    the election's title ("Elections … were held", "Election … was held")."""
    invited = (
        f"Upon the invitation extended by {article_for(mission.invited_by)}{{invited_by}}, "
        if mission.invited_by
        else "Upon invitation, "
    )
    short = " ({organisation_short})" if mission.organisation_short else ""
    organisation = f"{article_for(mission.organisation)}{{organisation}}{short}"
    sender = f"the Secretariat of {organisation}" if has_secretariat else organisation
    the = "" if mission.election[:4].casefold() == "the " else "the "
    verb = "were" if is_plural_name(mission.election) else "was"
    text = (
        f"{invited}{sender} deployed an Election Observation Mission (EOM) to observe "
        f"{the}{{election}} which {verb} held on {{election_day}}."
    )
    facts = ("invited_by", "organisation", "organisation_short", "election", "election_day")
    return DraftSection("Invitation", "", text, (Source(MISSION, facts=facts),))


def _composition(mission: Mission, staffed: list[str]) -> DraftSection:
    country = f"{article_for(mission.country)}{{country}}"
    # Each name with its own "the": "the Republic of Kazakhstan and the Republic of Türkiye".
    names = join_words([literal(with_article(name)) for name in staffed])
    members = f"consisted of officials from {names} and " if staffed else ""
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
        f"In line with the information provided at the {at}, "
        f"{counted(len(flagged), 'important item')} were noted. "
        f"{literal(numbered([text for _, text in flagged], names))}"
    ]


def _coverage(stations: int, localities: list[str]) -> DraftSection:
    # Up to nine, a number is a word and its noun agrees with it, so it is written out;
    # from ten on, the placeholder keeps an adopted draft following the data.
    visited = (
        "{stations_visited} polling stations"
        if stations >= 10
        else counted(stations, "polling station")
    )
    # A long list of places reads badly in a statement: past a handful, count them.
    if len(localities) <= MOST_LOCALITIES_NAMED:
        where, fact = "{localities}", "localities"
    elif len(localities) >= 10:
        where, fact = "{locality_count} localities", "locality_count"
    else:
        where, fact = counted(len(localities), "locality", "localities"), "locality_count"
    text = f"On the Election Day, the Mission visited {visited} in {where}."
    facts = ("stations_visited", fact)
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


def _findings(session: Session, figures: MissionStatistics) -> list[DraftSection]:
    standard = {q.code: q.text for q in standard_questions()}
    serious = serious_incidents(session)
    found = checklist_findings(figures, standard) + incident_findings(figures, serious)
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


def _congratulations(mission: Mission, figures: MissionStatistics) -> DraftSection:
    country = literal(with_article(mission.country))
    people = literal(people_of(mission.country))
    text = (
        "We express our belief that the results of the elections would contribute to further "
        f"development and prosperity in the country, as well as strengthening the relations "
        f"between {country} and {article_for(mission.organisation)}{{organisation}}."
    )
    # No congratulation on a successful election is drafted over a critical finding or a
    # serious incident; the coordinator may still write one.
    if not any(serious_issues(figures)):
        text = (
            f"We would like to congratulate {country} and {people} for holding "
            "the elections successfully.\n\n" + text
        )
    return DraftSection("Congratulations", "", text, (Source(MISSION, facts=("country",)),))


def _has_secretariat(figures: MissionStatistics) -> bool:
    return any(d.kind is DelegationKind.SECRETARIAT for d in figures.composition.delegations)


def draft(session: Session, mission: Mission, figures: MissionStatistics) -> list[DraftSection]:
    """The draft in English, section by section (inside the caller's unit of work)."""
    return [
        _invitation(mission, _has_secretariat(figures)),
        _composition(mission, delegation_names(figures.composition)),
        *_meetings(session, mission),
        *(
            [_coverage(figures.coverage.stations, list(figures.coverage.locality_names))]
            if figures.coverage.stations
            else []
        ),
        *_debrief(session),
        *_findings(session, figures),
        _conclusion(mission, figures),
        _congratulations(mission, figures),
    ]
