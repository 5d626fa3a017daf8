"""Russian agreement: a noun's form after a number (by CLDR's plural rules, from Babel),
numbers in words, and the case of a name typed in the nominative.

A statement puts names into the genitive ("по приглашению Центральной комиссии") and the
instrumental ("за выборами депутатов"). Official names start with their head: adjectives,
then the noun, then words already in the genitive ("Организация тюркских государств",
"Республика Казахстан"); only that head changes. A name whose head is not recognised is
left as typed, and `Inflected.sure` is False so the draft marks it for the translator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coordinator.db.enums import Severity
from coordinator.services.wording import plural_category

GENITIVE, INSTRUMENTAL = "gen", "ins"


@dataclass(frozen=True)
class Noun:
    """A noun phrase's forms for counting: after 1, after 2 to 4, after 5 and more
    (1 участок, 2 участка, 5 участков); its genitive singular (из 21 участка), and its
    prepositional singular and plural (на 21 участке, на 5 участках)."""

    nom: str
    few: str
    gen_pl: str
    gen: str
    prep: str
    prep_pl: str
    gender: str = "m"


STATION = Noun(
    "избирательный участок",
    "избирательных участка",
    "избирательных участков",
    "избирательного участка",
    "избирательном участке",
    "избирательных участках",
)
LOCALITY = Noun(
    "населённый пункт",
    "населённых пункта",
    "населённых пунктов",
    "населённого пункта",
    "населённом пункте",
    "населённых пунктах",
)
INCIDENT = Noun("инцидент", "инцидента", "инцидентов", "инцидента", "инциденте", "инцидентах")
MINOR_INCIDENT = Noun(
    "незначительный инцидент",
    "незначительных инцидента",
    "незначительных инцидентов",
    "незначительного инцидента",
    "незначительном инциденте",
    "незначительных инцидентах",
)
SEVERE = {
    Severity.SERIOUS: Noun(
        "серьёзный инцидент",
        "серьёзных инцидента",
        "серьёзных инцидентов",
        "серьёзного инцидента",
        "серьёзном инциденте",
        "серьёзных инцидентах",
    ),
    Severity.CRITICAL: Noun(
        "критический инцидент",
        "критических инцидента",
        "критических инцидентов",
        "критического инцидента",
        "критическом инциденте",
        "критических инцидентах",
    ),
    Severity.MINOR: MINOR_INCIDENT,
}
VISIT = Noun("посещение", "посещения", "посещений", "посещения", "посещении", "посещениях", "n")
MEETING = Noun("встреча", "встречи", "встреч", "встречи", "встрече", "встречах", "f")
ITEM = Noun(
    "важный момент",
    "важных момента",
    "важных моментов",
    "важного момента",
    "важном моменте",
    "важных моментах",
)

_WORDS = {
    "m": ("один", "два"),
    "f": ("одна", "две"),
    "n": ("одно", "два"),
}
_SMALL = ("три", "четыре", "пять", "шесть", "семь", "восемь", "девять")


def number_word(count: int, gender: str = "m") -> str:
    """One to nine in words, as running text writes them; larger numbers in digits."""
    if count in (1, 2):
        return _WORDS[gender][count - 1]
    if 3 <= count <= 9:
        return _SMALL[count - 3]
    return f"{count:,}".replace(",", "\u00a0")


def counted(count: int, noun: Noun, *, accusative: bool = False) -> str:
    """ "один избирательный участок", "два избирательных участка", "21 избирательный
    участок": the nominative (or the accusative) of an inanimate noun after a number."""
    category = plural_category("ru", count)
    form = {"one": noun.nom, "few": noun.few}.get(category, noun.gen_pl)
    number = number_word(count, noun.gender)
    if accusative and category == "one" and noun.gender == "f":
        # "провела одну встречу", "21 встречу"
        form = noun.nom[:-1] + ("ю" if noun.nom.endswith("я") else "у")
        number = number.replace("одна", "одну")
    return f"{number} {form}"


# Genitive and prepositional of one to nine ("из двух", "на пяти"); "одного"/"одном"
# follow the noun's gender.
_OBLIQUE = ("двух", "трёх", "четырёх", "пяти", "шести", "семи", "восьми", "девяти")
_ONE = {"gen": {"f": "одной"}, "prep": {"f": "одной"}}


def oblique_number(count: int, case: str, gender: str = "m") -> str:
    """One to nine in words in the genitive ("gen") or prepositional ("prep"), as running
    text writes them ("на одном из двух", "из пяти"); larger numbers in digits."""
    if count == 1:
        return _ONE[case].get(gender, "одного" if case == "gen" else "одном")
    if 2 <= count <= 9:
        return _OBLIQUE[count - 2]
    return f"{count:,}".replace(",", "\u00a0")


def genitive_of(count: int, noun: Noun) -> str:
    """ "из 16 избирательных участков", "из 21 избирательного участка", "из двух
    избирательных участков"."""
    form = noun.gen if plural_category("ru", count) == "one" else noun.gen_pl
    return f"{oblique_number(count, 'gen', noun.gender)} {form}"


def prepositional_of(count: int, noun: Noun) -> str:
    """ "на 16 избирательных участках", "на 21 избирательном участке", "на пяти
    избирательных участках"."""
    form = noun.prep if plural_category("ru", count) == "one" else noun.prep_pl
    return f"{oblique_number(count, 'prep', noun.gender)} {form}"


def join(items: list[str], last: str = "и", *, comma: bool = True) -> str:
    """ "A, B и C"; with last=", а также" and comma=False: "A, B, а также C"."""
    listed = [item for item in items if item]
    if len(listed) <= 1:
        return "".join(listed)
    space = " " if comma else ""
    return f"{', '.join(listed[:-1])}{space}{last} {listed[-1]}"


# --- the case of a name ----------------------------------------------------------------------

_HUSHING = "гкхжшщч"
# Nominative adjective endings: (gender/number, genitive, instrumental).
_ADJECTIVES = (
    ("ая", "f", "ой", "ой"),
    ("яя", "f", "ей", "ей"),
    ("ый", "m", "ого", "ым"),
    ("ой", "m", "ого", "ым"),
    ("ий", "m", "его", "им"),
    ("ое", "n", "ого", "ым"),
    ("ее", "n", "его", "им"),
    ("ые", "p", "ых", "ыми"),
    ("ие", "p", "их", "ими"),
)
# Plural heads an election's title starts with.
_PLURAL_NOUNS = {"выборы": ("выборов", "выборами")}


@dataclass(frozen=True)
class Inflected:
    text: str
    gender: str  # "m", "f", "n" or "p" (plural): for the verb that agrees with the name
    sure: bool  # False: left as typed, for the translator to check


def _adjective(word: str) -> tuple[str, str, str] | None:
    lower = word.casefold()
    for ending, gender, genitive, instrumental in _ADJECTIVES:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            stem = word[: -len(ending)]
            if ending == "ий" and stem[-1:].casefold() in "гкх":
                return gender, stem + "ого", stem + "им"
            return gender, stem + genitive, stem + instrumental
    return None


def _noun(word: str) -> tuple[str, str, str] | None:
    """The head noun's gender, genitive and instrumental."""
    lower = word.casefold()
    if lower in _PLURAL_NOUNS:
        gen, ins = _PLURAL_NOUNS[lower]
        return "p", word[0] + gen[1:], word[0] + ins[1:]
    stem, last = word[:-1], lower[-1:]
    if lower.endswith("ия"):
        return "f", stem + "и", stem + "ей"
    if lower.endswith("ие"):
        return "n", stem + "я", stem + "ем"
    if last == "а":
        hushing = stem[-1:].casefold() in _HUSHING
        return (
            "f",
            stem + ("и" if hushing else "ы"),
            stem + ("ей" if stem[-1:] in "жшщчц" else "ой"),
        )
    if last == "я":
        return "f", stem + "и", stem + "ей"
    if last == "о":
        return "n", stem + "а", stem + "ом"
    if last == "й":
        return "m", stem + "я", stem + "ем"
    if re.fullmatch(r"[бвгджзклмнпрстфхцчшщ]", last):
        hushing = last in "жшщчц"
        return "m", word + "а", word + ("ем" if hushing else "ом")
    return None


def inflect(name: str, case: str) -> Inflected:
    """`name` (nominative, head first) in the genitive or instrumental."""
    words = name.split(" ")
    if not words or not re.search(r"[а-яё]", name, re.IGNORECASE):
        return Inflected(name, "m", False)
    if words[0].isupper() and len(words[0]) > 1:  # an abbreviation: "ЦИК", "ОТГ"
        return Inflected(name, "m", True)
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        adjective = _adjective(word)
        # "-ие" is a plural adjective before a plural noun ("Парламентские выборы"),
        # else a neuter noun ("Народное собрание").
        if adjective and not (
            adjective[0] == "p" and not following.casefold().endswith(("ы", "и"))
        ):
            out.append(adjective[1] if case == GENITIVE else adjective[2])
            index += 1
            continue
        noun = _noun(word)
        if noun is None:
            return Inflected(name, "m", False)
        gender, gen, ins = noun
        out.append(gen if case == GENITIVE else ins)
        return Inflected(" ".join([*out, *words[index + 1 :]]), gender, True)
    return Inflected(name, "m", False)


def lower_first(text: str) -> str:
    """ "выборы депутатов …" inside a sentence; a name that starts with a proper name
    ("Кыргызская Республика") is written as typed."""
    first = text.split(" ", 1)[0].casefold()
    common = (
        first in _PLURAL_NOUNS
        or first.startswith(
            (
                "досрочн",
                "внеочередн",
                "повторн",
                "парламентск",
                "президентск",
                "местн",
                "референдум",
            )
        )
        or first in ("выборов", "выборами")
    )
    return text[:1].lower() + text[1:] if common else text
