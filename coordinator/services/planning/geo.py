"""Distances on the Earth and the Web Mercator projection, shared by the map and the PDFs.

Qt-free, so that the itinerary PDF (ReportLab) and the window's map draw a route from
the same numbers. Distances are great-circle distances on a sphere of radius 6371 km;
projected coordinates are Web Mercator metres (EPSG:3857), y growing northwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
# Web Mercator uses the WGS 84 semi-major axis; its y is infinite at the poles, so
# latitudes are clipped where the square tile pyramid ends.
MERCATOR_RADIUS_M = 6378137.0
MERCATOR_MAX_LATITUDE = 85.05112878


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in km (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def mercator(latitude: float, longitude: float) -> tuple[float, float]:
    """Web Mercator metres (x east, y north) of a point."""
    latitude = max(-MERCATOR_MAX_LATITUDE, min(MERCATOR_MAX_LATITUDE, latitude))
    x = MERCATOR_RADIUS_M * math.radians(longitude)
    y = MERCATOR_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    return x, y


def inverse_mercator(x: float, y: float) -> tuple[float, float]:
    """The latitude and longitude of Web Mercator metres."""
    longitude = math.degrees(x / MERCATOR_RADIUS_M)
    latitude = math.degrees(2 * math.atan(math.exp(y / MERCATOR_RADIUS_M)) - math.pi / 2)
    return latitude, longitude


def ground_metres_per_unit(latitude: float) -> float:
    """How many metres on the ground one Web Mercator metre is, at a latitude."""
    return math.cos(math.radians(latitude))


def nice_scale_length(max_metres: float) -> float:
    """The longest round length (1, 2 or 5 times a power of ten metres) up to `max_metres`."""
    if max_metres <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(max_metres))
    for step in (5, 2, 1):
        if step * power <= max_metres:
            return float(step * power)
    return float(power)


def scale_label(metres: float) -> str:
    """ "500 m", "2 km"."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km"
    return f"{metres:g} m"


@dataclass(frozen=True)
class Frame:
    """Where a set of points falls on a page or widget of a given size, north up.

    Maps Web Mercator metres to drawing units: `to_drawing` gives (x right, y down)
    for Qt; a ReportLab caller flips y itself (its y grows upwards).
    """

    min_x: float
    max_y: float
    scale: float  # drawing units per Mercator metre
    width: float
    height: float

    @classmethod
    def around(
        cls,
        points: Sequence[tuple[float, float]],
        width: float,
        height: float,
        margin: float = 12.0,
    ) -> Frame:
        """The frame showing every (latitude, longitude) point, centred, with a margin."""
        projected = [mercator(lat, lon) for lat, lon in points] or [(0.0, 0.0)]
        xs = [x for x, _ in projected]
        ys = [y for _, y in projected]
        span_x = max(max(xs) - min(xs), 1.0)
        span_y = max(max(ys) - min(ys), 1.0)
        inner_w = max(width - 2 * margin, 1.0)
        inner_h = max(height - 2 * margin, 1.0)
        scale = min(inner_w / span_x, inner_h / span_y)
        centre_x = (max(xs) + min(xs)) / 2
        centre_y = (max(ys) + min(ys)) / 2
        return cls(
            min_x=centre_x - width / 2 / scale,
            max_y=centre_y + height / 2 / scale,
            scale=scale,
            width=width,
            height=height,
        )

    def to_drawing(self, latitude: float, longitude: float) -> tuple[float, float]:
        x, y = mercator(latitude, longitude)
        return (x - self.min_x) * self.scale, (self.max_y - y) * self.scale

    def ground_metres_per_drawing_unit(self) -> float:
        """Metres on the ground per drawing unit, at the frame's middle latitude."""
        latitude, _ = inverse_mercator(0.0, self.max_y - self.height / 2 / self.scale)
        return ground_metres_per_unit(latitude) / self.scale


# Colours telling teams apart on the map and in the PDFs (Okabe–Ito and Tol's, readable
# by colour-blind eyes, dark enough on white); stations no team visits are grey.
ROUTE_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#882255",
    "#117733",
    "#332288",
    "#AA4499",
    "#44AA99",
    "#999933",
)
UNPLANNED_COLOUR = "#9E9E9E"


def route_colour(team_number: int) -> str:
    """The colour at `team_number` in the palette (it repeats after a dozen)."""
    return ROUTE_COLOURS[team_number % len(ROUTE_COLOURS)]


def route_colours(teams: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Each team's colour, from (team id, area) in the mission's order of teams.

    A mission with no more teams than the palette has colours gives each its own. A
    bigger one lets teams of one area (whose routes lie side by side) take the palette in
    turn, so up to a dozen of them are told apart; teams of other areas, drawn elsewhere,
    start it again. The map and the itinerary PDFs colour a team alike.
    """
    if len(teams) <= len(ROUTE_COLOURS):
        return {team_id: route_colour(number) for number, (team_id, _area) in enumerate(teams)}
    seen: dict[str, int] = {}
    colours = {}
    for team_id, area in teams:
        key = " ".join(area.casefold().split())
        colours[team_id] = route_colour(seen.get(key, 0))
        seen[key] = seen.get(key, 0) + 1
    return colours
