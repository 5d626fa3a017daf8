"""The statement's sections, in the order they are printed: adding, editing, moving them.

Each section is a title (may be empty) and a text that may hold placeholders filled from
the mission's data. Positions stay dense, 0 to n-1, after every change, so that the
order shown, printed and exported is always the same; each change renumbers what it
moved in the same transaction. Each statement language has its own sections, numbered
apart; a function given no language works on the mission's first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import StatementSection
from coordinator.services.statement_languages import first_language
from coordinator.services.unit import clean, get, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of


@dataclass(frozen=True)
class SectionFields:
    title: str = ""
    text: str = ""
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


def _ordered(session: Session, language: str) -> list[StatementSection]:
    # populate_existing: the order in the file now, even if another session (an import)
    # renumbered the sections since this session last read them.
    return list(
        session.scalars(
            sa.select(StatementSection)
            .where(StatementSection.language == language)
            .order_by(StatementSection.position_in_list, StatementSection.id)
            .execution_options(populate_existing=True)
        )
    )


def _renumber(sections: Sequence[StatementSection]) -> None:
    # Writing only the positions that changed keeps a move of one section a small update.
    for index, section in enumerate(sections):
        if section.position_in_list != index:
            section.position_in_list = index


def _clamp(index: int, size: int) -> int:
    """An index inside 0..size, so that "after the last" or "before the first" just works."""
    return max(0, min(index, size))


def _apply(section: StatementSection, fields: SectionFields) -> None:
    section.title = clean(fields.title)
    # The text keeps its inner line breaks (paragraphs); only the ends are trimmed.
    section.text = clean(fields.text)


def list_sections(session: Session, language: str | None = None) -> list[StatementSection]:
    """The statement's sections in `language` (default: the first) in printing order."""
    with unit_of_work(session):
        return _ordered(session, language or first_language(session))


@dataclass(frozen=True)
class SectionRow:
    """A section as the window lists it."""

    id: int
    title: str
    text: str
    version: int = 0


def section_rows(session: Session, language: str | None = None) -> list[SectionRow]:
    """The sections of `list_sections` as plain rows, for the window."""
    return [SectionRow(s.id, s.title, s.text, s.version) for s in list_sections(session, language)]


def section_languages(session: Session) -> set[str]:
    """The languages that have sections."""
    with unit_of_work(session):
        return set(session.scalars(sa.select(StatementSection.language).distinct()))


def add_section(
    session: Session,
    fields: SectionFields,
    index: int | None = None,
    *,
    language: str | None = None,
) -> StatementSection:
    """Insert a section at `index` (0 = first), or after the last one when None."""
    with unit_of_work(session):
        language = language or first_language(session)
        sections = _ordered(session, language)
        section = StatementSection(position_in_list=len(sections), language=language)
        _apply(section, fields)
        position = len(sections) if index is None else _clamp(index, len(sections))
        sections.insert(position, section)
        session.add(section)
        _renumber(sections)
    return section


def update_section(
    session: Session, section_id: int, fields: SectionFields, *, read: SectionFields | None = None
) -> StatementSection:
    """Save `fields`. `read`: the record as the form read it (its version included);
    if someone else saved it since, StaleRecordError says what changed."""
    with unit_of_work(session):
        section = get(session, StatementSection, section_id, "statement section")
        refuse_if_changed(
            section,
            version_of(read),
            read=read,
            now=lambda: SectionFields(section.title, section.text, section.version),
        )
        _apply(section, fields)
    return section


def delete_section(
    session: Session, section_id: int, *, expected_version: int | None = None
) -> None:
    """Delete a section; the ones after it move up."""
    with unit_of_work(session):
        section = get(session, StatementSection, section_id, "statement section")
        refuse_if_changed(section, expected_version, since="you chose to delete it")
        session.delete(section)
        _renumber([s for s in _ordered(session, section.language) if s.id != section_id])


def move_section(session: Session, section_id: int, new_index: int) -> list[StatementSection]:
    """Move a section to `new_index` (clamped to the list); returns the new order."""
    with unit_of_work(session):
        section = get(session, StatementSection, section_id, "statement section")
        sections = [s for s in _ordered(session, section.language) if s.id != section_id]
        sections.insert(_clamp(new_index, len(sections)), section)
        _renumber(sections)
    return sections


def replace_sections(
    session: Session, sections: Sequence[tuple[str, str]], language: str | None = None
) -> list[StatementSection]:
    """Make the statement in `language` exactly these (title, text) sections, in this order.

    Existing sections are rewritten in place by position, so that replacing the
    statement with the same sections (an import done twice) changes nothing.
    """
    with unit_of_work(session):
        language = language or first_language(session)
        existing = _ordered(session, language)
        for surplus in existing[len(sections) :]:
            session.delete(surplus)
        kept = existing[: len(sections)]
        for _ in sections[len(kept) :]:
            new = StatementSection(position_in_list=len(kept), language=language)
            session.add(new)
            kept.append(new)
        for section, (title, text) in zip(kept, sections, strict=True):
            _apply(section, SectionFields(title, text))
        _renumber(kept)
    return kept
