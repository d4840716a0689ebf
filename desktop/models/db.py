"""Opening the store: URL resolution, engine, sessions, migrations.

The URL is configurable (``INTERLOCK_ASSIST_DB_URL``) because the store will also run
on a shared PostgreSQL so that one-time rules hold across a team; everything that only
SQLite has lives in :mod:`desktop.models.sqlite_store`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from desktop import paths
from desktop.models import sqlite_store

URL_ENV = "INTERLOCK_ASSIST_DB_URL"
PATH_ENV = "INTERLOCK_ASSIST_DB"


def resolve_url(db_path: str | Path | None = None, *, demo: bool = False) -> str:
    """``--db PATH`` beats ``INTERLOCK_ASSIST_DB``/``_DB_URL``, which beat the default file."""
    if db_path is not None:
        return f"sqlite:///{Path(db_path).expanduser().resolve()}"
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    if os.environ.get(PATH_ENV):
        return f"sqlite:///{Path(os.environ[PATH_ENV]).expanduser().resolve()}"
    return f"sqlite:///{paths.demo_db_path() if demo else paths.default_db_path()}"


def sqlite_path(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) and url != prefix else None


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", sqlite_store.on_connect)
        event.listen(engine, "begin", sqlite_store.on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def schema_head() -> str:
    """The newest migration's revision id, read from the scripts without importing Alembic.

    Start-up asks this first: when the database is already there, Alembic (a third
    of a second to import and load its scripts) is not needed at all.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*["\']([^"\']+)', text, re.MULTILINE)
        down = re.search(r'^down_revision\s*=\s*["\']([^"\']+)', text, re.MULTILINE)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (also in the frozen app)."""
    if current_revision(engine) == schema_head():
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


@dataclass(frozen=True)
class Store:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)


def open_store(url: str, *, migrate: bool = True) -> Store:
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
