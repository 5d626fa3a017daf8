"""Benchmark of the printed statement, against ReportLab doing only the layout.

(a) The statement with its statistics annex for the big synthetic mission (200,000
    visits, about 2,000,000 answers): from opening the mission file to the written PDF
    (`coordinator.reports.statement.write_statement_pdf(..., annexes=("statistics",))`).
    The first run pays for importing ReportLab and reading the fonts; best of 3 after
    it. Target: under 2 s.
(b) The polling-stations-visited annex for a mission of 5,000 visits (`annex_story`:
    reading the visits marked done, sorting, formatting, escaping, laying out, writing),
    against ReportLab building the same table (same columns, widths, styles, header and
    page frame) from a plain Python list of the cell texts made beforehand, untimed.
    Best of 3 each. Target: <= 1.5x. ReportLab's table is laid out in tables of 1,000
    rows one after another (one table of every row is split and measured again on every
    page, which grows faster than the rows).
(c) At full scale (the mission of (a): 200,000 visits, those marked done in the annex):
    the whole `coordinator statement FILE -o OUT.pdf --annexes`, as a user runs it (from
    the process's start to its exit: Python, imports, reading, the statement and every
    annex), against bare ReportLab laying out the stations annex's rows in tables of
    1,000 from a plain list (made untimed). Each in a process of its own, its resident
    peak its own (VmHWM while it runs, wait4's ru_maxrss at its end). Once each.
    Targets: <= 1.5x, under 1 GB. `--annex-alone` also times the annex by itself.

Run: .venv/bin/python bench/bench_statement.py [--scale 0.1] [--keep DIR] [--no-full-annex]
     [--only-full] [--annex-alone]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generate import ELECTION_DAY, at_scale, synthetic_mission, write_mission

from coordinator.db.missionfile import open_mission_file

STATEMENT_LIMIT_S = 2.0
ANNEX_TARGET = 1.5
ANNEX_VISITS = 5_000
RUNS = 3
ANNEX_MEMORY_MB = 1024
CHUNK_ROWS = 1_000


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


@contextlib.contextmanager
def folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
    else:
        with tempfile.TemporaryDirectory(prefix="bench-statement-") as name:
            yield Path(name)


def the_mission(path: Path, make: Callable[[], Any]) -> None:
    """Write the synthetic mission at `path` unless a kept run already did."""
    if path.exists():
        print(f"  reusing {path}")
        return
    from coordinator.services.mission import MissionFields, save_mission

    start = time.perf_counter()
    write_mission(path, make())
    # The statement's title block needs the mission's settings; the generator has none.
    with open_mission_file(path) as mission_file, mission_file.session() as session:
        save_mission(
            session,
            MissionFields(
                name="Synthetic Election Observation Mission",
                organisation="Benchmark Organisation",
                election="Synthetic General Elections",
                country="Synthetic Republic",
                election_date=ELECTION_DAY,
                statement_place="Bishkek",
                statement_date=ELECTION_DAY + dt.timedelta(days=1),
            ),
        )
    print(f"  wrote {path.name} in {time.perf_counter() - start:.1f} s")


# --- (a) the statement with its statistics annex -----------------------------------------


def print_statement(mission: Path, pdf: Path) -> None:
    from coordinator.reports.statement import write_statement_pdf

    with open_mission_file(mission) as mission_file, mission_file.session() as session:
        write_statement_pdf(session, pdf, annexes=("statistics",))


def bench_statement(work: Path, scale: float) -> bool:
    mission = work / f"statement-{scale:g}.eom"
    print(f"(a) statement + statistics annex, scale {scale:g}")
    the_mission(mission, lambda: at_scale(scale))
    with open_mission_file(mission) as mission_file, mission_file.session() as session:
        from coordinator.db.models import Answer, Visit
        from coordinator.services.unit import unit_of_work

        with unit_of_work(session):
            visits = session.query(Visit).count()
            answers = session.query(Answer).count()
    print(f"  {visits:,} visits, {answers:,} answers")
    pdf = work / "statement.pdf"
    start = time.perf_counter()
    print_statement(mission, pdf)
    first = time.perf_counter() - start
    best = best_of(RUNS, lambda: print_statement(mission, pdf))
    ok = best < STATEMENT_LIMIT_S
    print(f"  first run (imports, fonts): {first:.2f} s")
    print(f"  open file -> written PDF, best of {RUNS}: {best:.2f} s  (target < 2 s) ", end="")
    print("OK" if ok else "MISSED")
    print(f"  {pdf.stat().st_size / 1024:.0f} KiB")
    return ok


# --- (b) the stations-visited annex against bare ReportLab -------------------------------


def annex_by_program(mission: Path, pdf: Path) -> None:
    from coordinator.reports.annexes import annex_story
    from coordinator.reports.fonts import register_fonts
    from coordinator.reports.statement import Metadata, report_styles, write_pdf

    fonts = register_fonts()
    styles = report_styles(fonts)
    with open_mission_file(mission) as mission_file, mission_file.session() as session:
        story = annex_story(session, styles, ("stations",))
    write_pdf(pdf, story, Metadata("Annex", "Bench", "Bench"), fonts)


def plain_rows(mission: Path) -> list[list[str]]:
    """The annex's cell texts, made once before timing (this is the 'no data work')."""
    from coordinator.reports.annexes import _all_rows, _day, _time
    from coordinator.services.visit_lists import list_visits

    with open_mission_file(mission) as mission_file, mission_file.session() as session:
        rows = _all_rows(session, list_visits, filters={"status": "done"})
    rows.sort(key=lambda r: (r.date, r.team, r.actual_arrival or r.planned_arrival or dt.time.max))
    return [
        [
            _day(r.date),
            _time(r.actual_arrival or r.planned_arrival),
            r.team,
            r.station_code,
            r.station_name,
            r.locality,
            r.phase.label,
        ]
        for r in rows
    ]


def annex_by_reportlab(rows: list[list[str]], pdf: Path) -> None:
    """The same table, straight from `rows`: Paragraph cells, same styles and frame."""
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, PageBreak, Paragraph

    from coordinator.reports.fonts import register_fonts
    from coordinator.reports.statement import MM, Metadata, report_styles, write_pdf

    fonts = register_fonts()
    styles = report_styles(fonts)
    header = ("Date", "Time", "Team", "Station", "Name", "Locality", "Phase")
    widths = [23 * MM, 13 * MM, 13 * MM, 17 * MM, 46 * MM, 26 * MM, 22 * MM]
    cell, head = styles["cell"], styles["cell_head"]
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    tables = []
    for first in range(0, len(rows), CHUNK_ROWS):
        data = [[Paragraph(text, head) for text in header]]
        data += [
            [Paragraph(text, cell) for text in row] for row in rows[first : first + CHUNK_ROWS]
        ]
        table = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(style)
        tables.append(table)
    story = [
        PageBreak(),
        Paragraph("Annex 1: Polling stations visited", styles["annex_title"]),
        *tables,
    ]
    write_pdf(pdf, story, Metadata("Annex", "Bench", "Bench"), fonts)


def bench_annex(work: Path, visits: int) -> bool:
    mission = work / f"annex-{visits}.eom"
    print(f"\n(b) polling stations visited annex, {visits:,} visits")
    the_mission(
        mission,
        lambda: synthetic_mission(stations=max(1, visits // 2), visits=visits, localities=50),
    )
    rows = plain_rows(mission)
    ours_pdf, bare_pdf = work / "annex-program.pdf", work / "annex-reportlab.pdf"
    annex_by_program(mission, ours_pdf)  # warm: imports and fonts, for both
    ours = best_of(RUNS, lambda: annex_by_program(mission, ours_pdf))
    bare = best_of(RUNS, lambda: annex_by_reportlab(rows, bare_pdf))
    ratio = ours / bare
    ok = ratio <= ANNEX_TARGET
    print(f"  {len(rows):,} rows (visits marked done)")
    print(f"  program (read, sort, format, escape, lay out): {ours:.2f} s")
    print(f"  ReportLab from a plain list:                   {bare:.2f} s")
    print(f"  ratio {ratio:.2f}x  (target <= {ANNEX_TARGET}x) {'OK' if ok else 'MISSED'}")
    return ok


def child(side: str, mission: Path, pdf: Path) -> None:
    """One side of (c) in this process: prints the seconds it took (rows made untimed)."""
    if side == "ours":
        start = time.perf_counter()
        annex_by_program(mission, pdf)
    else:
        rows = plain_rows(mission)
        start = time.perf_counter()
        annex_by_reportlab(rows, pdf)
    print(f"{time.perf_counter() - start:.3f}")


def _peak_of(pid: int) -> float:
    """The process's resident peak so far (VmHWM, MB); 0 once it has gone."""
    try:
        with Path(f"/proc/{pid}/status").open() as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measured(argv: list[str]) -> tuple[str, float, float]:
    """Run `argv`; its output, wall seconds and resident peak (MB) of that process alone.

    The peak is the child's VmHWM, read while it runs (it only grows), and wait4's
    ru_maxrss when it ends (the same high-water mark, kept by the kernel): the larger.
    """
    import os
    import subprocess
    import threading

    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _peak_of(process.pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    with process.stdout:
        out = process.stdout.read().decode()
    peak[0] = max(peak[0], _peak_of(process.pid))  # a zombie shows none: read before wait
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv} failed:\n{out}")
    return out, seconds, max(peak[0], usage.ru_maxrss / 1024)


def bench_full_annex(work: Path, scale: float, annex_alone: bool) -> bool:
    """(c): the whole `statement --annexes` command against ReportLab laying out the
    annex's rows in tables of 1,000, each in a process of its own."""
    mission = work / f"statement-{scale:g}.eom"
    print(f"\n(c) the statement with every annex at scale {scale:g}, each in its own process")
    the_mission(mission, lambda: at_scale(scale))  # written by (a), unless (c) runs alone
    here = [sys.executable, str(Path(__file__).resolve())]
    out, _, bare_mb = measured([*here, "--child", "bare", str(mission), str(work / "bare.pdf")])
    bare = float(out.strip().splitlines()[-1])
    rows = len(plain_rows(mission))
    print(f"  {rows:,} rows (visits marked done)")
    print(f"  ReportLab, tables of {CHUNK_ROWS:,} rows: {bare:.1f} s, {bare_mb:.0f} MB peak")
    ok = True
    if annex_alone:
        out, _, ours_mb = measured([*here, "--child", "ours", str(mission), str(work / "ours.pdf")])
        ours = float(out.strip().splitlines()[-1])
        print(
            f"  the annex alone (read, sort, format, escape, lay out): {ours:.1f} s, "
            f"{ours_mb:.0f} MB peak, ratio {ours / bare:.2f}x"
        )
        ok = ours / bare <= ANNEX_TARGET and ours_mb < ANNEX_MEMORY_MB
    command = [sys.executable, "-m", "coordinator", "statement", str(mission)]
    pdf = work / "whole.pdf"
    out, seconds, resident = measured([*command, "-o", str(pdf), "--annexes"])
    pages = [line for line in out.splitlines() if "laid out" in line]
    ratio = seconds / bare
    whole_ok = ratio <= ANNEX_TARGET and resident < ANNEX_MEMORY_MB
    print(
        f"  `coordinator statement FILE -o OUT.pdf --annexes`, whole, from start to exit: "
        f"{seconds:.1f} s, {resident:.0f} MB peak (VmHWM), {pdf.stat().st_size / 2**20:.1f} MiB"
        f"{f', {pages[-1].split()[3]} pages and more' if pages else ''}"
    )
    print(
        f"  ratio {ratio:.2f}x the bare layout (target <= {ANNEX_TARGET}x), memory target "
        f"< {ANNEX_MEMORY_MB} MB: {'OK' if whole_ok else 'MISSED'}"
    )
    return ok and whole_ok


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 is 200,000 visits")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the mission files here")
    parser.add_argument("--annex-visits", type=int, default=ANNEX_VISITS)
    parser.add_argument("--no-full-annex", action="store_true", help="leave out (c)")
    parser.add_argument("--only-full", action="store_true", help="only (c)")
    parser.add_argument("--annex-alone", action="store_true", help="(c) also times the annex alone")
    args = parser.parse_args(argv)
    with folder(args.keep) as work:
        statement_ok = args.only_full or bench_statement(work, args.scale)
        annex_ok = args.only_full or bench_annex(work, args.annex_visits)
        full_ok = args.no_full_annex or bench_full_annex(work, args.scale, args.annex_alone)
    return 0 if statement_ok and annex_ok and full_ok else 1


if __name__ == "__main__":
    sys.exit(main())
