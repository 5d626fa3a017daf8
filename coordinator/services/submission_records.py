"""One neutral record for a submission from the field, whatever platform exported it.

The readers of Kobo and ODK Central exports (`exchange.submissions`) turn each row into a
`Submission`: its ids and provenance, and its cells keyed by the form's field names
(`services.field_form`), each with the column it came from so that a problem names it.
Matching them to visits (`services.submissions`) never sees a platform's column names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ExcelNumber(str):
    """A cell's text that was a number in the workbook (Kobo's default for numbers): "12"
    may have been "0012" before Excel had it, so a station code is matched by its number."""

    __slots__ = ()


class Review(enum.Enum):
    """What a reviewer on the platform said of a submission."""

    NONE = "none"
    APPROVED = "approved"
    REJECTED = "rejected"
    OTHER = "other"  # on hold, has issues, edited: neither approved nor rejected


@dataclass(frozen=True)
class Cell:
    """A value as the export wrote it, and the column it stood in."""

    text: str
    column: str


@dataclass
class Submission:
    """A submission as read from an export, before it is checked against the mission.

    `values` holds the visit's fields by the form's names (team, station, date, phase,
    arrival, departure, voters_voted, overall, notes, latitude, longitude), `answers` the
    checklist's answers by question code and `incidents` one dict per incident
    (category, severity, time, description).
    """

    instance_id: str
    stable_id: str
    where: str  # "FILE, row 5": where the reader found it
    row: int | None = None  # its row in the main table (the header is row 1)
    deprecated_id: str = ""
    submitted_at: str = ""
    submitted_by: str = ""
    device: str = ""
    form_version: str = ""
    review: Review = Review.NONE
    values: dict[str, Cell] = field(default_factory=dict)
    answers: dict[str, Cell] = field(default_factory=dict)
    incidents: list[dict[str, Cell]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How a message names the submission: its id, and where it is in the file."""
        return f"Submission {self.instance_id or '(no id)'} ({self.where})"


@dataclass
class SubmissionExport:
    """What a reader made of an export file: its submissions and what it noticed."""

    source: str
    platform: str  # "KoboToolbox" or "ODK Central"
    submissions: list[Submission]
    warnings: list[str] = field(default_factory=list)


def strip_uuid(instance_id: str) -> str:
    """An instance id without its "uuid:" prefix: Kobo's `_uuid` has none, XML ids have it."""
    text = instance_id.strip()
    return text[5:] if text[:5].lower() == "uuid:" else text
