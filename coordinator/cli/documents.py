"""The commands that print or exchange a mission's documents: statement, schedule, field
form, submissions, paper checklist, and the day's plan."""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING

from coordinator.cli.output import pages_said, reading

if TYPE_CHECKING:
    from coordinator.db.enums import Phase


def run_statement(args: argparse.Namespace) -> int:
    from coordinator.reports.statement import LOGO_LEFT_OUT, logo_left_out, write_statement_pdf

    with reading(args.file) as session:
        written = write_statement_pdf(
            session,
            args.output,
            annexes=args.annexes,
            language=args.language.strip().lower() if args.language else None,
            progress=pages_said(),
        )
        if logo_left_out(session):
            print(f"coordinator: {LOGO_LEFT_OUT}", file=sys.stderr)
    print(f"Wrote the statement to {written}")
    return 0


def phases() -> list[Phase]:
    from coordinator.db.enums import Phase

    return list(Phase)


def run_schedule(args: argparse.Namespace) -> int:
    from coordinator.reports.schedule import write_schedule_pdf

    with reading(args.file) as session:
        written = write_schedule_pdf(session, args.output, team_code=args.team)
    print(f"Wrote the team schedules to {written}")
    return 0


def run_form(args: argparse.Namespace) -> int:
    from coordinator.exchange.xlsform import export_field_form

    with reading(args.file) as session:
        written = export_field_form(session, args.output)
    print(f"Wrote the field form to {written[0]}")
    for extra in written[1:]:
        print(f"Wrote the list of stations the form reads to {extra}; upload it with the form.")
    return 0


def run_submissions(args: argparse.Namespace) -> int:
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


def run_checklist(args: argparse.Namespace) -> int:
    from coordinator.db.enums import Phase
    from coordinator.reports.checklist_form import write_checklist_pdf

    with reading(args.file) as session:
        phase = Phase(args.phase) if args.phase else None
        written = write_checklist_pdf(session, args.output, phase=phase, language=args.language)
    print(f"Wrote the checklist to {written}")
    return 0


def run_plan(args: argparse.Namespace) -> int:
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
