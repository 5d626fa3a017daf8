"""The desktop window (PySide6): views, table models and dialogs. Calls services only."""
