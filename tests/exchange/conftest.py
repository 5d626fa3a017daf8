"""These tests run on both homes of a mission: a file and a shared PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile
from tests.conftest import HOMES, demo_in, mission_in


@pytest.fixture(params=HOMES)
def mission_file(request: pytest.FixtureRequest, mission_path: Path) -> Iterator[MissionFile]:
    yield from mission_in(request, mission_path)


@pytest.fixture(params=HOMES)
def demo(request: pytest.FixtureRequest) -> Iterator[Session]:
    yield from demo_in(request)
