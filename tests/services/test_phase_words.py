"""Phases and assessments are worded once, in the words an observation mission's own
documents use, and read the same on the field form, the paper checklist and the annexes."""

from __future__ import annotations

import pytest

from coordinator.db.enums import Assessment, Phase
from coordinator.db.text import fold
from coordinator.reports.words import say
from coordinator.services.form_words import WORDS, names_by_label, words_for

PHASES = {
    # OSCE/ODIHR's Russian texts.
    "ru": ("Открытие", "Голосование", "Подсчёт голосов", "Подведение итогов"),
    # The Turkish Supreme Election Council's.
    "tr": ("Açılış", "Oy verme", "Oy sayımı", "Birleştirme"),
    "en": ("Opening", "Voting", "Counting", "Tabulation"),
}
ASSESSMENTS = {
    "ru": ("Очень хорошо", "Хорошо", "Плохо", "Очень плохо"),
    "tr": ("Çok iyi", "İyi", "Kötü", "Çok kötü"),
    "en": ("Very good", "Good", "Bad", "Very bad"),
}


@pytest.mark.parametrize("language", ["en", "ru", "tr"])
def test_the_form_the_checklist_and_the_annexes_word_a_phase_alike(language: str) -> None:
    words = words_for(language)
    assert tuple(words[phase.value] for phase in Phase) == PHASES[language]
    assert tuple(say(language, phase.label) for phase in Phase) == PHASES[language]
    assert tuple(words[a.value] for a in Assessment) == ASSESSMENTS[language]
    assert tuple(say(language, a.label) for a in Assessment) == ASSESSMENTS[language]


def test_a_language_without_words_prints_them_in_english() -> None:
    assert [say("kk", phase.label) for phase in Phase] == list(PHASES["en"])
    assert words_for("kk") is WORDS["en"]


def test_the_former_words_are_still_read_from_an_export() -> None:
    """A form written before the words were one table said "Oylama" and "Сведение итогов"."""
    labels = names_by_label(phase.value for phase in Phase)
    read = {label: labels[fold(label)] for label in ("Oylama", "Oy verme", "Sayım", "Oy sayımı")}
    assert read == {
        "Oylama": "voting",
        "Oy verme": "voting",
        "Sayım": "counting",
        "Oy sayımı": "counting",
    }
    assert labels[fold("Сведение итогов")] == labels[fold("Подведение итогов")] == "tabulation"
