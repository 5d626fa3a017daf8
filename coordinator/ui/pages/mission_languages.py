"""The Mission page's row of statement languages: the mission's own language first (set by
the Language field), then the others the statement is written in, added and removed here.

A language is typed as a code or picked among those a draft can be written in (en, ru,
tr); each change is one undo step. Removing a language keeps its sections in the file: it
is only no longer one of the statement's languages.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from coordinator.errors import UserError
from coordinator.services.errors import ValidationError
from coordinator.services.statement_languages import (
    language_code,
    set_statement_languages,
    statement_languages,
)
from coordinator.services.wording import DRAFT_LANGUAGES
from coordinator.ui.context import MissionContext

MISSION = "mission"


def _shown(code: str) -> str:
    """ "Русский (ru)" for a language a draft can be written in, else the code alone."""
    return f"{DRAFT_LANGUAGES[code]} ({code})" if code in DRAFT_LANGUAGES else code


class StatementLanguages(QWidget):
    """The statement's languages in a row, with a code box, Add and Remove."""

    def __init__(self, context: MissionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.languages: list[str] = []
        label = QLabel("Statement languages")
        self.list = QListWidget()
        self.list.setObjectName("statementLanguages")
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setFixedHeight(30)
        self.list.setSpacing(3)
        self.list.setToolTip(
            "The languages the statement is written in; the first is the mission's Language"
        )
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.code = QComboBox()
        self.code.setObjectName("statementLanguageCode")
        self.code.setEditable(True)
        self.code.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.code.setMinimumWidth(130)
        typed = QLineEdit()
        typed.setPlaceholderText("ru, tr, kk…")
        self.code.setLineEdit(typed)
        typed.returnPressed.connect(self.add)
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Add the language typed or picked beside")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("The language's sections stay in the file")
        self.remove_button.clicked.connect(self.remove)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.code)
        layout.addWidget(self.add_button)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.error, 1)
        if context.read_only:
            for widget in (self.code, self.add_button, self.remove_button):
                widget.hide()

    def reload(self) -> None:
        self.languages = self.context.query(statement_languages)
        self.list.clear()
        for index, code in enumerate(self.languages):
            item = QListWidgetItem(_shown(code))
            if index == 0:
                item.setToolTip("The mission's Language: change it in the field above")
            self.list.addItem(item)
        self.code.clear()
        self.code.addItems([c for c in DRAFT_LANGUAGES if c not in self.languages])
        self.code.setCurrentIndex(-1)
        self._enable()

    def _enable(self) -> None:
        # The first language is the mission's own: it is changed in the Language field.
        self.remove_button.setEnabled(self.list.currentRow() > 0)

    def add(self) -> None:
        code = language_code(self.code.currentText())
        if not code:
            self._show_error("Type a language code such as ru or tr, or pick one.")
            return
        if code in self.languages:
            self._show_error(f"{_shown(code)} is one of the statement's languages already.")
            return
        self._change([*self.languages[1:], code], f"Add {_shown(code)} to the statement")

    def remove(self) -> None:
        row = self.list.currentRow()
        if row <= 0:
            return
        code = self.languages[row]
        others = [c for c in self.languages[1:] if c != code]
        self._change(others, f"Remove {_shown(code)} from the statement")

    def _change(self, others: list[str], text: str) -> None:
        old = self.languages[1:]
        try:
            self.context.perform(
                text,
                lambda: self.context.write(MISSION, set_statement_languages, others),
                lambda: self.context.write(MISSION, set_statement_languages, old),
            )
        except ValidationError as error:
            self._show_error(error.for_field("statement_languages") or str(error))
            return
        except UserError as error:
            self._show_error(str(error))
            return
        self.error.hide()
        self.reload()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
