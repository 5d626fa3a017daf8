"""The commands that make, move and check missions: demo, template, import, export, check,
publish and copy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coordinator.cli.output import Progress, open_to_read, reading
from coordinator.errors import UserError


def open_window(path: Path | str | None) -> int:
    from coordinator.ui.app import run_window

    return run_window(path)


def run_demo(args: argparse.Namespace) -> int:
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
        return open_window(path)
    except UserError as error:
        raise UserError(
            f"{error}\nThe demo mission is written; `coordinator demo {path} --no-gui` writes "
            "it without opening the window."
        ) from None


def run_template(args: argparse.Namespace) -> int:
    from coordinator.exchange.template import write_template

    print(f"Wrote the workbook template to {write_template(args.output)}")
    return 0


def run_import(args: argparse.Namespace) -> int:
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


def run_export(args: argparse.Namespace) -> int:
    from coordinator.exchange.exporter import export_mission

    with reading(args.file) as session:
        written = export_mission(session, args.output)
    print(f"Exported the mission to {written}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from coordinator.services.check import check_mission

    with open_to_read(args.file) as mission_file:
        report = check_mission(mission_file)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def run_publish(args: argparse.Namespace) -> int:
    from coordinator.db.shared import display_address, parse_address
    from coordinator.services.sharing import publish

    where = display_address(parse_address(args.address))
    counts = publish(args.file, args.address, Progress(f"Publishing to {where}"))
    print(f"Published {args.file} to {where} ({sum(counts.values()):,} rows).")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    from coordinator.db.shared import display_address, parse_address
    from coordinator.services.files import with_suffix
    from coordinator.services.sharing import take_copy

    where = display_address(parse_address(args.address))
    path = with_suffix(args.file)
    counts = take_copy(args.address, path, Progress(f"Copying {where}"))
    print(f"Copied {where} to {path} ({sum(counts.values()):,} rows).")
    return 0
