"""Fixtures shared by every layer's tests: a fresh mission file per test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile, create_mission_file


@pytest.fixture
def mission_path(tmp_path: Path) -> Path:
    return tmp_path / "mission.eom"


@pytest.fixture
def mission_file(mission_path: Path) -> Iterator[MissionFile]:
    """A new, empty mission file on disk, closed (and unlocked) after the test."""
    opened = create_mission_file(mission_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def session(mission_file: MissionFile) -> Iterator[Session]:
    with mission_file.session() as opened:
        yield opened


ELECTION_DAY = dt.date(2024, 11, 17)
