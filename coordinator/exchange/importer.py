"""Importing a workbook into a mission: all or nothing, and the same workbook twice is a no-op.

Sheets and columns are matched by name (no case, spaces or underscores); unknown ones are
warned about and left out. Every row goes through the services inside ONE transaction:
if any row has a problem, every problem found (up to a limit) is reported and the
transaction is rolled back, so the mission file is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from coordinator.db.missionfile import MissionFile
from coordinator.db.shared import hold_import_lock
from coordinator.errors import UserError
from coordinator.exchange import (
    keyed,
    localities,
    meeting_rows,
    sheets,
    statement_rows,
    unkeyed,
)
from coordinator.exchange.context import ImportContext, SheetCount
from coordinator.exchange.reader import RawSheet, read_workbook
from coordinator.exchange.rows import (
    MAX_PROBLEMS,
    Problem,
    SheetData,
    match_sheet,
    note_excel_errors,
)
from coordinator.services.checklist import code_key
from coordinator.services.unit import unit_of_work


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or would have done) per sheet, its warnings and its problems."""

    counts: list[SheetCount]
    warnings: list[str]
    problems: list[Problem]
    more_problems: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self, *, counts: bool = True) -> list[str]:
        """The report as lines; without the counts for an import that did not happen."""
        lines = [str(count) for count in self.counts] if counts else []
        lines += [f"Warning: {warning}" for warning in self.warnings]
        lines += [str(problem) for problem in self.problems]
        if self.more_problems:
            lines.append(f"(only the first {MAX_PROBLEMS} problems are listed)")
        return lines


class WorkbookImportError(UserError):
    """The workbook has problems; nothing was written. `report` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        shown = len(report.problems)
        more = " or more" if report.more_problems else ""
        super().__init__(
            f"The workbook was not imported: {shown}{more} problem(s); nothing was changed. "
            "Correct them in the workbook and import it again.\n"
            + "\n".join(report.lines(counts=False))
        )


def _match(ctx: ImportContext, raw_sheets: list[RawSheet]) -> dict[str, SheetData]:
    matched: dict[str, SheetData] = {}
    for raw in raw_sheets:
        spec = sheets.SHEETS_BY_KEY.get(sheets.name_key(raw.name))
        if spec is None:
            ctx.warnings.append(f"sheet '{raw.name}' is not part of the format; it was left out.")
            continue
        if spec.name in matched:
            ctx.problems.add(spec.name, None, None, f"there are two {spec.name} sheets.")
            continue
        if not any(raw.headers) and not raw.rows:
            ctx.warnings.append(f"sheet '{raw.name}' is empty; it was left out.")
            continue
        data = match_sheet(spec, raw, ctx.problems)
        if data is None:
            continue
        note_excel_errors(data, ctx.problems)
        matched[spec.name] = data
        if not spec.open_columns:
            for index in data.extra.values():
                ctx.warnings.append(
                    f"{spec.name}, column '{data.header(index)}' is not part of the format; "
                    "it was left out."
                )
    return matched


def _warn_unknown_answer_columns(ctx: ImportContext, data: SheetData) -> None:
    questions = ctx.questions()
    for key, index in data.extra.items():
        if code_key(key) not in questions:
            ctx.warnings.append(
                f"Visits, column '{data.header(index)}' is not a column of the format nor "
                "a checklist question code; it was left out."
            )


class _PreviewRollbackError(Exception):
    """Rolls a preview's transaction back, carrying its report out."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report


Step = Callable[[ImportContext, dict[str, SheetData]], None]


def _keyed_step(kind: keyed.Keyed) -> Step:  # type: ignore[type-arg]
    def step(ctx: ImportContext, matched: dict[str, SheetData]) -> None:
        if (data := matched.get(kind.sheet.name)) is not None:
            if kind is keyed.VISITS:
                _warn_unknown_answer_columns(ctx, data)
            keyed.write_keyed(ctx, data, kind)

    return step


def _sheet_step(sheet: sheets.Sheet, write: Callable[[ImportContext, SheetData], None]) -> Step:
    def step(ctx: ImportContext, matched: dict[str, SheetData]) -> None:
        if (data := matched.get(sheet.name)) is not None:
            write(ctx, data)

    return step


def _team_members(ctx: ImportContext, matched: dict[str, SheetData]) -> None:
    if (teams := matched.get(sheets.TEAMS.name)) is not None:
        unkeyed.write_team_members(ctx, teams, matched.get(sheets.MEMBERS.name))


# In the order references need: delegations before members, stations before visits, …
STEPS: tuple[tuple[str, Step], ...] = (
    (sheets.MISSION.name, _sheet_step(sheets.MISSION, unkeyed.write_mission)),
    (sheets.DELEGATIONS.name, _keyed_step(keyed.DELEGATIONS)),
    (sheets.TEAMS.name, _keyed_step(keyed.TEAMS)),
    (sheets.MEMBERS.name, _keyed_step(keyed.MEMBERS)),
    (sheets.TEAMS.name, _team_members),
    (sheets.LOCALITIES.name, _sheet_step(sheets.LOCALITIES, localities.write_localities)),
    (sheets.STATIONS.name, _keyed_step(keyed.STATIONS)),
    (sheets.CHECKLIST.name, _keyed_step(keyed.CHECKLIST)),
    (sheets.VISITS.name, _keyed_step(keyed.VISITS)),
    (sheets.MEETINGS.name, _sheet_step(sheets.MEETINGS, meeting_rows.write_meetings)),
    (sheets.INCIDENTS.name, _sheet_step(sheets.INCIDENTS, unkeyed.write_incidents)),
    (sheets.DEBRIEF.name, _sheet_step(sheets.DEBRIEF, unkeyed.write_debrief)),
    (sheets.TRANSLATIONS.name, _sheet_step(sheets.TRANSLATIONS, statement_rows.write_translations)),
    (sheets.STATEMENT.name, _sheet_step(sheets.STATEMENT, statement_rows.write_statement)),
)


def import_sheets(
    session: Session,
    raw_sheets: list[RawSheet],
    *,
    preview: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Import the sheets into the mission open in `session`, in one transaction.

    Raises WorkbookImportError (nothing written) when any row has a problem. `preview`:
    do everything but keep nothing, and return what would change (the window shows it
    before asking). `progress(sheet, step, steps)` is called before each step.
    """
    ctx = ImportContext(session)
    matched = _match(ctx, raw_sheets)
    try:
        with unit_of_work(session):
            hold_import_lock(session.connection())
            for number, (name, step) in enumerate(STEPS):
                if progress is not None:
                    progress(name, number, len(STEPS))
                if not ctx.problems.full:
                    step(ctx, matched)
            report = ImportReport(
                ctx.counts,
                ctx.warnings,
                list(ctx.problems.items),
                # Full: the import stopped looking, so there may be more.
                ctx.problems.more or ctx.problems.full,
            )
            if not report.ok:
                # Raised inside the unit of work: everything written so far is rolled back.
                raise WorkbookImportError(report)
            if preview:
                raise _PreviewRollbackError(report)
    except _PreviewRollbackError as previewed:
        return previewed.report
    return report


def import_workbook(mission_path: Path | str, workbook: Path) -> ImportReport:
    """Import `workbook` into the mission file, creating the file when it does not exist.

    A failed import leaves an existing file as it was and removes a file it created.
    A shared mission's address (postgresql://…) imports into it, in one transaction.
    """
    from coordinator.db.shared import is_address
    from coordinator.services.files import new_mission_with, open_mission, with_suffix

    raw_sheets = read_workbook(workbook)  # a workbook that cannot be read creates no file
    if is_address(mission_path):
        with open_mission(mission_path) as shared, shared.session() as session:
            return import_sheets(session, raw_sheets)
    path = with_suffix(mission_path)
    reports: list[ImportReport] = []
    if not path.exists():
        # Built whole beside `path` and renamed into place: a failed or killed import
        # leaves no mission file, not even an empty one.
        new_mission_with(
            path, lambda session: reports.append(import_sheets(session, raw_sheets))
        ).close()
        return reports[0]
    with open_mission(path, keep_journal=True) as mission_file:
        _refuse_damaged(mission_file)
        with mission_file.session() as session:
            return import_sheets(session, raw_sheets)


def _refuse_damaged(mission_file: MissionFile) -> None:
    """An import into a damaged file would build on what cannot be trusted: refused."""
    from coordinator.db.integrity import sqlite_integrity_problems

    problems = sqlite_integrity_problems(mission_file.engine)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UserError(
            f"{mission_file.path.name} is damaged, so nothing was imported: {problems[0]}"
            f"{more} `coordinator check {mission_file.path}` lists what is damaged; open "
            "your most recent copy or backup and import into it."
        )
