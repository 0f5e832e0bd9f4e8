"""The ``flock`` helpers of the store, and what its health check says of a write lock.

``flock`` locks belong to an open file and die with the process that holds them (even killed
by SIGKILL): a lock is never left behind, and a file that stays means nothing by itself.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

FREE, HELD, STALE = "free", "held", "stale"


@dataclass(frozen=True)
class LockState:
    """The write lock of the current generation, as ``social_search_check`` reports it.
    ``writer`` is the last writer's record (pid, host, since), or None; with a free lock it is a
    writer that died while writing (it is replaced by the next one)."""

    state: str
    writer: dict | None = None


def flock_now(path: Path, mode: int, create: bool = False) -> int | None:
    """An open descriptor of ``path`` locked with ``mode`` (never waiting), or None."""
    try:
        fd = os.open(path, (os.O_RDWR | os.O_CREAT) if create else os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
