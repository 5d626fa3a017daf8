"""The checklist through the services: questions, the standard set, and reading answers."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Phase, VisitStatus
from coordinator.db.models import ChecklistQuestion, Team
from coordinator.resources import MissingResourceError, resource_path
from coordinator.services.answers import answers_of_visit, set_answers
from coordinator.services.checklist import (
    QuestionFields,
    canonical_answer,
    create_question,
    delete_question,
    is_critical,
    is_negative,
    list_questions,
    load_standard_checklist,
    move_question,
    question_delete_impact,
    question_fields,
    questions_for_phase,
    standard_questions,
    update_question,
)
from coordinator.services.errors import ValidationError
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.undo import restore, snapshot
from coordinator.services.unit import unit_of_work
from coordinator.services.visits import VisitFields, create_visit
from tests.conftest import ELECTION_DAY


def yes_no(
    code: str, phase: Phase = Phase.VOTING, text: str = "", negative_answer: str = ""
) -> QuestionFields:
    return QuestionFields(
        code, phase, text or f"Question {code}?", AnswerType.YES_NO, "", negative_answer
    )


def question(answer_type: AnswerType, choices: str = "") -> ChecklistQuestion:
    return ChecklistQuestion(
        code="Q", phase=Phase.VOTING, text="?", answer_type=answer_type, choices=choices
    )


def done_visit(session: Session, phase: Phase = Phase.VOTING) -> int:
    locality = create_locality(session, LocalityFields("Bishkek"))
    station = create_station(session, StationFields("1001", locality.id))
    with unit_of_work(session):
        team = Team(code="T1")
        session.add(team)
    fields = VisitFields(None, team.id, station.id, ELECTION_DAY, phase, status=VisitStatus.DONE)
    return create_visit(session, fields).id


# --- the standard checklist -----------------------------------------------------------------


def test_the_standard_checklist_ships_with_the_program_and_loads_once(session: Session) -> None:
    assert resource_path("checklist", "standard.json").is_file()
    standard = standard_questions()
    assert 20 <= len(standard) <= 32
    assert load_standard_checklist(session) == len(standard)
    assert load_standard_checklist(session) == 0
    rows = list_questions(session)
    assert [r.code for r in rows] == [q.code for q in standard]
    assert {r.phase for r in rows} == set(Phase)
    assert {AnswerType.YES_NO, AnswerType.NUMBER, AnswerType.SCALE} <= {r.answer_type for r in rows}


def test_every_finding_of_the_reference_statement_has_a_question(session: Session) -> None:
    load_standard_checklist(session)
    texts = [r.text.lower() for r in list_questions(session)]
    findings = [
        "campaign material",
        "coercion of, voters by any political group",
        "ballot stuffing",
        "leakage of ballots (voting bulletins)",
        "administrative or law-enforcement authorities interfere",
        "outsider attempt to influence voters on how to vote",
        "full access",
        "detailed information",
        "public order",
        "in compliance with the electoral law",
        "national (citizen or party) observers",
        "international observers",
        "secrecy of the vote",
        "e-voting equipment",
        "biometric identification",
        "voters with disabilities",
        "counting procedures",
        "results protocol",
        "tabulation of ballots and results conducted in time",
        "waiting in the queue",
    ]
    missing = [f for f in findings if not any(f in text for text in texts)]
    assert missing == []


def test_standard_negative_and_critical_answers_are_canonical(session: Session) -> None:
    load_standard_checklist(session)
    by_code = {q.code: q for q in questions_for_phase(session, Phase.VOTING)}
    assert is_negative(by_code["V1"], "yes") and not is_critical(by_code["V1"], "yes")
    assert is_critical(by_code["V3"], "yes") and not is_negative(by_code["V3"], "no")
    assert by_code["V16"].answer_type is AnswerType.NUMBER
    scale = by_code["V17"]
    assert [is_negative(scale, v) for v in "1234"] == [False, False, True, True]
    assert [is_critical(scale, v) for v in "1234"] == [False, False, False, True]


def test_loading_keeps_a_question_the_mission_already_has(session: Session) -> None:
    create_question(session, yes_no("v_1", text="Our own wording?"))  # same code as V1
    added = load_standard_checklist(session)
    assert added == len(standard_questions()) - 1
    own = [q for q in questions_for_phase(session, Phase.VOTING) if q.code == "v_1"]
    assert own[0].text == "Our own wording?"


def test_a_missing_resource_is_a_plain_error() -> None:
    with pytest.raises(MissingResourceError, match=r"checklist/nothing\.json is missing"):
        resource_path("checklist", "nothing.json")


# --- reading answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Yes", "yes"),
        (" y ", "yes"),
        ("TRUE", "yes"),
        ("1", "yes"),
        ("Да", "yes"),
        ("Evet", "yes"),
        ("no", "no"),
        ("N", "no"),
        ("0", "no"),
        ("нет", "no"),
        ("Hayır", "no"),
        ("HAYIR", "no"),
        ("жок", "no"),
    ],
)
def test_yes_no_answers_in_several_languages(raw: str, value: str) -> None:
    assert canonical_answer(question(AnswerType.YES_NO), raw) == value


@pytest.mark.parametrize(
    ("answer_type", "raw", "value"),
    [
        (AnswerType.NUMBER, "12", "12"),
        (AnswerType.NUMBER, " 007 ", "7"),
        (AnswerType.NUMBER, "1\u00a0234", "1234"),
        (AnswerType.SCALE, "3", "3"),
        (AnswerType.SCALE, "Very good", "1"),
        (AnswerType.SCALE, "very_bad", "4"),
        (AnswerType.TEXT, "  Queue outside\u00a0", "Queue outside"),
    ],
)
def test_numbers_scales_and_text(answer_type: AnswerType, raw: str, value: str) -> None:
    assert canonical_answer(question(answer_type), raw) == value


@pytest.mark.parametrize(
    ("answer_type", "raw", "message"),
    [
        (AnswerType.YES_NO, "maybe", "'maybe' is not an answer to a yes/no question"),
        (AnswerType.YES_NO, "", "An answer is required."),
        (AnswerType.NUMBER, "-3", "'-3' is negative"),
        (AnswerType.NUMBER, "12.5", "'12.5' is not a whole number"),
        (AnswerType.NUMBER, "twelve", "'twelve' is not a whole number"),
        (AnswerType.NUMBER, "9" * 40, "'" + "9" * 40 + "' is too large"),
        (AnswerType.SCALE, "5", "'5' is not on the 4-point scale"),
        (AnswerType.SCALE, "0", "'0' is not on the 4-point scale"),
    ],
)
def test_wrong_answers_are_refused_saying_why(
    answer_type: AnswerType, raw: str, message: str
) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        canonical_answer(question(answer_type), raw)


def test_a_choice_is_stored_as_written_in_the_question() -> None:
    asked = question(AnswerType.CHOICE, "ballot scanner;By hand")
    assert canonical_answer(asked, "BY HAND") == "By hand"
    with pytest.raises(ValueError, match="not one of the choices: ballot scanner, By hand"):
        canonical_answer(asked, "by abacus")


# --- questions ------------------------------------------------------------------------------


def test_answer_lists_are_stored_canonically(session: Session) -> None:
    created = create_question(
        session,
        QuestionFields(
            " Q1 ",
            Phase.VOTING,
            " How was it? ",
            AnswerType.SCALE,
            negative_answer="Bad; 4; 3",
            critical_answer="very bad",
        ),
    )
    assert (created.code, created.text) == ("Q1", "How was it?")
    assert (created.negative_answer, created.critical_answer) == ("3;4", "4")
    choice = create_question(
        session,
        QuestionFields(
            "Q2", Phase.COUNTING, "How?", AnswerType.CHOICE, "scanner\nby hand", "BY HAND"
        ),
    )
    assert (choice.choices, choice.negative_answer) == ("scanner;by hand", "by hand")


def test_every_problem_of_a_question_is_named(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_question(
            session,
            QuestionFields(
                "",
                Phase.VOTING,
                " ",
                AnswerType.YES_NO,
                choices="a;b",
                negative_answer="maybe",
                critical_answer="yes",
            ),
        )
    problems = {p.field: p.message for p in raised.value.problems}
    assert set(problems) == {"code", "text", "choices", "negative_answer", "critical_answer"}
    assert problems["choices"] == "Only a choice question has choices."
    assert problems["critical_answer"].startswith("A critical answer must also be a negative")
    assert list_questions(session) == []


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("v 1", "A code is letters, digits, dots and dashes, without spaces."),
        ("Q;1", "A code is letters, digits, dots and dashes, without spaces."),
        ("Voters_Voted", "Voters_Voted is a column of the Visits sheet; choose another code."),
        ("V1", "Another question already has the code v1."),
        ("X" * 21, "A code has at most 20 characters."),
    ],
)
def test_codes_must_work_as_workbook_columns(session: Session, code: str, message: str) -> None:
    create_question(session, yes_no("v1"))
    with pytest.raises(ValidationError) as raised:
        create_question(session, yes_no(code))
    assert raised.value.for_field("code") == message


def test_choice_and_text_questions_have_their_own_rules(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_question(session, QuestionFields("C", Phase.COUNTING, "How?", AnswerType.CHOICE))
    assert raised.value.for_field("choices") == "A choice question needs at least two choices."
    with pytest.raises(ValidationError) as raised:
        create_question(
            session, QuestionFields("C", Phase.COUNTING, "How?", AnswerType.CHOICE, "a;A")
        )
    assert raised.value.for_field("choices") == "Each choice must be different."
    with pytest.raises(ValidationError) as raised:
        create_question(
            session, QuestionFields("N", Phase.VOTING, "Notes", AnswerType.TEXT, "", "x")
        )
    assert raised.value.for_field("negative_answer") == (
        "A text question has no negative or critical answers."
    )


def test_questions_of_a_phase_follow_the_list_and_can_be_moved(session: Session) -> None:
    first = create_question(session, yes_no("A"))
    create_question(session, yes_no("O", Phase.OPENING))
    second = create_question(session, yes_no("B"))
    third = create_question(session, yes_no("C"))

    def voting() -> list[str]:
        return [q.code for q in questions_for_phase(session, Phase.VOTING)]

    assert voting() == ["A", "B", "C"]
    move_question(session, third.id, -1)
    assert voting() == ["A", "C", "B"]
    move_question(session, first.id, 10)
    assert voting() == ["C", "B", "A"]
    move_question(session, second.id, -5)
    assert voting() == ["B", "C", "A"]
    assert [r.code for r in list_questions(session)] == ["O", "B", "C", "A"]


def test_a_question_with_answers_keeps_what_they_need(session: Session) -> None:
    visit_id = done_visit(session)
    # Ids, not records: a refused change rolls back and expires the records held.
    asked = create_question(session, yes_no("V1", negative_answer="yes")).id
    how = create_question(
        session, QuestionFields("V2", Phase.VOTING, "How?", AnswerType.CHOICE, "a;b")
    ).id
    set_answers(session, visit_id, {asked: ("yes", ""), how: ("b", "")})

    with pytest.raises(ValidationError) as raised:
        update_question(session, asked, yes_no("V1", Phase.OPENING))
    assert raised.value.for_field("phase") == "It already has answers from voting visits."
    with pytest.raises(ValidationError) as raised:
        update_question(
            session, asked, QuestionFields("V1", Phase.VOTING, "How many?", AnswerType.NUMBER)
        )
    assert raised.value.for_field("answer_type") == (
        "Answers already given ('yes') would no longer fit the question."
    )
    with pytest.raises(ValidationError) as raised:
        update_question(
            session, how, QuestionFields("V2", Phase.VOTING, "How?", AnswerType.CHOICE, "a;c")
        )
    assert raised.value.for_field("choices") is not None

    update_question(session, asked, yes_no("V1", text="Reworded?"))
    update_question(session, how, QuestionFields("V2", Phase.VOTING, "How?", AnswerType.TEXT))
    assert [r.answers for r in list_questions(session)] == [1, 1]


def test_deleting_a_question_deletes_its_answers(session: Session) -> None:
    visit_id = done_visit(session)
    asked = create_question(session, yes_no("V1"))
    kept = create_question(session, yes_no("V2"))
    set_answers(session, visit_id, {asked.id: ("no", ""), kept.id: ("yes", "")})
    assert question_delete_impact(session, asked.id) == {"answers": 1}
    delete_question(session, asked.id)
    assert [a.question_code for a in answers_of_visit(session, visit_id)] == ["V2"]
    assert [r.code for r in list_questions(session)] == ["V2"]


def test_list_questions_of_one_phase(session: Session) -> None:
    load_standard_checklist(session)
    rows = list_questions(session, Phase.TABULATION)
    assert [r.code for r in rows] == ["T1", "T2", "T3"]
    assert all(r.answers == 0 for r in rows)


# --- required questions ---------------------------------------------------------------------


def test_a_question_is_required_when_created_so_and_stays_so_until_updated(
    session: Session,
) -> None:
    plain = create_question(session, yes_no("V1"))
    required = create_question(
        session, dataclasses.replace(yes_no("V2", negative_answer="no"), required=True)
    )
    assert (plain.required, required.required) == (False, True)
    assert [(r.code, r.required) for r in list_questions(session)] == [
        ("V1", False),
        ("V2", True),
    ]
    assert question_fields(required).required

    # An update that says nothing of it keeps the fields it is given: here, not required.
    update_question(session, required.id, yes_no("V2", text="Reworded?"))
    update_question(session, plain.id, dataclasses.replace(yes_no("V1"), required=True))
    assert [(r.code, r.required) for r in list_questions(session)] == [
        ("V1", True),
        ("V2", False),
    ]


def test_the_standard_checklist_requires_a_handful_of_questions(session: Session) -> None:
    load_standard_checklist(session)
    required = {r.code for r in list_questions(session) if r.required}
    # The ones no report of a phase can do without, in every phase; most stay optional.
    assert required == {"O1", "O3", "V6", "V12", "V17", "C1", "C4", "T2"}
    assert {r.phase for r in list_questions(session) if r.required} == set(Phase)


def test_undoing_a_delete_brings_back_a_required_question(session: Session) -> None:
    question = create_question(session, dataclasses.replace(yes_no("V1"), required=True))
    taken = snapshot(session, "checklist_question", question.id)
    delete_question(session, question.id)
    assert list_questions(session) == []
    restore(session, taken)
    assert [(r.code, r.required) for r in list_questions(session)] == [("V1", True)]
