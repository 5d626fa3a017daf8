"""The mission's checklist: its questions, the standard set, and what counts as an answer.

Answers are stored as canonical text so that statistics can count them in SQL:
yes/no questions store "yes" or "no"; number questions a whole number in decimal
("12"); 4-point scale questions "1" (very good) to "4" (very bad); choice questions one
of the question's choices exactly as written there; text questions the text itself.
A question's negative and critical answers are ";"-separated lists of such values.
A required question is one the observer's form does not let go without an answer; the
mission itself takes a visit without it (a form of an older version may not have asked).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Assessment, Phase
from coordinator.db.models import Answer, ChecklistQuestion
from coordinator.db.text import fold
from coordinator.resources import resource_path
from coordinator.services.unit import Problems, clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of

YES_WORDS = frozenset({"yes", "y", "true", "1", "да", "evet", "ооба", "иә"})
NO_WORDS = frozenset({"no", "n", "false", "0", "нет", "hayir", "жок", "жоқ"})
SCALE_VALUES = ("1", "2", "3", "4")
# Counts of voters and the like; a longer number is a typing slip, not a count.
MAX_NUMBER = 1_000_000_000
# The Visits sheet has a column per question code beside these, matched the same way.
VISIT_COLUMNS = frozenset(
    {
        "id",
        "team",
        "station",
        "date",
        "phase",
        "plannedarrival",
        "planneddeparture",
        "status",
        "actualarrival",
        "actualdeparture",
        "votersvoted",
        "overall",
        "notes",
    }
)


@dataclass(frozen=True)
class QuestionFields:
    """What a coordinator types for a question; answer lists are ";"-separated."""

    code: str
    phase: Phase
    text: str
    answer_type: AnswerType
    choices: str = ""
    negative_answer: str = ""
    critical_answer: str = ""
    required: bool = False
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


@dataclass(frozen=True)
class QuestionRow:
    """A question as the checklist editor lists it, with how many answers it has."""

    id: int
    code: str
    phase: Phase
    position_in_list: int
    text: str
    answer_type: AnswerType
    choices: str
    negative_answer: str
    critical_answer: str
    required: bool
    answers: int


# --- answers --------------------------------------------------------------------------------


def split_list(text: str) -> list[str]:
    """The items of a ";"- or newline-separated list, trimmed, empty ones left out."""
    return [item for item in (clean(part) for part in re.split(r"[;\n]", text)) if item]


def _parse(answer_type: AnswerType, choices: list[str], raw: str) -> str:
    text = clean(raw)
    if not text:
        raise ValueError("An answer is required.")
    if answer_type is AnswerType.TEXT:
        return text
    folded = fold(text)
    if answer_type is AnswerType.YES_NO:
        if folded in YES_WORDS:
            return "yes"
        if folded in NO_WORDS:
            return "no"
        raise ValueError(f"'{text}' is not an answer to a yes/no question: answer yes or no.")
    if answer_type is AnswerType.NUMBER:
        return _parse_number(text)
    if answer_type is AnswerType.SCALE:
        if text in SCALE_VALUES:
            return text
        try:
            return str(list(Assessment).index(Assessment.parse(text)) + 1)
        except ValueError:
            raise ValueError(
                f"'{text}' is not on the 4-point scale: answer 1 (very good), 2 (good), "
                "3 (bad) or 4 (very bad)."
            ) from None
    for choice in choices:
        if fold(choice) == folded:
            return choice
    raise ValueError(f"'{text}' is not one of the choices: {', '.join(choices)}.")


def _parse_number(text: str) -> str:
    digits = "".join(text.split())  # "1 234" with any kind of space is 1234
    if digits.startswith("-") and digits[1:].isdecimal():
        raise ValueError(f"'{text}' is negative: a count cannot be below 0.")
    if not digits.isdecimal():
        raise ValueError(f"'{text}' is not a whole number: give a count such as 12.")
    if len(digits) > 12 or int(digits) > MAX_NUMBER:
        raise ValueError(f"'{text}' is too large for a count.")
    return str(int(digits))


# The rules of a question's answers, on a stored question or on its plain fields alike.
AnswerRules = ChecklistQuestion | QuestionFields


def choices_of(question: AnswerRules) -> list[str]:
    return split_list(question.choices)


def canonical_answer(question: AnswerRules, raw: str) -> str:
    """What the user typed as the value stored for `question`; ValueError saying why not.

    Yes/no accepts yes, y, true, 1 and no, n, false, 0 in any case, and да/нет,
    evet/hayır, ооба/жок; a scale accepts 1-4 or "very good" ... "very bad".
    """
    return _parse(question.answer_type, choices_of(question), raw)


def is_negative(question: AnswerRules, value: str) -> bool:
    return value in split_list(question.negative_answer)


def is_critical(question: AnswerRules, value: str) -> bool:
    return value in split_list(question.critical_answer)


# --- questions ------------------------------------------------------------------------------


def code_key(code: str) -> str:
    """A code as workbook columns are matched: no case, spaces or underscores."""
    return fold(code).replace(" ", "").replace("_", "")


@dataclass(frozen=True)
class _Cleaned:
    code: str
    text: str
    choices: str
    negative_answer: str
    critical_answer: str


def _answer_list(
    problems: Problems, field: str, fields: QuestionFields, choices: list[str]
) -> list[str]:
    values: list[str] = []
    items = split_list(getattr(fields, field))
    if items and fields.answer_type is AnswerType.TEXT:
        problems.add(field, "A text question has no negative or critical answers.")
        return []
    for item in items:
        try:
            value = _parse(fields.answer_type, choices, item)
        except ValueError as error:
            problems.add(field, str(error))
            continue
        if value not in values:
            values.append(value)
    return values


def _check_question(session: Session, fields: QuestionFields, question_id: int | None) -> _Cleaned:
    def taken(code: str) -> str | None:
        others = session.execute(
            sa.select(ChecklistQuestion.code).where(ChecklistQuestion.id != (question_id or -1))
        ).scalars()
        return next((other for other in others if code_key(other) == code_key(code)), None)

    problems, cleaned = _question_problems(fields, taken)
    if question_id is not None:
        _check_existing_answers(session, problems, fields, question_id, split_list(fields.choices))
    problems.raise_if_any()
    return cleaned


def check_question(fields: QuestionFields, taken: Callable[[str], str | None]) -> dict[str, Any]:
    """A new question's columns as stored, by name (but its place in the list), or
    ValidationError when a form could not save it; `taken(code)`: the code of another
    question that has the same one (a form asks the database, a bulk import what it
    read once)."""
    problems, cleaned = _question_problems(fields, taken)
    problems.raise_if_any()
    return _stored_question(fields, cleaned)


def _stored_question(fields: QuestionFields, cleaned: _Cleaned) -> dict[str, Any]:
    return {
        "code": cleaned.code,
        "phase": fields.phase,
        "text": cleaned.text,
        "answer_type": fields.answer_type,
        "choices": cleaned.choices,
        "negative_answer": cleaned.negative_answer,
        "critical_answer": cleaned.critical_answer,
        "required": fields.required,
    }


def _question_problems(
    fields: QuestionFields, taken: Callable[[str], str | None]
) -> tuple[Problems, _Cleaned]:
    """What is wrong with the question (not raised yet) and its text as stored."""
    code = clean(fields.code)
    problems = Problems(f"Question {code}" if code else "The question")
    problems.require("code", code)
    problems.require("text", clean(fields.text))
    # The code heads a column of the Visits sheet: with a dash first it would be a
    # formula there (=, +, @ and spaces are outside the alphabet already).
    if code and not re.fullmatch(r"[\w.\-]+", code):
        problems.add("code", "A code is letters, digits, dots and dashes, without spaces.")
    elif code.startswith("-"):
        problems.add("code", "A code cannot start with a dash; start it with a letter or digit.")
    elif len(code) > 20:
        problems.add("code", "A code has at most 20 characters.")
    elif code and code_key(code) in VISIT_COLUMNS:
        problems.add("code", f"{code} is a column of the Visits sheet; choose another code.")
    elif code and (other := taken(code)) is not None:
        problems.add("code", f"Another question already has the code {other}.")
    choices = split_list(fields.choices)
    if fields.answer_type is AnswerType.CHOICE:
        if len(choices) < 2:
            problems.add("choices", "A choice question needs at least two choices.")
        if len({fold(c) for c in choices}) != len(choices):
            problems.add("choices", "Each choice must be different.")
    elif choices:
        problems.add("choices", "Only a choice question has choices.")
    negative = _answer_list(problems, "negative_answer", fields, choices)
    critical = _answer_list(problems, "critical_answer", fields, choices)
    if not problems.has("critical_answer") and set(critical) - set(negative):
        problems.add(
            "critical_answer", "A critical answer must also be a negative one: add it there."
        )
    cleaned = _Cleaned(
        code, clean(fields.text), ";".join(choices), ";".join(negative), ";".join(critical)
    )
    return problems, cleaned


def _check_existing_answers(
    session: Session,
    problems: Problems,
    fields: QuestionFields,
    question_id: int,
    choices: list[str],
) -> None:
    """A question may not change so that answers already given stop fitting it."""
    question = get(session, ChecklistQuestion, question_id, "question")
    values = list(
        session.scalars(sa.select(Answer.value).where(Answer.question_id == question_id).distinct())
    )
    if not values:
        return
    if fields.phase is not question.phase:
        problems.add("phase", f"It already has answers from {question.phase.label.lower()} visits.")
    unfit = []
    for value in values:
        try:
            fits = _parse(fields.answer_type, choices, value) == value
        except ValueError:
            fits = False
        if not fits:
            unfit.append(value)
    if unfit:
        field = "choices" if fields.answer_type is question.answer_type else "answer_type"
        shown = ", ".join(f"'{v}'" for v in unfit[:3])
        problems.add(field, f"Answers already given ({shown}) would no longer fit the question.")


def _apply_question(question: ChecklistQuestion, fields: QuestionFields, cleaned: _Cleaned) -> None:
    for name, value in _stored_question(fields, cleaned).items():
        setattr(question, name, value)


def _add_question(session: Session, fields: QuestionFields) -> ChecklistQuestion:
    cleaned = _check_question(session, fields, None)
    last = session.scalar(sa.select(sa.func.max(ChecklistQuestion.position_in_list)))
    question = ChecklistQuestion(position_in_list=(last or 0) + 1)
    _apply_question(question, fields, cleaned)
    session.add(question)
    session.flush()
    return question


def create_question(session: Session, fields: QuestionFields) -> ChecklistQuestion:
    """Add a question at the end of the checklist."""
    with unit_of_work(session):
        return _add_question(session, fields)


def update_question(
    session: Session,
    question_id: int,
    fields: QuestionFields,
    *,
    read: QuestionFields | None = None,
) -> ChecklistQuestion:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        question = get(session, ChecklistQuestion, question_id, "question")
        refuse_if_changed(
            question, version_of(read), read=read, now=lambda: question_fields(question)
        )
        cleaned = _check_question(session, fields, question_id)
        _apply_question(question, fields, cleaned)
    return question


def question_delete_impact(session: Session, question_id: int) -> dict[str, int]:
    """What else goes when the question is deleted: {"answers": 40}."""
    with unit_of_work(session):
        answers = session.scalar(
            sa.select(sa.func.count()).where(Answer.question_id == question_id)
        )
    return {"answers": int(answers or 0)}


def delete_question(
    session: Session, question_id: int, *, expected_version: int | None = None
) -> None:
    """Delete the question with its answers."""
    with unit_of_work(session):
        question = get(session, ChecklistQuestion, question_id, "question")
        refuse_if_changed(question, expected_version, since="you chose to delete it")
        session.execute(sa.delete(Answer).where(Answer.question_id == question_id))
        session.delete(question)


def move_question(session: Session, question_id: int, steps: int) -> None:
    """Move a question up (negative `steps`) or down among the questions of its phase."""
    with unit_of_work(session):
        question = get(session, ChecklistQuestion, question_id, "question")
        same_phase = list(
            session.scalars(
                sa.select(ChecklistQuestion)
                .where(ChecklistQuestion.phase == question.phase)
                .order_by(ChecklistQuestion.position_in_list, ChecklistQuestion.id)
            )
        )
        # The phase keeps the slots it had, so its place among the other phases stays.
        slots = sorted(q.position_in_list for q in same_phase)
        index = same_phase.index(question)
        same_phase.insert(max(0, min(len(same_phase) - 1, index + steps)), same_phase.pop(index))
        if len(set(slots)) != len(slots):
            slots = list(range(slots[0], slots[0] + len(slots)))
        for slot, moved in zip(slots, same_phase, strict=True):
            moved.position_in_list = slot


def question_fields(question: ChecklistQuestion) -> QuestionFields:
    return QuestionFields(
        code=question.code,
        phase=question.phase,
        text=question.text,
        answer_type=question.answer_type,
        choices=question.choices,
        negative_answer=question.negative_answer,
        critical_answer=question.critical_answer,
        required=question.required,
        version=question.version,
    )


def read_question(session: Session, question_id: int) -> QuestionFields:
    """The question #question_id as stored now, with its version, for its form."""
    with unit_of_work(session):
        return question_fields(get(session, ChecklistQuestion, question_id, "question"))


def questions_for_phase(session: Session, phase: Phase) -> list[ChecklistQuestion]:
    """The questions asked at visits of `phase`, in checklist order."""
    with unit_of_work(session):
        return list(
            session.scalars(
                sa.select(ChecklistQuestion)
                .where(ChecklistQuestion.phase == phase)
                .order_by(ChecklistQuestion.position_in_list, ChecklistQuestion.id)
            )
        )


def phase_questions(session: Session, phase: Phase) -> list[tuple[int, QuestionFields]]:
    """The questions of `phase` in checklist order, as (id, fields) the window may keep."""
    return [(q.id, question_fields(q)) for q in questions_for_phase(session, phase)]


def list_questions(session: Session, phase: Phase | None = None) -> list[QuestionRow]:
    """The whole checklist (a few dozen questions), phase by phase, with answer counts."""
    answers = (
        sa.select(sa.func.count())
        .where(Answer.question_id == ChecklistQuestion.id)
        .scalar_subquery()
    )
    select = sa.select(
        ChecklistQuestion.id,
        ChecklistQuestion.code,
        ChecklistQuestion.phase,
        ChecklistQuestion.position_in_list,
        ChecklistQuestion.text,
        ChecklistQuestion.answer_type,
        ChecklistQuestion.choices,
        ChecklistQuestion.negative_answer,
        ChecklistQuestion.critical_answer,
        ChecklistQuestion.required,
        answers,
    ).order_by(
        sa.case(
            {p.value: rank for rank, p in enumerate(Phase)},
            value=ChecklistQuestion.phase,
        ),
        ChecklistQuestion.position_in_list,
        ChecklistQuestion.id,
    )
    if phase is not None:
        select = select.where(ChecklistQuestion.phase == phase)
    with unit_of_work(session):
        return [QuestionRow(*row) for row in session.execute(select)]


# --- the standard checklist -----------------------------------------------------------------


def standard_questions() -> list[QuestionFields]:
    """The questions of the checklist that ships with the program, in order."""
    path = resource_path("checklist", "standard.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        QuestionFields(
            code=item["code"],
            phase=Phase.parse(item["phase"]),
            text=item["text"],
            answer_type=AnswerType.parse(item["answer_type"]),
            choices=item.get("choices", ""),
            negative_answer=item.get("negative_answer", ""),
            critical_answer=item.get("critical_answer", ""),
            required=bool(item.get("required", False)),
        )
        for item in data["questions"]
    ]


def standard_translations(language: str) -> dict[str, str]:
    """How `language` writes the standard questions' texts and choices: {English: there}.

    Empty for a language the program has none for. The forms and the paper checklist use
    them where the mission has no translation of its own; a text the mission changed is
    not among them, so it is never given a translation of what it no longer says.
    """
    path = resource_path("checklist", "standard-translations.json")
    written: dict[str, str] = json.loads(path.read_text(encoding="utf-8")).get(language, {})
    return written


def load_standard_checklist(session: Session) -> int:
    """Copy the standard questions into the mission, skipping codes it already has.

    Returns how many questions were added; loading twice adds nothing the second time.
    """
    standard = standard_questions()
    with unit_of_work(session):
        present = {code_key(code) for code in session.scalars(sa.select(ChecklistQuestion.code))}
        added = 0
        for fields in standard:
            if code_key(fields.code) not in present:
                _add_question(session, fields)
                added += 1
    return added
