"""The Delegations page: the delegations of the mission above, the members of one (or all) below.

Selecting a delegation shows its members; "All delegations" in the members' filter row
shows everyone. Members are read a page at a time from `list_members`, searched, filtered
by role and accreditation and sorted in SQL. Every create, edit and delete of a
delegation or a member goes through `undo_edits`, so Edit > Undo takes it back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QSplitter, QVBoxLayout, QWidget

from coordinator.db.enums import AccreditationStatus, MemberRole
from coordinator.errors import UserError
from coordinator.services.delegations import (
    DelegationFields,
    DelegationRow,
    create_delegation,
    delegation_delete_impact,
    delete_delegation,
    list_delegations,
    read_delegation,
    update_delegation,
)
from coordinator.services.members import (
    MemberFields,
    MemberRow,
    create_member,
    delete_member,
    list_members,
    member_delete_impact,
    read_member,
    update_member,
)
from coordinator.services.mission import mission_settings
from coordinator.services.teams import list_teams
from coordinator.services.undo import RecordKind
from coordinator.services.versions import record_version
from coordinator.ui import messages
from coordinator.ui.context import MissionContext
from coordinator.ui.forms import RecordDialog
from coordinator.ui.pages.base import Page
from coordinator.ui.pages.member_dialog import (
    DELEGATION_COLUMN,
    DelegationDialog,
    MemberDialog,
    accreditation_colour,
    column,
    copy_of,
    delegation_columns,
    delegations_page,
    filter_box,
    filter_row,
    hint_label,
    member_columns,
    member_delete_question,
    reload_sorted,
    vocabulary_value,
)
from coordinator.ui.record_list import RecordList
from coordinator.ui.table_model import PagedTableModel
from coordinator.ui.undo_edits import (
    Delete,
    describe,
    perform_create,
    perform_delete,
    perform_update,
)

# Kinds of change after which what this page shows may be out of date.
SHOWN_HERE = {"*", "delegations", "members", "teams"}


class DelegationsPage(Page):
    """Delegations with New/Edit/Delete, and the members of the chosen one."""

    title = "Delegations"
    icon_name = "delegations"

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: RecordDialog[Any] | None = None
        self._delegation_id: int | None = None
        self._syncing = False

        self.delegation_model: PagedTableModel[DelegationRow] = PagedTableModel(
            delegation_columns(),
            lambda request: delegations_page(
                self.context.query(list_delegations, request.search), request
            ),
            lambda row: row.id,
            self,
        )
        self.member_model: PagedTableModel[MemberRow] = PagedTableModel(
            member_columns(),
            lambda request: self.context.query(list_members, request),
            lambda row: row.id,
            self,
        )

        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.delegations = RecordList(self.delegation_model, "delegation")
        self.delegations.new_action.setText("New delegation")
        self.delegations.duplicate_action.setVisible(False)
        self.delegations_hint = hint_label()
        self.delegations_hint.setText(
            "No delegations yet. Add the member states, the secretariat and partner "
            "organisations with New delegation (Ctrl+N); their members then go below."
        )

        self.members_title = QLabel("Members")
        self.members_title.setObjectName("sectionTitle")
        self.delegation_filter = QComboBox()
        self.delegation_filter.setObjectName("delegationFilter")
        self.delegation_filter.setMinimumContentsLength(18)
        self.role_filter = filter_box("All roles", list(MemberRole))
        self.status_filter = filter_box("Any accreditation", list(AccreditationStatus))
        for number, status in enumerate(AccreditationStatus, start=1):
            self.status_filter.setItemData(
                number, accreditation_colour(status), Qt.ItemDataRole.ForegroundRole
            )
        self.members = RecordList(self.member_model, "member")
        self.members.new_action.setText("New member")
        self.members_hint = hint_label()

        filters = filter_row(
            self.members_title,
            [
                ("Delegation", self.delegation_filter),
                ("Role", self.role_filter),
                ("Accreditation", self.status_filter),
            ],
        )
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(column(self.delegations, self.delegations_hint, below=6))
        self.splitter.addWidget(column(filters, self.members, self.members_hint, above=6))
        self.splitter.setSizes([260, 440])
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.splitter, 1)

        self.delegations.set_read_only(context.read_only)
        self.members.set_read_only(context.read_only)
        self.delegations.duplicate_action.setVisible(False)
        self.delegations.new_requested.connect(self.new_delegation)
        self.delegations.edit_requested.connect(self.edit_delegation)
        self.delegations.delete_requested.connect(self.delete_delegation)
        self.delegations.current_changed.connect(self._delegation_selected)
        self.members.new_requested.connect(self.new_member)
        self.members.edit_requested.connect(self.edit_member)
        self.members.duplicate_requested.connect(self.duplicate_member)
        self.members.delete_requested.connect(self.delete_member)
        self.delegation_filter.currentIndexChanged.connect(self._delegation_chosen)
        self.role_filter.currentIndexChanged.connect(
            lambda: self.member_model.set_filter(
                "role", vocabulary_value(MemberRole, self.role_filter.currentData())
            )
        )
        self.status_filter.currentIndexChanged.connect(
            lambda: self.member_model.set_filter(
                "accreditation_status",
                vocabulary_value(AccreditationStatus, self.status_filter.currentData()),
            )
        )
        self.delegation_model.counted.connect(lambda _total: self._show_hints())
        self.member_model.counted.connect(lambda _total: self._show_hints())

    # --- showing -----------------------------------------------------------------------

    def reload(self) -> None:
        delegation = self.delegations.current_id()
        member = self.members.current_id()
        reload_sorted(self.delegations)
        self._refresh_delegation_choices()
        if delegation is not None and delegation == self._delegation_id:
            self.delegations.select(delegation)
        reload_sorted(self.members)
        if member is not None:
            self.members.select(member)

    def on_changed(self, what: str) -> None:
        if what in SHOWN_HERE:
            super().on_changed(what)

    def _refresh_delegation_choices(self) -> None:
        self._syncing = True
        try:
            self.delegation_filter.clear()
            self.delegation_filter.addItem("All delegations", None)
            for row in self.context.query(list_delegations):
                self.delegation_filter.addItem(row.name, row.id)
            index = max(self.delegation_filter.findData(self._delegation_id), 0)
            self.delegation_filter.setCurrentIndex(index)
        finally:
            self._syncing = False
        # A delegation deleted meanwhile is no longer a filter: everyone is shown.
        self._filter_members(self.delegation_filter.currentData())

    def _delegation_selected(self, delegation_id: int) -> None:
        """A row of the delegations list became current (0: none, keep what is shown)."""
        if self._syncing or not delegation_id:
            return
        self._syncing = True
        try:
            self.delegation_filter.setCurrentIndex(
                max(self.delegation_filter.findData(delegation_id), 0)
            )
        finally:
            self._syncing = False
        self._filter_members(delegation_id)

    def _delegation_chosen(self, _index: int) -> None:
        """The user chose in the Delegation filter: follow it in the delegations list."""
        if self._syncing:
            return
        chosen = self.delegation_filter.currentData()
        self._syncing = True
        try:
            if chosen is None:
                self.delegations.table.setCurrentIndex(QModelIndex())
                self.delegations.table.clearSelection()
            else:
                self.delegations.select(chosen)
        finally:
            self._syncing = False
        self._filter_members(chosen)

    def _filter_members(self, delegation_id: int | None) -> None:
        self.members_title.setText(
            "Members of all delegations"
            if delegation_id is None
            else f"Members of {self.delegation_filter.currentText()}"
        )
        self.members.table.setColumnHidden(DELEGATION_COLUMN, delegation_id is not None)
        if delegation_id != self._delegation_id:
            self._delegation_id = delegation_id
            self.member_model.set_filter("delegation_id", delegation_id)

    def _show_hints(self) -> None:
        """Say what to do next under a list that is empty because nothing is there yet."""
        no_delegations = self.delegation_model.total() == 0 and not self.delegations.search.text()
        self.delegations_hint.setVisible(no_delegations)
        filtered = (
            self.members.search.text()
            or self.role_filter.currentIndex() > 0
            or self.status_filter.currentIndex() > 0
        )
        where = "this delegation" if self._delegation_id is not None else "the mission"
        self.members_hint.setText(
            "Members belong to a delegation: add the delegation above first."
            if no_delegations
            else f"No members in {where} yet: add them with New member (Ctrl+N)."
        )
        self.members_hint.setVisible(self.member_model.total() == 0 and not filtered)

    def select_record(self, record_id: int) -> None:
        """Show the member `record_id` (a link from another page), in their delegation."""
        self.activate()
        if self.members.select(record_id):
            return
        # Not among the members listed: clear what hides them, then go to their delegation.
        self.members.search.clear()
        self.role_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(0)
        self.delegation_filter.setCurrentIndex(0)
        row = self.member_model.row_of_id(record_id)
        if row is None:
            return
        self.delegations.select(self.member_model.row(row).delegation_id)
        self.members.select(record_id)

    # --- delegations -------------------------------------------------------------------

    def _open(self, dialog: RecordDialog[Any], then: Any) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: then(dialog.saved))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def new_delegation(self) -> None:
        def save(fields: DelegationFields) -> int:
            return perform_create(
                self.context,
                f"New delegation {fields.name.strip()}",
                "delegations",
                lambda session: create_delegation(session, fields),
                kind="delegation",
                delete=delete_delegation,
            )

        self._open(
            DelegationDialog("New delegation", save, DelegationFields(""), parent=self),
            self._show_delegation,
        )

    def edit_delegation(self, delegation_id: int) -> None:
        old = self.context.query(read_delegation, delegation_id)

        def save(fields: DelegationFields) -> int:
            perform_update(
                self.context,
                f"Edit delegation {old.name}",
                "delegations",
                lambda session: update_delegation(session, delegation_id, fields, read=old),
                lambda session: update_delegation(session, delegation_id, old),
            )
            return delegation_id

        self._open(
            DelegationDialog(
                f"Delegation {old.name}",
                save,
                old,
                read_only=self.context.read_only,
                parent=self,
            ),
            self._show_delegation,
        )
        # Refused because someone else saved it meanwhile: Reload opens it again.
        if self.dialog is not None:
            self.dialog.reload_record = lambda: self.edit_delegation(delegation_id)

    def _show_delegation(self, delegation_id: object) -> None:
        # The lists were reloaded already: the write announced the change (`on_changed`).
        if isinstance(delegation_id, int):
            self.activate()
            self.delegations.select(delegation_id)

    def delete_delegation(self, delegation_id: int) -> None:
        name = self.delegation_name(delegation_id)
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "delegation", delegation_id)
        members = self.context.query(delegation_delete_impact, delegation_id)["members"]
        # With members the service refuses and says why; without, ask first.
        if not members and not messages.confirm(
            self,
            "Delete delegation",
            f"Delete the delegation {name}? It has no members. Edit > Undo can bring it back.",
        ):
            return
        self._delete(
            f"Delete delegation {name}",
            "delegations",
            "delegation",
            delegation_id,
            delete_delegation,
            version=version,
        )

    def delegation_name(self, delegation_id: int | None) -> str:
        if delegation_id is None:
            return ""
        return self.context.query(read_delegation, delegation_id).name

    def _delete(
        self,
        text: str,
        changes: str,
        kind: RecordKind,
        record_id: int,
        delete: Delete,
        *,
        version: int | None,
    ) -> None:
        try:
            perform_delete(
                self.context,
                text,
                changes,
                kind,
                record_id,
                delete=delete,
                expected_version=version,
            )
        except UserError as error:
            # A refusal (a delegation that still has members) or a full disk, said plainly.
            messages.show_error(self, text, describe(error))

    # --- members -----------------------------------------------------------------------

    def _member_dialog(self, title: str, save: Any, fields: MemberFields) -> MemberDialog:
        dialog = MemberDialog(
            title,
            save,
            delegations=[(row.id, row.name) for row in self.context.query(list_delegations)],
            teams=[
                (row.id, f"{row.code} — {row.area}" if row.area else row.code)
                for row in self.context.query(list_teams)
            ],
            fields=fields,
            read_only=self.context.read_only,
            parent=self,
        )
        # Empty arrival and departure start from the mission's own days, not from today.
        mission = self.context.query(mission_settings)
        if mission is not None and mission.election_date is not None:
            election = mission.election_date
            dialog.arrival.set_start_date(mission.mission_start or election)
            dialog.departure.set_start_date(mission.mission_end or election)
        return dialog

    def _create_member(self, fields: MemberFields) -> int:
        return perform_create(
            self.context,
            f"New member {fields.full_name.strip()}",
            "members",
            lambda session: create_member(session, fields),
            kind="member",
            delete=delete_member,
        )

    def new_member(self) -> None:
        fields = MemberFields("", self._delegation_id)
        self._open(self._member_dialog("New member", self._create_member, fields), self.show_member)

    def duplicate_member(self, member_id: int) -> None:
        original = self.context.query(read_member, member_id)
        self._open(
            self._member_dialog(
                f"New member (copy of {original.full_name})", self._create_member, copy_of(original)
            ),
            self.show_member,
        )

    def edit_member(self, member_id: int) -> None:
        old = self.context.query(read_member, member_id)

        def save(fields: MemberFields) -> int:
            perform_update(
                self.context,
                f"Edit member {old.full_name}",
                "members",
                lambda session: update_member(session, member_id, fields, read=old),
                lambda session: update_member(session, member_id, old),
            )
            return member_id

        self._open(self._member_dialog(old.full_name, save, old), self.show_member)
        # Refused because someone else saved it meanwhile: Reload opens it again.
        if self.dialog is not None:
            self.dialog.reload_record = lambda: self.edit_member(member_id)

    def show_member(self, member_id: object) -> None:
        """After a save (the lists already reloaded on the change): select the member."""
        if isinstance(member_id, int):
            self.select_record(member_id)

    def delete_member(self, member_id: int) -> None:
        member = self.context.query(read_member, member_id)
        name = member.full_name
        # As asked about: someone else's save meanwhile stops the delete.
        version = self.context.query(record_version, "member", member_id)
        delegation = self.delegation_name(member.delegation_id)
        meetings = self.context.query(member_delete_impact, member_id)["meetings"]
        question = member_delete_question(name, delegation, meetings)
        if messages.confirm(self, "Delete member", question):
            self._delete(
                f"Delete member {name}",
                "members",
                "member",
                member_id,
                delete_member,
                version=version,
            )
