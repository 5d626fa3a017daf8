"""The debrief note form: date, team or author, topic, the text, and the statement flag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from coordinator.services.debrief import DebriefFields
from coordinator.services.teams import TeamRow
from coordinator.ui.forms import DateField, RecordDialog, check_box, grow_to_fit, text_editor


class DebriefDialog(RecordDialog[DebriefFields]):
    """New or edit a debrief note; the date and the text are required."""

    def __init__(
        self,
        title: str,
        save: Callable[[DebriefFields], object],
        teams: list[TeamRow],
        fields: DebriefFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, save, parent)
        self.date = DateField(required=True)
        self.team = QComboBox()
        self.team.addItem("— no team —", None)
        for team in teams:
            self.team.addItem(f"{team.code}  ·  {team.area}" if team.area else team.code, team.id)
        self.author = QLineEdit()
        self.author.setPlaceholderText("Who reported it")
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("Opening, voting, counting, accessibility…")
        self.text = text_editor(9)
        self.for_statement = check_box("Use this note for the statement")
        self.add_field("date", "Date", self.date)
        self.add_field("team", "Team", self.team)
        self.add_field("author", "Author", self.author)
        self.add_field("topic", "Topic", self.topic)
        self.add_field("text", "Text", self.text)
        self.add_field("for_statement", "", self.for_statement)
        self.resize(640, 480)
        if fields is not None:
            self.date.set_date(fields.date)
            self.team.setCurrentIndex(max(self.team.findData(fields.team_id), 0))
            self.author.setText(fields.author)
            self.topic.setText(fields.topic)
            self.text.setPlainText(fields.text)
            self.for_statement.setChecked(fields.for_statement)

    def adjustSize(self) -> None:  # noqa: N802 (Qt's name)
        grow_to_fit(self)

    def fields(self) -> DebriefFields:
        return DebriefFields(
            date=self.parse("date", self.date.date_value),
            team_id=self.team.currentData(),
            author=self.author.text(),
            topic=self.topic.text(),
            text=self.text.toPlainText(),
            for_statement=self.for_statement.isChecked(),
        )
