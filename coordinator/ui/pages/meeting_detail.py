"""The selected meeting in full, below the meetings list.

Interlocutors, participants and summary on the left; the key points on the right, each
with a "for the statement" check box. The panel only shows and asks: ticking a box
emits `key_point_toggled`, and the page saves it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coordinator.services.meeting_view import MeetingView


def _label(text: str, name: str = "", *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class MeetingDetail(QScrollArea):
    """The selected meeting in full; its key points can be ticked for the statement."""

    key_point_toggled = Signal(int, bool)  # key point id, for the statement

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.read_only = False
        self.meeting_id: int | None = None
        self.checks: dict[int, QCheckBox] = {}
        self._content: QWidget | None = None
        self.show_meeting(None)

    def show_meeting(self, view: MeetingView | None, *, empty_text: str = "") -> None:
        keep_scroll = view is not None and view.id == self.meeting_id
        scroll = self.verticalScrollBar().value()
        if self._content is not None:
            # The check box that was just clicked may be among these: delete it later.
            self.takeWidget()
            self._content.deleteLater()
        self.checks = {}
        self.meeting_id = view.id if view else None
        self._content = self._build(view, empty_text)
        self.setWidget(self._content)
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)

    def _build(self, view: MeetingView | None, empty_text: str) -> QWidget:
        content = QWidget()
        if view is None:
            box = QVBoxLayout(content)
            hint = _label(empty_text or "Select a meeting to see who took part and what was said.")
            hint.setObjectName("countLabel")
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(hint)
            return content
        grid = QGridLayout(content)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(24)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(_label(view.heading, "sectionTitle"), 0, 0, 1, 2)
        left, right = QVBoxLayout(), QVBoxLayout()
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        grid.setRowStretch(2, 1)
        self._section(left, "Location", [view.location or "not recorded"])
        self._section(left, "Interlocutors", list(view.interlocutors) or ["none recorded"])
        self._section(
            left, "Mission participants", [", ".join(view.participants) or "none recorded"]
        )
        self._section(left, "Summary", [view.summary or "no summary yet"])
        left.addStretch()
        flagged = sum(1 for _, _, f in view.key_points if f)
        title = f"Key points ({flagged} of {len(view.key_points)} for the statement)"
        right.addWidget(
            _label(title if view.key_points else "Key points", "detailHeading", bold=True)
        )
        if not view.key_points:
            right.addWidget(_label("None recorded. Edit the meeting to add what was learnt."))
        points = QGridLayout()
        points.setColumnStretch(1, 1)
        points.setVerticalSpacing(8)
        points.setHorizontalSpacing(10)
        for number, (point_id, text, for_statement) in enumerate(view.key_points):
            points.addWidget(_label(f"{number + 1}."), number, 0, Qt.AlignmentFlag.AlignTop)
            points.addWidget(_label(text), number, 1, Qt.AlignmentFlag.AlignTop)
            check = QCheckBox("for the statement")
            check.setChecked(for_statement)
            check.setEnabled(not self.read_only)
            check.toggled.connect(
                lambda flag, point=point_id: self.key_point_toggled.emit(point, flag)
            )
            points.addWidget(check, number, 2, Qt.AlignmentFlag.AlignTop)
            self.checks[point_id] = check
        right.addLayout(points)
        right.addStretch()
        return content

    @staticmethod
    def _section(box: QVBoxLayout, title: str, lines: list[str]) -> None:
        box.addWidget(_label(title, "detailHeading", bold=True))
        for line in lines:
            box.addWidget(_label(line))
        box.addSpacing(6)
