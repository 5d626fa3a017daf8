"""The `coordinator` command: a stable contract that tests and users script.

Every command exits 0 on success and 1 on a user error, printing what is wrong and what
to do, never a traceback. Unexpected errors are bugs: logged with their traceback to the
log file and reported in one line that says where the log is.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from coordinator import __version__
from coordinator.cli.missions import open_window
from coordinator.cli.parser import MISSION_HELP, Command, Parser, build_parser, mission
from coordinator.errors import UserError

log = logging.getLogger("coordinator")


def _window_parser(commands: set[str]) -> argparse.ArgumentParser:
    parser = Parser(
        prog="coordinator",
        description="Open the Mission Coordinator window (on FILE, else the last mission). "
        f"Commands: {', '.join(sorted(commands))}; `coordinator COMMAND --help` tells more.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "file", nargs="?", type=mission, help="the mission to open: " + MISSION_HELP
    )
    parser.set_defaults(run=lambda args: open_window(args.file))
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
    parser, commands = build_parser()
    is_command = bool(arguments) and (arguments[0] in commands or arguments[0] in ("-h", "--help"))
    window_file = arguments[0] if arguments and not is_command else "-"
    if not window_file.startswith("-") and (
        reason := _not_a_mission_or_command(window_file, commands)
    ):
        print(f"coordinator: {reason}", file=sys.stderr)
        return 1
    try:
        args = (parser if is_command else _window_parser(commands)).parse_args(arguments)
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

        path = getattr(args, "file", None)
        named = path if isinstance(path, Path) else None
        if (damage := damage_error(error, named) or _damage_found(args)) is not None:
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
