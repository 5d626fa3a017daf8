"""The `coordinator` command: a stable contract that tests and users script.

Every command exits 0 on success and 1 on a user error, printing what is wrong and what
to do, never a traceback. Unexpected errors are bugs: logged with their traceback to the
log file and reported in one line that says where the log is.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from coordinator import __version__
from coordinator.errors import UserError

if TYPE_CHECKING:
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
    check.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    check.set_defaults(run=_run_check)

    template = commands.add_parser("template", help="an empty workbook to fill in")
    template.add_argument("output", type=Path, help="the workbook to write (OUT.xlsx)")
    template.set_defaults(run=_run_template)

    import_ = commands.add_parser("import", help="import a workbook into a mission")
    import_.add_argument("file", type=Path, help="the mission file (created if new)")
    import_.add_argument("workbook", type=Path, help="an .xlsx file or a folder of .csv files")
    import_.set_defaults(run=_run_import)

    export = commands.add_parser("export", help="export a mission as a workbook")
    export.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    export.add_argument("output", type=Path, help="OUT.xlsx, or a folder for .csv files")
    export.set_defaults(run=_run_export)

    statement = commands.add_parser("statement", help="print the mission's statement to PDF")
    statement.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    statement.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    statement.add_argument("--annexes", action="store_true", help="add the annexes")
    statement.set_defaults(run=_run_statement)

    schedule = commands.add_parser("schedule", help="print the teams' schedules to PDF")
    schedule.add_argument("file", type=Path, help="the mission file (FILE.eom)")
    schedule.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    schedule.add_argument("--team", metavar="CODE", help="only this team's schedule")
    schedule.set_defaults(run=_run_schedule)
    return parser, set(commands.choices)


def _open_to_read(path: Path) -> MissionFile:
    """The mission file for a command that reads it; an upgrade of an older file is said."""
    from coordinator.db.missionfile import open_mission_file

    mission_file = open_mission_file(path, to_read=True)
    if mission_file.upgraded_from is not None:
        print(
            f"coordinator: {mission_file.path.name} was upgraded from file format "
            f"{mission_file.upgraded_from}; the file as it was is kept as {mission_file.backup}.",
            file=sys.stderr,
        )
    return mission_file


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


def _open_window(path: Path | None) -> int:
    from coordinator.ui.app import run_window

    return run_window(path)


def _run_template(args: argparse.Namespace) -> int:
    from coordinator.exchange.template import write_template

    print(f"Wrote the workbook template to {write_template(args.output)}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from coordinator.exchange.importer import WorkbookImportError, import_workbook
    from coordinator.services.files import with_suffix

    existed = with_suffix(args.file).exists()
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
    from coordinator.reports.statement import logo_flowable, write_statement_pdf
    from coordinator.services.statement import statement_heading

    with (
        _open_to_read(args.file) as mission_file,
        mission_file.session() as session,
    ):
        written = write_statement_pdf(
            session, args.output, annexes=args.annexes, progress=_pages_said()
        )
        logo = statement_heading(session).logo
        if logo is not None and logo_flowable(logo) is None:
            print(
                "coordinator: the mission's logo is not an image that can be shown (the file "
                "was changed outside the program); the statement is printed without it. "
                "Choose the logo again on the Mission page.",
                file=sys.stderr,
            )
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


def _window_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coordinator",
        description="Open the Mission Coordinator window (on FILE, else the last mission). "
        "Commands: demo, check, statement, schedule, template, import, export; "
        "`coordinator COMMAND --help` tells more.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("file", nargs="?", type=Path, help="the mission to open (FILE.eom)")
    parser.set_defaults(run=lambda args: _open_window(args.file))
    return parser


def _not_a_mission_or_command(word: str, commands: set[str]) -> str | None:
    """Why `coordinator WORD` can open nothing, when WORD names no file (None if it does)."""
    import difflib

    path = Path(word)
    if path.exists() or path.with_name(path.name + ".eom").exists():
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
