"""A lock file beside the mission file, so two running copies never write one mission.

Like QLockFile: the lock is created atomically and holds the owner's process id, host
and start time. A lock whose process no longer runs on this host is stale and taken
over; a lock held by a live process is refused with who holds it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from coordinator.errors import UserError


class FileInUseError(UserError):
    """The mission file is open in another running copy of the program."""


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    since: float


def _process_alive(pid: int) -> bool:
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
        self.path = mission_path.with_name(mission_path.name + ".lock")
        self._held = False

    def acquire(self) -> None:
        """Take the lock, taking over a stale one; FileInUseError if a live copy holds it."""
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                owner = self.owner()
                if owner is None and self._just_created():
                    # Its owner is still writing it: treat it as held.
                    owner = LockOwner(0, "another process", time.time())
                if owner is not None and self._is_live(owner):
                    raise FileInUseError(
                        f"{self.path.with_suffix('').name} is already open in another copy of "
                        f"Mission Coordinator (process {owner.pid} on {owner.host}). Close it "
                        "there first, or open a copy of the file."
                    ) from None
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump(
                    {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}, stream
                )
            self._held = True
            return
        raise FileInUseError(f"Could not take the lock {self.path}; try again.")

    def owner(self) -> LockOwner | None:
        """Who holds the lock, or None if the lock file is missing or unreadable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockOwner(int(data["pid"]), str(data["host"]), float(data["since"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _just_created(self) -> bool:
        try:
            return time.time() - self.path.stat().st_mtime < 2.0
        except OSError:
            return False

    @staticmethod
    def _is_live(owner: LockOwner) -> bool:
        if owner.pid == 0 or owner.host != socket.gethostname():
            # Another machine (a shared folder): we cannot see its processes, so believe it.
            return True
        return _process_alive(owner.pid)

    def release(self) -> None:
        if self._held:
            self._held = False
            self.path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        return self._held
