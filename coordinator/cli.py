"""The `coordinator` command: a stable contract that tests and users script.

Every command exits 0 on success and 1 on a user error, printing what is wrong and what
to do, never a traceback. Unexpected errors are bugs: logged with their traceback to the
log file and reported in one line that says where the log is.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from coordinator import __version__
from coordinator.errors import UserError

if TYPE_CHECKING:
    from coordinator.db.enums import Phase
    from coordinator.db.missionfile import MissionFile

log = logging.getLogger("coordinator")

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse, exiting 1 on a wrong command line as on any other user error (not 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: {message}\n")


def _parser() -> tuple[argparse.ArgumentParser, set[str]]:
    """The commands' parser and the names of its commands."""
    parser = _Parser(
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
    demo.set_defaults(run=_run_demo)

    check = commands.add_parser("check", help="integrity and consistency report")
    check.add_argument("file", type=_mission, help=MISSION_HELP)
    check.set_defaults(run=_run_check)

    template = commands.add_parser("template", help="an empty workbook to fill in")
    template.add_argument("output", type=Path, help="the workbook to write (OUT.xlsx)")
    template.set_defaults(run=_run_template)

    import_ = commands.add_parser("import", help="import a workbook into a mission")
    import_.add_argument(
        "file", type=_mission, help="the mission file (created if new) or a shared mission"
    )
    import_.add_argument("workbook", type=Path, help="an .xlsx file or a folder of .csv files")
    import_.set_defaults(run=_run_import)

    export = commands.add_parser("export", help="export a mission as a workbook")
    export.add_argument("file", type=_mission, help=MISSION_HELP)
    export.add_argument("output", type=Path, help="OUT.xlsx, or a folder for .csv files")
    export.set_defaults(run=_run_export)

    statement = commands.add_parser("statement", help="print the mission's statement to PDF")
    statement.add_argument("file", type=_mission, help=MISSION_HELP)
    statement.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    statement.add_argument("--annexes", action="store_true", help="add the annexes")
    statement.add_argument(
        "--language",
        metavar="CODE",
        help="the statement's language: en, ru or tr (default: the mission's first)",
    )
    statement.set_defaults(run=_run_statement)

    schedule = commands.add_parser("schedule", help="print the teams' schedules to PDF")
    schedule.add_argument("file", type=_mission, help=MISSION_HELP)
    schedule.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    schedule.add_argument("--team", metavar="CODE", help="only this team's schedule")
    schedule.set_defaults(run=_run_schedule)

    form = commands.add_parser("form", help="the checklist as an XLSForm for phones")
    form.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    form.add_argument("-o", "--output", type=Path, required=True, help="the form (OUT.xlsx)")
    form.set_defaults(run=_run_form)

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
    submissions.set_defaults(run=_run_submissions)

    checklist = commands.add_parser("checklist", help="print the checklist on paper (PDF)")
    checklist.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    checklist.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    checklist.add_argument(
        "--phase", choices=[p.value for p in _phases()], help="only this phase's checklist"
    )
    checklist.set_defaults(run=_run_checklist)
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
        type=_number(int),
        default=plan.DEFAULT_VISIT_MINUTES,
        metavar="N",
        help=f"minutes of a voting visit ({plan.DEFAULT_VISIT_MINUTES})",
    )
    plan_day.add_argument(
        "--speed",
        type=_number(float),
        default=plan.DEFAULT_SPEED,
        metavar="KMH",
        help=f"average speed by road, km/h ({plan.DEFAULT_SPEED:g})",
    )
    plan_day.add_argument(
        "--road-factor",
        type=_number(float),
        default=plan.DEFAULT_ROAD_FACTOR,
        metavar="F",
        help=f"road length / straight line ({plan.DEFAULT_ROAD_FACTOR:g})",
    )
    plan_day.add_argument(
        "--time-limit",
        type=_number(float),
        default=plan.DEFAULT_TIME_LIMIT,
        metavar="S",
        help=f"seconds the solver may search ({plan.DEFAULT_TIME_LIMIT:g})",
    )
    plan_day.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    plan_day.set_defaults(run=_run_plan)

    publish = commands.add_parser("publish", help="put a mission file into an empty database")
    publish.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    publish.add_argument("address", help="postgresql://user@host[:port]/database (empty)")
    publish.set_defaults(run=_run_publish)

    copy = commands.add_parser("copy", help="a shared mission's copy as a mission file")
    copy.add_argument("address", help="postgresql://user@host[:port]/database")
    copy.add_argument("file", type=Path, help="the mission file to write (FILE.eom, new)")
    copy.set_defaults(run=_run_copy)
    return parser, set(commands.choices)


def _number(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type saying "'x' is not a number" in plain words."""

    def read(text: str) -> float:
        try:
            return kind(text)
        except ValueError:
            whole = " whole" if kind is int else ""
            raise argparse.ArgumentTypeError(f"'{text}' is not a{whole} number") from None

    return read


MISSION_HELP = "the mission file (FILE.eom) or a shared mission (postgresql://…)"


def _mission(argument: str) -> Path | str:
    """A mission file's path, or a shared mission's address as it was written.

    A Path would fold the address's "//" into one slash.
    """
    from coordinator.db.shared import is_address

    return argument if is_address(argument) else Path(argument)


def _open_to_read(path: Path | str) -> MissionFile:
    """The mission file for a command that reads it; an upgrade of an older file is said."""
    from coordinator.db.missionfile import open_mission_file

    mission_file = open_mission_file(path, to_read=True)
    if mission_file.upgraded_from is not None:
        kept = (
            f"the file as it was is kept as {mission_file.backup}"
            if mission_file.backup is not None
            else "in one transaction"
        )
        print(
            f"coordinator: {mission_file.name} was upgraded from file format "
            f"{mission_file.upgraded_from}; {kept}.",
            file=sys.stderr,
        )
    return mission_file


class _Progress:
    """A command's progress on stderr: one line rewritten in a terminal, a few lines if not."""

    def __init__(self, doing: str) -> None:
        self.doing = doing
        self.shown = -1

    def __call__(self, done: int, total: int, table: str) -> None:
        percent = 100 * done // total if total else 100
        if sys.stderr.isatty():
            print(
                f"\r{self.doing}: {percent}% ({done:,} of {total:,} rows)", end="", file=sys.stderr
            )
            if done == total:
                print(file=sys.stderr)
        elif percent // 25 != self.shown // 25 or done == total:
            print(f"{self.doing}: {percent}% ({done:,} of {total:,} rows)", file=sys.stderr)
        self.shown = percent


def _run_publish(args: argparse.Namespace) -> int:
    from coordinator.db.shared import display_address, parse_address
    from coordinator.services.sharing import publish

    where = display_address(parse_address(args.address))
    counts = publish(args.file, args.address, _Progress(f"Publishing to {where}"))
    print(f"Published {args.file} to {where} ({sum(counts.values()):,} rows).")
    return 0


def _run_copy(args: argparse.Namespace) -> int:
    from coordinator.db.shared import display_address, parse_address
    from coordinator.services.files import with_suffix
    from coordinator.services.sharing import take_copy

    where = display_address(parse_address(args.address))
    path = with_suffix(args.file)
    counts = take_copy(args.address, path, _Progress(f"Copying {where}"))
    print(f"Copied {where} to {path} ({sum(counts.values()):,} rows).")
    return 0


def _run_demo(args: argparse.Namespace) -> int:
    from coordinator.services.demo import default_demo_path, write_demo_file
    from coordinator.services.files import with_suffix

    path: Path = with_suffix(args.file) if args.file is not None else default_demo_path()
    if args.file is None and path.exists() and not args.replace:
        # `make run` reopens the demo kept from last time, with the user's edits.
        doing = "The demo mission is kept at" if args.no_gui else "Opening the demo mission kept at"
        print(f"{doing} {path}")
    else:
        write_demo_file(path, replace=args.replace)
        print(f"Wrote the demo mission to {path}")
    if args.no_gui:
        return 0
    try:
        return _open_window(path)
    except UserError as error:
        raise UserError(
            f"{error}\nThe demo mission is written; `coordinator demo {path} --no-gui` writes "
            "it without opening the window."
        ) from None


def _open_window(path: Path | str | None) -> int:
    from coordinator.ui.app import run_window

    return run_window(path)


def _run_template(args: argparse.Namespace) -> int:
    from coordinator.exchange.template import write_template

    print(f"Wrote the workbook template to {write_template(args.output)}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from coordinator.db.shared import is_address
    from coordinator.exchange.importer import WorkbookImportError, import_workbook
    from coordinator.services.files import with_suffix

    existed = is_address(args.file) or with_suffix(args.file).exists()
    try:
        report = import_workbook(args.file, args.workbook)
    except WorkbookImportError as error:
        for line in error.report.lines(counts=False):
            print(line)
        kept = f"{args.file} is unchanged" if existed else "no mission file was made"
        print(f"coordinator: the workbook was not imported; {kept}.", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from coordinator.exchange.exporter import export_mission

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        written = export_mission(session, args.output)
    print(f"Exported the mission to {written}")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from coordinator.services.check import check_mission

    with _open_to_read(args.file) as mission_file:
        report = check_mission(mission_file)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _run_statement(args: argparse.Namespace) -> int:
    from coordinator.reports.statement import LOGO_LEFT_OUT, logo_left_out, write_statement_pdf

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        written = write_statement_pdf(
            session,
            args.output,
            annexes=args.annexes,
            language=args.language.strip().lower() if args.language else None,
            progress=_pages_said(),
        )
        if logo_left_out(session):
            print(f"coordinator: {LOGO_LEFT_OUT}", file=sys.stderr)
    print(f"Wrote the statement to {written}")
    return 0


def _pages_said(every: int = 200) -> Callable[[int], None]:
    """Says on stderr how far a long PDF has come (the annexes of 200,000 visits take
    thousands of pages), every `every` pages."""

    def said(page: int) -> None:
        if page % every == 0:
            print(f"coordinator: laid out {page:,} pages…", file=sys.stderr, flush=True)

    return said


def _run_schedule(args: argparse.Namespace) -> int:
    from coordinator.reports.schedule import write_schedule_pdf

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        written = write_schedule_pdf(session, args.output, team_code=args.team)
    print(f"Wrote the team schedules to {written}")
    return 0


def _phases() -> list[Phase]:
    from coordinator.db.enums import Phase

    return list(Phase)


def _run_form(args: argparse.Namespace) -> int:
    from coordinator.exchange.xlsform import export_field_form

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        written = export_field_form(session, args.output)
    print(f"Wrote the field form to {written[0]}")
    for extra in written[1:]:
        print(f"Wrote the list of stations the form reads to {extra}; upload it with the form.")
    return 0


def _run_submissions(args: argparse.Namespace) -> int:
    from coordinator.db.missionfile import open_mission_file
    from coordinator.exchange.submissions import import_export
    from coordinator.services.submissions import SubmissionImportError

    with (
        open_mission_file(args.file) as mission_file,
        mission_file.session() as session,
    ):
        try:
            report = import_export(
                session, args.export, preview=args.dry_run, approved_only=args.approved_only
            )
        except SubmissionImportError as error:
            for line in error.report.lines(counts=False):
                print(line)
            print(
                f"coordinator: the submissions were not imported; {args.file} is unchanged.",
                file=sys.stderr,
            )
            return 1
    for line in report.lines():
        print(line)
    if args.dry_run:
        print(f"Dry run: nothing was written to {args.file}.")
    return 0


def _run_checklist(args: argparse.Namespace) -> int:
    from coordinator.db.enums import Phase
    from coordinator.reports.checklist_form import write_checklist_pdf

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        phase = Phase(args.phase) if args.phase else None
        written = write_checklist_pdf(session, args.output, phase=phase)
    print(f"Wrote the checklist to {written}")
    return 0


def _run_plan(args: argparse.Namespace) -> int:
    from coordinator.services.planning.run import plan_mission_day, read_settings
    from coordinator.services.planning.solver import Progress

    settings = read_settings(
        args.date,
        opening=args.opening,
        closing=args.closing,
        visit_minutes=args.visit_minutes,
        speed=args.speed,
        road_factor=args.road_factor,
        earliest=args.earliest,
        time_limit=args.time_limit,
    )
    last = [-math.inf]  # the first plan found is said at once

    def progress(found: Progress) -> None:
        if found.seconds - last[0] >= 2:  # a line every few seconds is enough to see it move
            last[0] = found.seconds
            print(
                f"  searching: {found.seconds:.0f} s, {found.stations} stations, {found.km:.1f} km",
                file=sys.stderr,
            )

    # Ctrl+C during the search stops it and keeps the best plan found (said in the output);
    # a second Ctrl+C interrupts as usual.
    import signal
    import threading

    stop = threading.Event()

    def interrupted(number: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("  stopping the search: the best plan found so far is kept", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        lines = plan_mission_day(
            args.file, settings, dry_run=args.dry_run, report=progress, cancelled=stop.is_set
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    for line in lines:
        print(line)
    return 0


def _window_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coordinator",
        description="Open the Mission Coordinator window (on FILE, else the last mission). "
        "Commands: demo, check, statement, schedule, plan, template, import, export, form, "
        "submissions, checklist; "
        "`coordinator COMMAND --help` tells more.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "file", nargs="?", type=_mission, help="the mission to open: " + MISSION_HELP
    )
    parser.set_defaults(run=lambda args: _open_window(args.file))
    return parser


def _not_a_mission_or_command(word: str, commands: set[str]) -> str | None:
    """Why `coordinator WORD` can open nothing, when WORD names no file (None if it does)."""
    import difflib

    from coordinator.db.shared import is_address

    path = Path(word)
    if is_address(word) or path.exists() or path.with_name(path.name + ".eom").exists():
        return None
    close = difflib.get_close_matches(word, sorted(commands), n=1)
    if close:
        return f"'{word}' is not a command: did you mean `coordinator {close[0]}`?"
    return (
        f"There is no mission file {word}. Commands: {', '.join(sorted(commands))}; "
        "`coordinator --help` tells more."
    )


def _damage_found(args: argparse.Namespace) -> str | None:
    """After an unexpected error: what is damaged in the command's mission file, if any.

    A file changed outside the program trips the code in ways no rule foresees; when
    `check` finds it damaged, that is what the user is told, not "a bug".
    """
    path = getattr(args, "file", None)
    if not isinstance(path, Path) or not path.is_file():
        return None
    try:
        from coordinator.db.integrity import sqlite_integrity_problems
        from coordinator.db.missionfile import open_mission_file

        with open_mission_file(path, to_read=True) as mission_file:
            problems = sqlite_integrity_problems(mission_file.engine)
    except Exception:
        return None
    if not problems:
        return None
    return (
        f"{path.name} is damaged: {problems[0]} It was changed outside Mission Coordinator. "
        f"`coordinator check {path}` names each damaged table, row and field; open your "
        "most recent copy or backup."
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _parser()
    is_command = bool(arguments) and (arguments[0] in commands or arguments[0] in ("-h", "--help"))
    window_file = arguments[0] if arguments and not is_command else "-"
    if not window_file.startswith("-") and (
        reason := _not_a_mission_or_command(window_file, commands)
    ):
        print(f"coordinator: {reason}", file=sys.stderr)
        return 1
    try:
        args = (parser if is_command else _window_parser()).parse_args(arguments)
    except SystemExit as done:  # --help, --version, or a wrong command line (said already)
        return done.code if isinstance(done.code, int) else 1
    run: Command = args.run
    try:
        return run(args)
    except UserError as error:
        print(f"coordinator: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coordinator: interrupted; nothing more was written.", file=sys.stderr)
        return 130
    except Exception as error:
        from coordinator.db.errors import damage_error

        if (damage := damage_error(error) or _damage_found(args)) is not None:
            print(f"coordinator: {damage}", file=sys.stderr)
            return 1
        from coordinator.ui.app import log_file, setup_logging

        setup_logging()
        log.exception("unexpected error running %s", arguments)
        print(
            "coordinator: something went wrong inside Mission Coordinator (a bug); nothing "
            f"more was written. The details are in the log file: {log_file()}",
            file=sys.stderr,
        )
        return 1
