"""The command line's grammar: every command, its arguments and its help."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from coordinator import __version__
from coordinator.cli import documents, missions
from coordinator.cli.documents import phases

Command = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    """argparse, exiting 1 on a wrong command line as on any other user error (not 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: {message}\n")


def build_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    """The commands' parser and the names of its commands."""
    parser = Parser(
        prog="coordinator",
        description="Mission Coordinator: run an election observation mission offline.",
        epilog="`coordinator [FILE.eom]` with no command opens the window on FILE (else the "
        "last mission).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser("demo", help="write the demo mission (OTS, Kyrgyzstan 2024)")
    demo.add_argument("file", nargs="?", type=Path, help="where to write it (FILE.eom)")
    demo.add_argument("--no-gui", action="store_true", help="only write the file")
    demo.add_argument("--replace", action="store_true", help="overwrite FILE if it exists")
    demo.set_defaults(run=missions.run_demo)

    check = commands.add_parser("check", help="integrity and consistency report")
    check.add_argument("file", type=mission, help=MISSION_HELP)
    check.set_defaults(run=missions.run_check)

    template = commands.add_parser("template", help="an empty workbook to fill in")
    template.add_argument("output", type=Path, help="the workbook to write (OUT.xlsx)")
    template.set_defaults(run=missions.run_template)

    import_ = commands.add_parser("import", help="import a workbook into a mission")
    import_.add_argument(
        "file", type=mission, help="the mission file (created if new) or a shared mission"
    )
    import_.add_argument("workbook", type=Path, help="an .xlsx file or a folder of .csv files")
    import_.set_defaults(run=missions.run_import)

    export = commands.add_parser("export", help="export a mission as a workbook")
    export.add_argument("file", type=mission, help=MISSION_HELP)
    export.add_argument("output", type=Path, help="OUT.xlsx, or a folder for .csv files")
    export.set_defaults(run=missions.run_export)

    statement = commands.add_parser("statement", help="print the mission's statement to PDF")
    statement.add_argument("file", type=mission, help=MISSION_HELP)
    statement.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    statement.add_argument("--annexes", action="store_true", help="add the annexes")
    statement.add_argument(
        "--language",
        metavar="CODE",
        help="the statement's language: en, ru or tr (default: the mission's first)",
    )
    statement.set_defaults(run=documents.run_statement)

    schedule = commands.add_parser("schedule", help="print the teams' schedules to PDF")
    schedule.add_argument("file", type=mission, help=MISSION_HELP)
    schedule.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    schedule.add_argument("--team", metavar="CODE", help="only this team's schedule")
    schedule.set_defaults(run=documents.run_schedule)

    form = commands.add_parser("form", help="the checklist as an XLSForm for phones")
    form.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    form.add_argument("-o", "--output", type=Path, required=True, help="the form (OUT.xlsx)")
    form.set_defaults(run=documents.run_form)

    submissions = commands.add_parser(
        "submissions", help="import observers' submissions (KoboToolbox or ODK Central export)"
    )
    submissions.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    submissions.add_argument("export", type=Path, help="an export: .xlsx, .csv or .zip")
    submissions.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    submissions.add_argument(
        "--approved-only", action="store_true", help="only submissions a reviewer approved"
    )
    submissions.set_defaults(run=documents.run_submissions)

    checklist = commands.add_parser("checklist", help="print the checklist on paper (PDF)")
    checklist.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    checklist.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    checklist.add_argument(
        "--phase", choices=[p.value for p in phases()], help="only this phase's checklist"
    )
    checklist.add_argument(
        "--language",
        metavar="CODE",
        help="one of the statement's languages, e.g. ru or tr (default: the mission's first)",
    )
    checklist.set_defaults(run=documents.run_checklist)
    from coordinator.services.planning import settings as plan

    plan_day = commands.add_parser(
        "plan",
        help="plan a day's visits for every team",
        description="Plan a day's visits for every team: an opening, as many voting visits as "
        "the day allows, a counting; planned visits of the day are replaced, done and "
        "cancelled ones stay. Travel takes the great-circle distance x road factor / speed.",
    )
    plan_day.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    plan_day.add_argument("--date", required=True, metavar="D", help="the day, YYYY-MM-DD")
    for option, default, what in (
        ("--opening", plan.DEFAULT_OPENING, "when the polls open"),
        ("--closing", plan.DEFAULT_CLOSING, "when the polls close"),
        ("--earliest", plan.DEFAULT_EARLIEST, "when teams may leave their base"),
    ):
        plan_day.add_argument(option, default=default, metavar="HH:MM", help=f"{what} ({default})")
    plan_day.add_argument(
        "--visit-minutes",
        type=number(int),
        default=plan.DEFAULT_VISIT_MINUTES,
        metavar="N",
        help=f"minutes of a voting visit ({plan.DEFAULT_VISIT_MINUTES})",
    )
    plan_day.add_argument(
        "--speed",
        type=number(float),
        default=plan.DEFAULT_SPEED,
        metavar="KMH",
        help=f"average speed by road, km/h ({plan.DEFAULT_SPEED:g})",
    )
    plan_day.add_argument(
        "--road-factor",
        type=number(float),
        default=plan.DEFAULT_ROAD_FACTOR,
        metavar="F",
        help=f"road length / straight line ({plan.DEFAULT_ROAD_FACTOR:g})",
    )
    plan_day.add_argument(
        "--time-limit",
        type=number(float),
        default=plan.DEFAULT_TIME_LIMIT,
        metavar="S",
        help=f"seconds the solver may search ({plan.DEFAULT_TIME_LIMIT:g})",
    )
    plan_day.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    plan_day.set_defaults(run=documents.run_plan)

    publish = commands.add_parser("publish", help="put a mission file into an empty database")
    publish.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    publish.add_argument("address", help="postgresql://user@host[:port]/database (empty)")
    publish.set_defaults(run=missions.run_publish)

    copy = commands.add_parser("copy", help="a shared mission's copy as a mission file")
    copy.add_argument("address", help="postgresql://user@host[:port]/database")
    copy.add_argument("file", type=Path, help="the mission file to write (FILE.eom, new)")
    copy.set_defaults(run=missions.run_copy)
    return parser, set(commands.choices)


def number(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type saying "'x' is not a number" in plain words."""

    def read(text: str) -> float:
        try:
            return kind(text)
        except ValueError:
            whole = " whole" if kind is int else ""
            raise argparse.ArgumentTypeError(f"'{text}' is not a{whole} number") from None

    return read


MISSION_HELP = "the mission file (FILE.eom) or a shared mission (postgresql://…)"


def mission(argument: str) -> Path | str:
    """A mission file's path, or a shared mission's address as it was written.

    A Path would fold the address's "//" into one slash.
    """
    from coordinator.db.shared import is_address

    return argument if is_address(argument) else Path(argument)
