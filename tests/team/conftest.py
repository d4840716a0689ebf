"""Fixtures for the team tests: a fresh PostgreSQL database per test, agent and lead logins.

The server comes from ``INTERLOCK_ASSIST_TEST_PG_URL`` (a superuser URL; ``make
test-team`` starts a throwaway server and sets it).  Without it every test here
is skipped, so a plain ``pytest`` run needs no PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert, make_url, text

from desktop.models.store import db
from desktop.models.store.clients import normalise_name
from desktop.models.store.db import Store, open_store
from desktop.models.store.schema import Client
from desktop.models.team import pg_schema
from desktop.models.team.workstation import Workstation
from tests.conftest import FIXED_NOW
from tests.team.pg_server import URL_ENV
from tests.team.proxy import Proxy

PASSWORD = "s3cret-for-tests"
LOGINS = {"ia_agent1": pg_schema.AGENT_ROLE, "ia_agent2": pg_schema.AGENT_ROLE, "ia_lead1": pg_schema.LEAD_ROLE}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(URL_ENV):
        return
    skip = pytest.mark.skip(reason=f"needs a PostgreSQL server: set {URL_ENV} or run `make test-team`")
    for item in items:
        if item.get_closest_marker("team") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    url = os.environ.get(URL_ENV)
    if not url:
        pytest.skip(f"needs {URL_ENV}")
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    with engine.connect() as conn:
        for role in (pg_schema.AGENT_ROLE, pg_schema.LEAD_ROLE):
            conn.execute(text(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
            ))
        for login, role in LOGINS.items():
            conn.execute(text(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}') "
                f"THEN CREATE ROLE {login} LOGIN PASSWORD '{PASSWORD}'; END IF; END $$"
            ))
            conn.execute(text(f"GRANT {role} TO {login}"))
    yield engine
    engine.dispose()


@dataclass(frozen=True)
class ServerDb:
    """One empty database on the test server and how each login reaches it."""

    name: str
    admin_url: str

    def url(self, user: str = "postgres", password: str | None = None) -> str:
        base = make_url(self.admin_url)
        if user != "postgres":
            base = base.set(username=user, password=password or PASSWORD)
        return base.render_as_string(hide_password=False)

    @property
    def port(self) -> int:
        return int(make_url(self.admin_url).port or 5432)


@pytest.fixture
def empty_server_db(pg_admin: Engine) -> Iterator[ServerDb]:
    name = f"ia_test_{secrets.token_hex(6)}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin.url.render_as_string(hide_password=False)).set(database=name)
    yield ServerDb(name=name, admin_url=url.render_as_string(hide_password=False))
    with pg_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def server_db(empty_server_db: ServerDb) -> ServerDb:
    """A migrated team database (as a center's administrator would set it up)."""
    engine = db.make_engine(empty_server_db.admin_url)
    db.upgrade(engine)
    engine.dispose()
    return empty_server_db


class Clock:
    """A clock the test moves by hand (time is injected, never read)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(FIXED_NOW)


def add_server_client(server_db: ServerDb, cid: str = "100200", name: str = "Maria Lopez") -> int:
    engine = db.make_engine(server_db.admin_url)
    with engine.begin() as conn:
        client_id = conn.execute(
            insert(Client).values(
                cid=cid, name=name, name_key=normalise_name(name), brand="plus", state="TX",
                time_zone="America/Chicago", balance=Decimal("0.00"), preferred_language="en",
                critical_flags=[], updated_at=FIXED_NOW,
            ).returning(Client.__table__.c.id)
        ).scalar_one()
    engine.dispose()
    return int(client_id)


@dataclass
class Desk:
    ws: Workstation
    proxy: Proxy
    store: Store


@pytest.fixture
def desks(server_db: ServerDb, template_db: Path, tmp_path: Path, clock: Clock) -> Iterator[Callable[..., Desk]]:
    """Make desks: each has its own SQLite cache and its own cuttable network path to the server."""
    made: list[Desk] = []

    def make(name: str, user: str = "ia_agent1", *, start: bool = True) -> Desk:
        path = tmp_path / f"{name}.sqlite3"
        if not path.exists():
            shutil.copy(template_db, path)
        store = open_store(f"sqlite:///{path}", migrate=False)
        proxy = Proxy(server_db.port)
        url = make_url(server_db.url(user)).set(port=proxy.port).render_as_string(hide_password=False)
        ws = Workstation(store, url, workstation=name, agent=user, clock=clock, connect_timeout=2)
        desk = Desk(ws, proxy, store)
        made.append(desk)
        if start:
            ws.tick()
        return desk

    yield make
    for d in made:
        d.ws.close()
        d.proxy.close()
        d.store.engine.dispose()


from tests.team.gui import team_window  # noqa: E402, F401  (a window's context on a desk)
