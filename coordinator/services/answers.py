"""A visit's checklist answers: entering them all at once, reading them, listing them.

Each answer is stored in its canonical form (see `checklist.canonical_answer`), so that
"Yes", "y" and "да" are counted as one value. A visit's checklist is saved as a whole:
if any answer is wrong, none is written and every wrong one is named by its question code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from coordinator.db.enums import AnswerType, Phase, VisitStatus
from coordinator.db.models import Answer, ChecklistQuestion, Visit
from coordinator.services.checklist import canonical_answer, split_list
from coordinator.services.errors import NotFoundError
from coordinator.services.paging import (
    AnySelect,
    Column,
    Page,
    PageRequest,
    contains_all,
    fetch_page,
)
from coordinator.services.unit import Problems, clean, get, unit_of_work

# For each question id: what the user typed and their comment. "" as answer clears it.
AnswerInput = Mapping[int, tuple[str, str]]


@dataclass(frozen=True)
class AnswerRow:
    """An answer with its visit and question, and whether it is negative or critical."""

    id: int
    visit_id: int
    visit_ref: str
    question_id: int
    question_code: str
    question_text: str
    phase: Phase
    answer_type: AnswerType
    value: str
    comment: str
    negative: bool
    critical: bool


def not_of_the_phase(question: Phase, visit: Phase) -> str:
    """Why a question of one phase has no answer at a visit of another."""
    asked = question.label.lower()
    article = "an" if asked[0] in "aeiou" else "a"
    return f"This is {article} {asked} question; the visit observed {visit.label.lower()}."


def not_done(status: VisitStatus) -> str:
    """Why a visit with this status has no checklist answers."""
    return (
        f"The visit is {status.label.lower()}: only a visit that was done has checklist "
        "answers. Set its status to done first."
    )


def write_answers(session: Session, visit_id: int, answers: AnswerInput) -> dict[int, str]:
    """`set_answers` inside a transaction the caller already has open (the import's).

    Returns the stored value of each question answered; cleared ones are left out.
    """
    visit = get(session, Visit, visit_id, "visit")
    questions = {
        q.id: q
        for q in session.scalars(
            sa.select(ChecklistQuestion).where(ChecklistQuestion.id.in_(list(answers)))
        )
    }
    missing = [qid for qid in answers if qid not in questions]
    if missing:
        raise NotFoundError(f"The question (#{missing[0]}) is no longer in this mission.")
    problems = Problems(f"The checklist of visit {visit.ref}")
    values: dict[int, str] = {}
    comments: dict[int, str] = {}
    for question_id, (raw, comment) in answers.items():
        question = questions[question_id]
        comments[question_id] = clean(comment)
        if not clean(raw):
            if comments[question_id]:
                problems.add(question.code, "A comment needs an answer to go with it.")
            continue
        if question.phase is not visit.phase:
            problems.add(question.code, not_of_the_phase(question.phase, visit.phase))
            continue
        try:
            values[question_id] = canonical_answer(question, raw)
        except ValueError as error:
            problems.add(question.code, str(error))
    if values and visit.status is not VisitStatus.DONE:
        problems.add("status", not_done(visit.status))
    problems.raise_if_any()
    stored = {
        a.question_id: a
        for a in session.scalars(
            sa.select(Answer).where(
                Answer.visit_id == visit_id, Answer.question_id.in_(list(answers))
            )
        )
    }
    changed = False
    for question_id in answers:
        answer = stored.get(question_id)
        if question_id not in values:
            if answer is not None:
                session.delete(answer)
                changed = True
        elif answer is None:
            session.add(
                Answer(
                    visit_id=visit_id,
                    question_id=question_id,
                    value=values[question_id],
                    comment=comments[question_id],
                )
            )
            changed = True
        elif (answer.value, answer.comment) != (values[question_id], comments[question_id]):
            answer.value = values[question_id]
            answer.comment = comments[question_id]
            changed = True
    if changed:
        # The answers are part of their visit: its version counts their saves too, so a
        # form holding the visit sees that someone else answered meanwhile.
        flag_modified(visit, "notes")
    return values


def set_answers(session: Session, visit_id: int, answers: AnswerInput) -> dict[int, str]:
    """Save a visit's answers, {question_id: (typed value, comment)}, in one transaction.

    A ValidationError names each wrong answer by its question code; nothing is written
    then. An empty value deletes that question's answer. Returns the stored values.
    """
    with unit_of_work(session):
        return write_answers(session, visit_id, answers)


def clear_answers(session: Session, visit_id: int) -> int:
    """Delete all of a visit's answers (before changing its phase); returns how many."""
    with unit_of_work(session):
        get(session, Visit, visit_id, "visit")
        result = session.execute(sa.delete(Answer).where(Answer.visit_id == visit_id))
        return int(getattr(result, "rowcount", 0) or 0)


def _answer_select() -> AnySelect:
    return (
        sa.select(
            Answer.id,
            Answer.visit_id,
            Visit.ref,
            Answer.question_id,
            ChecklistQuestion.code,
            ChecklistQuestion.text,
            ChecklistQuestion.phase,
            ChecklistQuestion.answer_type,
            Answer.value,
            Answer.comment,
            ChecklistQuestion.negative_answer,
            ChecklistQuestion.critical_answer,
        )
        .join(Visit, Answer.visit_id == Visit.id)
        .join(ChecklistQuestion, Answer.question_id == ChecklistQuestion.id)
    )


def _row(row: Any) -> AnswerRow:
    (id_, visit_id, ref, question_id, code, text, phase, answer_type, value, comment) = row[:10]
    negative, critical = row[10], row[11]
    return AnswerRow(
        id_,
        visit_id,
        ref,
        question_id,
        code,
        text,
        phase,
        answer_type,
        value,
        comment,
        negative=value in split_list(negative),
        critical=value in split_list(critical),
    )


def answers_of_visit(session: Session, visit_id: int) -> list[AnswerRow]:
    """The visit's answers in checklist order."""
    select = (
        _answer_select()
        .where(Answer.visit_id == visit_id)
        .order_by(ChecklistQuestion.position_in_list, ChecklistQuestion.id)
    )
    with unit_of_work(session):
        get(session, Visit, visit_id, "visit")
        return [_row(row) for row in session.execute(select)]


# The page is chosen from the answer table alone (2,000,000 rows), reaching the visit and
# question through subqueries; only the rows shown are joined to them.
VISIT_REF = sa.select(Visit.ref).where(Visit.id == Answer.visit_id).scalar_subquery()
QUESTION_CODE = (
    sa.select(ChecklistQuestion.code)
    .where(ChecklistQuestion.id == Answer.question_id)
    .scalar_subquery()
)
ANSWER_SORTS: dict[str, Column] = {
    "entry": Answer.visit_id,
    "visit": VISIT_REF,
    "question": QUESTION_CODE,
    "position": sa.select(ChecklistQuestion.position_in_list)
    .where(ChecklistQuestion.id == Answer.question_id)
    .scalar_subquery(),
    "value": Answer.value,
    "comment": Answer.comment,
}


def list_answers(session: Session, request: PageRequest) -> Page[AnswerRow]:
    """A page of answers; `filters` may hold visit_id, question_id, phase and value.

    The search looks in the value and comment (filter by visit or question instead of
    searching for them). The default order, "entry", is by visit as they were entered.
    """
    select = sa.select(Answer.id)
    condition = contains_all(
        [sa.func.lower(Answer.value), sa.func.lower(Answer.comment)], request.search
    )
    if condition is not None:
        select = select.where(condition)
    filters = request.filters
    for key, column in (("visit_id", Answer.visit_id), ("question_id", Answer.question_id)):
        if isinstance(filters.get(key), int):
            select = select.where(column == filters[key])
    phase = filters.get("phase")
    if isinstance(phase, str) and phase:
        of_phase = sa.select(ChecklistQuestion.id).where(
            ChecklistQuestion.phase == Phase.parse(phase)
        )
        select = select.where(Answer.question_id.in_(of_phase))
    value = filters.get("value")
    if isinstance(value, str):
        select = select.where(Answer.value == value)
    with unit_of_work(session):
        page = fetch_page(
            session,
            select,
            request,
            sort_columns=ANSWER_SORTS,
            default_sort="entry",
            id_column=Answer.id,
            make_row=lambda row: int(row[0]),
        )
        rows = {
            row[0]: _row(row)
            for row in session.execute(_answer_select().where(Answer.id.in_(page.rows)))
        }
        return Page([rows[answer_id] for answer_id in page.rows], page.total, page.offset)
