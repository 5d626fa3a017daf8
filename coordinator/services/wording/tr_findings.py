"""The Turkish words of the checklist's findings per phase, and the small words every
Turkish sentence of the draft uses: numbers (one to nine in words, no plural after
them), lists joined with "ve", a capital that knows "i" and "İ"."""

from __future__ import annotations

from coordinator.db.enums import Phase
from coordinator.services.wording.facts import Names
from coordinator.services.wording.findings import PhaseFindings
from coordinator.services.wording.tr_words import WORDS

_NUMBERS = ("bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
# "Heyetin <…> 16 sandık": where the stations of each phase were observed.
OBSERVED = {
    Phase.OPENING: "açılışını gözlemlediği",
    Phase.VOTING: "oy verme sürecinde ziyaret ettiği",
    Phase.COUNTING: "oy sayımını gözlemlediği",
    Phase.TABULATION: "sonuçların birleştirilmesini gözlemlediği",
}
LEAD = {
    Phase.OPENING: "Sandıkların açılışında",
    Phase.VOTING: "Oy verme sürecinde",
    Phase.COUNTING: "Oy sayımında",
    Phase.TABULATION: "Sonuçların birleştirilmesinde",
}

MORE = ("Heyet ayrıca şunları tespit etmiştir:", "Bunun yanı sıra şu hususlar gözlemlenmiştir:")


def number(count: int) -> str:
    """One to nine in words, larger numbers in digits (no plural follows either)."""
    return _NUMBERS[count - 1] if 1 <= count <= 9 else f"{count:,}".replace(",", ".")


def join(items: list[str], last: str = "ve") -> str:
    listed = [item for item in items if item]
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} {last} {listed[-1]}"


def capital(text: str) -> str:
    return {"i": "İ", "ı": "I"}.get(text[:1], text[:1].upper()) + text[1:]


def phase_text(found: PhaseFindings, names: Names) -> str:
    phase, total = found.phase, found.stations
    observed = f"Heyetin {OBSERVED[phase]}"
    sentences = []
    absent = [WORDS[q.code].clause for q in found.absent]
    if absent:
        where = "tek sandıkta" if total == 1 else f"{number(total)} sandığın hiçbirinde"
        sentences.append(
            f"{observed} {where} herhangi bir {join(absent, 'veya')} tespit edilmemiştir."
        )
    affirmed = [WORDS[q.code].clause for q in found.affirmed]
    for index, chunk in enumerate(found.chunks(affirmed)):
        # Leads varied as an editor would, never the same one twice in a row.
        lead = LEAD[phase] if index == 0 else MORE[(index - 1) % len(MORE)]
        if index == 0:
            lead += " Heyet şunları tespit etmiştir:"
        sentences.append(f"{lead} {'; '.join(chunk)}.")
    for question in found.negative:
        count = question.negative_stations
        if total == 1:
            where = f"{observed} tek sandıkta"
        elif count == total:
            where = f"{observed} {number(total)} sandığın tamamında"
        else:
            where = f"{observed} {number(total)} sandığın {number(count)} tanesinde"
        if question.words is None:
            values = join([f"“{v}”" for v in question.negative_values], "veya")
            sentences.append(
                f"{where} gözlemciler “{names.of(question.text)}” sorusuna {values} cevabını "
                "vermiştir."
            )
        else:
            sentences.append(f"{where} {WORDS[question.code].found}.")
    return capital(" ".join(sentences))
