"""The pages of the main window, in the order of the sidebar."""

from __future__ import annotations

from coordinator.ui.pages.base import Page
from coordinator.ui.pages.debrief import DebriefPage
from coordinator.ui.pages.delegations import DelegationsPage
from coordinator.ui.pages.meetings import MeetingsPage
from coordinator.ui.pages.mission import MissionPage
from coordinator.ui.pages.overview import OverviewPage
from coordinator.ui.pages.stations import StationsPage
from coordinator.ui.pages.teams import TeamsPage
from coordinator.ui.pages.visits import VisitsPage

PAGE_TYPES: list[type[Page]] = [
    OverviewPage,
    MissionPage,
    DelegationsPage,
    MeetingsPage,
    StationsPage,
    TeamsPage,
    VisitsPage,
    DebriefPage,
]
