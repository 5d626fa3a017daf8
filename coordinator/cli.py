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

from coordinator import __version__
from coordinator.errors import UserError

log = logging.getLogger("coordinator")

Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coordinator",
        description="Mission Coordinator: run an election observation mission offline.",
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
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from coordinator.db.missionfile import create_mission_file
    from coordinator.services.demo import write_demo_mission

    if args.file is None:
        raise UserError("Give the file to write the demo mission to, e.g. demo.eom.")
    with create_mission_file(args.file, replace=args.replace) as mission_file:
        write_demo_mission(mission_file)
    print(f"Wrote the demo mission to {args.file}")
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from coordinator.db.missionfile import open_mission_file
    from coordinator.services.check import check_mission

    with open_mission_file(args.file) as mission_file:
        report = check_mission(mission_file)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except UserError as error:
        print(f"coordinator: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coordinator: interrupted; nothing more was written.", file=sys.stderr)
        return 130
