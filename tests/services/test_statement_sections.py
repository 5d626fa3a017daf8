"""The statement's ordered sections through the services, on a real mission file."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coordinator.services.errors import NotFoundError
from coordinator.services.statement_sections import (
    SectionFields,
    add_section,
    delete_section,
    list_sections,
    move_section,
    replace_sections,
    update_section,
)

STATEMENT = [
    ("", "Upon the invitation extended by {invited_by} …"),
    ("Pre-election meetings", "During the pre-election process, the Mission met {interlocutors}."),
    (
        "Election day",
        "On the Election Day, the Mission visited {stations_visited} polling stations.",
    ),
    ("Conclusion", "We would like to congratulate the Kyrgyz Republic."),
]


def titles(session: Session) -> list[str]:
    sections = list_sections(session)
    assert [s.position_in_list for s in sections] == list(range(len(sections)))
    return [s.title for s in sections]


def ids(session: Session) -> list[int]:
    return [s.id for s in list_sections(session)]


def test_sections_are_added_at_the_end_or_where_asked(session: Session) -> None:
    add_section(session, SectionFields("B", "second"))
    add_section(session, SectionFields("D"))
    add_section(session, SectionFields("A"), index=0)
    add_section(session, SectionFields("C"), index=2)
    add_section(session, SectionFields("E"), index=99)
    assert titles(session) == ["A", "B", "C", "D", "E"]
    assert list_sections(session)[1].text == "second"


def test_update_trims_the_ends_and_keeps_paragraphs(session: Session) -> None:
    section = add_section(session, SectionFields("Draft"))
    update_section(session, section.id, SectionFields(" Findings ", "\nFirst.\n\nSecond.\n "))
    [stored] = list_sections(session)
    assert (stored.title, stored.text) == ("Findings", "First.\n\nSecond.")


def test_delete_closes_the_gap(session: Session) -> None:
    replace_sections(session, [("A", ""), ("B", ""), ("C", "")])
    delete_section(session, list_sections(session)[1].id)
    assert titles(session) == ["A", "C"]


@pytest.mark.parametrize(
    ("moved", "to", "order"),
    [
        (0, 3, ["B", "C", "D", "A"]),
        (3, 0, ["D", "A", "B", "C"]),
        (1, 2, ["A", "C", "B", "D"]),
        (2, 2, ["A", "B", "C", "D"]),
        (1, 50, ["A", "C", "D", "B"]),
        (2, -5, ["C", "A", "B", "D"]),
    ],
)
def test_move_puts_the_section_at_its_new_index(
    session: Session, moved: int, to: int, order: list[str]
) -> None:
    replace_sections(session, [(title, "") for title in "ABCD"])
    returned = move_section(session, ids(session)[moved], to)
    assert [s.title for s in returned] == order
    assert titles(session) == order


def test_replacing_with_the_same_sections_changes_nothing(session: Session) -> None:
    replace_sections(session, STATEMENT)
    before = [(s.id, s.uuid, s.title, s.text) for s in list_sections(session)]
    replace_sections(session, STATEMENT)
    assert [(s.id, s.uuid, s.title, s.text) for s in list_sections(session)] == before


def test_replacing_with_fewer_or_more_sections(session: Session) -> None:
    replace_sections(session, STATEMENT)
    replace_sections(session, STATEMENT[:2])
    assert titles(session) == ["", "Pre-election meetings"]
    replace_sections(session, [*STATEMENT[:2], ("Annex", "Table")])
    assert titles(session) == ["", "Pre-election meetings", "Annex"]
    replace_sections(session, [])
    assert list_sections(session) == []


def test_a_section_deleted_meanwhile_is_reported(session: Session) -> None:
    section = add_section(session, SectionFields("Gone"))
    delete_section(session, section.id)
    with pytest.raises(NotFoundError):
        move_section(session, section.id, 0)
    with pytest.raises(NotFoundError):
        update_section(session, section.id, SectionFields("Back"))


edits = st.lists(
    st.tuples(
        st.sampled_from(["move", "add", "delete"]),
        st.integers(min_value=0, max_value=12),
        st.integers(min_value=-2, max_value=12),
    ),
    max_size=8,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(size=st.integers(min_value=0, max_value=6), edits=edits)
def test_edits_keep_positions_dense_and_follow_a_plain_list(
    session: Session, size: int, edits: list[tuple[str, int, int]]
) -> None:
    # Each example starts from its own statement, whatever the previous one left.
    replace_sections(session, [(f"S{n}", "") for n in range(size)])
    expected = [f"S{n}" for n in range(size)]
    added = 0
    for action, which, where in edits:
        current = ids(session)
        if action == "add":
            title = f"N{added}"
            added += 1
            add_section(session, SectionFields(title), index=where)
            expected.insert(max(0, min(where, len(expected))), title)
        elif current:
            chosen = which % len(current)
            title = expected.pop(chosen)
            if action == "move":
                move_section(session, current[chosen], where)
                expected.insert(max(0, min(where, len(expected))), title)
            else:
                delete_section(session, current[chosen])
        assert titles(session) == expected
