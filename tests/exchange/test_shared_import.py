"""An import into a shared mission is one transaction: a client killed in the middle of
it (kill -9) leaves the database as it was, and the next import goes through."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.db.missionfile import open_mission_file
from coordinator.db.models import PollingStation, Visit
from tests.exchange.workbooks import dump, write_csv_folder

pytestmark = pytest.mark.postgresql

ROWS = 12_000


def _big_sheets() -> dict[str, list[list[object]]]:
    stations: list[list[object]] = [["code", "name", "locality", "registered_voters"]]
    visits: list[list[object]] = [["id", "team", "station", "date", "phase", "status"]]
    for n in range(ROWS):
        stations.append([f"S{n:05d}", f"School {n}", f"Town {n % 9}", 900])
        visits.append([f"K{n:05d}", "T1", f"S{n:05d}", "2024-11-17", "voting", "planned"])
    return {"Teams": [["code"], ["T1"]], "Stations": stations, "Visits": visits}


def _importing(address: str) -> bool:
    """Whether the import's transaction has begun writing on the server."""
    with open_mission_file(address, to_read=True) as mission, mission.engine.connect() as c:
        return bool(
            c.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            ).scalar()
        )


def test_a_client_killed_mid_import_leaves_the_database_as_it_was(
    shared_demo_address: str, tmp_path: Path
) -> None:
    folder = write_csv_folder(tmp_path / "big", _big_sheets())  # type: ignore[arg-type]
    before = dump(shared_demo_address)
    command = [sys.executable, "-m", "coordinator", "import", shared_demo_address, str(folder)]
    importer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not _importing(shared_demo_address):
            assert importer.poll() is None, importer.stderr.read() if importer.stderr else ""
            assert time.monotonic() < deadline, "the import never began writing"
            time.sleep(0.05)
        os.kill(importer.pid, signal.SIGKILL)
    finally:
        importer.wait(timeout=30)
        if importer.stderr is not None:
            importer.stderr.close()
    assert importer.returncode == -signal.SIGKILL
    assert dump(shared_demo_address) == before

    # The killed import's lock went with it: the next one imports everything.
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    with open_mission_file(shared_demo_address) as mission, mission.session() as session:
        codes = sa.select(sa.func.count()).where(PollingStation.code.like("S%"))
        assert session.scalar(codes) == ROWS
        assert session.scalar(sa.select(sa.func.count()).where(Visit.ref.like("K%"))) == ROWS
