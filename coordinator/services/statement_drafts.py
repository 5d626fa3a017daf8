"""Drafts of the statement in languages other than English, from the same facts.

`draft_facts` reads what every language's draft is written from, once; the language's
module (services/wording/ru.py, tr.py) writes the sections. English keeps its own
draft (statement.py), which the reference statement's tests guard.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coordinator.db.enums import Phase, Severity
from coordinator.db.models import (
    ChecklistQuestion,
    Incident,
    Locality,
    Meeting,
    Mission,
    PollingStation,
    Visit,
)
from coordinator.errors import UserError
from coordinator.services.checklist import split_list, standard_questions, standard_translations
from coordinator.services.debrief import statement_debrief_notes
from coordinator.services.meetings import statement_key_points
from coordinator.services.statement_facts import DraftSection, delegation_names
from coordinator.services.statement_languages import translations
from coordinator.services.statistics import MissionStatistics
from coordinator.services.unit import unit_of_work
from coordinator.services.wording import DRAFT_LANGUAGES
from coordinator.services.wording.facts import (
    DraftFacts,
    MeetingFacts,
    MissionFacts,
    Person,
    SeriousIncident,
)


def draft_facts(session: Session, mission: Mission, figures: MissionStatistics) -> DraftFacts:
    """Everything a draft is written from (inside the caller's unit of work)."""
    meetings = session.scalars(
        sa.select(Meeting)
        .where(Meeting.date < mission.election_date)
        .options(selectinload(Meeting.interlocutors))
        .order_by(Meeting.date, Meeting.start.asc().nulls_first(), Meeting.id)
    )
    points: dict[int, list[tuple[int, str]]] = {}
    for meeting, point in statement_key_points(session):
        points.setdefault(meeting.id, []).append((point.id, point.text))
    kinds = {d.name: d.kind for d in figures.composition.delegations}
    return DraftFacts(
        mission=MissionFacts(
            name=mission.name,
            organisation=mission.organisation,
            organisation_short=mission.organisation_short,
            election=mission.election,
            country=mission.country,
            invited_by=mission.invited_by,
            election_date=mission.election_date,
        ),
        delegations=tuple((name, kinds[name]) for name in delegation_names(figures.composition)),
        meetings=tuple(
            MeetingFacts(
                id=m.id,
                kind=m.kind,
                date=m.date,
                location=m.location,
                people=tuple(Person(p.name, p.position, p.institution) for p in m.interlocutors),
                points=tuple(points.get(m.id, ())),
            )
            for m in meetings
        ),
        debrief=tuple((n.id, n.text) for n in statement_debrief_notes(session)),
        figures=figures,
        standard_texts={q.code: q.text for q in standard_questions()},
        serious=tuple(serious_incidents(session)),
    )


def serious_incidents(session: Session) -> list[SeriousIncident]:
    """Serious and critical incidents with where and when, in the order they happened."""
    rows = session.execute(
        sa.select(Incident, Visit.date, PollingStation.code, PollingStation.name, Locality.name)
        .join(Visit, Incident.visit_id == Visit.id)
        .join(PollingStation, Visit.station_id == PollingStation.id)
        .join(Locality, PollingStation.locality_id == Locality.id)
        .where(Incident.severity.in_((Severity.SERIOUS, Severity.CRITICAL)))
        .order_by(Visit.date, Incident.time.asc().nulls_last(), PollingStation.code, Incident.id)
    )
    return [
        SeriousIncident(
            id=incident.id,
            category=incident.category,
            severity=incident.severity,
            observed=incident.observed,
            description=incident.description,
            date=day,
            time=incident.time,
            station_code=code,
            station_name=name,
            locality=locality,
        )
        for incident, day, code, name, locality in rows
    ]


def draft_in(
    session: Session, mission: Mission, figures: MissionStatistics, language: str
) -> list[DraftSection]:
    """The draft in `language` (not English), inside the caller's unit of work."""
    from coordinator.services.wording import ru, tr

    writers = {"ru": ru.draft, "tr": tr.draft}
    if language not in writers:
        raise UserError(
            f"The program cannot draft a statement in '{language}' yet: it drafts in "
            f"{', '.join(DRAFT_LANGUAGES)}. Write the sections in '{language}' on the "
            "Statement page (or the workbook's Statement sheet), or choose one of those."
        )
    return writers[language](
        draft_facts(session, mission, figures), translations(session, language)
    )


def names_to_translate(session: Session) -> list[str]:
    """Every name and text typed in the mission that a draft in another language uses,
    in the order the statement uses them, then the checklist's questions and choices the
    field form and the paper checklist print (each once)."""
    from coordinator.services.mission import get_mission
    from coordinator.services.statistics import mission_statistics

    figures = mission_statistics(session)
    with unit_of_work(session):
        mission = get_mission(session)
        if mission is None:
            return []
        facts = draft_facts(session, mission, figures)
        names = [
            mission.name,
            mission.organisation,
            mission.organisation_short,
            mission.election,
            mission.country,
            mission.invited_by,
            mission.statement_place,
            *(name for name, _kind in facts.delegations),
        ]
        for meeting in facts.meetings:
            for person in meeting.people:
                names += [person.name, person.position, person.institution]
            names += [meeting.location, *(text for _id, text in meeting.points)]
        names += list(figures.coverage.locality_names)
        names += [text for _id, text in facts.debrief]
        for incident in facts.serious:
            names += [incident.station_name, incident.locality, incident.description]
        questions = session.scalars(
            sa.select(ChecklistQuestion).order_by(
                ChecklistQuestion.position_in_list, ChecklistQuestion.id
            )
        ).all()
        phases = list(Phase)
        for question in sorted(questions, key=lambda q: phases.index(q.phase)):
            names += [question.text, *split_list(question.choices)]
        return [name for name in dict.fromkeys(names) if name.strip()]


def known_translations(session: Session, language: str) -> dict[str, str]:
    """How `language` writes each name: the mission's own translations, and for the
    standard checklist's unchanged texts its own where the mission has none."""
    return standard_translations(language) | translations(session, language)
