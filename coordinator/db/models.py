"""The mission file's tables, as typed SQLAlchemy 2 models.

One mission file holds one mission. Every record has an integer `id` (its key inside this
file) and a `uuid` that never changes, so that records from a team's field package or
another coordinator's copy can be merged into this file. Fixed vocabularies are stored
by value (see `enums`); times of day are stored as "HH:MM" text in SQLite.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    IncidentCategory,
    LocalityKind,
    MeetingKind,
    MemberRole,
    Phase,
    Severity,
    VisitStatus,
    Vocabulary,
)

# Constraint names that Alembic's batch mode can find again on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TimeOfDay(sa.TypeDecorator[dt.time]):
    """A time of day to the minute: "HH:MM" text in a file, TIME on a server.

    Seconds are dropped on the way in, so both homes keep the same time (a file's
    "HH:MM" text cannot hold them).
    """

    impl = sa.Time
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(
                sqlite.TIME(  # type: ignore[no-untyped-call]
                    storage_format="%(hour)02d:%(minute)02d", regexp=r"(\d+):(\d+)"
                )
            )
        return dialect.type_descriptor(sa.Time())

    def process_bind_param(self, value: dt.time | None, dialect: sa.Dialect) -> dt.time | None:
        return None if value is None else value.replace(second=0, microsecond=0)


def vocabulary(enum_class: type[Vocabulary]) -> sa.Enum:
    """A column type storing the enum's value as short text (no database enum type)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.time: TimeOfDay(),
        uuid_module.UUID: sa.Uuid(),
    }


class Record(Base):
    """What every stored record has: its key in this file and its UUID everywhere."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid_module.UUID] = mapped_column(unique=True, default=uuid_module.uuid4)
    # Counts the record's saves (1 when made). Several windows and commands may change a
    # shared mission at once: an UPDATE or DELETE of a record whose version moved since it
    # was read raises StaleDataError instead of saving over someone else's change.
    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a declared attribute)
        return {"version_id_col": cls.__table__.c.version}


class Mission(Record):
    """The one row describing the mission this file is about."""

    __tablename__ = "mission"

    name: Mapped[str] = mapped_column(sa.String(300))
    organisation: Mapped[str] = mapped_column(sa.String(300))
    organisation_short: Mapped[str] = mapped_column(sa.String(40), default="")
    election: Mapped[str] = mapped_column(sa.String(300))
    country: Mapped[str] = mapped_column(sa.String(120))
    election_date: Mapped[dt.date]
    mission_start: Mapped[dt.date | None]
    mission_end: Mapped[dt.date | None]
    invited_by: Mapped[str] = mapped_column(sa.String(300), default="")
    head_of_mission: Mapped[str] = mapped_column(sa.String(200), default="")
    statement_place: Mapped[str] = mapped_column(sa.String(120), default="")
    statement_date: Mapped[dt.date | None]
    language: Mapped[str] = mapped_column(sa.String(16), default="en")
    # The statement's other languages, after `language` (its first): "ru tr".
    statement_languages: Mapped[str] = mapped_column(sa.String(100), default="")
    # The organisation's logo (PNG or JPEG) printed above the statement's title, kept in the
    # file so the mission stays one file.
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary)


class Translation(Record):
    """A name as typed in the mission (an organisation, an election, a delegation, a place)
    and how a statement in another language writes it."""

    __tablename__ = "translation"
    __table_args__ = (sa.UniqueConstraint("language", "original"),)

    language: Mapped[str] = mapped_column(sa.String(16))
    original: Mapped[str] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)


class Delegation(Record):
    """A member state, the secretariat, or a partner organisation sending observers."""

    __tablename__ = "delegation"

    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[DelegationKind] = mapped_column(
        vocabulary(DelegationKind), default=DelegationKind.MEMBER_STATE
    )
    country: Mapped[str] = mapped_column(sa.String(120), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    members: Mapped[list[Member]] = relationship(back_populates="delegation")


class Team(Record):
    """Observers who travel together, with their interpreter, driver and vehicle."""

    __tablename__ = "team"

    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    interpreter: Mapped[str] = mapped_column(sa.String(200), default="")
    interpreter_phone: Mapped[str] = mapped_column(sa.String(60), default="")
    driver: Mapped[str] = mapped_column(sa.String(200), default="")
    driver_phone: Mapped[str] = mapped_column(sa.String(60), default="")
    vehicle: Mapped[str] = mapped_column(sa.String(120), default="")
    area: Mapped[str] = mapped_column(sa.String(300), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Where the team leaves from on a day it is planned (a hotel or office).
    base: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    base_latitude: Mapped[float | None]
    base_longitude: Mapped[float | None]

    members: Mapped[list[Member]] = relationship(back_populates="team")


class Member(Record):
    """A person on the mission. Belonging to at most one team is kept by `team_id`."""

    __tablename__ = "member"

    delegation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("delegation.id", ondelete="RESTRICT"), index=True
    )
    full_name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    role: Mapped[MemberRole] = mapped_column(vocabulary(MemberRole), default=MemberRole.OBSERVER)
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(60), default="")
    passport_no: Mapped[str] = mapped_column(sa.String(40), default="")
    accreditation_no: Mapped[str] = mapped_column(sa.String(40), default="")
    accreditation_status: Mapped[AccreditationStatus] = mapped_column(
        vocabulary(AccreditationStatus), default=AccreditationStatus.REQUESTED
    )
    arrival: Mapped[dt.date | None]
    departure: Mapped[dt.date | None]
    languages: Mapped[str] = mapped_column(sa.String(200), default="")
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    delegation: Mapped[Delegation] = relationship(back_populates="members")
    team: Mapped[Team | None] = relationship(back_populates="members")


meeting_participant = sa.Table(
    "meeting_participant",
    Base.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "member_id", sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Meeting(Record):
    """A meeting with interlocutors, its summary and the key points worth reporting."""

    __tablename__ = "meeting"

    date: Mapped[dt.date] = mapped_column(index=True)
    start: Mapped[dt.time | None]
    end: Mapped[dt.time | None]
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    kind: Mapped[MeetingKind] = mapped_column(vocabulary(MeetingKind), default=MeetingKind.MEETING)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    interlocutors: Mapped[list[Interlocutor]] = relationship(
        back_populates="meeting",
        order_by="Interlocutor.position_in_list",
        cascade="all, delete-orphan",
    )
    key_points: Mapped[list[KeyPoint]] = relationship(
        back_populates="meeting", order_by="KeyPoint.position_in_list", cascade="all, delete-orphan"
    )
    participants: Mapped[list[Member]] = relationship(
        secondary=meeting_participant, order_by="Member.full_name"
    )


class Interlocutor(Record):
    """Someone the mission met: name, their position and institution."""

    __tablename__ = "interlocutor"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position_in_list: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[str] = mapped_column(sa.String(300), default="")
    institution: Mapped[str] = mapped_column(sa.String(300), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="interlocutors")


class KeyPoint(Record):
    """A point learnt at a meeting; those flagged `for_statement` feed the statement."""

    __tablename__ = "key_point"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    position_in_list: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    for_statement: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="key_points")


class Locality(Record):
    """A city, town or village (with its district and region) where stations are."""

    __tablename__ = "locality"
    __table_args__ = (sa.UniqueConstraint("name", "district", "region"),)

    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[LocalityKind] = mapped_column(vocabulary(LocalityKind), default=LocalityKind.CITY)
    district: Mapped[str] = mapped_column(sa.String(200), default="")
    region: Mapped[str] = mapped_column(sa.String(200), default="")
    search_key: Mapped[str] = mapped_column(sa.Text, default="")


class PollingStation(Record):
    """A polling station; its code is text so leading zeros survive."""

    __tablename__ = "polling_station"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    locality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("locality.id", ondelete="RESTRICT"), index=True
    )
    registered_voters: Mapped[int | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    accessible: Mapped[bool | None]
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    locality: Mapped[Locality] = relationship()


class Visit(Record):
    """One observation: a team at a station on a day, in one phase of the process."""

    __tablename__ = "visit"
    __table_args__ = (
        sa.Index("ix_visit_team_date", "team_id", "date", "planned_arrival"),
        # The statistics read done visits per phase with their station and assessment
        # from this index alone, without touching the table.
        sa.Index("ix_visit_status_phase", "status", "phase", "station_id", "overall"),
    )

    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"))
    station_id: Mapped[int] = mapped_column(
        sa.ForeignKey("polling_station.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(index=True)
    phase: Mapped[Phase] = mapped_column(vocabulary(Phase))
    planned_arrival: Mapped[dt.time | None]
    planned_departure: Mapped[dt.time | None]
    actual_arrival: Mapped[dt.time | None]
    actual_departure: Mapped[dt.time | None]
    status: Mapped[VisitStatus] = mapped_column(
        vocabulary(VisitStatus), default=VisitStatus.PLANNED
    )
    voters_voted: Mapped[int | None]
    overall: Mapped[Assessment | None] = mapped_column(vocabulary(Assessment))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Where the team stood, from the phone's GPS when the visit came from a field form.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # Where a visit from the field came from (all None for a visit typed in): the
    # submission's instance id, the id of its first version (edits keep it), when and by
    # whom it was sent, from which device and with which version of the form.
    submission_id: Mapped[str | None] = mapped_column(sa.String(100))
    submission_root: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    submitted_at: Mapped[str | None] = mapped_column(sa.String(40))
    submitted_by: Mapped[str | None] = mapped_column(sa.String(200))
    submission_device: Mapped[str | None] = mapped_column(sa.String(200))
    form_version: Mapped[str | None] = mapped_column(sa.String(60))

    team: Mapped[Team] = relationship()
    station: Mapped[PollingStation] = relationship()


class ChecklistQuestion(Record):
    """A question of the mission's checklist, asked at visits of its phase."""

    __tablename__ = "checklist_question"

    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    phase: Mapped[Phase] = mapped_column(vocabulary(Phase))
    position_in_list: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    answer_type: Mapped[AnswerType] = mapped_column(vocabulary(AnswerType))
    # For a choice question, its choices separated by ";".
    choices: Mapped[str] = mapped_column(sa.Text, default="")
    # Answers that count as negative or critical, separated by ";" ("" when none does).
    negative_answer: Mapped[str] = mapped_column(sa.String(200), default="")
    critical_answer: Mapped[str] = mapped_column(sa.String(200), default="")
    # The observer's form does not go without an answer to it (in its phase).
    required: Mapped[bool] = mapped_column(default=False)


class Answer(Record):
    """A visit's answer to one checklist question, as canonical text (see services)."""

    __tablename__ = "answer"
    __table_args__ = (
        sa.UniqueConstraint("visit_id", "question_id"),
        # Statistics count answers per question and value without touching the table.
        sa.Index("ix_answer_question_value", "question_id", "value", "visit_id"),
    )

    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("checklist_question.id", ondelete="CASCADE")
    )
    value: Mapped[str] = mapped_column(sa.Text)
    comment: Mapped[str] = mapped_column(sa.Text, default="")


class Incident(Record):
    """Something a team saw or was told of at a visit."""

    __tablename__ = "incident"

    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    time: Mapped[dt.time | None]
    category: Mapped[IncidentCategory] = mapped_column(vocabulary(IncidentCategory))
    severity: Mapped[Severity] = mapped_column(vocabulary(Severity), default=Severity.MINOR)
    observed: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(sa.Text)

    visit: Mapped[Visit] = relationship()


class DebriefNote(Record):
    """What a team or person reported at a debrief; flagged notes feed the statement."""

    __tablename__ = "debrief_note"

    date: Mapped[dt.date] = mapped_column(index=True)
    team_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    author: Mapped[str] = mapped_column(sa.String(200), default="")
    topic: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str] = mapped_column(sa.Text)
    for_statement: Mapped[bool] = mapped_column(default=False)
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    team: Mapped[Team | None] = relationship()


class StatementSection(Record):
    """One section of the mission's statement; text may hold {placeholders}."""

    __tablename__ = "statement_section"

    position_in_list: Mapped[int] = mapped_column(index=True)
    # Each statement language has its own sections, numbered apart.
    language: Mapped[str] = mapped_column(sa.String(16), default="en", index=True)
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")
