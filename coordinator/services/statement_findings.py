"""The statement's findings, written from the checklist statistics and the incidents.

For every question with a negative answer, the draft says either what was not found
("The Mission did not detect any campaign materials ...") or, where something was found,
how often: "in 2 of the 16 polling stations visited" (distinct stations, per phase, as
ODIHR and EU missions count). Questions of the standard checklist have words written for
the statement below; a question the mission wrote or changed gets a plain sentence
quoting it, for the coordinator to reword.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from coordinator.db.enums import IncidentCategory, Phase, Severity
from coordinator.services.statement_facts import (
    Source,
    SourceKind,
    counted,
    join_words,
    literal,
    number_words,
    sentence_start,
)
from coordinator.services.statistics import MissionStatistics, QuestionStatistics
from coordinator.services.unit import format_date
from coordinator.services.wording.facts import SeriousIncident


class Kind(Enum):
    ABSENCE = "absence"  # a "yes" is bad: "did not detect any <clause>"
    AFFIRMATION = "affirmation"  # a "no" is bad: "<clause>" holds where nothing was negative
    PRESENCE = "presence"  # nothing is bad: "<clause> were present in n of m"


@dataclass(frozen=True)
class Words:
    kind: Kind
    clause: str
    found: str = ""  # absence: what was seen; affirmation: the clause negated
    category: IncidentCategory | None = None


A, F, P = Kind.ABSENCE, Kind.AFFIRMATION, Kind.PRESENCE
C = IncidentCategory
STANDARD_WORDS: dict[str, Words] = {
    "O1": Words(F, "the polling stations opened on time", "the opening was delayed"),
    "O2": Words(
        F,
        "all election materials required by the law were present",
        "materials required by the law were missing",
    ),
    "O3": Words(
        F,
        "the ballot boxes were shown empty and sealed before voting began",
        "the ballot boxes were not shown empty and sealed before voting began",
    ),
    "O4": Words(
        F,
        "the e-voting equipment was tested and found working",
        "the e-voting equipment was not found working at the opening",
        C.TECHNOLOGY,
    ),
    "V1": Words(
        A,
        "campaign materials",
        "campaign material was displayed in or near the polling station",
        C.CAMPAIGN_MATERIAL,
    ),
    "V2": Words(
        A,
        "coercion of voters by any political group",
        "pressure on, or coercion of, voters by a political group was seen",
        C.PRESSURE_OR_COERCION,
    ),
    "V3": Words(
        A,
        "ballot stuffing or leakage of voting bulletins",
        "ballot stuffing or leakage of voting bulletins was seen",
        C.BALLOT_STUFFING_OR_LEAKAGE,
    ),
    "V4": Words(
        A,
        "interference of administrative or law-enforcement authorities in the work of "
        "the polling stations",
        "administrative or law-enforcement authorities interfered in the work of the "
        "polling station",
        C.INTERFERENCE_BY_AUTHORITIES,
    ),
    "V5": Words(
        A,
        "attempt by any outsider to influence voters on how to vote",
        "an outsider attempted to influence voters on how to vote",
    ),
    "V6": Words(
        F,
        "the Mission was given full access to the polling stations",
        "the Mission was not given full access to the polling station",
        C.OBSERVER_OBSTRUCTION,
    ),
    "V7": Words(
        F,
        "the Mission received detailed information from the polling station officials",
        "the polling station officials did not give the Mission detailed information",
    ),
    "V8": Words(
        F,
        "public order was secured at the visited polling stations",
        "public order was not secured",
        C.PUBLIC_ORDER,
    ),
    "V9": Words(
        F,
        "the polls were prepared in compliance with the electoral law",
        "the premises were not prepared in compliance with the electoral law",
    ),
    "V10": Words(P, "national observers"),
    "V11": Words(P, "international observers"),
    "V12": Words(
        F,
        "the secrecy of the vote was ensured",
        "the secrecy of the vote was not ensured",
        C.SECRECY_OF_THE_VOTE,
    ),
    "V13": Words(
        F,
        "the biometric identification of voters worked properly",
        "the biometric identification of voters did not work properly",
        C.TECHNOLOGY,
    ),
    "V14": Words(
        F,
        "the e-voting equipment worked properly",
        "the e-voting equipment did not work properly",
        C.TECHNOLOGY,
    ),
    "V15": Words(
        F,
        "voters with disabilities and elderly voters could vote without help",
        "voters with disabilities or elderly voters could not vote without help",
        C.ACCESSIBILITY,
    ),
    "V17": Words(
        F,
        "the polling station commissions conducted the voting well",
        "the Mission assessed the commission's conduct of the voting as bad or very bad",
    ),
    "C1": Words(
        F,
        "the counting procedures laid down in the law were followed",
        "the counting procedures laid down in the law were not followed",
    ),
    "C3": Words(
        F,
        "the results of the ballot scanners matched the hand count",
        "the results of the ballot scanner did not match the hand count",
        C.TECHNOLOGY,
    ),
    "C4": Words(
        F,
        "the results protocols were completed and signed without alterations",
        "the results protocol was altered or not signed",
    ),
    "C5": Words(
        F,
        "a copy of the results protocol was posted for the public",
        "no copy of the results protocol was posted for the public",
    ),
    "T1": Words(
        F,
        "the tabulation of ballots and results was conducted in time according to the "
        "national election legislation",
        "tabulation was not conducted in time according to the electoral law",
    ),
    "T2": Words(
        F,
        "observers could follow the tabulation and see the figures entered",
        "observers could not follow the tabulation",
    ),
    "T3": Words(
        F,
        "the results protocols were received intact",
        "results protocols were received with unexplained changes",
    ),
}

# Where the stations of each phase were observed, for "in 2 of the 16 <where>".
WHERE = {
    Phase.OPENING: "polling stations observed at opening",
    Phase.VOTING: "polling stations visited",
    Phase.COUNTING: "polling stations where the count was observed",
    Phase.TABULATION: "polling stations where the tabulation was observed",
}
LEAD = {
    Phase.OPENING: "At the openings observed",
    Phase.VOTING: "During the voting",
    Phase.COUNTING: "At the counts observed",
    Phase.TABULATION: "At the tabulation observed",
}


@dataclass(frozen=True)
class Finding:
    """A paragraph of findings and the records it was written from."""

    text: str
    sources: tuple[Source, ...]


def _question_source(question: QuestionStatistics, stations: int) -> Source:
    return Source(
        SourceKind.CHECKLIST_QUESTION,
        record_ids=(question.question_id,),
        description=(
            f"{question.code}: {question.negative} negative of {question.answered} answers, "
            f"at {question.negative_stations:,} of {stations} stations"
        ),
    )


def _words(question: QuestionStatistics, standard_texts: dict[str, str]) -> Words | None:
    """The statement's words for a standard question the mission kept as it ships."""
    words = STANDARD_WORDS.get(question.code)
    if words is None or standard_texts.get(question.code) != question.text:
        return None
    return words


def checklist_findings(figures: MissionStatistics, standard_texts: dict[str, str]) -> list[Finding]:
    """One paragraph per phase observed, then the presence of other observers."""
    incidents = figures.incidents
    paragraphs: list[Finding] = []
    presence: list[tuple[str, QuestionStatistics]] = []
    for counts in figures.coverage.phases:
        asked = [q for q in figures.questions if q.phase is counts.phase and q.answered]
        if not asked:
            continue
        total = counts.stations
        # From ten on the placeholder keeps an adopted draft following the data; below,
        # the number is a word ("the five polling stations visited").
        number = f"{{stations_{counts.phase.value}}}" if total >= 10 else number_words(total)
        where = f"{number} {WHERE[counts.phase]}"
        the_only = "the only " + WHERE[counts.phase].replace(
            "polling stations", "polling station", 1
        )
        absent: list[str] = []
        affirmed: list[str] = []
        found: list[str] = []
        sources: list[Source] = []
        for question in asked:
            words = _words(question, standard_texts)
            if words is not None and words.kind is Kind.PRESENCE:
                presence.append((words.clause, question))
                continue
            if words is None and not question.negative:
                continue  # the mission's own question, nothing negative: nothing to say
            sources.append(_question_source(question, counts.stations))
            count = _share(question.negative_stations, total, where, the_only)
            if words is None:
                values = join_words((f"“{v.value}”" for v in question.values if v.negative), "or")
                quoted = literal(f"{values} to “{question.text}”")
                found.append(f"Observers answered {quoted} {count}.")
            elif question.negative:
                found.append(f"{sentence_start(count)}, {words.found}.")
            elif words.category and incidents.category(words.category).incidents:
                continue  # the incidents paragraph says what was seen
            elif words.kind is Kind.ABSENCE:
                absent.append(words.clause)
            else:
                affirmed.append(words.clause)
        sentences: list[str] = []
        if absent:
            at = f"At {the_only}" if total == 1 else f"In the {where}"
            sentences.append(f"{at}, the Mission did not detect any {join_words(absent, 'or')}.")
        # At most four clauses to a sentence, evenly shared, keep a long checklist readable.
        size = -(-len(affirmed) // -(-len(affirmed) // 4)) if affirmed else 1
        for start in range(0, len(affirmed), size):
            lead = f"{LEAD[counts.phase]}," if start == 0 else "The Mission also found that"
            sentences.append(f"{lead} {join_words(affirmed[start : start + size])}.")
        sentences += found
        if sentences:
            paragraphs.append(Finding(" ".join(sentences), tuple(sources)))
    if presence:
        paragraphs.append(_presence(presence))
    return paragraphs


def _share(negative: int, total: int, where: str, the_only: str, at: str = "in") -> str:
    """ "at the only polling station visited", "in both polling stations visited", "in all
    four polling stations visited", "in one of the two …", "in 12 of the 16 …"."""
    if total == 1:
        return f"at {the_only}"
    if negative == total == 2:
        return f"{at} both {where.split(' ', 1)[1]}"
    if negative == total:
        return f"{at} all {where}"
    return f"{at} {number_words(negative)} of the {where}"


def _presence(presence: list[tuple[str, QuestionStatistics]]) -> Finding:
    everywhere = []
    parts = []
    # Said of the visits where it was asked (the voting, in the standard checklist).
    phases = {question.phase for _subject, question in presence}
    during = f" during the {phases.pop().label.lower()}" if len(phases) == 1 else ""
    for subject, question in presence:
        present = sum(v.answers for v in question.values if v.value == "yes")
        if present == question.answered:
            everywhere.append(subject.removesuffix(" observers"))
        else:
            phase = question.phase.label.lower()
            parts.append(
                f"{subject} at {number_words(present)} of the {number_words(question.answered)} "
                f"{phase} visits"
            )
    if everywhere:
        parts.insert(0, f"{join_words(everywhere)} observers at every visit{during}")
    text = (
        f"The Mission has witnessed participation of {join_words(parts)}, which reinforces "
        "the transparency and public accountability of the Elections."
    )
    sources = tuple(
        Source(
            SourceKind.CHECKLIST_QUESTION,
            record_ids=(q.question_id,),
            description=f"{q.code}: {subject} present",
        )
        for subject, q in presence
    )
    return Finding(text, sources)


# What an incident of each category is, after "incident(s)".
INCIDENT_WORDS = {
    C.CAMPAIGN_MATERIAL: "of campaign material",
    C.PRESSURE_OR_COERCION: "of pressure or coercion",
    C.BALLOT_STUFFING_OR_LEAKAGE: "of ballot stuffing or leakage",
    C.INTERFERENCE_BY_AUTHORITIES: "of interference by the authorities",
    C.OBSERVER_OBSTRUCTION: "of obstruction of observers",
    C.PUBLIC_ORDER: "of public disorder",
    C.SECRECY_OF_THE_VOTE: "affecting the secrecy of the vote",
    C.ACCESSIBILITY: "affecting accessibility",
    C.TECHNOLOGY: "involving election technology (e-voting or biometrics)",
    C.OTHER: "",
}


def _station(incident: SeriousIncident) -> str:
    """ "0012 (School No. 5, Bishkek)"."""
    about = ", ".join(part for part in (incident.station_name, incident.locality) if part)
    return incident.station_code + (f" ({about})" if about else "")


def _serious_sentences(serious: Sequence[SeriousIncident]) -> list[str]:
    """Serious and critical incidents by their substance: what, where, when; incidents of
    one category and severity saying the same thing are one sentence."""
    groups: dict[tuple[C, Severity, str], list[SeriousIncident]] = {}
    for incident in serious:
        key = (incident.category, incident.severity, " ".join(incident.description.split()))
        groups.setdefault(key, []).append(incident)
    sentences = []
    for (category, severity, description), found in groups.items():
        kind = f"{severity.value} {'incident' if len(found) == 1 else 'incidents'}"
        what = f"{kind} {INCIDENT_WORDS[category]}".strip()
        stations = list(dict.fromkeys(_station(i) for i in found))
        days = sorted({i.date for i in found})
        when = f"On {join_words([format_date(d) for d in days])}"
        if len(found) == 1 and found[0].time is not None:
            when += f" at {found[0].time:%H:%M}"
        where = f"polling station{'s' if len(stations) > 1 else ''} {join_words(stations)}"
        seen = all(i.observed for i in found)
        verb = "observed" if seen else "was informed of"
        article = ("an " if what[0] in "aeiou" else "a ") if len(found) == 1 else ""
        count = "" if len(found) == 1 else f"{number_words(len(found))} "
        text = literal(description.rstrip("."))
        sentences.append(
            f"{when}, at {literal(where)}, the Mission {verb} {article}{count}{what}: {text}."
        )
    return sentences


def incident_findings(
    figures: MissionStatistics, serious: Sequence[SeriousIncident] = ()
) -> list[Finding]:
    """Serious and critical incidents described; the others counted per category."""
    incidents = figures.incidents
    visited = figures.coverage.stations
    sentences = _serious_sentences(serious)
    described = {c: sum(1 for i in serious if i.category is c) for c in C}
    for category in incidents.categories:
        minor = category.incidents - described[category.category]
        if minor <= 0:
            continue
        words = INCIDENT_WORDS[category.category]
        other = "other " if category.category is C.OTHER else ""
        minor_word = "minor " if described[category.category] else ""
        recorded = f"{counted(minor, other + minor_word + 'incident')} {words}".strip()
        sentence = f"The Mission {'also ' if minor_word else ''}recorded {recorded}"
        if not described[category.category]:
            # Incidents count at visits not yet marked done too: "of the 16 visited" only
            # where the stations visited include them all.
            total = "{stations_visited}" if visited >= 10 else number_words(visited)
            if category.stations <= visited:
                where = f"{total} polling stations visited"
                the_only = "the only polling station visited"
                sentence += " " + _share(category.stations, visited, where, the_only, "at")
            else:
                sentence += f" at {counted(category.stations, 'polling station')}"
            reported = category.incidents - category.observed
            if reported == category.incidents == 1:
                sentence += " (reported to the Mission rather than seen)"
            elif reported:
                sentence += (
                    f" ({number_words(reported)} of them reported to the Mission rather than seen)"
                )
        sentences.append(sentence + ".")
    if not sentences:
        return []
    source = Source(
        SourceKind.INCIDENTS,
        tuple(i.id for i in serious),
        description=(
            f"{counted(incidents.incidents, 'incident')} at "
            f"{counted(incidents.stations, 'station')}"
        ),
    )
    return [Finding(" ".join(sentences), (source,))]


def serious_issues(figures: MissionStatistics) -> tuple[int, int]:
    """Critical answers, and serious or critical incidents."""
    critical = sum(q.critical for q in figures.questions)
    serious = sum(
        s.incidents
        for s in figures.incidents.severities
        if s.severity in (Severity.SERIOUS, Severity.CRITICAL)
    )
    return critical, serious
