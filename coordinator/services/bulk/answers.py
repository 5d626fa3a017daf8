"""Checklist answers in bulk: each checked against its question and its visit's phase."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Phase, VisitStatus
from coordinator.db.models import Answer, ChecklistQuestion, Visit
from coordinator.services.answers import not_done, not_of_the_phase
from coordinator.services.bulk.batch import Insert, Problems, chunks, matching, new_uuid, table_of
from coordinator.services.checklist import MAX_NUMBER, SCALE_VALUES, split_list
from coordinator.services.unit import clean, unit_of_work


class _AnswerRule(NamedTuple):
    """What one question accepts: one of `allowed` (None: any number, or any text)."""

    code: str
    phase: Phase
    answer_type: AnswerType
    allowed: frozenset[str] | None

    def problem(self, value: str) -> str | None:
        """Why `value` is not a stored answer to this question (see `checklist`), if not."""
        if self.allowed is not None:
            if value in self.allowed:
                return None
            return f"'{value}' is not an answer to {self.code}: {', '.join(sorted(self.allowed))}."
        if self.answer_type is AnswerType.NUMBER:
            if value.isascii() and value.isdecimal() and str(int(value)) == value:
                return None if int(value) <= MAX_NUMBER else f"{value} is too large for a count."
            return f"'{value}' is not a whole number written as 12 ({self.code})."
        if value and value == clean(value):
            return None
        return (
            "the answer has spaces at either end." if value.strip() else "the answer is required."
        )


def _answer_rules(session: Session) -> dict[int, _AnswerRule]:
    rules: dict[int, _AnswerRule] = {}
    for question in session.scalars(sa.select(ChecklistQuestion)):
        allowed: Iterable[str] | None = {
            AnswerType.YES_NO: ("yes", "no"),
            AnswerType.SCALE: SCALE_VALUES,
            AnswerType.CHOICE: split_list(question.choices),
        }.get(question.answer_type)
        rules[question.id] = _AnswerRule(
            question.code,
            question.phase,
            question.answer_type,
            None if allowed is None else frozenset(allowed),
        )
    return rules


def add_answers(session: Session, rows: Iterable[tuple[int, int, str, str]]) -> int:
    """Add answers (see AnswerRecord) to visits that were done; returns how many."""
    table, visit = table_of(Answer), table_of(Visit)
    problems = Problems("answers")
    written = 0
    visits: dict[int, tuple[Phase, VisitStatus]] = {}  # each visit's phase and status
    with unit_of_work(session):
        rules = _answer_rules(session)
        insert = Insert(session, table, ("uuid", "visit_id", "question_id", "value", "comment"))
        for first, chunk in chunks(rows):
            wanted = {row[0] for row in chunk}
            for condition in matching(visit.c.id, wanted - visits.keys()):
                select = sa.select(visit.c.id, visit.c.phase, visit.c.status).where(condition)
                for visit_id, phase, status in session.execute(select):
                    visits[visit_id] = (phase, status)
            # Answers already in the file, and those written by this call's earlier chunks.
            answered: set[tuple[int, int]] = set()
            for condition in matching(table.c.visit_id, wanted):
                pairs = sa.select(Answer.visit_id, Answer.question_id).where(condition)
                answered.update(
                    (visit_id, question) for visit_id, question in session.execute(pairs)
                )
            first_row: dict[tuple[int, int], int] = {}
            values = []
            for number, (visit_id, question_id, value, comment) in enumerate(chunk, first):
                rule = rules.get(question_id)
                if rule is None:
                    problems.add(
                        number, "question_id", f"question #{question_id} is not in the checklist."
                    )
                elif (problem := rule.problem(value)) is not None:
                    problems.add(number, "value", problem)
                if visit_id not in visits:
                    problems.add(number, "visit_id", f"visit #{visit_id} is not in the mission.")
                elif (status := visits[visit_id][1]) is not VisitStatus.DONE:
                    # Said of the visit's status, as the visit form says it.
                    problems.add(number, "status", not_done(status))
                elif rule is not None and rule.phase is not (phase := visits[visit_id][0]):
                    problems.add(number, "question_id", not_of_the_phase(rule.phase, phase))
                pair = (visit_id, question_id)
                if pair in first_row or pair in answered:
                    where = (
                        f"on row {first_row[pair]}"
                        if pair in first_row
                        else "in the mission or on an earlier row"  # rows are read in chunks
                    )
                    problems.add(number, "question_id", f"this answer is already {where}.")
                first_row.setdefault(pair, number)
                values.append((new_uuid(), visit_id, question_id, value, clean(comment)))
            if problems.items:
                if problems.full:
                    break
                continue
            insert(session, values)
            written += len(values)
        problems.raise_if_any()
    return written
