"""The mission's field form as data: its fields, names, choices and version.

One description of the checklist on an observer's phone serves three readers: the
XLSForm writer (`exchange.xlsform`), the readers of the platforms' exports
(`exchange.submissions`) and the paper checklist (`reports.checklist_form`). Each field
has the name the form gives it (an XML name), the groups it sits in and its label, so a
column of an export can be found by name or by label, with or without group names.

Question codes become XML names by one rule, reversed on import (docs/field-forms.md):
a code that starts with a letter, is not a name the form uses for itself and does not
start with `q_` is kept as it is; any other code gets `q_` in front ("1a" -> "q_1a",
"location" -> "q_location", "q_1" -> "q_q_1"). Codes hold only letters, digits, `_`,
`.` and `-` (the checklist refuses others), all allowed after the first character.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import AnswerType, Assessment, IncidentCategory, Phase, Severity
from coordinator.db.models import ChecklistQuestion, Mission, PollingStation, Team
from coordinator.errors import UserError
from coordinator.services.checklist import split_list, standard_translations
from coordinator.services.form_words import words_for
from coordinator.services.statement_languages import languages_of, translations
from coordinator.services.teams import team_order
from coordinator.services.unit import unit_of_work

QUESTION_PREFIX = "q_"
# The names the form gives its own fields (and the metadata platforms add): a question
# code equal to one of these gets the prefix, so no question hides a field.
FORM_NAMES = frozenset(
    {
        "team",
        "station",
        "date",
        "phase",
        "arrival",
        "departure",
        "voters_voted",
        "overall",
        "notes",
        "incident",
        "category",
        "severity",
        "time",
        "description",
        "location",
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "form_version",
        "meta",
        "instanceID",
        "KEY",
    }
    | {phase.value for phase in Phase}
)
# Above this many stations the form lists them in a file beside it (stations.csv), as
# ODK recommends for long lists, instead of in its choices sheet.
STATIONS_IN_FORM = 1000
STATIONS_FILE = "stations.csv"

_NAME_START = re.compile(r"[^\W\d]", re.UNICODE)


def is_xml_name(name: str) -> bool:
    """Whether `name` is an XML name made of what a question code may hold."""
    return (
        bool(name)
        and bool(_NAME_START.match(name))
        and unicodedata.category(name[0])[0] == "L"
        and re.fullmatch(r"[\w.\-]+", name) is not None
    )


def xml_name(code: str) -> str:
    """The form's name for the question with `code` (the rule in the module's docstring)."""
    if is_xml_name(code) and code not in FORM_NAMES and not code.startswith(QUESTION_PREFIX):
        return code
    return QUESTION_PREFIX + code


def question_code(name: str) -> str:
    """The question code a form name stands for: `xml_name` reversed."""
    return name[len(QUESTION_PREFIX) :] if name.startswith(QUESTION_PREFIX) else name


def choice_names(labels: list[str]) -> list[str]:
    """Names for a question's choices: the choice in lower case, `_` for anything else.

    Choice names cannot hold spaces in XLSForm; two choices folding to one name, or a
    choice with no letter or digit, are told apart by their place in the list.
    """
    names: list[str] = []
    for number, label in enumerate(labels, start=1):
        name = re.sub(r"\W+", "_", label.casefold()).strip("_")
        if not name or name in names:
            name = f"{name or 'choice'}_{number}"
        names.append(name)
    return names


@dataclass(frozen=True)
class Choice:
    """One choice of a list: the value the form stores and the label the observer reads."""

    name: str
    label: str
    translated: tuple[str, ...] = ()  # the label in the form's other languages, in order

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.translated)


@dataclass(frozen=True)
class FormQuestion:
    """A checklist question as the form asks it."""

    code: str
    name: str
    phase: Phase
    text: str
    answer_type: AnswerType
    list_name: str  # "" for number and text questions
    choices: tuple[Choice, ...] = ()
    translated: tuple[str, ...] = ()  # the text in the form's other languages, in order
    # The form does not go on without an answer (where the question is shown: its phase).
    required: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.text, *self.translated)

    @property
    def path(self) -> tuple[str, ...]:
        return (self.phase.value, self.name)


@dataclass(frozen=True)
class FieldForm:
    """Everything the field form is made of, read from the mission."""

    form_id: str
    title: str
    mission: str
    version: str
    language: str
    teams: tuple[Choice, ...]
    stations: tuple[Choice, ...]
    questions: tuple[FormQuestion, ...]
    choice_lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    # The statement's languages, the mission's own first: the form's labels are in each.
    languages: tuple[str, ...] = ("en",)
    mission_translated: tuple[str, ...] = ()  # the mission's name in the other languages

    def in_language(self, language: str) -> FieldForm:
        """The form as read in one of its languages only (the paper checklist prints one):
        the questions, choices and mission name as translated there, as typed where not."""
        code = language.strip().casefold()
        if code not in self.languages:
            raise UserError(
                f"The checklist cannot be printed in '{language}': it is printed in the "
                f"statement's languages, {', '.join(self.languages)}. Add the language on the "
                "Statement page (with the questions' translations) to print it in that language."
            )
        n = self.languages.index(code)

        def written(texts: tuple[str, ...]) -> str:
            return texts[n] if n < len(texts) else texts[0]

        def one(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
            return tuple(Choice(c.name, written(c.labels)) for c in choices)

        return replace(
            self,
            language=code,
            languages=(code,),
            mission=written((self.mission, *self.mission_translated)),
            mission_translated=(),
            teams=one(self.teams),
            stations=one(self.stations),
            questions=tuple(
                replace(q, text=written(q.texts), translated=(), choices=one(q.choices))
                for q in self.questions
            ),
            choice_lists={name: one(choices) for name, choices in self.choice_lists.items()},
        )

    def words(self, key: str) -> tuple[str, ...]:
        """The form's own word `key` (services.form_words) in each of its languages."""
        return tuple(words_for(language)[key] for language in self.languages)

    @property
    def stations_in_file(self) -> bool:
        return len(self.stations) > STATIONS_IN_FORM

    def questions_of(self, phase: Phase) -> list[FormQuestion]:
        return [q for q in self.questions if q.phase is phase]


# The form's fixed lists: (choice name, its word in services.form_words).
YES_NO = (("yes", "yes"), ("no", "no"))
SCALE = tuple((str(n), a.value) for n, a in enumerate(Assessment, start=1))
PHASES = tuple((p.value, p.value) for p in Phase)
ASSESSMENTS = tuple((a.value, a.value) for a in Assessment)
CATEGORIES = tuple((c.value, c.value) for c in IncidentCategory)
SEVERITIES = tuple((s.value, s.value) for s in Severity)


def _worded(names: tuple[tuple[str, str], ...], languages: list[str]) -> tuple[Choice, ...]:
    """A fixed list's choices labelled in each of the form's languages."""
    words = [words_for(language) for language in languages]
    return tuple(
        Choice(name, words[0][key], tuple(w[key] for w in words[1:])) for name, key in names
    )


def station_label(code: str, name: str) -> str:
    """How a station reads in the form's list: its code, then its name."""
    return f"{code} · {name}" if name else code


def _form_id(mission: Mission | None) -> str:
    if mission is None:
        return "eom_checklist"
    short = unicodedata.normalize("NFKD", mission.organisation_short or "eom")
    ascii_short = re.sub(r"[^a-z0-9]+", "_", short.encode("ascii", "ignore").decode().lower())
    return f"{ascii_short.strip('_') or 'eom'}_{mission.election_date:%Y%m%d}_checklist"


def _question(
    question: ChecklistQuestion, languages: list[str], translations: list[dict[str, str]]
) -> FormQuestion:
    """The question as the form asks it; its text and choices in the other languages from
    `translations` (one {as typed: translated} per other language), as typed without one."""
    name = xml_name(question.code)
    choices: tuple[Choice, ...] = ()
    list_name = ""
    if question.answer_type is AnswerType.YES_NO:
        list_name, choices = "yes_no", _worded(YES_NO, languages)
    elif question.answer_type is AnswerType.SCALE:
        list_name, choices = "scale", _worded(SCALE, languages)
    elif question.answer_type is AnswerType.CHOICE:
        labels = split_list(question.choices)
        list_name = f"choices_{name}"
        choices = tuple(
            Choice(n, label, tuple(t.get(label, label) for t in translations))
            for n, label in zip(choice_names(labels), labels, strict=True)
        )
    return FormQuestion(
        question.code,
        name,
        question.phase,
        question.text,
        question.answer_type,
        list_name,
        choices,
        tuple(t.get(question.text, question.text) for t in translations),
        question.required,
    )


def field_form(session: Session) -> FieldForm:
    """The mission's field form: its teams, stations and checklist as the form asks them."""
    with unit_of_work(session):
        mission = session.scalar(sa.select(Mission).limit(1))
        languages = languages_of(mission)
        # The mission's own translations first, the standard checklist's where it has none.
        translated = [
            standard_translations(language) | translations(session, language)
            for language in languages[1:]
        ]
        teams = sorted(session.scalars(sa.select(Team.code)), key=team_order)
        stations = session.execute(
            sa.select(PollingStation.code, PollingStation.name).order_by(PollingStation.code)
        ).all()
        questions = [
            _question(q, languages, translated)
            for q in session.scalars(
                sa.select(ChecklistQuestion).order_by(
                    ChecklistQuestion.position_in_list, ChecklistQuestion.id
                )
            )
        ]
    # Questions in the phases' order (the checklist's order within a phase).
    phase_order = {phase: number for number, phase in enumerate(Phase)}
    questions.sort(key=lambda q: phase_order[q.phase])
    lists: dict[str, tuple[Choice, ...]] = {
        "phase": _worded(PHASES, languages),
        "assessment": _worded(ASSESSMENTS, languages),
        "category": _worded(CATEGORIES, languages),
        "severity": _worded(SEVERITIES, languages),
    }
    for question in questions:
        if question.list_name:
            lists[question.list_name] = question.choices
    # A team's code and a station's code and name read the same in every language.
    others = len(languages) - 1
    team_choices = tuple(Choice(code, code, (code,) * others) for code in teams)
    station_choices = tuple(
        Choice(code, label, (label,) * others)
        for code, name in stations
        for label in [station_label(code, name)]
    )
    # The version changes whenever what the form asks or offers changes; ODK and Kobo
    # only need it to differ between versions, so a short digest is enough.
    digest = hashlib.sha256()
    for question in questions:
        digest.update(repr((question.code, question.phase, question.text)).encode())
        digest.update(repr((question.answer_type, question.choices)).encode())
        digest.update(repr(question.required).encode())
        digest.update(repr(question.translated).encode())
    digest.update(repr(languages).encode())
    digest.update(repr((team_choices, station_choices)).encode())
    title = f"{mission.name} — checklist" if mission is not None else "Checklist"
    return FieldForm(
        form_id=_form_id(mission),
        title=title,
        mission=mission.name if mission is not None else "",
        mission_translated=tuple(
            t.get(mission.name, mission.name) for t in translated if mission is not None
        ),
        version=digest.hexdigest()[:10],
        language=languages[0],
        teams=team_choices,
        stations=station_choices,
        questions=tuple(questions),
        choice_lists=lists,
        languages=tuple(languages),
    )
