"""Reading a submission's cells as the mission's values: station, times, answers, incidents.

What real exports do that a naive reader gets wrong is handled here: Kobo's default
export stores numbers as Excel numbers, so station 0001 arrives as 1 (matched back to
the mission's code, and a problem when two codes would match); Kobo's default is labels,
not XML values (both are ours, both are read, the labels in any of the form's
languages); times come as 09:40:00.000+06:00. Every problem names the submission and
the column, and is collected, never raised alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from coordinator.db.enums import (
    AnswerType,
    Assessment,
    IncidentCategory,
    Phase,
    Severity,
    Vocabulary,
)
from coordinator.db.models import ChecklistQuestion
from coordinator.db.text import fold
from coordinator.services.checklist import canonical_answer
from coordinator.services.field_form import FieldForm
from coordinator.services.form_words import names_by_label
from coordinator.services.submission_records import Cell, ExcelNumber, Submission

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\S*)?")
# 09:40, 09:40:00, 09:40:00.000, with or without a zone (+06:00, Z): what phones send.
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_DIGITS = re.compile(r"\d+(?:\.0+)?")


@dataclass(frozen=True)
class SubmissionProblem:
    """What is wrong with one cell of one submission."""

    submission: str
    column: str
    message: str
    instance_id: str = ""
    row: int | None = None

    def __str__(self) -> str:
        where = f", column '{self.column}'" if self.column else ""
        return f"{self.submission}{where}: {self.message}"


@dataclass
class ParsedIncident:
    time: dt.time | None
    category: IncidentCategory
    severity: Severity
    description: str


@dataclass
class ParsedVisit:
    """A submission read as a visit of this mission, ready to match and write."""

    submission: Submission
    team_id: int
    team: str
    station_id: int
    station: str
    date: dt.date
    phase: Phase
    arrival: dt.time | None = None
    departure: dt.time | None = None
    voters_voted: int | None = None
    overall: Assessment | None = None
    notes: str = ""
    latitude: float | None = None
    longitude: float | None = None
    answers: dict[int, str] = field(default_factory=dict)
    incidents: list[ParsedIncident] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, dt.date, Phase]:
        return (self.team_id, self.station_id, self.date, self.phase)

    def describe(self) -> str:
        return (
            f"team {self.team} at station {self.station} on {self.date}, {self.phase.label.lower()}"
        )


class MissionLookup:
    """The mission's teams, stations and questions, to read submissions against."""

    def __init__(
        self,
        form: FieldForm,
        teams: dict[str, int],
        stations: dict[str, int],
        questions: dict[str, ChecklistQuestion],
    ) -> None:
        self.teams = teams
        self.folded_teams = {fold(code): team_id for code, team_id in teams.items()}
        self.stations = stations
        self.station_labels = {
            fold(choice.label): choice.name for choice in form.stations if choice.label
        }
        # Codes by their number: "0001", "001" and "1" are all 1 to Excel.
        self.stations_by_number: dict[int, list[str]] = defaultdict(list)
        for code in stations:
            if code.isdecimal():
                self.stations_by_number[int(code)].append(code)
        self.questions = questions
        # A question's choices by name (what an XML-values export holds) and by label in
        # any of the form's languages, folded (what a labels export holds), to what the
        # checklist takes: the choice as typed, or the name of a yes/no or scale choice.
        self.choice_by_name: dict[str, dict[str, str]] = {}
        for q in form.questions:
            if q.choices:
                typed = q.answer_type is AnswerType.CHOICE
                by_label = {
                    fold(lb): c.label if typed else c.name for c in q.choices for lb in c.labels
                }
                by_name = {c.name: c.label if typed else c.name for c in q.choices}
                self.choice_by_name[q.code] = by_label | by_name
        # What reading an answer needs, without touching the ORM per cell: {code: (question
        # id, its phase, {choice name or folded label: answer})}.
        self.asked = {
            code: (q.id, q.phase, self.choice_by_name.get(code, {}))
            for code, q in questions.items()
        }
        # The vocabularies' labels in every language of the form's words, to their values.
        self.vocabulary_labels: dict[type[Vocabulary], dict[str, str]] = {
            vocabulary: names_by_label(member.value for member in vocabulary)
            for vocabulary in (Phase, Assessment, IncidentCategory, Severity)
        }
        self.renumbered: list[tuple[str, str]] = []  # (as the export had it, the code)


class SubmissionReader:
    """Reads submissions against the mission, collecting every problem found."""

    def __init__(self, lookup: MissionLookup, problems: list[SubmissionProblem]) -> None:
        self.lookup = lookup
        self.problems = problems
        self._canonical: dict[tuple[int, str], str | ValueError] = {}

    def _problem(self, submission: Submission, cell: Cell | None, message: str) -> None:
        self.problems.append(
            SubmissionProblem(
                submission.label,
                cell.column if cell else "",
                message,
                submission.instance_id,
                submission.row,
            )
        )

    def _text(self, submission: Submission, name: str) -> tuple[str, Cell | None]:
        cell = submission.values.get(name)
        return (cell.text.strip() if cell else ""), cell

    def _required(self, submission: Submission, name: str) -> tuple[str, Cell | None]:
        text, cell = self._text(submission, name)
        if not text:
            self._problem(submission, cell, f"the {name} is missing; every submission has one.")
        return text, cell

    def _team(self, submission: Submission) -> tuple[int, str] | None:
        text, cell = self._required(submission, "team")
        if not text:
            return None
        team_id = self.lookup.teams.get(text) or self.lookup.folded_teams.get(fold(text))
        if team_id is None:
            self._problem(submission, cell, f"team '{text}' is not a team of this mission.")
            return None
        return team_id, text

    def _station(self, submission: Submission) -> tuple[int, str] | None:
        text, cell = self._required(submission, "station")
        if not text:
            return None
        lookup = self.lookup
        code = text if text in lookup.stations else lookup.station_labels.get(fold(text))
        # A number from the workbook is matched by its number even when it is a code as it
        # stands: 12 may have been 0012 before Excel had it.
        from_excel = cell is not None and isinstance(cell.text, ExcelNumber)
        if (code is None or from_excel) and _DIGITS.fullmatch(text):
            code = None
            candidates = lookup.stations_by_number.get(int(float(text)), [])
            if len(candidates) > 1:
                self._problem(
                    submission,
                    cell,
                    f"station '{text}' was stored as a number (Excel drops leading zeros) and "
                    f"could be any of the codes {', '.join(sorted(candidates))}: export again "
                    "with 'Store date and number responses as text' ticked.",
                )
                return None
            if candidates:
                code = candidates[0]
                if code != text:
                    lookup.renumbered.append((text, code))
        if code is None:
            self._problem(
                submission, cell, f"station '{text}' is not a polling station of this mission."
            )
            return None
        return lookup.stations[code], code

    def _date(self, submission: Submission) -> dt.date | None:
        text, cell = self._required(submission, "date")
        if not text:
            return None
        match = _DATE.fullmatch(text)
        try:
            if match:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        self._problem(submission, cell, f"'{text}' is not a date such as 2024-11-17.")
        return None

    def _vocabulary(
        self, submission: Submission, cell: Cell | None, text: str, vocabulary: type[Vocabulary]
    ) -> Vocabulary | None:
        try:
            return vocabulary.parse(self.lookup.vocabulary_labels[vocabulary].get(fold(text), text))
        except ValueError as error:
            self._problem(submission, cell, str(error) + ".")
            return None

    def time(self, submission: Submission, cell: Cell | None) -> dt.time | None:
        text = cell.text.strip() if cell else ""
        if not text:
            return None
        match = _TIME.fullmatch(text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        self._problem(submission, cell, f"'{text}' is not a time of day such as 09:40.")
        return None

    def _count(self, submission: Submission) -> int | None:
        text, cell = self._text(submission, "voters_voted")
        if not text:
            return None
        if _DIGITS.fullmatch(text) and len(text) < 16:
            return int(float(text))
        self._problem(
            submission, cell, f"'{text}' is not a count of voters (a whole number, 0 or more)."
        )
        return None

    def _coordinate(self, submission: Submission, name: str, limit: float) -> float | None:
        text, cell = self._text(submission, name)
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if math.isfinite(value) and abs(value) <= limit:
            return value
        self._problem(submission, cell, f"'{text}' is not a {name}.")
        return None

    def _answers(self, submission: Submission, phase: Phase) -> dict[int, str]:
        answers: dict[int, str] = {}
        asked = self.lookup.asked
        canonical = self._canonical
        for code, cell in submission.answers.items():
            text = cell.text.strip()
            if not text or code not in asked:
                continue
            question_id, asked_at, choices = asked[code]
            if asked_at is not phase:
                self._problem(
                    submission,
                    cell,
                    f"question {code} is asked at {asked_at.label.lower()}, and this "
                    f"submission reports {phase.label.lower()}.",
                )
                continue
            text = choices.get(text) or choices.get(fold(text), text)
            # Thousands of submissions give a question the same few answers: each is read once.
            known = canonical.get((question_id, text))
            if known is None:
                try:
                    known = canonical_answer(self.lookup.questions[code], text)
                except ValueError as error:
                    known = error
                canonical[(question_id, text)] = known
            if isinstance(known, ValueError):
                self._problem(submission, cell, f"question {code}: {known}")
            else:
                answers[question_id] = known
        return answers

    def _incidents(self, submission: Submission) -> list[ParsedIncident]:
        incidents = []
        for number, values in enumerate(submission.incidents, start=1):
            before = len(self.problems)
            category_cell = values.get("category")
            category_text = category_cell.text.strip() if category_cell else ""
            description_cell = values.get("description")
            description = description_cell.text.strip() if description_cell else ""
            if not category_text:
                self._problem(submission, category_cell, f"incident {number} has no category.")
            if not description:
                self._problem(
                    submission, description_cell, f"incident {number} has no description."
                )
            category = (
                self._vocabulary(submission, category_cell, category_text, IncidentCategory)
                if category_text
                else None
            )
            severity_cell = values.get("severity")
            severity_text = severity_cell.text.strip() if severity_cell else ""
            severity = (
                self._vocabulary(submission, severity_cell, severity_text, Severity)
                if severity_text
                else Severity.MINOR
            )
            time = self.time(submission, values.get("time"))
            if len(self.problems) == before and category is not None and severity is not None:
                incidents.append(
                    ParsedIncident(
                        time,
                        IncidentCategory(category),
                        Severity(severity),
                        description,
                    )
                )
        return incidents

    def read(self, submission: Submission) -> ParsedVisit | None:
        """The submission as a visit of this mission; None (problems added) if it is wrong."""
        before = len(self.problems)
        team = self._team(submission)
        station = self._station(submission)
        date = self._date(submission)
        phase_text, phase_cell = self._required(submission, "phase")
        phase = self._vocabulary(submission, phase_cell, phase_text, Phase) if phase_text else None
        overall_text, overall_cell = self._text(submission, "overall")
        overall = (
            self._vocabulary(submission, overall_cell, overall_text, Assessment)
            if overall_text
            else None
        )
        arrival = self.time(submission, submission.values.get("arrival"))
        departure = self.time(submission, submission.values.get("departure"))
        voters = self._count(submission)
        latitude = self._coordinate(submission, "latitude", 90)
        longitude = self._coordinate(submission, "longitude", 180)
        answers = self._answers(submission, Phase(phase)) if phase is not None else {}
        incidents = self._incidents(submission)
        if len(self.problems) > before or not (team and station and date and phase):
            return None
        return ParsedVisit(
            submission,
            team[0],
            team[1],
            station[0],
            station[1],
            date,
            Phase(phase),
            arrival,
            departure,
            voters,
            Assessment(overall) if overall is not None else None,
            self._text(submission, "notes")[0],
            latitude,
            longitude,
            answers,
            incidents,
        )
