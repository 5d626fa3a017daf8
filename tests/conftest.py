"""Fixtures shared by every layer's tests: a fresh mission file per test."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile, create_mission_file, open_mission_file
from coordinator.services.demo import write_demo_file


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


@pytest.fixture(scope="session")
def demo_original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo mission, written once per test run; tests that change it use `demo_path`."""
    path = tmp_path_factory.mktemp("demo") / "demo.eom"
    write_demo_file(path)
    return path


@pytest.fixture
def demo_path(demo_original: Path, tmp_path: Path) -> Path:
    """A copy of the demo mission of the test's own."""
    path = tmp_path / "demo.eom"
    shutil.copy(demo_original, path)
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Session]:
    """A session on the test's own copy of the demo mission."""
    with open_mission_file(demo_path) as mission_file, mission_file.session() as session:
        yield session
