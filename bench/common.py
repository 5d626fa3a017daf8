"""What the benchmarks share: the process's peak memory, a timed step, a ratio's verdict."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

TARGET = 2.0


def peak_memory_mb() -> float:
    """The most memory this process has held so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(name: str, work: Callable[[], object], width: int = 28) -> float:
    """Run `work`, print its time and the peak memory so far; its time in seconds."""
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"  {name:<{width}} {seconds:8.2f} s   peak memory {peak_memory_mb():7.0f} MB")
    return seconds


def compare(title: str, ours: float, bare: float, target: float = TARGET) -> bool:
    """Print how many times the bare path's time ours took, against `target`."""
    ratio = ours / bare
    verdict = "ok" if ratio <= target else f"ABOVE the {target}x target"
    print(f"{title}: {ratio:.2f}x the bare path ({verdict})")
    return ratio <= target


def cpu_seconds() -> float:
    """The processor time (user and system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def in_own_process(script: str, *args: str) -> float:
    """Run `script --side ARGS…` in a new process (so that its peak memory is its own),
    print what it prints but its last line, and return the time that line gives."""
    import subprocess

    done = subprocess.run(
        [sys.executable, script, "--side", *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{Path(script).name} --side {' '.join(args)} failed:\n{done.stderr}")
    lines = done.stdout.splitlines()
    print(*lines[:-1], sep="\n", flush=True)
    return float(lines[-1].split()[0])
