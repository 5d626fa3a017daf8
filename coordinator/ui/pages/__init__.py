"""The pages of the main window, in the order of the sidebar.

Each page's module is imported when the page is first shown, so that opening a mission
loads only the code of the page in view.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from coordinator.ui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    """A sidebar entry: its title and icon now, its page class when first needed."""

    title: str
    icon_name: str
    module: str
    class_name: str

    def load(self) -> type[Page]:
        page_type: object = getattr(importlib.import_module(self.module), self.class_name)
        if not (isinstance(page_type, type) and issubclass(page_type, Page)):
            raise TypeError(f"{self.module}.{self.class_name} is not a page")
        return page_type


PAGES: list[PageSpec] = [
    PageSpec("Overview", "overview", "coordinator.ui.pages.overview", "OverviewPage"),
    PageSpec("Mission", "mission", "coordinator.ui.pages.mission", "MissionPage"),
    PageSpec("Delegations", "delegations", "coordinator.ui.pages.delegations", "DelegationsPage"),
    PageSpec("Meetings", "meetings", "coordinator.ui.pages.meetings", "MeetingsPage"),
    PageSpec("Stations", "stations", "coordinator.ui.pages.stations", "StationsPage"),
    PageSpec("Teams & Schedule", "teams", "coordinator.ui.pages.teams", "TeamsPage"),
    PageSpec("Visits & Findings", "visits", "coordinator.ui.pages.visits", "VisitsPage"),
    PageSpec("Debrief", "debrief", "coordinator.ui.pages.debrief", "DebriefPage"),
    PageSpec("Statement", "statement", "coordinator.ui.pages.statement", "StatementPage"),
]
