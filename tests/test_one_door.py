"""The window reaches the mission only through services: its Store is only handed back.

import-linter keeps SQLAlchemy and the database's classes out of `coordinator.ui`; this
keeps the window from using the handle it holds (a `Store` is a Session to the type
checker): no attribute of it is read, no method called, anywhere in the window; nor does
the window open a session of its own on the mission file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coordinator.ui

UI = Path(coordinator.ui.__file__).parent
# What the window calls its handle: a parameter of a service it writes inline, the
# context's own attribute.
HANDLES = {"session", "store", "_store"}


def _handle_uses(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        holder = node.value
        name = (
            holder.id
            if isinstance(holder, ast.Name)
            else holder.attr
            if isinstance(holder, ast.Attribute)
            else None
        )
        if name in HANDLES or node.attr == "session":
            # `mission_file.session()` would open a door of the window's own.
            found.append((node.lineno, f"{name}.{node.attr}"))
    return found


def test_the_window_never_uses_its_store_except_to_pass_it_back() -> None:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 40  # the whole window, not an empty folder
    uses = [
        f"{path.relative_to(UI.parent)}:{line}: {what}"
        for path in files
        for line, what in _handle_uses(path.read_text(encoding="utf-8"))
    ]
    assert uses == []


def test_a_page_reading_its_store_would_be_caught() -> None:
    page = "def load(store):\n    return store.execute('select 1')\n"
    inline = "context.write('teams', lambda session: session.get(Team, 1))\n"
    context = "class C:\n    def refresh(self):\n        self._store.expire_all()\n"
    assert _handle_uses(page) == [(2, "store.execute")]
    assert _handle_uses(inline) == [(1, "session.get")]
    assert _handle_uses(context) == [(3, "_store.expire_all")]
    opened = "with context.mission_file.session() as own:\n    pass\n"
    assert _handle_uses(opened) == [(1, "mission_file.session")]
    assert _handle_uses("def load(store):\n    return count(store, 'teams')\n") == []
