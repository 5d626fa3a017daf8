"""What a coordinator asks of a day's plan, checked, and the travel model it implies.

Times of day are kept as minutes after midnight. The defaults are the command's and the
dialog's: polls open at 08:00 and close at 20:00, a voting visit lasts 30 minutes, a
car makes 40 km/h on average on roads 1.3 times longer than the straight line, and no
team leaves its base before 06:00. The solver searches for 30 seconds at most.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from coordinator.errors import UserError
from coordinator.services.planning.geo import great_circle_km

# An opening visit arrives this long before the polls open and stays as long after;
# a counting visit arrives this long before they close.
AROUND_OPENING = 30
BEFORE_CLOSING = 30

DEFAULT_OPENING = "08:00"
DEFAULT_CLOSING = "20:00"
DEFAULT_VISIT_MINUTES = 30
DEFAULT_SPEED = 40.0
DEFAULT_ROAD_FACTOR = 1.3
DEFAULT_EARLIEST = "06:00"
DEFAULT_TIME_LIMIT = 30.0

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


class PlanRequestError(UserError):
    """A plan asked for with settings that cannot be planned; says which and why."""


def minutes_of(text: str, what: str) -> int:
    """ "07:30" as 450; a clear message naming `what` when it is not a time of day."""
    match = _TIME.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise PlanRequestError(
            f"The {what} '{text}' is not a time of day: write it HH:MM, from 00:00 to 23:59."
        )
    return int(match[1]) * 60 + int(match[2])


def clock(minutes: int) -> str:
    """450 as "07:30" (a time past midnight wraps round)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class PlanSettings:
    """A day to plan and the rules of its plan (times in minutes after midnight)."""

    date: dt.date
    opening: int = 8 * 60
    closing: int = 20 * 60
    visit_minutes: int = DEFAULT_VISIT_MINUTES
    speed_kmh: float = DEFAULT_SPEED
    road_factor: float = DEFAULT_ROAD_FACTOR
    earliest: int = 6 * 60
    time_limit: float = DEFAULT_TIME_LIMIT

    def __post_init__(self) -> None:
        problems = []
        if not self.speed_kmh > 0 or not math.isfinite(self.speed_kmh):
            problems.append(f"The speed must be more than 0 km/h (it is {self.speed_kmh:g}).")
        if not self.road_factor >= 1 or not math.isfinite(self.road_factor):
            problems.append(
                f"The road factor must be 1 or more: roads are no shorter than the straight "
                f"line (it is {self.road_factor:g})."
            )
        if self.visit_minutes < 1:
            problems.append(
                f"A voting visit must last at least 1 minute (it is {self.visit_minutes})."
            )
        if self.time_limit <= 0 or not math.isfinite(self.time_limit):
            problems.append(f"The time limit must be more than 0 seconds ({self.time_limit:g}).")
        if self.opening_departure >= self.counting_arrival:
            problems.append(
                f"The polls must close more than an hour after they open: opening "
                f"{clock(self.opening)}, closing {clock(self.closing)}."
            )
        if self.earliest > self.opening_arrival:
            problems.append(
                f"Teams must be able to leave their base ({clock(self.earliest)}) by the "
                f"time they arrive for the opening ({clock(self.opening_arrival)})."
            )
        if problems:
            raise PlanRequestError(" ".join(problems))

    @property
    def opening_arrival(self) -> int:
        return self.opening - AROUND_OPENING

    @property
    def opening_departure(self) -> int:
        return self.opening + AROUND_OPENING

    @property
    def counting_arrival(self) -> int:
        return self.closing - BEFORE_CLOSING

    def road_km(self, lat1: float, lon1: float, lat2: float, lon2: float) -> float:
        """The length of the road between two points: the straight line × the road factor."""
        return great_circle_km(lat1, lon1, lat2, lon2) * self.road_factor

    def minutes_for(self, road_km: float) -> int:
        """Minutes to drive `road_km`, rounded up to the minute."""
        # A hair below a whole minute is floating-point noise, not another minute.
        return math.ceil(road_km / self.speed_kmh * 60 - 1e-9)

    def describe(self) -> str:
        return (
            f"opening {clock(self.opening)}, closing {clock(self.closing)}, voting visits of "
            f"{self.visit_minutes} min, {self.speed_kmh:g} km/h, road factor "
            f"{self.road_factor:g}, leaving from {clock(self.earliest)}"
        )
