"""Alembic migrations of the mission file, shipped inside the package and run on open."""
