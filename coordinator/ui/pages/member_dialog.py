"""How the Delegations page shows and edits its records: the columns, filters and hints of
its two lists, the member form and the delegation form.

The page hands a form the delegations and teams to choose from (it reads them through
the services); the form only turns what was typed into the service's *Fields, and shows
the service's messages beside the fields when the record cannot be saved as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coordinator.db.enums import AccreditationStatus, DelegationKind, MemberRole, Vocabulary
from coordinator.services.delegations import DelegationFields, DelegationRow
from coordinator.services.errors import FieldProblem
from coordinator.services.members import MemberFields, MemberRow
from coordinator.services.paging import Page, PageRequest
from coordinator.ui.forms import ChoiceField, DateField, RecordDialog, text_editor
from coordinator.ui.record_list import RecordList
from coordinator.ui.style import status_colour
from coordinator.ui.table_model import Column

VocabularyT = TypeVar("VocabularyT", bound=Vocabulary)
FieldsT = TypeVar("FieldsT")

NO_TEAM = "No team"

# How an accreditation reads at a glance; the status's name is always shown with it.
STATUS_KIND = {
    AccreditationStatus.ACCREDITED: "good",
    AccreditationStatus.SUBMITTED: "neutral",
    AccreditationStatus.REQUESTED: "warning",
    AccreditationStatus.REFUSED: "bad",
}

DELEGATION_SORTS: dict[str, Callable[[DelegationRow], Any]] = {
    "name": lambda row: row.name.casefold(),
    "kind": lambda row: row.kind.label,
    "country": lambda row: row.country.casefold(),
    "members": lambda row: row.members,
}


def vocabulary_value(vocabulary: type[VocabularyT], value: object) -> VocabularyT | None:
    """A combo box's item data as the vocabulary's member.

    Qt keeps a StrEnum member as its plain text value, and the services want the member.
    """
    return None if value is None else vocabulary(str(value))


def accreditation_colour(status: AccreditationStatus) -> QColor:
    return status_colour(STATUS_KIND[status])


def delegation_columns() -> list[Column[DelegationRow]]:
    return [
        Column("Name", lambda row: row.name, "name", width=260),
        Column("Kind", lambda row: row.kind, "kind", width=140),
        Column("Country", lambda row: row.country, "country", width=180),
        Column("Members", lambda row: row.members, "members", align_right=True, width=90),
        Column("Notes", lambda row: row.notes.split("\n", 1)[0]),
    ]


# The number of the Delegation column, hidden while one delegation's members are shown.
DELEGATION_COLUMN = 1


def member_columns() -> list[Column[MemberRow]]:
    return [
        Column("Full name", lambda row: row.full_name, "full_name", width=220),
        Column("Delegation", lambda row: row.delegation, "delegation", width=170),
        Column("Position", lambda row: row.position, "position", width=200),
        Column("Role", lambda row: row.role, "role", width=120),
        Column("Team", lambda row: row.team, "team", width=70),
        Column(
            "Accreditation",
            lambda row: row.accreditation_status,
            "accreditation_status",
            foreground=lambda row: accreditation_colour(row.accreditation_status),
            tooltip=lambda row: f"No. {row.accreditation_no}" if row.accreditation_no else None,
            width=120,
        ),
        Column("Arrival", lambda row: row.arrival, "arrival", width=95),
        Column("Departure", lambda row: row.departure, "departure", width=95),
    ]


def delegations_page(rows: list[DelegationRow], request: PageRequest) -> Page[DelegationRow]:
    """One page of the delegations, sorted as asked.

    A mission has tens of delegations and the service returns them all (by name), so
    sorting them here costs nothing; members, who may be many, are sorted in SQL.
    """
    key = DELEGATION_SORTS.get(request.sort)
    if key is not None:
        rows = sorted(rows, key=key, reverse=request.descending)
    return Page(rows[request.offset : request.offset + request.limit], len(rows), request.offset)


def reload_sorted(records: RecordList) -> None:
    """Reload a list, sorted by its first column until the user sorts by another.

    Without a sort chosen, a table view hands its model the header's default order,
    which is descending; a list of names reads from A.
    """
    if records.table.horizontalHeader().sortIndicatorSection() < 0:
        records.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    else:
        records.model.reload()


def hint_label() -> QLabel:
    """A quiet line under a list saying what to do while it is empty."""
    hint = QLabel()
    hint.setObjectName("countLabel")
    hint.setWordWrap(True)
    hint.hide()
    return hint


def filter_box(everything: str, choices: Sequence[Vocabulary]) -> QComboBox:
    """A filter over a vocabulary: `everything` (no filter) first, then each value."""
    box = QComboBox()
    box.addItem(everything, None)
    for choice in choices:
        box.addItem(choice.label, choice)
    return box


def filter_row(title: QLabel, boxes: Sequence[tuple[str, QComboBox]]) -> QHBoxLayout:
    """A section title on the left, and the list's filters, each with its caption, right."""
    row = QHBoxLayout()
    row.addWidget(title)
    row.addStretch(1)
    for caption, box in boxes:
        label = QLabel(caption)
        label.setBuddy(box)
        row.addSpacing(8)
        row.addWidget(label)
        row.addWidget(box)
    return row


def column(*parts: QWidget | QHBoxLayout, above: int = 0, below: int = 0) -> QWidget:
    """Widgets and rows stacked in a widget (a side of a splitter); the list among them grows."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, above, 0, below)
    for part in parts:
        if isinstance(part, QHBoxLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if isinstance(part, RecordList) else 0)
    return holder


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def member_delete_question(name: str, delegation: str, meetings: int) -> str:
    """The confirmation before deleting a member, saying what goes with them."""
    text = f"Delete {name} ({delegation}) from the mission?"
    if meetings:
        text += f"\n\n…and they will be taken off {plural(meetings, 'meeting')}."
    return text + "\n\nEdit > Undo can bring them back."


def line_editor(text: str = "", placeholder: str = "") -> QLineEdit:
    editor = QLineEdit(text)
    editor.setPlaceholderText(placeholder)
    return editor


def copy_of(fields: MemberFields) -> MemberFields:
    """What Duplicate starts from: the same delegation, role, dates and team, a new person.

    The copy is someone else, so what identifies a person (contacts, passport and
    accreditation numbers) is left empty and their accreditation starts as requested.
    """
    return MemberFields(
        full_name=f"{fields.full_name} (copy)",
        delegation_id=fields.delegation_id,
        position=fields.position,
        role=fields.role,
        accreditation_status=AccreditationStatus.REQUESTED,
        arrival=fields.arrival,
        departure=fields.departure,
        languages=fields.languages,
        team_id=fields.team_id,
    )


class GrowingDialog(RecordDialog[FieldsT]):
    """A form that grows to show its messages whole instead of clipping their lines."""

    def show_problems(self, problems: list[FieldProblem]) -> None:
        super().show_problems(problems)
        self.adjustSize()


class MemberDialog(GrowingDialog[MemberFields]):
    """New, edit or duplicate a member. Field names are the service's problem fields."""

    def __init__(
        self,
        title: str,
        save: Callable[[MemberFields], object],
        *,
        delegations: Sequence[tuple[int, str]],
        teams: Sequence[tuple[int, str]],
        fields: MemberFields,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(520)

        self.full_name = line_editor(fields.full_name, "as in the passport")
        self.delegation = QComboBox()
        self.delegation.setPlaceholderText("Choose a delegation…")
        for delegation_id, name in delegations:
            self.delegation.addItem(name, delegation_id)
        self.delegation.setCurrentIndex(self.delegation.findData(fields.delegation_id))
        self.position = line_editor(fields.position, "e.g. Member of Parliament")
        self.role: ChoiceField[MemberRole] = ChoiceField(MemberRole)
        self.role.set_choice(fields.role)
        self.accreditation_status: ChoiceField[AccreditationStatus] = ChoiceField(
            AccreditationStatus
        )
        self.accreditation_status.set_choice(fields.accreditation_status)
        self.accreditation_no = line_editor(fields.accreditation_no)
        self.passport_no = line_editor(fields.passport_no)
        self.arrival = DateField(required=False)
        self.arrival.set_date(fields.arrival)
        self.departure = DateField(required=False)
        self.departure.set_date(fields.departure)
        self.team = QComboBox()
        self.team.addItem(NO_TEAM, None)
        for team_id, label in teams:
            self.team.addItem(label, team_id)
        self.team.setCurrentIndex(max(self.team.findData(fields.team_id), 0))
        self.languages = line_editor(fields.languages, "e.g. Kyrgyz; Russian; English")
        self.email = line_editor(fields.email, "name@example.org")
        self.phone = line_editor(fields.phone, "+996 …")

        self.add_field("full_name", "Full name", self.full_name)
        self.add_field("delegation", "Delegation", self.delegation)
        self.add_field("position", "Position", self.position)
        self.add_field("role", "Mission role", self.role)
        self.add_field("accreditation_status", "Accreditation", self.accreditation_status)
        self.add_field("accreditation_no", "Accreditation no.", self.accreditation_no)
        self.add_field("passport_no", "Passport no.", self.passport_no)
        self.add_field("arrival", "Arrival", self.arrival)
        self.add_field("departure", "Departure", self.departure)
        self.add_field("team", "Team", self.team)
        self.add_field("languages", "Languages", self.languages)
        self.add_field("email", "E-mail", self.email)
        self.add_field("phone", "Phone", self.phone)
        for narrow in (self.arrival, self.departure):
            narrow.setMaximumWidth(160)

        if read_only:
            self.setWindowTitle(f"{title} (read-only)")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.full_name.setFocus()

    def fields(self) -> MemberFields:
        return MemberFields(
            full_name=self.full_name.text(),
            delegation_id=self.delegation.currentData(),
            position=self.position.text(),
            role=vocabulary_value(MemberRole, self.role.choice()) or MemberRole.OBSERVER,
            email=self.email.text(),
            phone=self.phone.text(),
            passport_no=self.passport_no.text(),
            accreditation_no=self.accreditation_no.text(),
            accreditation_status=(
                vocabulary_value(AccreditationStatus, self.accreditation_status.choice())
                or AccreditationStatus.REQUESTED
            ),
            arrival=self.arrival.date_value(),
            departure=self.departure.date_value(),
            languages=self.languages.text(),
            team_id=self.team.currentData(),
        )


class DelegationDialog(GrowingDialog[DelegationFields]):
    """New or edit a delegation: its name, kind, country and notes."""

    def __init__(
        self,
        title: str,
        save: Callable[[DelegationFields], object],
        fields: DelegationFields,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.setMinimumWidth(460)
        self.name = line_editor(fields.name, "e.g. Republic of Azerbaijan")
        self.kind: ChoiceField[DelegationKind] = ChoiceField(DelegationKind)
        self.kind.set_choice(fields.kind)
        self.country = line_editor(fields.country)
        self.notes = text_editor(3)
        self.notes.setMaximumHeight(self.notes.minimumHeight() * 2)
        self.notes.setPlainText(fields.notes)
        self.add_field("name", "Name", self.name)
        self.add_field("kind", "Kind", self.kind)
        self.add_field("country", "Country", self.country)
        self.add_field("notes", "Notes", self.notes)
        if read_only:
            self.setWindowTitle(f"{title} (read-only)")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.name.setFocus()

    def fields(self) -> DelegationFields:
        return DelegationFields(
            name=self.name.text(),
            kind=vocabulary_value(DelegationKind, self.kind.choice())
            or DelegationKind.MEMBER_STATE,
            country=self.country.text(),
            notes=self.notes.toPlainText(),
        )
