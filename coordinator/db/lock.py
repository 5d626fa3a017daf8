"""A lock file beside the mission file, so two running copies never write one mission.

The lock is the operating system's: the file is kept open and locked (`flock` on Linux
and macOS, `msvcrt.locking` on Windows) as long as the mission is open, and the system
lets go of it when the process ends, however it ends. A copy killed by a power cut
leaves a lock file nobody holds, which the next copy simply takes; no process id that
the system may since have given to another program is ever trusted for that.

The file also says who holds it (process id, computer, since when), for the message a
second copy shows. On a shared folder whose file system does not pass locks between
computers, the lock of another computer is believed, and on one that cannot lock at all
the process id is checked as the only clue left.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from coordinator.atomic import why_not_written
from coordinator.errors import UserError

# Windows locks byte ranges and refuses reads of a locked range: the lock is taken on a
# byte far past the few the owner's details take, so that others can still read them.
_LOCKED_BYTE = 1 << 30
_HELD_ELSEWHERE = {errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK}


class FileInUseError(UserError):
    """The mission file is open in another running copy of the program."""


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    since: float


def os_lock(fd: int) -> bool:
    """Lock the open file for this process; False when another process holds it.

    OSError when the file system cannot lock files at all.
    """
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in _HELD_ELSEWHERE:
            return False
        raise
    return True


def os_unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _process_alive(pid: int) -> bool:
    """Whether a process with this id runs here (a guess: ids are given out again)."""
    if sys.platform == "win32":
        return True  # os.kill would end the process there; believe the lock instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class MissionLock:
    """Held while a mission file is open for writing; `release()` or exit frees it."""

    def __init__(self, mission_path: Path) -> None:
        # Named after the real file: a link to it must find the same lock.
        real = mission_path.resolve()
        self.path = real.with_name(real.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock; FileInUseError naming the holder when another copy has it."""
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as error:
                raise UserError(
                    f"The lock file {self.path} could not be made ({error.strerror}), so the "
                    "mission cannot be opened for writing. Open a copy of the file instead."
                ) from None
            try:
                locked = os_lock(fd)
            except OSError:
                locked = None  # this file system cannot lock: the details must do
            if locked is False or (locked is None and self._held_by_details()):
                os.close(fd)
                raise self._in_use(system_lock=locked is not None)
            if not self._still_the_lock_file(fd):
                # Its holder let it go and removed it while we opened it: start again.
                os.close(fd)
                continue
            owner = self.owner()
            if locked and owner is not None and owner.host != socket.gethostname():
                # A shared folder: the other computer's lock may not reach us.
                os.close(fd)
                raise self._in_use()
            try:
                self._write_details(fd)
            except OSError as error:
                # Ours (locked), so removed as `release` does: a full disk keeps no empty
                # lock file beside the mission.
                if locked and sys.platform != "win32":
                    with contextlib.suppress(OSError):
                        self.path.unlink()
                os_unlock(fd)
                os.close(fd)
                raise UserError(
                    f"The mission cannot be opened for writing: its lock file {self.path} "
                    f"could not be written ({why_not_written(error)}). The mission file is "
                    "as it was."
                ) from None
            self._fd = fd
            return
        raise FileInUseError(f"Could not take the lock {self.path}; try again.")

    def _in_use(self, *, system_lock: bool = True) -> FileInUseError:
        owner = self.owner()
        name = self.path.with_suffix("").name
        here = owner is not None and owner.host == socket.gethostname()
        if here and owner is not None and owner.pid == os.getpid():
            return FileInUseError(f"{name} is already open in this window.")
        who = f"process {owner.pid} on {owner.host}" if owner is not None else "another process"
        message = (
            f"{name} is already open in another copy of "
            f"Mission Coordinator ({who}). Close it there first, or open a copy of the file."
        )
        if owner is not None and (not here or not system_lock):
            # Believed from its details alone: it may be left over from a copy that ended.
            message += (
                f" If the program no longer runs on {owner.host}, delete {self.path.name} "
                "beside the mission file and open it again."
            )
        return FileInUseError(message)

    def _held_by_details(self) -> bool:
        """Without system locks: whether the details name a copy that may still run."""
        owner = self.owner()
        if owner is None:
            return False
        if owner.host != socket.gethostname():
            return True  # we cannot see the other computer's processes: believe it
        return _process_alive(owner.pid)

    def _still_the_lock_file(self, fd: int) -> bool:
        try:
            return os.path.samestat(os.fstat(fd), self.path.stat())
        except OSError:
            return False

    def _write_details(self, fd: int) -> None:
        details = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(details).encode("utf-8"))

    def owner(self) -> LockOwner | None:
        """Who holds (or last held) the lock, or None if its details cannot be read."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockOwner(int(data["pid"]), str(data["host"]), float(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform != "win32":
            # Removed while still locked, so that no other copy locks a file on its way out.
            self.path.unlink(missing_ok=True)
        os_unlock(fd)
        os.close(fd)
        if sys.platform == "win32":
            with contextlib.suppress(OSError):  # another copy may have it open already
                self.path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        return self._fd is not None
