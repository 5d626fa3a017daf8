"""A meeting as the meetings page's detail panel shows it, read once into plain text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from coordinator.db.models import Meeting
from coordinator.services.meetings import MeetingFields, get_meeting, meeting_fields
from coordinator.services.unit import format_date, unit_of_work


@dataclass(frozen=True)
class MeetingView:
    """A meeting as the detail panel shows it, read once from the loaded record."""

    id: int
    heading: str
    location: str
    interlocutors: tuple[str, ...]
    participants: tuple[str, ...]
    summary: str
    key_points: tuple[tuple[int, str, bool], ...]

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingView:
        when = format_date(meeting.date)
        if meeting.start is not None:
            when += f", {meeting.start:%H:%M}" + (f"–{meeting.end:%H:%M}" if meeting.end else "")
        return cls(
            id=meeting.id,
            heading=f"{meeting.kind.label} · {when}",
            location=meeting.location,
            interlocutors=tuple(
                " — ".join(
                    filter(None, (p.name, ", ".join(filter(None, (p.position, p.institution)))))
                )
                for p in meeting.interlocutors
            ),
            participants=tuple(m.full_name for m in meeting.participants),
            summary=meeting.summary,
            key_points=tuple((p.id, p.text, p.for_statement) for p in meeting.key_points),
        )


def meeting_view(session: Session, meeting_id: int) -> MeetingView:
    """The meeting #meeting_id for the detail panel; NotFoundError if it went."""
    with unit_of_work(session):
        return MeetingView.of(get_meeting(session, meeting_id))


def read_meeting(session: Session, meeting_id: int) -> MeetingFields:
    """The meeting #meeting_id as its form edits it; NotFoundError if it went."""
    with unit_of_work(session):
        return meeting_fields(get_meeting(session, meeting_id))
