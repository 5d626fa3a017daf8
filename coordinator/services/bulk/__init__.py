"""Writing many records at once: the path of workbook imports and of the benchmarks.

A form saves one record through an entity service; an import of 100,000 stations or
2,000,000 answers cannot afford an ORM object per row. These functions take plain rows,
check them as the services would (required fields, codes used twice, records they point
to, canonical answers), compute what the services compute (uuid, search key, stored
values of vocabularies and times) and insert them with executemany, in chunks so
memory stays bounded, all in ONE transaction per call. A problem on any row raises
ValidationError naming the rows and fields (the first MAX_PROBLEMS), and nothing is written.
"""

from coordinator.services.bulk.answers import add_answers
from coordinator.services.bulk.batch import MAX_PROBLEMS
from coordinator.services.bulk.checked import (
    add_debrief_notes,
    add_delegations,
    add_incidents,
    add_questions,
)
from coordinator.services.bulk.keyed import add_localities, add_stations, add_visits
from coordinator.services.bulk.meetings import add_meetings
from coordinator.services.bulk.people import add_members, add_teams, move_members
from coordinator.services.bulk.records import (
    AnswerRecord,
    LocalityRecord,
    MemberRecord,
    RowProblem,
    StationRecord,
    TeamRecord,
    VisitRecord,
)

__all__ = [
    "MAX_PROBLEMS",
    "AnswerRecord",
    "LocalityRecord",
    "MemberRecord",
    "RowProblem",
    "StationRecord",
    "TeamRecord",
    "VisitRecord",
    "add_answers",
    "add_debrief_notes",
    "add_delegations",
    "add_incidents",
    "add_localities",
    "add_meetings",
    "add_members",
    "add_questions",
    "add_stations",
    "add_teams",
    "add_visits",
    "move_members",
]
