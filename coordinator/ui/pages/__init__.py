"""The pages of the main window, in the order of the sidebar."""

from __future__ import annotations

from coordinator.ui.pages.base import Page

PAGE_TYPES: list[type[Page]] = []
