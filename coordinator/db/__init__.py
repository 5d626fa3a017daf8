"""The mission file: SQLAlchemy models, engine settings, migrations, the lock. Knows SQLite,
and PostgreSQL for a shared mission (shared, sharedmission, transfer)."""
