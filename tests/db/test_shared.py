"""A shared mission (PostgreSQL) is checked as a file is: the same messages for another
program's database or a newer one, an upgrade of an older one, and a role that may only
read gets a read-only mission."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coordinator.db import migrate
from coordinator.db.errors import StorageError
from coordinator.db.missionfile import (
    NewerVersionError,
    NotAMissionError,
    open_mission_file,
)
from coordinator.db.shared import SharedMissionError, parse_address, shared_engine
from coordinator.services.delegations import DelegationFields, create_delegation
from tests.conftest import SharedDatabases

pytestmark = pytest.mark.postgresql


def _database(address: str) -> str:
    return address.rsplit("/", 1)[1]


def test_another_programs_database_is_refused_as_a_file_is(
    shared_databases: SharedDatabases,
) -> None:
    address = shared_databases.empty()
    shared_databases.server.execute(
        "CREATE TABLE invoices (id integer)", database=_database(address)
    )
    with pytest.raises(NotAMissionError) as raised:
        open_mission_file(address)
    assert str(raised.value) == (
        f"{address} is a database, but not a mission file: it was written by another "
        "program. Open a .eom file made by Mission Coordinator."
    )


def test_a_newer_database_is_refused_and_left_alone(shared_address: str) -> None:
    engine = shared_engine(parse_address(shared_address))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE coordinator_marks SET schema_version = {migrate.SCHEMA_VERSION + 1}"
        )
    with pytest.raises(NewerVersionError) as raised:
        open_mission_file(shared_address)
    assert str(raised.value) == (
        f"{shared_address} was written by a newer version of Mission Coordinator (file format "
        f"{migrate.SCHEMA_VERSION + 1}; this program reads up to {migrate.SCHEMA_VERSION}). "
        "Update the program to open it."
    )
    with engine.connect() as connection:
        assert migrate.schema_version(connection) == migrate.SCHEMA_VERSION + 1
    engine.dispose()


def test_an_older_database_is_upgraded_on_open(shared_databases: SharedDatabases) -> None:
    address = shared_databases.empty()
    engine = shared_engine(parse_address(address))
    migrate.upgrade_shared(engine, "0001")
    with engine.connect() as connection:
        assert migrate.schema_version(connection) == 1
    engine.dispose()
    with open_mission_file(address) as mission:
        assert mission.upgraded_from == 1
        with mission.engine.connect() as connection:
            assert migrate.schema_version(connection) == migrate.SCHEMA_VERSION
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert int(version.scalar_one()) == migrate.SCHEMA_VERSION
    with open_mission_file(address) as again:
        assert again.upgraded_from is None


def test_a_role_that_may_only_read_opens_read_only(
    shared_demo_address: str, shared_databases: SharedDatabases
) -> None:
    server, database = shared_databases.server, _database(shared_demo_address)
    server.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'analyst') "
        "THEN CREATE ROLE analyst LOGIN; END IF; END $$"
    )
    server.execute(
        f"GRANT CONNECT ON DATABASE {database} TO analyst",
        "GRANT USAGE ON SCHEMA public TO analyst",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO analyst",
        database=database,
    )
    reader = server.url(database, user="analyst")
    with open_mission_file(reader) as mission, mission.session() as session:
        assert mission.read_only
        with pytest.raises(StorageError) as raised:
            create_delegation(session, DelegationFields(name="Azerbaijan"))
        assert str(raised.value) == "You may only read this shared mission, so nothing was saved."
    with open_mission_file(shared_demo_address) as editor:
        assert not editor.read_only


def test_a_malformed_address_says_how_to_write_one() -> None:
    for address in ("postgresql://", "postgresql://host-only", "postgresql:///db-only"):
        with pytest.raises(SharedMissionError) as raised:
            open_mission_file(address)
        assert "postgresql://user@host[:port]/database" in str(raised.value)


def test_the_password_is_never_shown(shared_demo_address: str) -> None:
    with_password = shared_demo_address.replace("coordinator_tests@", "coordinator_tests:s3cret@")
    with open_mission_file(with_password) as mission:
        assert "s3cret" not in mission.name and "s3cret" not in mission.location
        assert "s3cret" not in repr(mission.engine.url)


def test_the_setup_in_the_docs_gives_an_editor_and_a_reader(
    shared_databases: SharedDatabases, demo_original: Path
) -> None:
    """docs/shared-mission.md's SQL, run as written (psql's \\connect switches database)."""
    from coordinator.services.sharing import publish

    text = (Path(__file__).parents[2] / "docs" / "shared-mission.md").read_text()
    block = re.search(r"```sql\n(.*?)```", text, re.S)
    assert block is not None
    server, database = shared_databases.server, "postgres"
    for line in block.group(1).split(";"):
        statement = "\n".join(
            part for part in line.strip().splitlines() if not part.startswith("--")
        ).strip()
        if statement.startswith("\\connect"):
            database, _, statement = statement.removeprefix("\\connect ").partition("\n")
        if statement:
            server.execute(statement, database=database)
    assert database == "ots_kyrgyzstan_2024"
    publish(demo_original, server.url(database, user="mission_editor"))
    with open_mission_file(server.url(database, user="mission_reader")) as reader:
        assert reader.read_only
    with open_mission_file(server.url(database, user="mission_editor")) as editor:
        assert not editor.read_only
