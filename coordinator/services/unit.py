"""One unit of work per user action, and validation that collects every problem at once."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
import sqlalchemy.orm.exc
from sqlalchemy.orm import Session, SessionTransactionOrigin

from coordinator.db.errors import storage_error
from coordinator.db.models import Base
from coordinator.services.errors import (
    FieldProblem,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)

RecordT = TypeVar("RecordT", bound=Base)


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """A transaction that commits on success and leaves the file unchanged on failure.

    Failures the user can act on (disk full, read-only, locked) become StorageError, a
    record someone else saved meanwhile StaleRecordError; anything else is re-raised as
    it is, a bug to log.

    A transaction the session began by itself (reading an attribute of a record after a
    rollback, say) held only reads and is closed first. Inside another unit of work
    (one service composed of others) this one becomes a savepoint of the outer one.
    """
    outer = session.get_transaction()
    if outer is not None and outer.origin is SessionTransactionOrigin.AUTOBEGIN:
        session.commit()
        outer = None
    try:
        with session.begin() if outer is None else session.begin_nested():
            yield session
            _check_text_lengths(session)
    except sqlalchemy.exc.DBAPIError as error:
        known = storage_error(error, _database(session))
        if known is None:
            raise
        raise known from error
    except sqlalchemy.orm.exc.StaleDataError as error:
        # Someone saved or deleted a record between this transaction reading it and
        # writing it (its version moved): nothing of this unit is written.
        raise StaleRecordError("This record", [], since="it was read") from error


def _database(session: Session) -> str | None:
    """The mission file's path when it is one (SQLite), for what a storage error says."""
    try:
        url = session.get_bind().engine.url
    except sqlalchemy.exc.SQLAlchemyError:
        return None
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    if url.database.startswith("file:"):  # opened read-only: a URI (see sqlite_uri)
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(url.database).path)
    return url.database


def _check_text_lengths(session: Session) -> None:
    """Refuse text longer than its column allows (SQLite would keep it; others would not)."""
    for record in (*session.new, *session.dirty):
        problems = Problems(f"The {type(record).__name__.lower()}")
        for column in sa.inspect(type(record)).columns:
            length = getattr(column.type, "length", None)
            value = getattr(record, column.key, None)
            if length and isinstance(value, str) and len(value) > length:
                label = column.key.replace("_", " ").capitalize()
                problems.add(column.key, f"{label} is too long: at most {length} characters.")
        problems.raise_if_any()


def get(session: Session, model: type[RecordT], record_id: int, what: str) -> RecordT:
    """The record with `record_id`, or NotFoundError naming `what` was looked for."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(f"The {what} (#{record_id}) is no longer in this mission.")
    return record


class Problems:
    """Collects what is wrong with a record's fields, then raises them together."""

    def __init__(self, record: str) -> None:
        self.record = record
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(field, message))

    def has(self, field: str) -> bool:
        return any(p.field == field for p in self.items)

    def require(self, field: str, value: object, label: str | None = None) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, f"{label or field.replace('_', ' ').capitalize()} is required.")

    def dates_in_order(
        self, first: dt.date | None, second_field: str, second: dt.date | None, what: str
    ) -> None:
        if first is not None and second is not None and second < first:
            self.add(second_field, what)

    def non_negative(self, field: str, value: int | float | None, label: str) -> None:
        if value is not None and value < 0:
            self.add(field, f"{label} cannot be negative.")

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.record, list(self.items))


def clean(text: str | None) -> str:
    """User text without surrounding spaces (non-breaking spaces too), in Unicode NFC.

    NFC: macOS types and pastes "ü" as "u" and a combining mark (NFD); stored as it came,
    one name would be two localities, two members or two codes.
    """
    if not text:
        return ""
    if text.isascii():  # no non-breaking space, and already NFC: most cells of an import
        return text.strip()
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: dt.date) -> str:
    """A date as the reference statement writes it: "17 November 2024" (any locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
