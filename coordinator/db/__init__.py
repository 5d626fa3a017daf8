"""The mission file: SQLAlchemy models, engine settings, migrations, the lock. Knows SQLite."""
