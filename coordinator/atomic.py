"""Writing a file or a folder so that a kill, a full disk or a crash never leaves half of it.

Every file the program writes (a mission, a workbook, a CSV folder, a PDF, a form) is
written beside its target, flushed to the disk, and renamed over the target in one step:
whoever looks finds the old file or the whole new one. A file it replaces keeps its
permissions (a 0600 workbook stays 0600).

What a kill leaves behind: a writer that only opens its path as a plain file (a workbook,
a PDF) may ask for an *unnamed* file (`unnamed=True`: Linux's O_TMPFILE, reached through
/proc/self/fd), which the kernel drops with the process, so nothing is left at all. Other
writers (SQLite needs a real name for its journal) get a named `.NAME.xxxx.partial` file;
while it is being written its writer holds an advisory lock (flock) on it, and every later
write to the same target removes the partials whose writer is gone (a kill releases the
lock). Folders are built whole beside the target and swapped with it in one step
(renameat2 RENAME_EXCHANGE on Linux; elsewhere two renames, recovered on the next write).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

PARTIAL = ".partial"
_OLD = ".old"


def partial_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, in the same folder (so the rename is atomic)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{PARTIAL}")


def _leftovers(target: Path, ending: str) -> list[Path]:
    """Temporary names of `target` left in its folder (partials, or a folder set aside)."""
    prefix = f".{target.name}."
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    return [
        p
        for p in entries
        if p.name.startswith(prefix)
        and p.name.endswith(ending)
        and len(p.name) == len(prefix) + 8 + len(ending)
    ]


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


def _try_lock(fd: int) -> bool:
    """An exclusive advisory lock on `fd` without waiting; True where locks do not exist."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock, and stale partials are not swept there
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _abandoned(path: Path) -> bool:
    """Whether the writer of the partial at `path` is gone (nobody holds its lock)."""
    if sys.platform == "win32":
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    for suffix in ("-wal", "-shm", "-journal"):  # a partial mission's SQLite files
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def sweep_partials(target: Path) -> list[Path]:
    """Remove what killed writers of `target` left beside it; returns what was removed.

    A folder set aside by a swap that was cut between its two renames is put back first.
    """
    target = Path(target)
    if not target.exists():
        for old in _leftovers(target, _OLD):
            if _abandoned(old):
                with contextlib.suppress(OSError):
                    old.rename(target)
                break
    removed = []
    for leftover in [*_leftovers(target, PARTIAL), *_leftovers(target, _OLD)]:
        if _abandoned(leftover):
            _remove(leftover)
            removed.append(leftover)
    return removed


def _unnamed_file(folder: Path) -> int | None:
    """An unnamed file in `folder` (O_TMPFILE), or None where the system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a file system without unnamed files (FAT on a USB stick)
        raise


def _link_unnamed(fd: int, name: Path) -> None:
    """Give the unnamed file open as `fd` a name (linkat through /proc/self/fd)."""
    # os.link calls link(2), which does not follow the magic link; with a folder fd it
    # calls linkat(2) with AT_SYMLINK_FOLLOW, which does.
    folder = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), name, src_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)


@contextlib.contextmanager
def replacing(target: Path | str, *, unnamed: bool = False) -> Iterator[Path]:
    """A temporary path beside `target` to write; renamed over `target` when the block ends.

    If the block raises (or the program is stopped), `target` is left as it was and the
    temporary file is removed (at once, or by the next write of `target` after a kill).
    `unnamed`: the writer only opens the path as a file (no SQLite), so it may be an
    unnamed file that a kill leaves no trace of.
    """
    target = Path(target)
    sweep_partials(target)
    fd = _unnamed_file(target.parent) if unnamed else None
    partial = partial_path(target)
    if fd is None:
        fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        path = partial
    else:
        path = Path(f"/proc/self/fd/{fd}")
    linked = path == partial
    try:
        _try_lock(fd)  # held while we write: a sweep by another writer leaves it alone
        yield path
        mode = _permissions_of(target)
        if mode is not None:
            with contextlib.suppress(OSError):  # a FAT stick has no permissions to set
                path.chmod(mode)
        # The writer may have replaced the file at a named path (SQLite does not): flush
        # what the name holds now.
        fsync_path(path)
        if not linked:
            _link_unnamed(fd, partial)
            linked = True
        partial.replace(target)
        linked = False
        fsync_path(target.parent)
    except BaseException:
        if linked:
            _remove(partial)
        raise
    finally:
        os.close(fd)


def _exchange(new: Path, old: Path) -> bool:
    """Swap two names in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(old), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system (or kernel) that cannot swap
    raise OSError(code, os.strerror(code), str(old))


@contextlib.contextmanager
def replacing_folder(target: Path | str) -> Iterator[Path]:
    """A new folder beside `target` to fill; it takes `target`'s place when the block ends.

    Files of the old folder that the block did not write again (a note the user keeps
    there) are carried over by hard links. A kill at any moment leaves the old folder or
    the whole new one under `target` (a swap cut between two renames is put back by the
    next write).
    """
    target = Path(target)
    sweep_partials(target)
    partial = partial_path(target)
    partial.mkdir()
    fd = os.open(partial, os.O_RDONLY)
    try:
        _try_lock(fd)
        yield partial
        if target.is_dir():
            _carry_over(target, partial)
            mode = _permissions_of(target)
            if mode is not None:
                partial.chmod(mode)
        for written in partial.iterdir():
            fsync_path(written)
        fsync_path(partial)
        if not target.exists():
            partial.rename(target)
        elif _exchange(partial, target):
            _remove(partial)  # the old folder, now under the partial's name
        else:
            aside = target.with_name(f".{target.name}.{secrets.token_hex(4)}{_OLD}")
            target.rename(aside)
            partial.rename(target)
            _remove(aside)
        fsync_path(target.parent)
    except BaseException:
        _remove(partial)
        raise
    finally:
        os.close(fd)


def _carry_over(old: Path, new: Path) -> None:
    for entry in old.iterdir():
        if (new / entry.name).exists():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, symlinks=True)
            continue
        try:
            os.link(entry, new / entry.name, follow_symlinks=False)
        except OSError:
            shutil.copy2(entry, new / entry.name, follow_symlinks=False)


# Less free room than this where a write failed: the disk is full (or as good as).
FULL_BELOW = 256 * 1024


def disk_is_full(path: Path | str) -> bool:
    """Whether the file system holding `path` (or its folder) has next to no room left."""
    for place in (Path(path), Path(path).parent):
        try:
            found = os.statvfs(place)
        except OSError:
            continue
        return found.f_bavail * found.f_frsize < FULL_BELOW
    return False


def why_not_written(error: OSError) -> str:
    """Why a write failed, in the user's words: "the disk is full" rather than errno 28."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space and try again"
    return error.strerror or str(error)
