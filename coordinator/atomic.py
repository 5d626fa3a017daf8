"""Writing a file so that a kill, a full disk or a crash never leaves half of it.

Every file the program writes (a mission, a workbook, a CSV, a PDF, a form) is written
beside its target under a temporary name, flushed to the disk, and renamed over the
target in one step: whoever looks finds the old file or the whole new one. A file it
replaces keeps its permissions (a 0600 workbook stays 0600).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

PARTIAL = ".partial"


def partial_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, in the same folder (so the rename is atomic)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{PARTIAL}")


def fsync_path(path: Path) -> None:
    """Flush a written file (or a folder's entries) to the disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:  # Windows cannot open a folder; its renames are durable on their own
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _permissions_of(target: Path) -> int | None:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return None


@contextlib.contextmanager
def replacing(target: Path | str) -> Iterator[Path]:
    """A temporary path beside `target` to write; renamed over `target` when the block ends.

    If the block raises (or the program is stopped), `target` is left as it was and the
    temporary file is removed.
    """
    target = Path(target)
    partial = partial_path(target)
    try:
        yield partial
        mode = _permissions_of(target)
        if mode is not None:
            partial.chmod(mode)
        fsync_path(partial)
        partial.replace(target)
        fsync_path(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
