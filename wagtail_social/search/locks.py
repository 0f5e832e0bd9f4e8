"""The ``flock`` helpers of the store, the record of who writes, and what the health check says
of a write lock.

``flock`` locks belong to an open file and die with the process that holds them (even killed
by SIGKILL): a lock is never left behind, and a file that stays means nothing by itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

FREE, HELD, STALE = "free", "held", "stale"
WRITER = "WRITER"  # in a generation: who holds the write lock (pid, host, since)


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


def record_writer(generation: Path) -> None:
    """Write who holds the write lock of ``generation`` (a folder) now: this process."""
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
    path = generation / WRITER
    temporary = path.with_name(f"{WRITER}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(record), encoding="ascii")
    os.replace(temporary, path)


def forget_writer(generation: Path) -> None:
    (generation / WRITER).unlink(missing_ok=True)


def write_lock_state(generation: Path, lock, stale_seconds: int) -> LockState:
    """Free, held, or held by a writer that makes no progress: held longer than
    ``stale_seconds``, or by a process of this host that is gone. ``lock`` is whoosh's lock of
    ``generation``, tried without waiting."""
    try:
        record = json.loads((generation / WRITER).read_text(encoding="ascii"))
    except (FileNotFoundError, ValueError):
        record = None
    if lock.acquire(False):
        lock.release()
        return LockState(FREE, record)
    if record is None:
        return LockState(HELD)
    held_for = time.time() - float(record.get("since", 0))
    if held_for > stale_seconds or (
        record.get("host") == socket.gethostname() and not process_alive(int(record.get("pid", 0)))
    ):
        return LockState(STALE, record)
    return LockState(HELD, record)
