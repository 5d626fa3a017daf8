"""What the statement is made of: its sections with their sources, and its placeholders.

A section's text may hold placeholders such as `{stations_visited}` or `{localities}`,
filled from the mission's data when the statement is printed, so that a number in an
edited statement still follows the data. `{{` and `}}` print a single brace. Anything
else in braces that looks like a name but is not one of `PLACEHOLDERS` is reported,
never printed raw. docs/placeholders.md lists them for coordinators.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coordinator.db.enums import DelegationKind, Phase
from coordinator.db.models import Mission
from coordinator.services.statistics import CompositionCounts, Coverage
from coordinator.services.unit import format_date


class SourceKind(enum.StrEnum):
    """Where a sentence of the draft came from; `label` is what the Statement page shows."""

    MISSION = "mission"
    DELEGATIONS = "delegations"
    MEETING = "meeting"
    KEY_POINT = "key_point"
    VISITS = "visits"
    CHECKLIST_QUESTION = "checklist_question"
    INCIDENTS = "incidents"
    DEBRIEF_NOTE = "debrief_note"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Source:
    """Records (by id) or facts (by name: mission fields, placeholders) behind a section."""

    kind: SourceKind
    record_ids: tuple[int, ...] = ()
    facts: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class DraftSection:
    """A section of the draft statement.

    `topic` names the section for the coordinator ("Invitation"); `title` is the heading
    printed above it, empty in the draft because the reference statement has none.
    """

    topic: str
    title: str
    text: str
    sources: tuple[Source, ...]
    # What a translator must check in a draft in another language ("" when nothing):
    # names without a translation, text the coordinator typed in the mission's language.
    check: str = ""


@dataclass(frozen=True)
class PrintedSection:
    """A section as it is printed: placeholders filled."""

    title: str
    text: str


PLACEHOLDERS: dict[str, str] = {
    "mission_name": "the mission's name (Mission page)",
    "organisation": "the organisation's full name",
    "organisation_short": "the organisation's short name (its full name when there is none)",
    "election": "the election's title",
    "country": "the country holding the election",
    "election_day": 'the election day, written "17 November 2024"',
    "invited_by": "the body that invited the mission",
    "head_of_mission": "the head of mission's name",
    "statement_place": "where the statement is issued",
    "statement_date": "the date of the statement",
    "mission_start": "the first day of the mission",
    "mission_end": "the last day of the mission",
    "delegations": 'the delegations with members, "A, B and C" (secretariat first)',
    "delegation_count": "how many delegations have members",
    "members": "how many people are on the mission",
    "stations_visited": "distinct polling stations visited (visits marked done)",
    "observations": "visits marked done (a station visited twice counts twice)",
    "localities": 'the localities of the stations visited, "Bishkek and Kant"',
    "locality_count": "how many localities the stations visited lie in",
    **{f"stations_{p.value}": f"distinct stations observed during {p.value}" for p in Phase},
    **{f"observations_{p.value}": f"observations of {p.value}" for p in Phase},
}

# `{{`, `}}`, or a name-like run in braces (letters, digits, spaces, _ and -; no line breaks).
_BRACED = re.compile(r"\{\{|\}\}|\{([^{}\n]{1,60})\}")
_NAME_LIKE = re.compile(r"[\w\s-]+")


def _placeholder_name(inside: str) -> str:
    """ "Stations visited" and "stations-visited" name {stations_visited}."""
    return re.sub(r"[\s-]+", "_", inside.strip()).casefold()


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in `text` that are not known, as typed (each once, in order)."""
    unknown: dict[str, None] = {}
    for match in _BRACED.finditer(text):
        inside = match.group(1)
        if inside is None or not _NAME_LIKE.fullmatch(inside):
            continue
        if _placeholder_name(inside) not in PLACEHOLDERS:
            unknown["{" + inside + "}"] = None
    return list(unknown)


def used_placeholders(text: str) -> list[str]:
    """The known placeholders `text` uses, by name."""
    used: dict[str, None] = {}
    for match in _BRACED.finditer(text):
        inside = match.group(1)
        if inside is not None and _placeholder_name(inside) in PLACEHOLDERS:
            used[_placeholder_name(inside)] = None
    return list(used)


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known placeholder replaced by its value.

    An unknown placeholder is left as typed: callers check `unknown_placeholders` first
    and report it (statement_sections_for_print does), so it never reaches paper.
    """

    def replace(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        name = _placeholder_name(match.group(1))
        return values[name] if name in PLACEHOLDERS and name in values else whole

    return _BRACED.sub(replace, text)


def literal(text: str) -> str:
    """User text put into a section as it is: its braces doubled, so that a debrief note
    saying "{sic}" prints as typed instead of being taken for a placeholder."""
    return text.replace("{", "{{").replace("}", "}}")


# --- words --------------------------------------------------------------------------------


def join_words(items: Iterable[str], last: str = "and") -> str:
    """ "A", "A and B", "A, B and C", as the reference statement lists delegations."""
    listed = [item for item in items if item]
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} {last} {listed[-1]}"


# Country names that take "the": "the Kyrgyz Republic", but "Azerbaijan".
_WITH_ARTICLE = re.compile(
    r"\b(Republic|Kingdom|Federation|Union|States|Emirates|Islands|Netherlands|"
    r"Philippines|Confederation|Principality|Sultanate|Commonwealth|Secretariat|"
    r"Assembly|Commission|Parliament|Office|Organi[sz]ation)\b"
)


def with_article(name: str) -> str:
    """ "the Kyrgyz Republic", "the Secretariat of the OTS", "Azerbaijan"; a name typed
    with its "the" keeps it (and gets no second one)."""
    if name[:4].casefold() == "the ":
        return name
    # An organisation's or a country's initials take one too: "the OTS", "the UK".
    if _WITH_ARTICLE.search(name) or re.fullmatch(r"[A-Z]{2,6}(/[A-Z]{2,6})?", name):
        return f"the {name}"
    return name


def article_for(name: str) -> str:
    """ "the " where a sentence needs one before `name` (typed without it), else ""."""
    return "the " if with_article(name) != name else ""


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(count: int) -> str:
    """One to nine in words, as running text writes them; 10 and more in digits."""
    return _NUMBER_WORDS[count - 1] if 1 <= count <= 9 else f"{count:,}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "one polling station", "three important items", "16 polling stations"."""
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{number_words(count)} {noun}"


def is_plural_name(name: str) -> bool:
    """Whether an election's title is plural: "Parliamentary Elections", "Elections of
    Deputies …" (were held), but "Presidential Election", "Referendum" (was held)."""
    heads = re.findall(r"\b(elections?|referend(?:um|a|ums)|polls?|votes?)\b", name.casefold())
    return bool(heads) and heads[0] in ("elections", "referenda", "referendums", "polls", "votes")


def people_of(country: str) -> str:
    """ "the fraternal Kyrgyz people" for "Kyrgyz Republic"; else "the people of X"."""
    match = re.fullmatch(r"(\w+) Republic", country)
    if match:
        return f"the fraternal {match.group(1)} people"
    return f"the people of {with_article(country)}"


def sentence_start(text: str) -> str:
    """`text` with its first letter capitalised."""
    return text[:1].upper() + text[1:]


def in_running_text(text: str, proper_words: Iterable[str] = ()) -> str:
    """A sentence made to follow "Firstly, ": its first word lower-cased, unless it looks
    like a name (all capitals, a capital inside, or a word the mission uses as a name)."""
    word = re.match(r"\w+", text)
    if not word:
        return text
    first = word.group(0)
    names = {w.casefold(): w for words in proper_words for w in re.findall(r"\w+", words)}
    looks_like_name = (first.isupper() and len(first) > 1) or any(ch.isupper() for ch in first[1:])
    if looks_like_name or names.get(first.casefold()) == first:
        return text
    return first[:1].lower() + text[1:]


ORDINALS = (
    "Firstly",
    "Secondly",
    "Thirdly",
    "Fourthly",
    "Fifthly",
    "Sixthly",
    "Seventhly",
    "Eighthly",
    "Ninthly",
    "Tenthly",
)


def numbered(points: Sequence[str], proper_words: Iterable[str] = ()) -> str:
    """ "Firstly, a. Secondly, b. Thirdly, c." (beyond ten: "In addition, ...")."""
    names = list(proper_words)
    sentences = []
    for index, point in enumerate(points):
        lead = ORDINALS[index] if index < len(ORDINALS) else "In addition"
        body = in_running_text(point.strip(), names).rstrip()
        if body and body[-1] not in ".!?":
            body += "."
        sentences.append(f"{lead}, {body}")
    return " ".join(sentences)


# --- values of the placeholders -------------------------------------------------------------

_DELEGATION_ORDER = (
    DelegationKind.SECRETARIAT,
    DelegationKind.MEMBER_STATE,
    DelegationKind.OBSERVER_STATE,
    DelegationKind.ORGANISATION,
)


def delegation_names(composition: CompositionCounts) -> list[str]:
    """Delegations with members (all of them while none has any), secretariat first."""
    staffed = [d for d in composition.delegations if d.members] or list(composition.delegations)
    staffed.sort(key=lambda d: (_DELEGATION_ORDER.index(d.kind), d.name.casefold()))
    return [d.name for d in staffed]


def values_of(
    mission: Mission, coverage: Coverage, composition: CompositionCounts
) -> dict[str, str]:
    """Every placeholder's value; "" where the mission has no value for it yet."""

    def day(value: dt.date | None) -> str:
        return format_date(value) if value is not None else ""

    delegations = delegation_names(composition)
    values = {
        "mission_name": mission.name,
        "organisation": mission.organisation,
        "organisation_short": mission.organisation_short or mission.organisation,
        "election": mission.election,
        "country": mission.country,
        "election_day": day(mission.election_date),
        "invited_by": mission.invited_by,
        "head_of_mission": mission.head_of_mission,
        "statement_place": mission.statement_place,
        "statement_date": day(mission.statement_date),
        "mission_start": day(mission.mission_start),
        "mission_end": day(mission.mission_end),
        "delegations": join_words(delegations),
        "delegation_count": f"{len(delegations):,}",
        "members": f"{composition.members:,}",
        "stations_visited": f"{coverage.stations:,}",
        "observations": f"{coverage.observations:,}",
        "localities": join_words(coverage.locality_names),
        "locality_count": f"{len(coverage.locality_names):,}",
    }
    for counts in coverage.phases:
        values[f"stations_{counts.phase.value}"] = f"{counts.stations:,}"
        values[f"observations_{counts.phase.value}"] = f"{counts.observations:,}"
    return values
