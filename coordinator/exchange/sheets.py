"""The workbook format in one place: its sheets, their columns, keys and explanations.

The template, the reader, the importer and the exporter all read these specs, so a
column added here appears in the template's headers and README, is matched by the
import and written by the export. Names are matched with `name_key`: no case, spaces
or underscores ("Full name", "full_name" and "FULLNAME" are one column).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum

from coordinator.db.enums import (
    AccreditationStatus,
    AnswerType,
    Assessment,
    DelegationKind,
    IncidentCategory,
    LocalityKind,
    MeetingKind,
    MemberRole,
    Phase,
    Severity,
    VisitStatus,
    Vocabulary,
)
from coordinator.db.text import fold


class Kind(Enum):
    """What a column holds, which decides how its cells are read and written."""

    TEXT = "text"
    DATE = "date"
    TIME = "time"
    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    YES_NO = "yes/no"
    CHOICE = "one of a list"
    LIST = "list"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    kind: Kind = Kind.TEXT
    required: bool = False
    vocabulary: type[Vocabulary] | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def header(self) -> str:
        """The heading the template writes: `*` marks a required column."""
        return f"{self.name}*" if self.required else self.name

    def choices(self) -> list[str]:
        """The labels a CHOICE column takes, as the template's drop-down lists them."""
        if self.vocabulary is not None:
            return [member.label for member in self.vocabulary]
        return ["yes", "no"] if self.kind is Kind.YES_NO else []


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    # The Visits sheet takes one more column per checklist question code.
    open_columns: bool = False
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {column.key: column for column in self.columns})

    def column(self, name: str) -> Column:
        return self.by_key[name_key(name)]


@functools.lru_cache(maxsize=4096)
# Cached: a row's cells are looked up by the names of the format's columns, again and
# again for every row of a sheet of 200,000.
@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A sheet or column name as it is matched: no case, spaces, underscores or `*`."""
    return "".join(ch for ch in fold(name) if ch not in " _*")


def _choice(name: str, vocabulary: type[Vocabulary], help: str, required: bool = False) -> Column:
    return Column(name, help, Kind.CHOICE, required, vocabulary)


_DATE = "a date, 2024-11-17 or an Excel date"
_TIME = "a time of day, HH:MM"

MISSION = Sheet(
    "Mission",
    "The mission itself, on one row.",
    (
        Column("name", "the mission's name", required=True),
        Column("organisation", "the organisation sending it", required=True),
        Column("organisation_short", "its short name (OTS, ODIHR)"),
        Column("election", "the election observed", required=True),
        Column("country", "the country holding it", required=True),
        Column("election_date", f"election day: {_DATE}", Kind.DATE, True),
        Column("mission_start", f"the mission's first day: {_DATE}", Kind.DATE),
        Column("mission_end", f"the mission's last day: {_DATE}", Kind.DATE),
        Column("invited_by", "the body that invited the mission"),
        Column("head_of_mission", "the head of mission's name"),
        Column("statement_place", "where the statement is issued"),
        Column("statement_date", f"the statement's date: {_DATE}", Kind.DATE),
        Column("language", "the statement's language code: en, ru, ky, tr"),
        Column(
            "statement_languages",
            "the statement's other languages, after `language`: ru; tr",
            Kind.LIST,
        ),
    ),
)
DELEGATIONS = Sheet(
    "Delegations",
    "Member states, the secretariat and organisations sending observers.",
    (
        Column("name", "the delegation's name (its key)", required=True),
        _choice("kind", DelegationKind, "what it is"),
        Column("country", "its country"),
        Column("notes", "anything else"),
    ),
    key=("name",),
)
MEMBERS = Sheet(
    "Members",
    "The people of the mission.",
    (
        Column("full_name", "the person's full name (their key)", required=True),
        Column("delegation", "the name of their delegation", required=True),
        Column("position", "their position at home"),
        _choice("role", MemberRole, "their role in the mission"),
        Column("email", "e-mail address"),
        Column("phone", "phone number"),
        Column("passport_no", "passport number"),
        Column("accreditation_no", "accreditation number"),
        _choice("accreditation_status", AccreditationStatus, "where their accreditation is"),
        Column("arrival", f"arrival: {_DATE}", Kind.DATE),
        Column("departure", f"departure: {_DATE}", Kind.DATE),
        Column("languages", "languages they speak"),
        Column("team", "the code of their team"),
    ),
    key=("full_name",),
)
MEETINGS = Sheet(
    "Meetings",
    "Meetings with interlocutors and the key points learnt there.",
    (
        Column("date", f"the day: {_DATE}", Kind.DATE, True),
        Column("start", _TIME, Kind.TIME),
        Column("end", _TIME, Kind.TIME),
        Column("location", "where"),
        _choice("kind", MeetingKind, "what kind of meeting"),
        Column("interlocutor", "who was met; several separated by ; or lines", Kind.LIST, True),
        Column("interlocutor_position", "their positions, in the same order", Kind.LIST),
        Column("institution", "their institutions, in the same order", Kind.LIST),
        Column("participants", "full names of the mission's members there", Kind.LIST),
        Column("summary", "what was said"),
        Column("key_points", "one key point per line"),
        Column(
            "for_statement",
            "yes: all key points go into the statement; or the numbers of those that do (1;3)",
        ),
    ),
    key=("date", "interlocutor"),
)
LOCALITIES = Sheet(
    "Localities",
    "Cities, towns and villages, also those where no station is (yet): the Stations "
    "sheet makes the others.",
    (
        Column("name", "the locality's name", required=True),
        Column("district", "its district"),
        Column("region", "its region"),
        _choice("kind", LocalityKind, "city, town, village …"),
    ),
    key=("name", "district", "region"),
)
STATIONS = Sheet(
    "Stations",
    "Polling stations and where they are.",
    (
        Column("code", "the station's code, as text: 0012 keeps its zeros", required=True),
        Column("name", "its name"),
        Column("address", "its address"),
        Column("locality", "the city, town or village", required=True),
        Column("district", "the locality's district"),
        Column("region", "the locality's region"),
        _choice("locality_kind", LocalityKind, "city, town, village …"),
        Column("registered_voters", "voters on its list", Kind.WHOLE_NUMBER),
        Column("latitude", "latitude, -90 to 90", Kind.NUMBER),
        Column("longitude", "longitude, -180 to 180", Kind.NUMBER),
        Column("accessible", "accessible to voters with disabilities", Kind.YES_NO),
    ),
    key=("code",),
)
TEAMS = Sheet(
    "Teams",
    "Observer teams with their interpreter, driver and vehicle.",
    (
        Column("code", "the team's code, T1 (its key)", required=True),
        Column("members", "full names of its members, separated by ; or lines", Kind.LIST),
        Column("interpreter", "the interpreter's name"),
        Column("interpreter_phone", "the interpreter's phone"),
        Column("driver", "the driver's name"),
        Column("driver_phone", "the driver's phone"),
        Column("vehicle", "the vehicle"),
        Column("area", "its area: localities separated by ;"),
        Column("notes", "anything else"),
        Column("base", "where it leaves from on a planned day (a hotel, an office)"),
        Column("base_latitude", "the base's latitude, -90 to 90", Kind.NUMBER),
        Column("base_longitude", "the base's longitude, -180 to 180", Kind.NUMBER),
    ),
    key=("code",),
)
CHECKLIST = Sheet(
    "Checklist",
    "The questions asked at visits.",
    (
        Column("code", "the question's code, also a column of the Visits sheet", required=True),
        _choice("phase", Phase, "the phase it is asked in", required=True),
        Column("text", "the question", required=True),
        _choice("answer_type", AnswerType, "how it is answered", required=True),
        Column("choices", "for a choice question, its choices separated by ;"),
        Column("negative_answer", "the answers that count as negative, separated by ;"),
        Column("critical_answer", "the answers that count as critical, separated by ;"),
        Column(
            "required",
            "yes: the observer's form does not go on without an answer (empty: no)",
            Kind.YES_NO,
        ),
    ),
    key=("code",),
)
VISITS = Sheet(
    "Visits",
    "Visits of teams to stations; then one column per checklist question code.",
    (
        Column("id", "the visit's reference, V0001 (its key)", required=True),
        Column("team", "the team's code", required=True),
        Column("station", "the station's code", required=True),
        Column("date", f"the day: {_DATE}", Kind.DATE, True),
        _choice("phase", Phase, "the phase observed", required=True),
        Column("planned_arrival", _TIME, Kind.TIME),
        Column("planned_departure", _TIME, Kind.TIME),
        _choice("status", VisitStatus, "planned, done or cancelled"),
        Column("actual_arrival", _TIME, Kind.TIME),
        Column("actual_departure", _TIME, Kind.TIME),
        Column("voters_voted", "voters who had voted at the time", Kind.WHOLE_NUMBER),
        _choice("overall", Assessment, "the team's overall assessment"),
        Column("notes", "anything else"),
    ),
    key=("id",),
    open_columns=True,
)
INCIDENTS = Sheet(
    "Incidents",
    "What teams saw or were told of at a visit.",
    (
        Column("visit", "the visit's id on the Visits sheet", required=True),
        Column("time", _TIME, Kind.TIME),
        _choice("category", IncidentCategory, "what kind of incident", required=True),
        _choice("severity", Severity, "how serious"),
        Column("observed", "yes: seen by the team; no: reported to it", Kind.YES_NO),
        Column("description", "what happened", required=True),
    ),
    key=("visit", "time", "category", "description"),
)
DEBRIEF = Sheet(
    "Debrief",
    "What teams and people reported at debriefs.",
    (
        Column("date", f"the day: {_DATE}", Kind.DATE, True),
        Column("team", "the team's code"),
        Column("author", "who reported it"),
        Column("topic", "the topic"),
        Column("text", "what was reported", required=True),
        Column("for_statement", "yes: it goes into the statement", Kind.YES_NO),
    ),
    key=("date", "team", "author", "topic", "text"),
)
STATEMENT = Sheet(
    "Statement",
    "The statement's sections, in order; text may hold {placeholders}.",
    (
        Column("order", "the section's place: 1, 2, 3 …", Kind.WHOLE_NUMBER, True),
        Column("title", "its title"),
        Column("text", "its text"),
        Column("language", "the section's language code: ru, tr (empty: the mission's own)"),
    ),
    key=("language", "order"),
)
TRANSLATIONS = Sheet(
    "Translations",
    "How a statement in another language writes a name typed in the mission "
    "(organisation, election, country, delegation, place, key point).",
    (
        Column("language", "the language code: ru, tr", required=True),
        Column("original", "the name or text exactly as typed in the mission", required=True),
        Column("text", "how that language writes it (empty: no translation)"),
    ),
    key=("language", "original"),
)

SHEETS: tuple[Sheet, ...] = (
    MISSION,
    DELEGATIONS,
    MEMBERS,
    MEETINGS,
    LOCALITIES,
    STATIONS,
    TEAMS,
    CHECKLIST,
    VISITS,
    INCIDENTS,
    DEBRIEF,
    STATEMENT,
    TRANSLATIONS,
)
SHEETS_BY_KEY = {name_key(sheet.name): sheet for sheet in SHEETS}
README = "README"
