"""A team's route of one day drawn for its itinerary PDF, as the window's map draws it.

The same Web Mercator projection (`services.planning.geo`) places the base and the
stations; the route runs from the base through the stations in the order of the day,
each station numbered as in the itinerary above it. A scale bar gives the distances.
Nothing is drawn for a day without a station with coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coordinator.services.planning.geo import Frame, nice_scale_length, scale_label

Point = tuple[float, float]  # latitude, longitude


def route_drawing(
    stops: Sequence[Point | None],
    base: Point | None,
    *,
    width: float,
    height: float,
    colour: str,
    font: str,
) -> Any | None:
    """A ReportLab Drawing of the route through `stops` (None: a stop without coordinates)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib import colors

    placed = [(number, point) for number, point in enumerate(stops, 1) if point is not None]
    if not placed:
        return None
    points = [point for _, point in placed] + ([base] if base is not None else [])
    frame = Frame.around(points, width, height, margin=16)

    def at(point: Point) -> tuple[float, float]:
        x, y = frame.to_drawing(*point)
        return x, height - y  # ReportLab's y grows upwards

    drawing = Drawing(width, height)
    # The renderer starts from Helvetica, which is not embedded, unless told otherwise.
    drawing.initialFontName = font
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#F4F1EA"), strokeWidth=0.4))
    line = [at(base)] if base is not None else []
    line += [at(point) for _, point in placed]
    if len(line) > 1:
        drawing.add(
            PolyLine(
                [coordinate for xy in line for coordinate in xy],
                strokeColor=colors.HexColor(colour),
                strokeWidth=1.6,
                strokeLineJoin=1,
            )
        )
    seen: set[Point] = set()
    for number, point in placed:
        x, y = at(point)
        drawing.add(Circle(x, y, 3.2, fillColor=colors.HexColor(colour), strokeColor=colors.white))
        if point not in seen:  # a station visited twice keeps its first number
            seen.add(point)
            drawing.add(String(x + 4.5, y + 3, str(number), fontName=font, fontSize=6.5))
    if base is not None:
        x, y = at(base)
        drawing.add(
            Polygon(
                [x, y + 5, x + 4.5, y - 3.5, x - 4.5, y - 3.5],
                fillColor=colors.HexColor(colour),
                strokeColor=colors.black,
                strokeWidth=0.6,
            )
        )
        drawing.add(String(x + 6, y - 3, "base", fontName=font, fontSize=6.5))
    per_unit = frame.ground_metres_per_drawing_unit()
    length = nice_scale_length(per_unit * width / 4)
    if length > 0:
        bar = length / per_unit
        drawing.add(Line(8, 8, 8 + bar, 8, strokeWidth=1.2))
        drawing.add(Line(8, 6, 8, 11, strokeWidth=1.2))
        drawing.add(Line(8 + bar, 6, 8 + bar, 11, strokeWidth=1.2))
        drawing.add(String(8, 13, scale_label(length), fontName=font, fontSize=7))
    return drawing
