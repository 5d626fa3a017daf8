"""Checklist answers through the services: whole checklists saved at once, or not at all."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Phase, VisitStatus
from coordinator.db.models import Answer, Team
from coordinator.db.text import fold
from coordinator.services.answers import (
    answers_of_visit,
    clear_answers,
    list_answers,
    set_answers,
)
from coordinator.services.checklist import (
    NO_WORDS,
    YES_WORDS,
    QuestionFields,
    create_question,
    load_standard_checklist,
    questions_for_phase,
)
from coordinator.services.errors import NotFoundError, ValidationError
from coordinator.services.paging import PageRequest
from coordinator.services.stations import (
    LocalityFields,
    StationFields,
    create_locality,
    create_station,
)
from coordinator.services.unit import clean, unit_of_work
from coordinator.services.visits import VisitFields, create_visit
from tests.conftest import ELECTION_DAY

# One example per mission file would be slow; each example restores what it checks.
SHARED_FILE = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@dataclass(frozen=True)
class Checklist:
    """Two done voting visits, a planned one, and the standard questions by code."""

    team: int
    station: int
    visit: int
    other_visit: int
    planned_visit: int
    codes: dict[str, int]


@pytest.fixture
def checklist(session: Session) -> Checklist:
    locality = create_locality(session, LocalityFields("Bishkek"))
    station = create_station(session, StationFields("1001", locality.id))
    with unit_of_work(session):
        team = Team(code="T1")
        session.add(team)

    def new_visit(status: VisitStatus) -> int:
        fields = VisitFields(None, team.id, station.id, ELECTION_DAY, Phase.VOTING, status=status)
        return create_visit(session, fields).id

    load_standard_checklist(session)
    codes = {
        q.code: q.id
        for phase in Phase
        for q in questions_for_phase(session, phase)  # all four phases
    }
    return Checklist(
        team.id,
        station.id,
        new_visit(VisitStatus.DONE),
        new_visit(VisitStatus.DONE),
        new_visit(VisitStatus.PLANNED),
        codes,
    )


def stored(session: Session, visit_id: int) -> dict[str, tuple[str, str]]:
    return {a.question_code: (a.value, a.comment) for a in answers_of_visit(session, visit_id)}


def test_answers_are_stored_canonically_with_comments(
    session: Session, checklist: Checklist
) -> None:
    codes = checklist.codes
    values = set_answers(
        session,
        checklist.visit,
        {
            codes["V1"]: ("No", ""),
            codes["V2"]: ("да", " Posters removed "),
            codes["V16"]: (" 12 ", ""),
            codes["V17"]: ("good", ""),
        },
    )
    assert values == {codes["V1"]: "no", codes["V2"]: "yes", codes["V16"]: "12", codes["V17"]: "2"}
    assert stored(session, checklist.visit) == {
        "V1": ("no", ""),
        "V2": ("yes", "Posters removed"),
        "V16": ("12", ""),
        "V17": ("2", ""),
    }


def test_answers_come_back_in_checklist_order_with_their_weight(
    session: Session, checklist: Checklist
) -> None:
    codes = checklist.codes
    set_answers(
        session,
        checklist.visit,
        {codes["V17"]: ("4", ""), codes["V3"]: ("yes", ""), codes["V1"]: ("no", "")},
    )
    rows = answers_of_visit(session, checklist.visit)
    assert [(r.question_code, r.negative, r.critical) for r in rows] == [
        ("V1", False, False),
        ("V3", True, True),
        ("V17", True, True),
    ]
    assert rows[1].question_text.startswith("Did you see ballot stuffing")


def test_changing_and_clearing_answers(session: Session, checklist: Checklist) -> None:
    v1, v2 = checklist.codes["V1"], checklist.codes["V2"]
    set_answers(session, checklist.visit, {v1: ("yes", "one poster"), v2: ("no", "")})
    set_answers(session, checklist.visit, {v1: ("no", ""), v2: ("", "")})
    assert stored(session, checklist.visit) == {"V1": ("no", "")}
    assert clear_answers(session, checklist.visit) == 1
    assert stored(session, checklist.visit) == {}


def test_a_wrong_answer_saves_nothing_and_each_is_named(
    session: Session, checklist: Checklist
) -> None:
    codes = checklist.codes
    set_answers(session, checklist.visit, {codes["V1"]: ("yes", "")})
    with pytest.raises(ValidationError) as raised:
        set_answers(
            session,
            checklist.visit,
            {
                codes["V1"]: ("no", ""),
                codes["V2"]: ("perhaps", ""),
                codes["V16"]: ("-4", ""),
                codes["C1"]: ("yes", ""),
                codes["V3"]: ("", "a comment alone"),
            },
        )
    assert {p.field: p.message for p in raised.value.problems} == {
        "V2": "'perhaps' is not an answer to a yes/no question: answer yes or no.",
        "V16": "'-4' is negative: a count cannot be below 0.",
        "C1": "This is a counting question; the visit observed voting.",
        "V3": "A comment needs an answer to go with it.",
    }
    assert str(raised.value).startswith("The checklist of visit V0001 was not saved.")
    assert stored(session, checklist.visit) == {"V1": ("yes", "")}


def test_only_a_visit_that_was_done_has_answers(session: Session, checklist: Checklist) -> None:
    with pytest.raises(ValidationError) as raised:
        set_answers(session, checklist.planned_visit, {checklist.codes["V1"]: ("no", "")})
    assert raised.value.for_field("status") == (
        "The visit is planned: only a visit that was done has checklist answers. "
        "Set its status to done first."
    )


def test_a_question_or_visit_deleted_meanwhile_is_a_plain_error(
    session: Session, checklist: Checklist
) -> None:
    with pytest.raises(NotFoundError, match=r"The question \(#9999\) is no longer"):
        set_answers(session, checklist.visit, {9999: ("yes", "")})
    with pytest.raises(NotFoundError, match=r"The visit \(#9999\) is no longer"):
        set_answers(session, 9999, {checklist.codes["V1"]: ("yes", "")})


def test_the_answers_list_pages_and_filters(session: Session, checklist: Checklist) -> None:
    codes = checklist.codes
    for visit_id in (checklist.visit, checklist.other_visit):
        set_answers(
            session,
            visit_id,
            {codes[c]: ("yes" if c != "V16" else "3", "") for c in ("V1", "V2", "V16")},
        )
    set_answers(session, checklist.other_visit, {codes["V2"]: ("no", "all calm")})

    def rows(search: str = "", **filters: object) -> list[tuple[str, str, str]]:
        page = list_answers(session, PageRequest(search=search, sort="question", filters=filters))
        assert page.total == len(page.rows)
        return [(r.visit_ref, r.question_code, r.value) for r in page.rows]

    assert len(rows()) == 6
    assert rows(visit_id=checklist.other_visit) == [
        ("V0002", "V1", "yes"),
        ("V0002", "V16", "3"),
        ("V0002", "V2", "no"),
    ]
    assert rows(question_id=codes["V2"], value="yes") == [("V0001", "V2", "yes")]
    assert rows("CALM") == [("V0002", "V2", "no")]
    assert rows(phase="voting", question_id=codes["V16"]) == [
        ("V0001", "V16", "3"),
        ("V0002", "V16", "3"),
    ]
    assert rows(phase="counting") == []
    first = list_answers(session, PageRequest(sort="visit", descending=True, limit=4))
    rest = list_answers(session, PageRequest(sort="visit", descending=True, offset=4, limit=4))
    assert (first.total, len(first.rows), len(rest.rows)) == (6, 4, 2)
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in rest.rows})


# --- any text a person may type -------------------------------------------------------------

typed_yes_no = st.one_of(
    st.text(),
    st.sampled_from(sorted(YES_WORDS | NO_WORDS)).map(str.upper),
    st.builds(
        lambda word, pad: f"{pad}{word.title()}{pad}",
        st.sampled_from(sorted(YES_WORDS | NO_WORDS | {"Hayır", "maybe", "yes no"})),
        st.sampled_from(["", " ", "\u00a0", "\t"]),
    ),
)


@SHARED_FILE
@given(raw=typed_yes_no)
def test_any_text_for_a_yes_no_question_is_stored_canonically_or_refused(
    session: Session, checklist: Checklist, raw: str
) -> None:
    question = checklist.codes["V1"]
    set_answers(session, checklist.visit, {question: ("no", "before")})
    try:
        values = set_answers(session, checklist.visit, {question: (raw, "")})
    except ValidationError as error:
        assert [p.field for p in error.problems] == ["V1"]
        assert fold(raw) not in YES_WORDS | NO_WORDS
        assert stored(session, checklist.visit) == {"V1": ("no", "before")}
        return
    after = stored(session, checklist.visit)
    if not clean(raw):
        assert values == {} and after == {}  # an empty answer clears the question
    else:
        assert values[question] == ("yes" if fold(raw) in YES_WORDS else "no")
        assert after == {"V1": (values[question], "")}


@SHARED_FILE
@given(count=st.integers(min_value=0, max_value=1_000_000_000), spaced=st.booleans())
def test_any_count_is_stored_as_plain_decimal_digits(
    session: Session, checklist: Checklist, count: int, spaced: bool
) -> None:
    raw = f"{count:,}".replace(",", "\u202f") if spaced else f" {count} "
    values = set_answers(session, checklist.visit, {checklist.codes["V16"]: (raw, "")})
    assert values[checklist.codes["V16"]] == str(count)
    with unit_of_work(session):
        value = session.scalar(
            sa.select(Answer.value).where(Answer.question_id == checklist.codes["V16"])
        )
    assert value == str(count)


@SHARED_FILE
@given(raw=st.text(max_size=8))
def test_any_text_for_a_scale_question_is_one_to_four_or_refused(
    session: Session, checklist: Checklist, raw: str
) -> None:
    question = checklist.codes["V17"]
    try:
        values = set_answers(session, checklist.visit, {question: (raw, "")})
    except ValidationError as error:
        assert [p.field for p in error.problems] == ["V17"]
        return
    assert values.get(question, "1") in ("1", "2", "3", "4")


def test_a_choice_answer_is_stored_as_the_question_writes_it(
    session: Session, checklist: Checklist
) -> None:
    counting = create_visit(
        session,
        VisitFields(
            None,
            checklist.team,
            checklist.station,
            ELECTION_DAY,
            Phase.COUNTING,
            status=VisitStatus.DONE,
        ),
    ).id
    own = create_question(
        session,
        QuestionFields("C9", Phase.COUNTING, "Who counted?", AnswerType.CHOICE, "PEC;Observers"),
    ).id
    values = set_answers(
        session, counting, {checklist.codes["C2"]: ("BY HAND", ""), own: ("pec", "")}
    )
    assert values == {checklist.codes["C2"]: "by hand", own: "PEC"}
