"""Shared fixtures: a fresh migrated database per test, a fixed clock, an app context.

The schema is migrated once per run into a template file and copied for each
test (Vorta's fresh-database-per-test idea, without paying Alembic every time).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["INTERLOCK_ASSIST_HOME"] = tempfile.mkdtemp(prefix="ia-home-")

import keyring
import pytest
from sqlalchemy.orm import Session

from desktop import i18n
from desktop.models.store.clients import ClientInfo, info, normalise_name
from desktop.models.store.db import Store, open_store
from desktop.models.store.schema import Client
from tests.memory_keyring import MemoryKeyring

# Monday 2026-11-23 10:00 US Eastern: CSG open, weekday chat.
FIXED_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    store = open_store(f"sqlite:///{path}")
    store.engine.dispose()
    return path


@pytest.fixture
def store(template_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "test.sqlite3"
    shutil.copy(template_db, path)
    s = open_store(f"sqlite:///{path}", migrate=False)
    yield s
    s.engine.dispose()


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.sessions() as s:
        yield s


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


def make_client(session: Session, **overrides: Any) -> ClientInfo:
    """Insert a client with sensible defaults; returns its value object."""
    values: dict[str, Any] = {
        "cid": "100200",
        "name": "Maria Lopez",
        "brand": "plus",
        "device_model": None,
        "state": "TX",
        "time_zone": "America/Chicago",
        "service_center_name": "Austin Service Center",
        "service_center_address": "100 Main St, Austin, TX",
        "service_center_tz": "America/Chicago",
        "balance": Decimal("0.00"),
        "preferred_language": "en",
        "critical_flags": [],
        "updated_at": FIXED_NOW,
    }
    values.update(overrides)
    values["name_key"] = normalise_name(values["name"])
    row = Client(**values)
    session.add(row)
    session.flush()
    return info(row)


@pytest.fixture
def add_client(store: Store) -> Callable[..., ClientInfo]:
    def _add(**overrides: Any) -> ClientInfo:
        with store.sessions() as s, s.begin():
            return make_client(s, **overrides)

    return _add


@pytest.fixture
def ctx(qapp: Any, store: Store, tmp_path: Path, now: datetime) -> Iterator[Any]:
    """An AppContext on the fresh store with the fixed clock, in English."""
    from desktop.views.context import AppContext

    context = AppContext(store, clock=lambda: now, prefs_path=tmp_path / "prefs.json")
    context.set_language("en")
    yield context
    context.set_language("en")


_QT_FIXTURES = frozenset({"qtbot", "qapp", "ctx"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a Qt application ``gui`` (``make test`` runs them on xcb too)."""
    for item in items:
        if _QT_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The credential store in memory for one test; the real one comes back after it."""
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)
