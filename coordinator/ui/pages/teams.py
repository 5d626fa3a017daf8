"""The Teams & Schedule page: the teams above, the chosen team's itinerary below.

A mission has tens of teams, so the list is read whole from `list_teams` and searched
and sorted here; a team with no observer is marked on its row. A team is saved with
its members in one step (`save_team`), and every create, edit and delete goes through
`undo_edits`, so Edit > Undo takes it back: deleting a team takes its visits with it,
and undo puts them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from coordinator.db.text import fold
from coordinator.errors import UserError
from coordinator.services.errors import ValidationError
from coordinator.services.members import list_members
from coordinator.services.paging import Page, PageRequest
from coordinator.services.teams import (
    TeamFields,
    TeamRow,
    delete_team,
    delete_team_and_return_members,
    list_teams,
    member_teams,
    read_team,
    restore_team,
    save_team,
    team_delete_impact,
    team_member_ids,
    team_order,
)
from coordinator.services.unit import clean
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.pages.base import Page as WindowPage
from coordinator.ui.pages.itinerary import ItineraryPanel, warning_icon
from coordinator.ui.pages.team_dialog import MemberChoice, TeamDialog, TeamPlan, copy_of_team
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column, PagedTableModel
from coordinator.ui.undo_edits import describe, perform_create, perform_delete, perform_update

AnyIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

# Kinds of change after which what this page shows may be out of date.
SHOWN_HERE = {"*", "teams", "visits", "members", "stations", "mission"}
OBSERVERS_COLUMN = 1

TEAM_SORTS: dict[str, Callable[[TeamRow], Any]] = {
    "code": lambda row: team_order(row.code),
    "observers": lambda row: (row.observers, [fold(name) for name in row.observer_names]),
    "interpreter": lambda row: fold(row.interpreter),
    "driver": lambda row: fold(row.driver),
    "vehicle": lambda row: fold(row.vehicle),
    "area": lambda row: fold(row.area),
    "visits": lambda row: row.visits,
}


def _with_phone(name: str, phone: str) -> str | None:
    return f"{name}, {phone}" if name and phone else phone or None


def team_columns() -> list[Column[TeamRow]]:
    warning = status_colour("warning")
    return [
        Column("Team", lambda row: row.code, "code", width=70),
        Column(
            "Observers",
            lambda row: ", ".join(row.observer_names) or "No observers",
            "observers",
            foreground=lambda row: None if row.observers else warning,
            tooltip=lambda row: (
                "\n".join(row.observer_names)
                if row.observers
                else "This team has no observers yet: edit it to add members."
            ),
            width=260,
        ),
        Column(
            "Interpreter",
            lambda row: row.interpreter,
            "interpreter",
            tooltip=lambda row: _with_phone(row.interpreter, row.interpreter_phone),
            width=150,
        ),
        Column(
            "Driver",
            lambda row: row.driver,
            "driver",
            tooltip=lambda row: _with_phone(row.driver, row.driver_phone),
            width=140,
        ),
        Column("Vehicle", lambda row: row.vehicle, "vehicle", width=200),
        Column("Visits", lambda row: row.visits, "visits", align_right=True, width=55),
        Column("Area", lambda row: row.area, "area"),
    ]


def teams_page(rows: list[TeamRow], request: PageRequest) -> Page[TeamRow]:
    """One page of the teams, searched and sorted here: a mission has tens of them."""
    words = fold(request.search).split()
    if words:

        def found(row: TeamRow) -> bool:
            text = fold(" ".join((row.code, *row.observer_names, row.interpreter, row.driver)))
            text += " " + fold(f"{row.vehicle} {row.area}")
            return all(word in text for word in words)

        rows = [row for row in rows if found(row)]
    key = TEAM_SORTS.get(request.sort, TEAM_SORTS["code"])
    rows = sorted(rows, key=key, reverse=request.descending)
    return Page(rows[request.offset : request.offset + request.limit], len(rows), request.offset)


class TeamsModel(PagedTableModel[TeamRow]):
    """The teams, with a warning sign beside a team that has no observer."""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.isValid()
            and index.column() == OBSERVERS_COLUMN
            and 0 <= index.row() < self.rowCount()
            and self.row(index.row()).observers == 0
        ):
            return warning_icon()
        return super().data(index, role)


class TeamsPage(WindowPage):
    """Teams with New/Edit/Duplicate/Delete, and the chosen team's itinerary."""

    title = "Teams & Schedule"
    icon_name = "teams"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: TeamDialog | None = None
        self._reloading = False
        self.model = TeamsModel(
            team_columns(),
            lambda request: teams_page(self.context.query(list_teams), request),
            lambda row: row.id,
            self,
        )
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.teams = RecordList(self.model, "team")
        self.teams.new_action.setText("New team")
        self.hint = QLabel(
            "No teams yet. Add them with New team (Ctrl+N): a code such as T1, its observers, "
            "interpreter, driver and vehicle; then plan each team's visits below."
        )
        self.hint.setObjectName("countLabel")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.itinerary = ItineraryPanel(context)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 6)
        top_layout.addWidget(self.teams, 1)
        top_layout.addWidget(self.hint)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.itinerary)
        self.splitter.setSizes([230, 490])
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.splitter, 1)

        self.teams.set_read_only(context.read_only)
        self.teams.new_requested.connect(self.new_team)
        self.teams.edit_requested.connect(self.edit_team)
        self.teams.duplicate_requested.connect(self.duplicate_team)
        self.teams.delete_requested.connect(self.delete_team)
        self.teams.current_changed.connect(self._team_chosen)
        self.model.counted.connect(
            lambda total: self.hint.setVisible(total == 0 and not self.teams.search.text())
        )

    # --- showing -------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.teams.current_id()
        # The list's selection moves while it reloads; the itinerary follows once, after.
        self._reloading = True
        try:
            if self.teams.table.horizontalHeader().sortIndicatorSection() < 0:
                # Without a sort chosen, a view asks for descending order; teams read from T1.
                self.teams.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            else:
                self.model.reload()
            if (current is None or not self.teams.select(current)) and self.model.rowCount():
                self.teams.select(self.model.id_at(0))
        finally:
            self._reloading = False
        self._team_chosen(self.teams.current_id() or 0)

    def on_changed(self, what: str) -> None:
        if what in SHOWN_HERE:
            super().on_changed(what)

    def select_record(self, record_id: int) -> None:
        """Show the team `record_id` (a link from another page) and its itinerary."""
        self.activate()
        if not self.teams.select(record_id):
            self.teams.search.clear()
            self.teams.select(record_id)

    def _team_chosen(self, team_id: int) -> None:
        if self._reloading:
            return
        row = self.model.row_of_id(team_id) if team_id else None
        if row is None:
            self.itinerary.set_team(None)
        else:
            self.itinerary.set_team(team_id, self.model.row(row).code)

    # --- teams ---------------------------------------------------------------------------

    def _member_choices(self) -> list[MemberChoice]:
        page = self.context.query(list_members, PageRequest(sort="full_name", limit=5000))
        return [
            MemberChoice(row.id, row.full_name, row.delegation, row.role, row.team_id, row.team)
            for row in page.rows
        ]

    def _saved_asking_to_move(
        self, plan: TeamPlan, team_id: int | None, write: Callable[[bool], T]
    ) -> T:
        """Run `write(move=False)`; if the service refuses only because some chosen members
        are in other teams, ask, and on yes run `write(move=True)`.

        So the form's own problems (a code missing or taken) are shown first, and the
        question comes only when moving members is all that is left. Declined, the
        service's message stays beside the members.
        """
        try:
            return write(False)
        except ValidationError as error:
            if any(problem.field != "members" for problem in error.problems):
                raise
            teams = self.context.query(member_teams, plan.member_ids)
            moving = [member for member, team in teams.items() if team not in (None, team_id)]
            if not moving:
                raise
            choices = {choice.id: choice for choice in self._member_choices()}
            names = "\n".join(
                f"• {choices[m].full_name}, now in team {choices[m].team}"
                for m in moving
                if m in choices
            )
            question = (
                f"Move these members to team {clean(plan.fields.code)}?\n\n{names}\n\n"
                "They leave the team they are in."
            )
            if not messages.confirm(self, "Move members", question, action="Move"):
                raise
        return write(True)

    def _open(self, dialog: TeamDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._show_team(dialog.saved))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _create(self, plan: TeamPlan) -> int:
        # Undo of the new team sends the members it took back to their teams.
        before = self.context.query(member_teams, plan.member_ids)

        def create(move: bool) -> int:
            return perform_create(
                self.context,
                f"New team {clean(plan.fields.code)}",
                "teams",
                lambda session: save_team(session, None, plan.fields, plan.member_ids, move=move),
                kind="team",
                delete=lambda session, team_id: delete_team_and_return_members(
                    session, team_id, before
                ),
            )

        return self._saved_asking_to_move(plan, None, create)

    def new_team(self) -> None:
        self._open(
            TeamDialog(
                "New team", self._create, TeamFields(""), self._member_choices(), set(), parent=self
            )
        )

    def duplicate_team(self, team_id: int) -> None:
        original = self.context.query(read_team, team_id)
        self._open(
            TeamDialog(
                f"New team (copy of {original.code})",
                self._create,
                copy_of_team(original),
                self._member_choices(),
                set(),
                parent=self,
            )
        )

    def edit_team(self, team_id: int) -> None:
        old = self.context.query(read_team, team_id)
        old_members = self.context.query(team_member_ids, team_id)

        def save(plan: TeamPlan) -> int:
            # Undo gives every member touched (who left, who came) the team they had.
            before = self.context.query(member_teams, {*old_members, *plan.member_ids})

            def update(move: bool) -> int:
                perform_update(
                    self.context,
                    f"Edit team {old.code}",
                    "teams",
                    lambda session: save_team(
                        session, team_id, plan.fields, plan.member_ids, move=move, read=old
                    ),
                    lambda session: restore_team(session, team_id, old, before),
                )
                return team_id

            return self._saved_asking_to_move(plan, team_id, update)

        dialog = TeamDialog(
            f"Team {old.code}",
            save,
            old,
            self._member_choices(),
            old_members,
            team_id=team_id,
            read_only=self.context.read_only,
            parent=self,
        )
        # Refused because someone else saved the team meanwhile: Reload opens it again.
        dialog.reload_record = lambda: self.edit_team(team_id)
        self._open(dialog)

    def _show_team(self, team_id: object) -> None:
        # The list was reloaded already: the write announced the change (`on_changed`).
        if isinstance(team_id, int):
            self.select_record(team_id)

    def delete_team(self, team_id: int) -> None:
        team = self.context.query(read_team, team_id)
        # What the question describes: a team someone else saves meanwhile is not deleted.
        code, version = team.code, team.version
        impact = self.context.query(team_delete_impact, team_id)
        visits, members, notes = impact["visits"], impact["members"], impact["debrief_notes"]
        question = f"Delete team {code}"
        if visits:
            question += f" and its {visits} visit{'' if visits == 1 else 's'}?"
            question += "\n\nThe visits' checklist answers and incidents go with them."
        else:
            question += "? It has no visits."
        staying = [
            noun if count == 1 else f"{count} {noun}s"
            for noun, count in (("member", members), ("debrief note", notes))
            if count
        ]
        if staying:
            verb = "stays" if staying in (["member"], ["debrief note"]) else "stay"
            question += (
                f"\n\nIts {' and its '.join(staying)} {verb} in the mission, without a team."
            )
        question += "\n\nEdit > Undo can bring it all back."
        if not messages.confirm(self, "Delete team", question):
            return
        text = f"Delete team {code}"
        try:
            perform_delete(
                self.context,
                text,
                "teams",
                "team",
                team_id,
                delete=delete_team,
                expected_version=version,
            )
        except UserError as error:
            messages.show_error(self, text, describe(error))
