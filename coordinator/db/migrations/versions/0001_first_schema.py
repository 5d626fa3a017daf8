"""The mission file as first released: every table of the domain.

Revision ID: 0001
Revises:
Create Date: 2026-11-28 12:52:11.713330
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PRAGMA user_version once this revision is applied (see coordinator.db.migrate).
SCHEMA_VERSION = 1
# Marks the file as a mission file (coordinator.db.engine.APPLICATION_ID).
APPLICATION_ID = 0x4D436F31


def upgrade() -> None:
    op.create_table(
        "checklist_question",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(
                "opening",
                "voting",
                "counting",
                "tabulation",
                name="phase",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("position_in_list", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "answer_type",
            sa.Enum(
                "yes_no",
                "number",
                "choice",
                "scale",
                "text",
                name="answertype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("negative_answer", sa.String(length=200), nullable=False),
        sa.Column("critical_answer", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_question")),
        sa.UniqueConstraint("code", name=op.f("uq_checklist_question_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_checklist_question_uuid")),
    )
    op.create_table(
        "delegation",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "member_state",
                "secretariat",
                "organisation",
                "observer_state",
                name="delegationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
        sa.UniqueConstraint("name", name=op.f("uq_delegation_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_delegation_uuid")),
    )
    op.create_table(
        "locality",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "city",
                "town",
                "village",
                "district",
                "region",
                name="localitykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locality")),
        sa.UniqueConstraint(
            "name", "district", "region", name=op.f("uq_locality_name_district_region")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_locality_uuid")),
    )
    op.create_table(
        "meeting",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start", sa.Time(), nullable=True),
        sa.Column("end", sa.Time(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "briefing",
                "presentation",
                "courtesy_call",
                name="meetingkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("uuid", name=op.f("uq_meeting_uuid")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_date"), ["date"], unique=False)

    op.create_table(
        "mission",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("organisation_short", sa.String(length=40), nullable=False),
        sa.Column("election", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=120), nullable=False),
        sa.Column("election_date", sa.Date(), nullable=False),
        sa.Column("mission_start", sa.Date(), nullable=True),
        sa.Column("mission_end", sa.Date(), nullable=True),
        sa.Column("invited_by", sa.String(length=300), nullable=False),
        sa.Column("head_of_mission", sa.String(length=200), nullable=False),
        sa.Column("statement_place", sa.String(length=120), nullable=False),
        sa.Column("statement_date", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission")),
        sa.UniqueConstraint("uuid", name=op.f("uq_mission_uuid")),
    )
    op.create_table(
        "statement_section",
        sa.Column("position_in_list", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_section")),
        sa.UniqueConstraint("uuid", name=op.f("uq_statement_section_uuid")),
    )
    with op.batch_alter_table("statement_section", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statement_section_position_in_list"), ["position_in_list"], unique=False
        )

    op.create_table(
        "team",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("interpreter", sa.String(length=200), nullable=False),
        sa.Column("interpreter_phone", sa.String(length=60), nullable=False),
        sa.Column("driver", sa.String(length=200), nullable=False),
        sa.Column("driver_phone", sa.String(length=60), nullable=False),
        sa.Column("vehicle", sa.String(length=120), nullable=False),
        sa.Column("area", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("code", name=op.f("uq_team_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_team_uuid")),
    )
    op.create_table(
        "debrief_note",
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("for_statement", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_debrief_note_team_id_team"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debrief_note")),
        sa.UniqueConstraint("uuid", name=op.f("uq_debrief_note_uuid")),
    )
    with op.batch_alter_table("debrief_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debrief_note_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_debrief_note_team_id"), ["team_id"], unique=False)

    op.create_table(
        "interlocutor",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position_in_list", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_interlocutor_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interlocutor")),
        sa.UniqueConstraint("uuid", name=op.f("uq_interlocutor_uuid")),
    )
    with op.batch_alter_table("interlocutor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interlocutor_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "key_point",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position_in_list", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("for_statement", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_key_point_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_point")),
        sa.UniqueConstraint("uuid", name=op.f("uq_key_point_uuid")),
    )
    with op.batch_alter_table("key_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_point_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "member",
        sa.Column("delegation_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "head_of_mission",
                "deputy",
                "coordinator",
                "observer",
                "analyst",
                "interpreter",
                "driver",
                "staff",
                name="memberrole",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("passport_no", sa.String(length=40), nullable=False),
        sa.Column("accreditation_no", sa.String(length=40), nullable=False),
        sa.Column(
            "accreditation_status",
            sa.Enum(
                "requested",
                "submitted",
                "accredited",
                "refused",
                name="accreditationstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("arrival", sa.Date(), nullable=True),
        sa.Column("departure", sa.Date(), nullable=True),
        sa.Column("languages", sa.String(length=200), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delegation_id"],
            ["delegation.id"],
            name=op.f("fk_member_delegation_id_delegation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_member_team_id_team"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("full_name", name=op.f("uq_member_full_name")),
        sa.UniqueConstraint("uuid", name=op.f("uq_member_uuid")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_delegation_id"), ["delegation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_member_team_id"), ["team_id"], unique=False)

    op.create_table(
        "polling_station",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("registered_voters", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("accessible", sa.Boolean(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["locality_id"],
            ["locality.id"],
            name=op.f("fk_polling_station_locality_id_locality"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polling_station")),
        sa.UniqueConstraint("code", name=op.f("uq_polling_station_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_polling_station_uuid")),
    )
    with op.batch_alter_table("polling_station", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_polling_station_locality_id"), ["locality_id"], unique=False
        )

    op.create_table(
        "meeting_participant",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_participant_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_meeting_participant_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", name=op.f("pk_meeting_participant")),
    )
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_participant_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "visit",
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(
            "phase",
            sa.Enum(
                "opening",
                "voting",
                "counting",
                "tabulation",
                name="phase",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("planned_arrival", sa.Time(), nullable=True),
        sa.Column("planned_departure", sa.Time(), nullable=True),
        sa.Column("actual_arrival", sa.Time(), nullable=True),
        sa.Column("actual_departure", sa.Time(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned", "done", "cancelled", name="visitstatus", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("voters_voted", sa.Integer(), nullable=True),
        sa.Column(
            "overall",
            sa.Enum(
                "very_good",
                "good",
                "bad",
                "very_bad",
                name="assessment",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["polling_station.id"],
            name=op.f("fk_visit_station_id_polling_station"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_visit_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("ref", name=op.f("uq_visit_ref")),
        sa.UniqueConstraint("uuid", name=op.f("uq_visit_uuid")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_status"), ["status"], unique=False)
        batch_op.create_index(
            "ix_visit_team_date", ["team_id", "date", "planned_arrival"], unique=False
        )

    op.create_table(
        "answer",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["checklist_question.id"],
            name=op.f("fk_answer_question_id_checklist_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_answer_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("uuid", name=op.f("uq_answer_uuid")),
        sa.UniqueConstraint("visit_id", "question_id", name=op.f("uq_answer_visit_id_question_id")),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answer_question_value", ["question_id", "value", "visit_id"], unique=False
        )

    op.create_table(
        "incident",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "campaign_material",
                "pressure_or_coercion",
                "ballot_stuffing_or_leakage",
                "interference_by_authorities",
                "observer_obstruction",
                "public_order",
                "secrecy_of_the_vote",
                "accessibility",
                "technology",
                "other",
                name="incidentcategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "severity",
            sa.Enum("minor", "serious", "critical", name="severity", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("observed", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_incident_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
        sa.UniqueConstraint("uuid", name=op.f("uq_incident_uuid")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_visit_id"), ["visit_id"], unique=False)

    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_visit_id"))

    op.drop_table("incident")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_question_value")

    op.drop_table("answer")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_team_date")
        batch_op.drop_index(batch_op.f("ix_visit_status"))
        batch_op.drop_index(batch_op.f("ix_visit_station_id"))
        batch_op.drop_index(batch_op.f("ix_visit_date"))

    op.drop_table("visit")
    with op.batch_alter_table("meeting_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_participant_member_id"))

    op.drop_table("meeting_participant")
    with op.batch_alter_table("polling_station", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_polling_station_locality_id"))

    op.drop_table("polling_station")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_team_id"))
        batch_op.drop_index(batch_op.f("ix_member_delegation_id"))

    op.drop_table("member")
    with op.batch_alter_table("key_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_point_meeting_id"))

    op.drop_table("key_point")
    with op.batch_alter_table("interlocutor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interlocutor_meeting_id"))

    op.drop_table("interlocutor")
    with op.batch_alter_table("debrief_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debrief_note_team_id"))
        batch_op.drop_index(batch_op.f("ix_debrief_note_date"))

    op.drop_table("debrief_note")
    op.drop_table("team")
    with op.batch_alter_table("statement_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_section_position_in_list"))

    op.drop_table("statement_section")
    op.drop_table("mission")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_date"))

    op.drop_table("meeting")
    op.drop_table("locality")
    op.drop_table("delegation")
    op.drop_table("checklist_question")
