"""How observers answered each checklist question: answers, negative and critical ones,
and the distinct stations with a negative answer.

An answer counts when its visit is done and of the question's phase (the answers service
refuses any other, and `check` reports old ones). An empty value is no answer. Free text
is counted but never negative or critical.

With 2,000,000 answers this is the expensive part. Per phase, one query reads the
(question_id, value, visit_id) index in its own order, so grouping needs no sort and no
answer row is fetched; each answer's visit is only tested against the phase's done
visits. Which values are negative or critical is decided here in Python, over the few
hundred (question, value) groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Phase, VisitStatus
from coordinator.db.models import Answer, ChecklistQuestion, Visit
from coordinator.services.checklist import split_list
from coordinator.services.statistics.figures import PhaseCount, QuestionStatistics, ValueCount

# "+ 0" keeps the planner from reaching answers through the (visit_id, question_id) index
# from the visits' side: that fetches every answer row for its value, then sorts to group.
ANSWER_VISIT = Answer.visit_id + sa.literal_column("0")


def listed_values(answer_type: AnswerType, listed: str) -> frozenset[str]:
    """The values in a negative or critical answer list ("3;4"); none for free text, which
    is read, not counted (the checklist service refuses such lists on text questions)."""
    if answer_type is AnswerType.TEXT:
        return frozenset()
    return frozenset(split_list(listed))


@dataclass
class _Question:
    id: int
    code: str
    phase: Phase
    text: str
    answer_type: AnswerType
    negative_values: frozenset[str]
    critical_values: frozenset[str]
    answered: int = 0
    values: tuple[ValueCount, ...] = ()
    negative_stations: int = 0

    @property
    def negative(self) -> int:
        return sum(v.answers for v in self.values if v.negative)

    @property
    def critical(self) -> int:
        return sum(v.answers for v in self.values if v.critical)

    def figures(self) -> QuestionStatistics:
        return QuestionStatistics(
            question_id=self.id,
            code=self.code,
            phase=self.phase,
            text=self.text,
            answer_type=self.answer_type,
            answered=self.answered,
            negative=self.negative,
            critical=self.critical,
            negative_stations=self.negative_stations,
            values=self.values,
        )


def question_statistics_of(
    session: Session, phases: Sequence[PhaseCount]
) -> tuple[QuestionStatistics, ...]:
    """Every question, by phase and then in checklist order."""
    rows = session.execute(
        sa.select(
            ChecklistQuestion.id,
            ChecklistQuestion.code,
            ChecklistQuestion.phase,
            ChecklistQuestion.text,
            ChecklistQuestion.answer_type,
            ChecklistQuestion.negative_answer,
            ChecklistQuestion.critical_answer,
        ).order_by(ChecklistQuestion.position_in_list, ChecklistQuestion.code)
    )
    questions = [
        _Question(
            id_,
            code,
            phase,
            text,
            kind,
            listed_values(kind, negative),
            listed_values(kind, critical),
        )
        for id_, code, phase, text, kind, negative, critical in rows
    ]
    ordered: list[_Question] = []
    for counts in phases:
        asked = [q for q in questions if q.phase is counts.phase]
        if asked and counts.observations:
            _count_answers(session, counts.phase, asked)
            _count_negative_stations(session, counts, asked)
        ordered += asked
    return tuple(q.figures() for q in ordered)


def _count_answers(session: Session, phase: Phase, asked: Sequence[_Question]) -> None:
    """Each question's answers per value, in one statement for the phase. Free text is
    only counted, nearly every text being different."""
    done = (
        sa.select(Visit.id)
        .where(Visit.status == VisitStatus.DONE, Visit.phase == phase)
        .cte("done_visit")
    )
    # Named once, so the database reads the phase's done visits once for both parts.
    at_done_visit = ANSWER_VISIT.in_(sa.select(done.c.id))
    chosen = [q.id for q in asked if q.answer_type is not AnswerType.TEXT]
    written = [q.id for q in asked if q.answer_type is AnswerType.TEXT]
    parts: list[sa.Select[int, str, int]] = []
    if chosen:
        parts.append(
            sa.select(Answer.question_id, Answer.value, sa.func.count())
            .where(Answer.question_id.in_(chosen), at_done_visit)
            .group_by(Answer.question_id, Answer.value)
        )
    if written:
        parts.append(
            sa.select(Answer.question_id, sa.literal(""), sa.func.count())
            .where(Answer.question_id.in_(written), Answer.value != "", at_done_visit)
            .group_by(Answer.question_id)
        )
    by_id = {q.id: q for q in asked}
    given: dict[int, list[tuple[str, int]]] = {}
    for question_id, value, answers in session.execute(
        parts[0] if len(parts) == 1 else sa.union_all(*parts)
    ):
        if by_id[question_id].answer_type is AnswerType.TEXT:
            by_id[question_id].answered = answers
        elif value != "":
            given.setdefault(question_id, []).append((value, answers))
    for question_id, counts in given.items():
        question = by_id[question_id]
        counts.sort(key=lambda item: (-item[1], item[0]))
        question.answered = sum(answers for _, answers in counts)
        question.values = tuple(
            ValueCount(
                value, answers, value in question.negative_values, value in question.critical_values
            )
            for value, answers in counts
        )


def _count_negative_stations(
    session: Session, counts: PhaseCount, asked: Sequence[_Question]
) -> None:
    negative = [q for q in asked if q.negative]
    if counts.observations == counts.stations:
        # No station was observed twice in this phase: each negative answer is one station.
        for question in negative:
            question.negative_stations = question.negative
        return
    if not negative:
        return
    given = sa.or_(
        *(
            sa.and_(
                Answer.question_id == q.id,
                Answer.value.in_(sorted(v.value for v in q.values if v.negative)),
            )
            for q in negative
        )
    )
    by_id = {q.id: q for q in negative}
    for question_id, stations in session.execute(
        sa.select(Answer.question_id, sa.func.count(sa.distinct(Visit.station_id)))
        .join(Visit, Visit.id == ANSWER_VISIT)
        .where(given, Visit.status == VisitStatus.DONE, Visit.phase == counts.phase)
        .group_by(Answer.question_id)
    ):
        by_id[question_id].negative_stations = stations
