"""Which mode the app runs in, and opening a desk in team mode.

Standalone (no server configured): the app opens its SQLite store as always.
Team: ``INTERLOCK_ASSIST_DB_URL=postgresql+psycopg://…`` or a server saved in
Preferences (password from the OS credential store) makes PostgreSQL the
system of record; the desk's SQLite file becomes its cache and outbox, one
file per server so that switching servers never mixes their data.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from sqlalchemy import make_url

from desktop import paths
from desktop.models.store.db import URL_ENV, open_store
from desktop.models.store.prefs import Preferences
from desktop.models.team import credentials
from desktop.models.team.settings import parse_server_url
from desktop.models.team.workstation import Workstation


def is_team_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("postgresql", "postgres"))


def team_server_url(
    prefs: Preferences,
    env: Mapping[str, str] | None = None,
    password_for: Callable[..., str | None] = credentials.load_password,
) -> str | None:
    """The server URL with its password, or ``None`` for standalone mode.

    The environment variable wins (an administrator's override); otherwise the
    address saved in Preferences plus the password kept in the credential store.
    """
    env = os.environ if env is None else env
    url = env.get(URL_ENV, "")
    if is_team_url(url):
        return url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
            "postgres://", "postgresql+psycopg://", 1
        )
    if not prefs.server_url.strip():
        return None
    parsed = parse_server_url(prefs.server_url, sslmode=prefs.server_sslmode)
    if parsed.settings is None:
        return None
    return parsed.settings.url(parsed.password or password_for(parsed.settings))


def cache_path(server_url: str, folder: Path | None = None) -> Path:
    url = make_url(server_url)
    key = f"{url.username}@{url.host}:{url.port}/{url.database}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return (folder or paths.data_dir()) / f"team-cache-{digest}.sqlite3"


def open_desk(
    server_url: str,
    *,
    agent: str,
    clock: Callable[[], datetime],
    folder: Path | None = None,
    workstation: str | None = None,
) -> Workstation:
    """Open (and migrate) this desk's cache, then reach the server once; offline is fine."""
    local = open_store(f"sqlite:///{cache_path(server_url, folder)}")
    desk = Workstation(local, server_url, workstation=workstation or socket.gethostname(), agent=agent, clock=clock)
    desk.tick()
    return desk
