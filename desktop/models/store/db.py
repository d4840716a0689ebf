"""Opening the store: URL resolution, engine, sessions, migrations.

The URL is configurable (``INTERLOCK_ASSIST_DB_URL``) because the store will also run
on a shared PostgreSQL so that one-time rules hold across a team; everything that only
SQLite has lives in :mod:`desktop.models.store.sqlite_store`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text

if TYPE_CHECKING:  # imported when the first session is made: see Store.sessions
    from sqlalchemy.orm import Session, sessionmaker

from desktop import paths
from desktop.models.store import sqlite_store
from desktop.models.store.store_errors import StoreWriteError, WriteLedger, classify

URL_ENV = "INTERLOCK_ASSIST_DB_URL"
PATH_ENV = "INTERLOCK_ASSIST_DB"

#: How long one statement may wait for another program's lock.  Why so short:
#: writes run on the GUI thread, and a window frozen for seconds is worse than a
#: plain "the database is busy, try again" (raised as StoreBusyError).
BUSY_TIMEOUT_MS = 50

_READS = ("SELECT", "PRAGMA", "WITH", "EXPLAIN")


def sqlite_url(path: str | Path) -> str:
    """A SQLAlchemy URL for a SQLite file, with ``%``, ``#``, ``?``, spaces… escaped."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def resolve_url(db_path: str | Path | None = None, *, demo: bool = False) -> str:
    """``--db PATH`` beats ``INTERLOCK_ASSIST_DB``/``_DB_URL``, which beat the default file."""
    if db_path is not None:
        return sqlite_url(Path(db_path).expanduser().resolve())
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    if os.environ.get(PATH_ENV):
        return sqlite_url(Path(os.environ[PATH_ENV]).expanduser().resolve())
    return sqlite_url(paths.demo_db_path() if demo else paths.default_db_path())


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL (unescaped), or ``None`` (memory, other databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _engine_url(url: str, read_only: bool) -> str | URL:
    """Read-only SQLite goes through a ``file:`` URI, the path percent-encoded (``Path.as_uri``).

    In a read-only folder SQLite cannot create the WAL index (``-shm``) a
    ``mode=ro`` reader needs, so there the file is opened ``immutable``: nobody
    can write it through that folder anyway.
    """
    path = sqlite_path(url)
    if path is None or not read_only:
        return url
    flag = "mode=ro" if os.access(path.parent, os.W_OK | os.X_OK) else "immutable=1"
    return URL.create("sqlite", database=f"{path.resolve().as_uri()}?{flag}", query={"uri": "true"})


def _translate_errors(engine: Engine, ledger: WriteLedger | None) -> None:
    """Driver errors become StoreBusyError/StoreReadOnlyError/StoreFullError (see store_errors)."""

    @event.listens_for(engine, "handle_error", retval=True)
    def _typed(context: Any) -> BaseException | None:
        kind = classify(context.original_exception)
        if kind is None:
            return None
        statement = (context.statement or "").lstrip().upper()
        if ledger is not None and not statement.startswith(_READS):
            ledger.failed(kind.reason)
        return kind(str(context.original_exception))


def make_engine(url: str, *, read_only: bool = False, busy_ms: int = BUSY_TIMEOUT_MS,
                ledger: WriteLedger | None = None) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(_engine_url(url, read_only), connect_args={"timeout": busy_ms / 1000})
        event.listen(engine, "connect", sqlite_store.on_connect_read_only if read_only else sqlite_store.on_connect)
        event.listen(engine, "begin", sqlite_store.on_begin)
        _translate_errors(engine, ledger)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _migration_engine(engine: Engine) -> Engine:
    """An engine whose transactions really enclose DDL, for migrations on SQLite.

    pysqlite commits before every DDL statement on its own, so a migration
    killed half-way left tables without a version row.  This is SQLAlchemy's
    documented recipe: switch the driver's transaction handling off and emit
    ``BEGIN`` ourselves (``IMMEDIATE``: take the write lock up front, so two
    copies starting together cannot interleave their migrations).  Works on
    CPython 3.11, which has no ``autocommit`` attribute.
    """
    mig = create_engine(engine.url, connect_args={"timeout": 5})

    @event.listens_for(mig, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None
        sqlite_store.on_connect(dbapi_conn, record)

    @event.listens_for(mig, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    _translate_errors(mig, None)
    return mig


def _revision_ids() -> tuple[set[str], set[str]]:
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        body = script.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*["\']([^"\']+)', body, re.MULTILINE)
        down = re.search(r'^down_revision\s*=\s*["\']([^"\']+)', body, re.MULTILINE)
        if rev:
            revisions.add(rev.group(1))
        if down:
            parents.add(down.group(1))
    return revisions, parents


def known_revisions() -> set[str]:
    """Every revision this version of the app has a script for."""
    return _revision_ids()[0]


def schema_head() -> str:
    """The newest migration's revision id, read from the scripts without importing Alembic.

    Start-up asks this first: when the database is already there, Alembic (a third
    of a second to import and load its scripts) is not needed at all.
    """
    revisions, parents = _revision_ids()
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


def _alembic(engine: Engine, revision: str, *, down: bool) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    mig = _migration_engine(engine) if engine.dialect.name == "sqlite" else engine
    try:
        with mig.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        if mig is not engine:
            mig.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default), all in one transaction."""
    if revision == "head" and current_revision(engine) == schema_head():
        return
    _alembic(engine, revision, down=False)


def downgrade(engine: Engine, revision: str) -> None:
    _alembic(engine, revision, down=True)


class Store:
    """An open database: its engine, and the ORM sessions made on first use.

    Why the sessions are made late: importing the ORM and the schema costs about a
    tenth of a second, and start-up opens the store (engine, migrations check) right
    after the window's first paint; the ORM is needed only when a screen first reads.
    """

    def __init__(self, url: str, engine: Engine, sessions: sessionmaker[Session] | None = None,
                 read_only: bool = False, ledger: WriteLedger | None = None) -> None:
        self.url = url
        self.engine = engine
        self.read_only = read_only
        self.ledger = ledger if ledger is not None else WriteLedger()
        self._sessions = sessions
        self._lock = threading.Lock()

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            with self._lock:
                if self._sessions is None:
                    self._sessions = _make_sessions(self.engine, self.read_only, self.ledger)
        return self._sessions

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def __repr__(self) -> str:
        return f"Store({self.url!r}, read_only={self.read_only})"


def _make_sessions(engine: Engine, read_only: bool, ledger: WriteLedger) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    from desktop.models.store import schema  # noqa: F401  (its import installs the redaction gate, SOP N1)

    maker = sessionmaker(engine, expire_on_commit=False, info={"read_only": read_only, "memory_drafts": {}})
    _track_saves(maker, ledger)
    return maker


def _track_saves(maker: sessionmaker[Session], ledger: WriteLedger) -> None:
    """A committed unit of work that wrote something counts as a save (see WriteLedger)."""

    @event.listens_for(maker, "after_flush")
    def _flushed(session: Session, _ctx: Any) -> None:
        session.info["ia_wrote"] = True

    @event.listens_for(maker, "do_orm_execute")
    def _executed(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info["ia_wrote"] = True

    @event.listens_for(maker, "after_commit")
    def _committed(session: Session) -> None:
        if session.info.pop("ia_wrote", False):
            ledger.saved()

    @event.listens_for(maker, "after_rollback")
    def _rolled_back(session: Session) -> None:
        session.info.pop("ia_wrote", None)


def open_store(url: str, *, migrate: bool = True, read_only: bool = False,
               clock: Callable[[], datetime] | None = None, busy_ms: int = BUSY_TIMEOUT_MS) -> Store:
    ledger = WriteLedger(clock) if clock is not None else WriteLedger()
    engine = make_engine(url, read_only=read_only, busy_ms=busy_ms, ledger=ledger)
    if migrate and not read_only:
        upgrade(engine)
    return Store(url=url, engine=engine, read_only=read_only, ledger=ledger)


__all__ = ["BUSY_TIMEOUT_MS", "Store", "StoreWriteError", "current_revision", "downgrade", "known_revisions",
           "make_engine", "open_store", "resolve_url", "schema_head", "sqlite_path", "sqlite_url", "upgrade"]
