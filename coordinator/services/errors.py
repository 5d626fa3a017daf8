"""The errors services raise for the user: invalid input, a missing record, a full disk."""

from __future__ import annotations

from dataclasses import dataclass

from coordinator.db.errors import StorageError
from coordinator.errors import UserError

__all__ = [
    "FieldProblem",
    "NotFoundError",
    "StaleRecordError",
    "StorageError",
    "ValidationError",
]


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field, in words for the person who typed it."""

    field: str
    message: str


class ValidationError(UserError):
    """The record was not saved: one or more fields are wrong (each named)."""

    def __init__(self, record: str, problems: list[FieldProblem]) -> None:
        self.record = record
        self.problems = problems
        detail = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"{record} was not saved. {detail}")

    def for_field(self, field: str) -> str | None:
        """The message about `field`, for showing it beside that field in a form."""
        return next((p.message for p in self.problems if p.field == field), None)


class NotFoundError(UserError):
    """A record that was asked for is not in the mission (deleted meanwhile?)."""


class StaleRecordError(UserError):
    """A record was changed or deleted by someone else since it was read: nothing was saved.

    `changes` are the fields that differ, as (label, what is stored now), when known;
    (label, None) for a field whose value is not shown (a list, a reference).
    """

    def __init__(self, record: str, changes: list[tuple[str, str | None]], *, since: str) -> None:
        self.record = record
        self.changes = changes
        self.since = since
        said = ", ".join(
            f"{label} changed" if value is None else f"{label} is now “{value}”"
            for label, value in changes
        )
        super().__init__(
            f"{record} was changed by someone else since {since}"
            + (f": {said}." if said else ".")
            + " Reload it to see the change, then make your edit again."
        )
