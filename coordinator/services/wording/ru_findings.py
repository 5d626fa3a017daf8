"""The Russian words of the checklist's findings per phase: where the stations were
observed, the sentences' leads, and a phase's paragraph (absent, affirmed, negative)."""

from __future__ import annotations

from coordinator.db.enums import Phase
from coordinator.services.wording.facts import Names
from coordinator.services.wording.findings import PhaseFindings
from coordinator.services.wording.ru_grammar import (
    STATION,
    genitive_of,
    join,
    oblique_number,
    prepositional_of,
)
from coordinator.services.wording.ru_words import WORDS

WHERE = {
    Phase.OPENING: "где велось наблюдение за открытием",
    Phase.VOTING: "посещённых в ходе голосования",
    Phase.COUNTING: "где велось наблюдение за подсчётом голосов",
    Phase.TABULATION: "где велось наблюдение за подведением итогов",
}
LEAD = {
    Phase.OPENING: "При наблюдении за открытием Миссия отметила, что",
    Phase.VOTING: "В ходе голосования Миссия отметила, что",
    Phase.COUNTING: "При подсчёте голосов Миссия отметила, что",
    Phase.TABULATION: "На этапе подведения итогов Миссия отметила, что",
}
# Leads of the further sentences of a phase's findings, varied as an editor would.
MORE = ("Миссия также отметила, что", "Кроме того, было отмечено, что")


def all_stations(total: int) -> str:
    """ "обоих избирательных участках", "всех 16 избирательных участках" (after "на")."""
    return f"обоих {STATION.prep_pl}" if total == 2 else f"всех {prepositional_of(total, STATION)}"


def observers(kinds: list[str]) -> str:
    """ "национальных и международных наблюдателей": one noun for both."""
    adjectives = [kind.removesuffix(" наблюдателей") for kind in kinds]
    return f"{join(adjectives)} наблюдателей"


def phase_text(found: PhaseFindings, names: Names) -> str:
    phase, total = found.phase, found.stations
    if total == 1:
        everywhere = f"На единственном избирательном участке, {WHERE[phase]},"
    else:
        everywhere = f"На {all_stations(total)}, {WHERE[phase]},"
    sentences = []
    absent = [WORDS[q.code].clause for q in found.absent]
    if absent:
        sentences.append(
            f"{everywhere} Миссия не выявила {join(absent, ', а также', comma=False)}."
        )
    affirmed = [WORDS[q.code].clause for q in found.affirmed]
    for index, chunk in enumerate(found.chunks(affirmed)):
        lead = LEAD[phase] if index == 0 else MORE[(index - 1) % len(MORE)]
        sentences.append(f"{lead} {join(chunk, ', а также', comma=False)}.")
    for question in found.negative:
        count = question.negative_stations
        if count == total:
            where = everywhere.rstrip(",")
        else:
            some = oblique_number(count, "prep")
            where = f"На {some} из {genitive_of(total, STATION)}, {WHERE[phase]}"
        if question.words is None:
            values = join([f"«{v}»" for v in question.negative_values], "или")
            text = names.of(question.text)
            sentences.append(f"{where}, наблюдатели ответили {values} на вопрос «{text}».")
        else:
            sentences.append(f"{where}, {WORDS[question.code].found}.")
    return " ".join(sentences)
