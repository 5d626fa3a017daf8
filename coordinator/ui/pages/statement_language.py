"""The Statement page's language bar: which language's sections are shown, and the
button that opens the translations of the mission's names into it.

The list holds the mission's statement languages (its own first), then the others a
draft can be written in, so a coordinator can draft a statement in a new language.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from coordinator.services.wording import DRAFT_LANGUAGES
from coordinator.ui import icons


class LanguageBar(QWidget):
    """A language selector and a "names in this language" button."""

    chosen = Signal(str)  # a language picked by the coordinator
    names_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.languages: list[str] = []
        self.box = QComboBox()
        self.box.setObjectName("statementLanguage")
        self.box.setToolTip(
            "The statement's language: each has its own sections, and Draft from data "
            "writes the one chosen"
        )
        self.box.currentIndexChanged.connect(self._picked)
        self.names_button = QToolButton()
        self.names_button.setIcon(icons.icon("edit"))
        self.names_button.setAutoRaise(True)
        self.names_button.setToolTip(
            "How the statement in this language writes the mission's names"
        )
        self.names_button.clicked.connect(self.names_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.names_button)

    def fill(self, languages: list[str], current: str | None) -> str:
        """Offer `languages` (the mission's) and the draft languages; show `current`
        (else the first) without signalling; return the language shown."""
        self.languages = list(languages)
        codes = [*languages, *(code for code in DRAFT_LANGUAGES if code not in languages)]
        shown = current if current in codes else codes[0]
        self.box.blockSignals(True)
        try:
            self.box.clear()
            for code in codes:
                self.box.addItem(f"{DRAFT_LANGUAGES.get(code, code)} ({code})", code)
            self.box.setCurrentIndex(codes.index(shown))
        finally:
            self.box.blockSignals(False)
        self._enable(shown)
        return shown

    def _enable(self, language: str) -> None:
        # The mission's own language writes names as typed: nothing to translate.
        self.names_button.setEnabled(bool(self.languages) and language != self.languages[0])

    def _picked(self, index: int) -> None:
        code = self.box.itemData(index)
        if code is not None:
            self._enable(str(code))
            self.chosen.emit(str(code))
