"""The mission itself: its name, organisation, election, dates and statement settings.

A mission file describes one mission, so there is one Mission row at most. It is
created the first time the coordinator saves the mission's settings and changed in
place afterwards. Other services ask for `mission_dates` to keep their records (visits,
for instance) inside the mission's period.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.models import Mission
from coordinator.services.unit import Problems, clean, format_date, unit_of_work
from coordinator.services.versions import refuse_if_changed, version_of

# "en", "ru", "ky", "tr", optionally with a region or script: "en-GB", "uz-Latn".
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class MissionFields:
    """What a coordinator types on the mission's settings page."""

    name: str
    organisation: str
    election: str
    country: str
    election_date: dt.date | None
    organisation_short: str = ""
    mission_start: dt.date | None = None
    mission_end: dt.date | None = None
    invited_by: str = ""
    head_of_mission: str = ""
    statement_place: str = ""
    statement_date: dt.date | None = None
    language: str = DEFAULT_LANGUAGE
    # The version the record was read at (0: typed in a form, not
    # read); not part of what the record says, so not compared.
    version: int = field(default=0, compare=False)


def _language(text: str) -> str:
    """The language code as stored: lower case, "-" between its parts; "" means English."""
    code = clean(text).replace("_", "-").lower()
    return code or DEFAULT_LANGUAGE


def _check_mission(fields: MissionFields) -> None:
    problems = Problems(f"Mission '{clean(fields.name)}'" if clean(fields.name) else "The mission")
    problems.require("name", clean(fields.name), "Mission name")
    problems.require("organisation", clean(fields.organisation), "Organisation")
    problems.require("election", clean(fields.election), "Election")
    problems.require("country", clean(fields.country), "Country")
    problems.require("election_date", fields.election_date, "Election day")
    start, end, election = fields.mission_start, fields.mission_end, fields.election_date
    if start is not None and end is not None:
        problems.dates_in_order(
            start,
            "mission_end",
            end,
            f"The mission cannot end ({format_date(end)}) before it starts ({format_date(start)}).",
        )
    if election is not None:
        if start is not None and election < start:
            problems.add(
                "election_date",
                f"Election day ({format_date(election)}) is before the mission starts "
                f"({format_date(start)}).",
            )
        if end is not None and election > end:
            problems.add(
                "election_date",
                f"Election day ({format_date(election)}) is after the mission ends "
                f"({format_date(end)}).",
            )
        problems.dates_in_order(
            election,
            "statement_date",
            fields.statement_date,
            f"The statement cannot be dated before election day ({format_date(election)}).",
        )
    if not LANGUAGE_CODE.fullmatch(_language(fields.language)):
        problems.add(
            "language",
            f"'{clean(fields.language)}' is not a language code: use two or three letters "
            "such as en, ru, ky or tr.",
        )
    problems.raise_if_any()


def _apply_mission(mission: Mission, fields: MissionFields) -> None:
    assert fields.election_date is not None  # checked first
    mission.name = clean(fields.name)
    mission.organisation = clean(fields.organisation)
    mission.organisation_short = clean(fields.organisation_short)
    mission.election = clean(fields.election)
    mission.country = clean(fields.country)
    mission.election_date = fields.election_date
    mission.mission_start = fields.mission_start
    mission.mission_end = fields.mission_end
    mission.invited_by = clean(fields.invited_by)
    mission.head_of_mission = clean(fields.head_of_mission)
    mission.statement_place = clean(fields.statement_place)
    mission.statement_date = fields.statement_date
    mission.language = _language(fields.language)


def _the_mission(session: Session) -> Mission | None:
    # populate_existing: show what is in the file now, even if this session read it before.
    return session.scalar(
        sa.select(Mission).order_by(Mission.id).limit(1).execution_options(populate_existing=True)
    )


def get_mission(session: Session) -> Mission | None:
    """The mission this file describes, or None while its settings were never saved.

    Works on its own or inside another service's unit of work.
    """
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        return _the_mission(session)


def mission_settings(session: Session) -> MissionFields | None:
    """The mission's settings as the window shows them, or None while never saved."""
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        mission = _the_mission(session)
        return None if mission is None else mission_fields(mission)


def mission_logo(session: Session) -> bytes | None:
    """The logo printed on the statement's letterhead, if the mission has one."""
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        mission = _the_mission(session)
        return None if mission is None else mission.logo


def mission_day(session: Session, today: dt.date) -> dt.date:
    """The day a new meeting or note starts at, the one most likely being entered:
    `today` while the mission runs, else election day (notes are typed up later, meetings
    ahead), else `today`."""
    mission = get_mission(session)
    if mission is None:
        return today
    start, end = mission.mission_start, mission.mission_end
    if (start or end) is not None and (start or today) <= today <= (end or today):
        return today
    return mission.election_date


def save_mission(
    session: Session, fields: MissionFields, *, read: MissionFields | None = None
) -> Mission:
    """Write the mission's settings: the first save creates the mission, later ones change it.

    `read`: the settings as the form read them (their version included); if someone else
    saved them since, StaleRecordError says what changed and nothing is written.
    """
    with unit_of_work(session):
        mission = _the_mission(session)
        if mission is None:
            mission = Mission()
            session.add(mission)
        else:
            # Before the fields' own checks: someone else's change is said first.
            refuse_if_changed(
                mission, version_of(read), read=read, now=lambda: mission_fields(mission)
            )
        _check_mission(fields)
        _apply_mission(mission, fields)
    return mission


def mission_fields(mission: Mission) -> MissionFields:
    """The stored mission as a form shows it, ready to be changed and saved again."""
    return MissionFields(
        name=mission.name,
        organisation=mission.organisation,
        election=mission.election,
        country=mission.country,
        election_date=mission.election_date,
        organisation_short=mission.organisation_short,
        mission_start=mission.mission_start,
        mission_end=mission.mission_end,
        invited_by=mission.invited_by,
        head_of_mission=mission.head_of_mission,
        statement_place=mission.statement_place,
        statement_date=mission.statement_date,
        language=mission.language,
        version=mission.version,
    )


def mission_dates(session: Session) -> tuple[dt.date | None, dt.date | None]:
    """The mission's first and last day, each None when not set (or no mission yet).

    Other services call this while checking their own records, inside their unit of work.
    """
    with nullcontext() if session.in_transaction() else unit_of_work(session):
        row = session.execute(
            sa.select(Mission.mission_start, Mission.mission_end).order_by(Mission.id).limit(1)
        ).first()
    if row is None:
        return None, None
    return row[0], row[1]


# The logo is printed at most a few centimetres high: a bigger file only bloats the mission.
MAX_LOGO_BYTES = 2_000_000
_IMAGE_KINDS = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"))


def set_mission_logo(session: Session, image: bytes | None) -> Mission:
    """Keep `image` (PNG or JPEG) as the logo printed on the statement; None removes it."""
    with unit_of_work(session):
        mission = get_mission(session)
        problems = Problems("The logo")
        if mission is None:
            problems.add("logo", "Fill in the mission's details before adding its logo.")
        elif image is not None:
            if not any(image.startswith(magic) for magic, _kind in _IMAGE_KINDS):
                problems.add("logo", "The logo must be a PNG or JPEG picture.")
            elif len(image) > MAX_LOGO_BYTES:
                problems.add(
                    "logo",
                    f"The picture is {len(image) / 1e6:.1f} MB; a logo of at most "
                    f"{MAX_LOGO_BYTES / 1e6:.0f} MB is plenty for print.",
                )
        problems.raise_if_any()
        assert mission is not None
        mission.logo = image
    return mission
