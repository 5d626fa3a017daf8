"""Team schedules as a PDF, to print and hand to the teams before they set off.

One section per team, each starting on a new page: who is in the team (observers with
their delegation and phone), the interpreter, driver and vehicle, the area, then each
day's itinerary in the order of its times, with the station's code, name, address and
locality so a driver can find it. Cancelled visits are left out: they will not happen.

Same fonts, page, footer and atomic write as the statement (statement.write_pdf); every
text a coordinator typed is escaped (markup.user_text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import VisitStatus
from coordinator.db.models import PollingStation, Team, Visit
from coordinator.errors import UserError
from coordinator.reports.fonts import SANS, register_fonts
from coordinator.reports.markup import user_text
from coordinator.reports.route_map import route_drawing
from coordinator.reports.statement import (
    MM,
    TITLE_NEEDS_LINES,
    Metadata,
    report_styles,
    section_marker,
    write_pdf,
)
from coordinator.services.mission import get_mission
from coordinator.services.planning.geo import ROUTE_COLOURS, route_colours
from coordinator.services.teams import TeamRow, list_teams, team_observers, team_order
from coordinator.services.unit import format_date, unit_of_work
from coordinator.services.visit_lists import team_itinerary
from coordinator.services.visits import VisitRow

# Not strftime("%A"): that follows the computer's locale, the schedule is in English.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Times are the planned ones: what the team is to keep to.
ITINERARY_HEADER = ("Planned", "Phase", "Station", "Name", "Address", "Locality")
ITINERARY_WIDTHS = (22 * MM, 21 * MM, 15 * MM, 42 * MM, 39 * MM, 21 * MM)
MEMBERS_HEADER = ("Observer", "Role", "Delegation", "Phone")
MEMBERS_WIDTHS = (44 * MM, 30 * MM, 48 * MM, 38 * MM)
DETAILS_WIDTHS = (30 * MM, 130 * MM)
# Each day's route under its itinerary: the width of the itinerary, a third as high.
ROUTE_SIZE = (160 * MM, 62 * MM)


@dataclass(frozen=True)
class ScheduledVisit:
    """One line of a team's itinerary: the visit and where the station is."""

    visit: VisitRow
    address: str
    point: tuple[float, float] | None = None  # the station's latitude and longitude


@dataclass(frozen=True)
class TeamSchedule:
    """Everything one team's section prints."""

    team: TeamRow
    observers: tuple[tuple[str, str, str, str], ...]  # name, role, delegation, phone
    days: tuple[tuple[dt.date, tuple[ScheduledVisit, ...]], ...]
    base: tuple[float, float] | None = None  # where the team leaves from
    base_name: str = ""
    colour: str = ROUTE_COLOURS[0]  # its colour on the maps


def _chosen_teams(session: Session, team_code: str | None) -> list[TeamRow]:
    teams = list_teams(session)
    if not teams:
        raise UserError(
            "The mission has no teams yet: add them on the Teams page, then print the schedules."
        )
    if team_code is None:
        return teams
    wanted = team_code.strip().casefold()
    chosen = [team for team in teams if team.code.casefold() == wanted]
    if not chosen:
        codes = ", ".join(team.code for team in teams)
        raise UserError(f"There is no team '{team_code.strip()}'. Teams: {codes}.")
    return chosen


def _team_days(session: Session, team_id: int) -> list[dt.date]:
    with unit_of_work(session):
        return list(
            session.scalars(
                sa.select(Visit.date)
                .where(Visit.team_id == team_id, Visit.status != VisitStatus.CANCELLED)
                .distinct()
                .order_by(Visit.date)
            )
        )


def _addresses(
    session: Session, station_ids: Sequence[int]
) -> dict[int, tuple[str, tuple[float, float] | None]]:
    """Each station's address, and its coordinates when it has them."""
    # A team visits a few dozen stations: one short IN list.
    with unit_of_work(session):
        rows = session.execute(
            sa.select(
                PollingStation.id,
                PollingStation.address,
                PollingStation.latitude,
                PollingStation.longitude,
            ).where(PollingStation.id.in_(sorted(set(station_ids))))
        )
        return {
            int(station_id): (
                str(address),
                (latitude, longitude) if latitude is not None and longitude is not None else None,
            )
            for station_id, address, latitude, longitude in rows
        }


def team_schedule(session: Session, team: TeamRow, colour: str = ROUTE_COLOURS[0]) -> TeamSchedule:
    """What `team`'s section shows, read from the mission."""
    observers = tuple(
        (m.full_name, m.role.label, m.delegation.name, m.phone)
        for m in team_observers(session, team.id)
    )
    days: list[tuple[dt.date, tuple[ScheduledVisit, ...]]] = []
    for day in _team_days(session, team.id):
        visits = [
            row
            for row in team_itinerary(session, team.id, day)
            if row.status is not VisitStatus.CANCELLED
        ]
        places = _addresses(session, [row.station_id for row in visits])
        days.append(
            (
                day,
                tuple(
                    ScheduledVisit(row, *places.get(row.station_id, ("", None))) for row in visits
                ),
            )
        )
    with unit_of_work(session):
        stored = session.get(Team, team.id)
        base_name = stored.base if stored is not None else ""
        base = (
            (stored.base_latitude, stored.base_longitude)
            if stored is not None
            and stored.base_latitude is not None
            and stored.base_longitude is not None
            else None
        )
    return TeamSchedule(team, observers, tuple(days), base, base_name, colour)


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _span(visit: VisitRow) -> str:
    start, end = _time(visit.planned_arrival), _time(visit.planned_departure)
    return f"{start}–{end}" if start and end else start or (f"until {end}" if end else "")


def day_title(day: dt.date) -> str:
    """ "Sunday, 17 November 2024"."""
    return f"{WEEKDAYS[day.weekday()]}, {format_date(day)}"


def _grid(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: dict[str, Any],
    header: Sequence[str] | None = None,
) -> Any:
    """A table of wrapping cells; with `header`, repeated on every page it runs onto."""
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    def cells(texts: Sequence[str], style: str) -> list[Any]:
        return [Paragraph(user_text(text, SANS), styles[style]) for text in texts]

    data = [cells(header, "cell_head")] if header else []
    data += [cells(row, "cell") for row in rows]
    table = LongTable(data, colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[Any] = [
        # Tables set this font on every cell, Paragraphs or not: left at its default it
        # would add Helvetica, the one font that is not embedded.
        ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ]
    table.setStyle(commands)
    return table


def _person(name: str, phone: str) -> str:
    return ", ".join(part for part in (name, phone) if part) or "—"


def team_story(schedule: TeamSchedule, mission_name: str, styles: dict[str, Any]) -> list[Any]:
    """The flowables of one team's section."""
    from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

    team = schedule.team
    story: list[Any] = []
    if mission_name:
        story.append(Paragraph(user_text(mission_name), styles["mission_line"]))
    story.append(Paragraph(user_text(f"Team {team.code} — itinerary"), styles["annex_title"]))
    details = [
        ("Area", team.area or "—"),
        ("Base", schedule.base_name or "—"),
        ("Interpreter", _person(team.interpreter, team.interpreter_phone)),
        ("Driver", _person(team.driver, team.driver_phone)),
        ("Vehicle", team.vehicle or "—"),
    ]
    story += [_grid(details, DETAILS_WIDTHS, styles), Spacer(1, 5 * MM)]
    story.append(Paragraph("Members", styles["section_title"]))
    if schedule.observers:
        story.append(_grid(schedule.observers, MEMBERS_WIDTHS, styles, MEMBERS_HEADER))
    else:
        story.append(Paragraph("No observer is in this team yet.", styles["body"]))
    story.append(Spacer(1, 5 * MM))
    if not schedule.days:
        story.append(Paragraph("No visit is planned for this team.", styles["body"]))
    for day, visits in schedule.days:
        # The day's title starts a page only when its first visits would not follow it.
        story.append(CondPageBreak(TITLE_NEEDS_LINES * styles["body"].leading))
        story.append(Paragraph(user_text(day_title(day)), styles["section_title"]))
        rows = [
            (
                _span(v.visit),
                v.visit.phase.label,
                v.visit.station_code,
                v.visit.station_name,
                v.address,
                v.visit.locality,
            )
            for v in visits
        ]
        story += [_grid(rows, ITINERARY_WIDTHS, styles, ITINERARY_HEADER), Spacer(1, 3 * MM)]
        drawing = route_drawing(
            [v.point for v in visits],
            schedule.base,
            width=ROUTE_SIZE[0],
            height=ROUTE_SIZE[1],
            colour=schedule.colour,
            font=styles["cell"].fontName,
        )
        if drawing is not None:
            story += [KeepTogether([drawing]), Spacer(1, 5 * MM)]
    return story


def write_schedule_pdf(session: Session, path: Path | str, *, team_code: str | None = None) -> Path:
    """Print the team schedules (every team's, or only `team_code`'s) to `path`.

    Raises UserError when there is no such team (naming the teams there are), when the
    mission has no teams, or when the file cannot be written.
    """
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak

    teams = _chosen_teams(session, team_code)
    mission = get_mission(session)
    mission_name = mission.name if mission else ""
    fonts = register_fonts()
    styles = report_styles(fonts)
    styles["mission_line"] = ParagraphStyle(
        "MissionLine",
        parent=styles["body"],
        fontName=fonts.sans,
        fontSize=9,
        leading=12,
        alignment=TA_CENTER,
        textColor="#555555",
        spaceAfter=4,
    )
    story: list[Any] = []
    # Coloured as on the window's map: by its place among the teams of its area.
    everyone = sorted(list_teams(session), key=lambda row: team_order(row.code))
    colours = route_colours([(row.id, row.area) for row in everyone])
    for index, team in enumerate(teams):
        if index:
            story.append(PageBreak())
        story.append(section_marker(f"Team {team.code}"))  # each team's pages numbered apart
        colour = colours.get(team.id, ROUTE_COLOURS[0])
        story += team_story(team_schedule(session, team, colour), mission_name, styles)
    which = f"Team {teams[0].code} schedule" if team_code else "Team schedules"
    metadata = Metadata(
        title=f"{which}: {mission_name}" if mission_name else which,
        author=mission.organisation if mission else "",
        subject=mission.election if mission else "",
    )
    return write_pdf(path, story, metadata, fonts)
