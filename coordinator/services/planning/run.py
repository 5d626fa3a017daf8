"""The `plan` command's work: read the settings, plan the day, print it, write it.

Kept apart from the command line (`coordinator/cli/`, which only parses and prints) so
the window and the tests call the same steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from coordinator.services.planning.settings import PlanRequestError, PlanSettings, minutes_of
from coordinator.services.planning.solver import Report
from coordinator.services.unit import format_date


def read_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PlanRequestError(
            f"The date '{text}' is not a date: write it YYYY-MM-DD, e.g. 2024-11-17."
        ) from None


def read_settings(
    date: str,
    *,
    opening: str,
    closing: str,
    visit_minutes: int,
    speed: float,
    road_factor: float,
    earliest: str,
    time_limit: float,
) -> PlanSettings:
    """Settings from the command's text; a PlanRequestError says what is wrong."""
    return PlanSettings(
        read_date(date),
        opening=minutes_of(opening, "opening time"),
        closing=minutes_of(closing, "closing time"),
        visit_minutes=int(visit_minutes),
        speed_kmh=float(speed),
        road_factor=float(road_factor),
        earliest=minutes_of(earliest, "earliest departure"),
        time_limit=float(time_limit),
    )


def plan_mission_day(
    path: Path,
    settings: PlanSettings,
    *,
    dry_run: bool,
    report: Report | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[str]:
    """Plan the day in the mission at `path`; write it unless `dry_run`. Lines to print.

    `cancelled` ends the search early: the best plan found so far is the plan.
    """
    from coordinator.db.missionfile import open_mission_file
    from coordinator.services.planning.apply import apply_plan
    from coordinator.services.planning.day import plan_day
    from coordinator.services.planning.problem import read_day_problem
    from coordinator.services.planning.summary import summary_lines

    with (
        open_mission_file(path, to_read=dry_run) as mission_file,
        mission_file.session() as session,
    ):
        if not dry_run and mission_file.read_only:
            raise PlanRequestError(
                f"{mission_file.path.name} is read-only, so the plan cannot be written; "
                "use --dry-run to see it."
            )
        problem = read_day_problem(session, settings)
        plan = plan_day(problem, report=report, cancelled=cancelled)
        lines = summary_lines(plan)
        if dry_run:
            lines.append("Dry run: nothing was written.")
        else:
            applied = apply_plan(session, plan)
            lines.append(
                f"Wrote {len(applied.created)} planned visit"
                f"{'' if len(applied.created) == 1 else 's'} for {format_date(settings.date)} "
                f"to {mission_file.path.name}."
            )
    return lines
