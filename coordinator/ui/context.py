"""The open mission as the window sees it: the one object pages talk to.

Pages never touch the database: they ask the context to run a service (`query` to
read, `write` to change) on the mission's `Store`, a handle only services use, and
listen to `changed` to refresh what they show. Each write is one service call, hence
one transaction. Edits go through `perform` with an undo command so Edit > Undo can take
them back during this session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from coordinator.db.missionfile import MissionFile
from coordinator.errors import UserError
from coordinator.services.errors import StaleRecordError
from coordinator.services.store import (
    Store,
    background_store,
    close_store,
    discard,
    forget,
    open_store,
)
from coordinator.services.versions import Key, VersionLog, check_unchanged, write_expecting
from coordinator.ui import messages

P = ParamSpec("P")
T = TypeVar("T")


class _Edit(QUndoCommand):
    """An edit already done once; Qt's first redo() on push must not do it again.

    Each step (undo, redo) is refused if someone else saved one of the records the
    previous step saved since this window did (`saved`), rather than putting old values
    back over theirs.

    Qt calls redo()/undo() from C++, where an exception would be lost: a refusal (the
    record changed meanwhile) is shown to the user and the edit dropped from the history.
    """

    def __init__(
        self,
        context: MissionContext,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        saved: frozenset[Key],
    ) -> None:
        super().__init__(text)
        self._context = context
        self._do = do
        self._undo = undo
        self._pending_first_redo = True
        self.saved = saved

    def _run(self, step: Callable[[], object], what: str) -> None:
        done = "undone" if what == "undo" else "redone"
        try:
            with self._context.expecting(self.saved), self._context.collecting() as saved:
                # All of a step's records are checked before its first write: a step of
                # several writes (the standard questions, say) is refused whole.
                self._context.check_unchanged()
                step()
        except StaleRecordError as error:
            self.setObsolete(True)
            self._context.offer_reload(
                f"Cannot {what}", f"“{self.text()}” could not be {done}. {error}"
            )
        except UserError as error:
            self.setObsolete(True)
            messages.show_error(
                None, f"Cannot {what}", f"“{self.text()}” could not be {done}. {error}"
            )
        else:
            self.saved = frozenset(saved)

    def redo(self) -> None:
        if self._pending_first_redo:
            self._pending_first_redo = False
            return
        self._run(self._do, "redo")

    def undo(self) -> None:
        self._run(self._undo, "undo")


class _Delivery(QObject):
    """Carries a background result back to the window's thread (queued signal)."""

    finished = Signal(object, object)  # (result, error)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], object], delivery: _Delivery) -> None:
        super().__init__()
        self._work = work
        self._delivery = delivery

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the window thread, which reports it
            self._delivery.finished.emit(None, error)
        else:
            self._delivery.finished.emit(result, None)


# How often a window on a shared mission asks whether others changed something.
LISTEN_MS = 700


def _typing() -> bool:
    """Whether the user is in the middle of typing into a field (not saved yet)."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit):
        return focus.isModified()
    if isinstance(focus, QTextEdit | QPlainTextEdit):
        return focus.document().isModified()
    return False


class MissionContext(QObject):
    """Runs services on the open mission file and announces what changed."""

    # The kind of records that changed ("stations", "visits", ...), or "*" for everything.
    changed = Signal(str)
    # A shared mission's server went away (False) or answers again (True).
    reachable = Signal(bool)

    def __init__(self, mission_file: MissionFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._file = mission_file
        self._store = open_store(mission_file)
        # The versions this window's saves left, so that undo refuses to take back an edit
        # over a change someone else made since.
        self._versions = VersionLog(self._store)
        # While an edit is undone or redone: the versions its records must still have.
        self._expected: Mapping[Key, int | None] | None = None
        # While an edit is done, undone or redone: the records its writes saved.
        self._collected: set[Key] | None = None
        self.last_written: frozenset[Key] = frozenset()
        self.undo_stack = QUndoStack(self)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._deliveries: set[_Delivery] = set()
        self._closed = False
        self._others_changed = False
        self._reachable = True
        if mission_file.changes is not None:
            # Others' changes to a shared mission show within a second or so.
            self._listening = QTimer(self)
            self._listening.setInterval(LISTEN_MS)
            self._listening.timeout.connect(self._hear_others)
            self._listening.start()

    def _hear_others(self) -> None:
        listener = self._file.changes
        if listener is None or self._closed:
            return
        heard = listener.poll()
        if (heard is not None) != self._reachable:
            self._reachable = heard is not None
            self.reachable.emit(self._reachable)
        if heard:
            self._others_changed = True
        if self._others_changed and not _typing():
            # What this window holds may be stale everywhere: every page reads again.
            self._others_changed = False
            forget(self._store)
            self.changed.emit("*")

    @property
    def path(self) -> Path:
        return self._file.path

    @property
    def read_only(self) -> bool:
        return self._file.read_only

    @property
    def mission_file(self) -> MissionFile:
        return self._file

    def query(
        self, service: Callable[Concatenate[Store, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a reading service on this mission (its first argument, the store, is given)."""
        return service(self._store, *args, **kwargs)

    def write(
        self,
        changes: str,
        service: Callable[Concatenate[Store, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run a writing service (one transaction), then tell the pages what changed.

        Inside `expecting(...)`, the records named must still be as this window left
        them, in the same transaction, or StaleRecordError is raised and nothing written.
        """
        self._versions.start()
        try:
            if self._expected is not None:
                result = write_expecting(self._store, self._expected, service, *args, **kwargs)
            else:
                result = service(self._store, *args, **kwargs)
        except BaseException:
            # A failed unit of work left nothing written; start the next one clean.
            self._versions.discard()
            discard(self._store)
            raise
        self.last_written = self._versions.finish()
        if self._expected is not None:
            # A step of several writes: the next one finds this one's records as it left them.
            self._expected = {**self._expected, **self._versions.expected(self.last_written)}
        if self._collected is not None:
            self._collected |= self.last_written
        forget(self._store)
        self.changed.emit(changes)
        return result

    @contextmanager
    def expecting(self, records: frozenset[Key]) -> Iterator[None]:
        """Writes inside refuse (StaleRecordError) if someone else saved one of `records`
        since this window's own last save of it (undo and redo of an edit use this)."""
        outer = self._expected
        self._expected = {**(outer or {}), **self._versions.expected(records)}
        try:
            yield
        finally:
            self._expected = outer

    @contextmanager
    def collecting(self) -> Iterator[set[Key]]:
        """The records the writes inside save (their keys, added as each write commits)."""
        outer = self._collected
        collected: set[Key] = set()
        self._collected = collected
        try:
            yield collected
        finally:
            self._collected = outer
            if outer is not None:
                outer |= collected

    def check_unchanged(self) -> None:
        """Inside `expecting`: StaleRecordError now if a record expected moved already."""
        if self._expected:
            self.query(check_unchanged, self._expected)

    def reload_all(self) -> None:
        """Read everything again (after a save was refused because others changed it)."""
        forget(self._store)
        self.changed.emit("*")

    def offer_reload(self, title: str, text: str) -> bool:
        """Say what someone else changed and offer to reload; True if the user reloads."""
        if messages.ask_reload(QApplication.activeWindow(), title, text):
            self.reload_all()
            return True
        return False

    def perform(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        """Do an edit now and let Edit > Undo take it back during this session.

        `do` runs first; if it raises (a validation error, say) nothing is recorded, so the
        undo history only ever holds edits that happened.
        """
        with self.collecting() as saved:
            do()
        self.undo_stack.push(_Edit(self, text, do, undo, frozenset(saved)))
        self._forget_versions()

    def _forget_versions(self) -> None:
        """Keep only the versions the edits still in the history may be checked against
        (a push drops the edits that were undone after it)."""
        kept: set[Key] = set()
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, _Edit):
                kept |= command.saved
        self._versions.keep(kept)

    def in_background(
        self,
        service: Callable[[Store], T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a slow reading service on a store of its own in a worker thread.

        `done(result)` (or `failed(error)`) is called later in the window's thread. The
        window stays responsive meanwhile; the page shows that the answer is coming.
        Nothing runs once the mission is closed (a page's timer may still ask): it would
        open a connection that nobody closes.
        """
        if self._closed:
            return

        def work() -> T:
            with background_store(self._file) as store:
                return service(store)

        delivery = _Delivery()
        self._deliveries.add(delivery)

        def deliver(result: object, error: object) -> None:
            self._deliveries.discard(delivery)
            if self._closed:
                return  # the mission was closed meanwhile: nobody is waiting any more
            if isinstance(error, BaseException):
                if failed is None:
                    raise error
                failed(error)
            else:
                done(result)  # type: ignore[arg-type]

        delivery.finished.connect(deliver)
        self._pool.start(_Task(work, delivery))

    def close(self) -> None:
        self._closed = True
        # A background read still running holds a connection: let it finish first.
        self._pool.clear()
        self._pool.waitForDone()
        self._deliveries.clear()
        self.undo_stack.clear()
        self._versions.keep(set())
        close_store(self._store)
        self._file.close()
