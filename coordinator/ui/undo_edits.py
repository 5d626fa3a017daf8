"""Undoable create, update and delete of one record, through `MissionContext.perform`.

Every page edits records the same three ways, and each needs the same care to be taken
back: a delete keeps a snapshot of the record and of everything that went with it, so
undo puts back the same rows with the same ids; a create remembers the new id, so undo
can delete it and redo can put it back (same id again, so later edits in the history
still find it). These helpers do that once for every page:

    new_id = perform_create(
        context, f"New member {name}", "members",
        lambda store: create_member(store, fields), kind="member", delete=delete_member,
    )
    perform_update(
        context, f"Edit member {name}", "members",
        lambda store: update_member(store, member_id, new),
        lambda store: update_member(store, member_id, old),
    )
    perform_delete(
        context, f"Delete member {name}", "members", "member", member_id, delete=delete_member
    )

Each service call runs through `context.write(changes, ...)`, one transaction that then
tells the pages which kind of records changed. The first run raises what the service
raises (a ValidationError for the form, a refusal to show) and records nothing. Taking
back or redoing later may meet a mission that changed meanwhile (a delegation that has
members again); then the user is told plainly and the edit stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from coordinator.errors import UserError
from coordinator.services.errors import StaleRecordError, ValidationError
from coordinator.services.store import Store
from coordinator.services.undo import (
    Identified,
    RecordKind,
    Snapshot,
    created_id,
    restore,
    snapshot,
)
from coordinator.services.versions import Key, delete_if_unchanged
from coordinator.ui import messages
from coordinator.ui.context import MissionContext

# A service already given its arguments: it only needs the store the context owns.
Write = Callable[[Store], object]
# An entity's delete service, as the services define them: delete_x(session, id).
Delete = Callable[[Store, int], object]


def describe(error: UserError) -> str:
    """A service's refusal in words for a message box (no "was not saved", no field names)."""
    if isinstance(error, ValidationError):
        return f"{error.record}: " + " ".join(problem.message for problem in error.problems)
    return str(error)


class _Reversible:
    """An edit and its inverse that know whether the edit is in effect.

    Qt moves its undo index even when taking an edit back fails, so each edit keeps its
    own state: undo of an edit not in effect, or redo of one in effect, does nothing
    rather than deleting or inserting twice.

    Each step remembers the records it saved; the next step (undo after do, redo after
    undo) is refused if someone else saved one of them since, rather than overwriting
    their change: the user is told and may reload.
    """

    def __init__(
        self,
        context: MissionContext,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
    ) -> None:
        self.context = context
        self.text = text
        self._do = do
        self._undo = undo
        self.in_effect = False
        self._first = True
        self._saved: frozenset[Key] = frozenset()

    def do(self) -> None:
        if self._first:
            # The first time, the caller (a form, a delete) handles the failure itself.
            self._do()
            self._saved = self.context.last_written
            self._first = False
            self.in_effect = True
        elif not self.in_effect and self._attempt("redo", self._do):
            self.in_effect = True

    def undo(self) -> None:
        if self.in_effect and self._attempt("undo", self._undo):
            self.in_effect = False

    def _attempt(self, verb: str, work: Callable[[], object]) -> bool:
        done = "undone" if verb == "undo" else "redone"
        try:
            with self.context.expecting(self._saved):
                work()
        except StaleRecordError as error:
            self.context.offer_reload(
                f"Cannot {verb}", f"“{self.text}” could not be {done}. {error}"
            )
            return False
        except UserError as error:
            messages.show_error(
                QApplication.activeWindow(),
                f"Cannot {verb}",
                f"“{self.text}” could not be {done}. {describe(error)}",
            )
            return False
        self._saved = self.context.last_written
        return True


def _perform(context: MissionContext, edit: _Reversible) -> None:
    context.perform(edit.text, edit.do, edit.undo)


def perform_create(
    context: MissionContext,
    text: str,
    changes: str,
    create: Callable[[Store], Identified],
    *,
    kind: RecordKind,
    delete: Delete,
) -> int:
    """Create a record (`create` runs the service) undoably; returns the new record's id.

    Undo snapshots the record and deletes it with `delete` (the entity's own delete
    service, so its rules hold); redo puts the snapshot back with the same id.
    """
    created: list[int] = []
    taken: list[Snapshot] = []

    def do() -> None:
        if not created:
            created.append(context.write(changes, created_id, create))
        else:
            context.write(changes, restore, taken[-1])

    def undo() -> None:
        record_id = created[0]
        before = context.query(snapshot, kind, record_id)
        context.write(changes, delete, record_id)
        taken[:] = [before]

    _perform(context, _Reversible(context, text, do, undo))
    return created[0]


def perform_update(
    context: MissionContext,
    text: str,
    changes: str,
    update_to_new: Write,
    update_to_old: Write,
) -> None:
    """Change a record undoably: `update_to_new` now and on redo, `update_to_old` on undo."""
    _perform(
        context,
        _Reversible(
            context,
            text,
            lambda: context.write(changes, update_to_new),
            lambda: context.write(changes, update_to_old),
        ),
    )


def perform_delete(
    context: MissionContext,
    text: str,
    changes: str,
    kind: RecordKind,
    record_id: int,
    *,
    delete: Delete,
    expected_version: int | None = None,
) -> bool:
    """Delete the `kind` record #record_id undoably with its own `delete` service.

    The service may refuse (a delegation that still has members, say).

    The snapshot is taken just before each delete, so undo puts back what was there at
    that moment: the record, what cascaded with it, and references that were cleared.

    `expected_version`: the record's version when the user was asked (`record_version`).
    If someone else saved it since, nothing is deleted: the user is told and may reload,
    and False is returned. Other refusals are raised, as the service raises them.
    """
    taken: list[Snapshot] = []

    def do() -> None:
        before = context.query(snapshot, kind, record_id)
        if expected_version is None:
            context.write(changes, delete, record_id)
        else:
            context.write(changes, delete_if_unchanged, kind, record_id, expected_version, delete)
        taken[:] = [before]

    def undo() -> None:
        context.write(changes, restore, taken[-1])

    try:
        _perform(context, _Reversible(context, text, do, undo))
    except StaleRecordError as error:
        context.offer_reload(text, str(error))
        return False
    return True
