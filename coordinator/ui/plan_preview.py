"""A day's plan shown before it is written: each team's stops, the totals, what is left
out and why, and every route on a map; a station clicked on the map is found in the lists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coordinator.services.planning.geo import UNPLANNED_COLOUR, route_colours
from coordinator.services.planning.model import DayPlan
from coordinator.services.planning.settings import clock
from coordinator.services.planning.summary import left_out_lines, team_line
from coordinator.services.unit import format_date
from coordinator.ui.map_view import MapBase, MapRoute, MapStation, MapView

STATION_ROLE = Qt.ItemDataRole.UserRole


def team_colours(plan: DayPlan) -> dict[int, str]:
    """Each team's colour on the map and in the lists (as in its itinerary PDF)."""
    return route_colours([(team.team.id, team.team.area) for team in plan.teams])


def map_of_plan(plan: DayPlan) -> tuple[list[MapStation], list[MapRoute], list[MapBase]]:
    """The plan's stations coloured by team, its routes from each base, and the bases."""
    colour_of: dict[int, str] = {}
    routes, bases = [], []
    colours = team_colours(plan)
    for team in plan.teams:
        colour = colours[team.team.id]
        points = []
        if team.team.base_point is not None and team.stops:
            points.append(team.team.base_point)
            bases.append(
                MapBase(f"Team {team.team.code}: {team.team.base}", colour, *team.team.base_point)
            )
        for stop in team.stops:
            station = plan.stations.get(stop.station_id)
            if station is not None:
                colour_of.setdefault(station.id, colour)
                points.append((station.latitude, station.longitude))
        if team.stops:
            routes.append(MapRoute(f"Team {team.team.code}", colour, points))
    stations = [
        MapStation(
            station.id,
            station.latitude,
            station.longitude,
            f"{station.label} ({station.locality})",
            colour_of.get(station.id, UNPLANNED_COLOUR),
        )
        for station in plan.stations.values()
    ]
    return stations, routes, bases


class PlanPreview(QSplitter):
    """The lists of a plan beside its map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.totals = QLabel()
        self.totals.setObjectName("planTotals")
        self.totals.setWordWrap(True)
        self.stops = QTreeWidget()
        self.stops.setObjectName("planStops")
        self.stops.setHeaderLabels(["Time", "Station", "Phase"])
        header = self.stops.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.stops.setColumnWidth(
            0, self.fontMetrics().horizontalAdvance("00:00–00:00") + self.stops.indentation() + 24
        )
        self.stops.setColumnWidth(
            2, self.fontMetrics().horizontalAdvance("counting (done, V0000)") + 12
        )
        self.stops.currentItemChanged.connect(self._stop_chosen)
        self.left_out = QListWidget()
        self.left_out.setObjectName("planLeftOut")
        self.left_out.setWordWrap(True)
        self.left_out.currentItemChanged.connect(self._stop_chosen)
        lists = QWidget()
        lists_column = QVBoxLayout(lists)
        lists_column.setContentsMargins(0, 0, 0, 0)
        lists_column.addWidget(self.totals)
        lists_column.addWidget(self.stops, 3)
        left_out_title = QLabel("Left out")
        left_out_title.setObjectName("sectionTitle")
        lists_column.addWidget(left_out_title)
        lists_column.addWidget(self.left_out, 1)
        self.left_out.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.map = MapView()
        self.map.station_clicked.connect(self.select_station)
        self.addWidget(lists)
        self.addWidget(self.map)
        self.setSizes([480, 420])

    def show_plan(self, plan: DayPlan) -> None:
        self.totals.setText(
            f"<b>{format_date(plan.date)}</b>: {plan.stations_covered} of {len(plan.stations)} "
            f"stations with coordinates, {plan.new_visits} new planned visits, "
            f"{plan.km:.1f} km. Nearest neighbour alone: {plan.nearest_stations} stations, "
            f"{plan.nearest_km:.1f} km."
            + (
                f" Apply replaces the day's {plan.replaced} planned visits; done and "
                "cancelled ones stay."
                if plan.replaced
                else ""
            )
        )
        self.stops.clear()
        colours = team_colours(plan)
        for team in plan.teams:
            head = QTreeWidgetItem([team_line(plan, team)])
            head.setToolTip(0, team_line(plan, team))
            head.setForeground(0, QBrush(QColor(colours[team.team.id])))
            self.stops.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for stop in team.stops:
                station = plan.stations.get(stop.station_id)
                span = clock(stop.arrival) if stop.arrival is not None else "?"
                if stop.departure is not None:
                    span += f"–{clock(stop.departure)}"
                phase = stop.phase.value + (f" (done, {stop.kept})" if stop.kept else "")
                item = QTreeWidgetItem([span, station.label if station is not None else "—", phase])
                item.setData(0, STATION_ROLE, stop.station_id)
                head.addChild(item)
            head.setExpanded(True)
        for column in (0, 2):
            self.stops.resizeColumnToContents(column)
        self.left_out.clear()
        for line in [*left_out_lines(plan)[:1], *plan.warnings]:
            if line.startswith("Left out, without coordinates"):
                self.left_out.addItem(line)
            elif line:
                self.left_out.addItem(f"Warning: {line}")
        for station_id in plan.unvisited:
            station = plan.stations[station_id]
            unvisited = QListWidgetItem(
                f"{station.label}: not visited (no time left or no team's area)"
            )
            unvisited.setData(STATION_ROLE, station_id)
            self.left_out.addItem(unvisited)
        for team in plan.teams:
            if team.not_planned:
                self.left_out.addItem(f"Team {team.team.code} not planned: {team.not_planned}.")
        self.map.show_map(*map_of_plan(plan))

    def select_station(self, station_id: int) -> None:
        """Select the station in the lists (its first stop, else its line in Left out)."""
        for top in range(self.stops.topLevelItemCount()):
            head = self.stops.topLevelItem(top)
            assert head is not None
            for child in range(head.childCount()):
                item = head.child(child)
                if item is not None and item.data(0, STATION_ROLE) == station_id:
                    self.stops.setCurrentItem(item)
                    self.stops.scrollToItem(item)
                    return
        for row in range(self.left_out.count()):
            line = self.left_out.item(row)
            if line.data(STATION_ROLE) == station_id:
                self.left_out.setCurrentItem(line)
                self.left_out.scrollToItem(line)
                return

    def _stop_chosen(self, current: object, _previous: object = None) -> None:
        station_id = None
        if isinstance(current, QTreeWidgetItem):
            station_id = current.data(0, STATION_ROLE)
        elif isinstance(current, QListWidgetItem):
            station_id = current.data(STATION_ROLE)
        if isinstance(station_id, int):
            self.map.select_station(station_id)
