"""Migrations are atomic: a process killed at any statement of any migration loses nothing.

Each case starts a real process on the real start-up path (``open_checked``),
kills it right after its n-th SQL statement (SIGKILL; TerminateProcess on
Windows), and then starts again in this process: the next start must succeed,
reach the newest revision and hold every row written before.  The revisions are
read from the Alembic script directory, so new migrations are covered as they
are added.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop import paths, startup
from desktop.models.store import db as dbm
from desktop.models.store import sqlite_files
from desktop.startup import open_checked

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)

KILLER = r"""
import os, signal, sys
from datetime import UTC, datetime
from sqlalchemy import Engine, event
from desktop.models.store.db import sqlite_url
from desktop.startup import open_checked


def start(db, kill_at):
    seen = [0]

    @event.listens_for(Engine, "after_cursor_execute")
    def _count(*_args):
        seen[0] += 1
        if seen[0] == kill_at:
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))

    report = open_checked(sqlite_url(db), datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    report.store.engine.dispose()
    return seen[0]


if sys.argv[1] == "serve":
    # Imports once, then forks one child per case: each child is a real process
    # that is killed; the imports are not paid again for every step.
    for line in sys.stdin:
        db, kill_at = line.rsplit(" ", 1)
        pid = os.fork()
        if pid == 0:
            steps = start(db, int(kill_at))
            print(f"steps {steps}", flush=True)
            os._exit(0)
        _pid, status = os.waitpid(pid, 0)
        print(f"status {status}", flush=True)
else:
    print(f"steps {start(sys.argv[1], int(sys.argv[2]))}", flush=True)
    print("status 0", flush=True)
"""


class Killer:
    """Starts the app's start-up in a real process, killed after its n-th statement."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.env = env
        self.server: subprocess.Popen[str] | None = None
        if hasattr(os, "fork"):
            self.server = subprocess.Popen([sys.executable, "-c", KILLER, "serve"], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, text=True, env=env)

    def run(self, db: Path, kill_at: int) -> tuple[int | None, bool]:
        """(statements seen, whether the process ended normally)."""
        if self.server is None:
            done = subprocess.run([sys.executable, "-c", KILLER, str(db), str(kill_at)], capture_output=True,
                                  text=True, env=self.env, timeout=120, check=False)
            seen = [int(w.split()[1]) for w in done.stdout.splitlines() if w.startswith("steps")]
            return (seen[0] if seen else None), done.returncode == 0
        assert self.server.stdin is not None and self.server.stdout is not None
        self.server.stdin.write(f"{db} {kill_at}\n")
        self.server.stdin.flush()
        steps: int | None = None
        while True:
            line = self.server.stdout.readline()
            assert line, "the start-up server stopped"
            if line.startswith("steps"):
                steps = int(line.split()[1])
            elif line.startswith("status"):
                return steps, int(line.split()[1]) == 0

    def close(self) -> None:
        if self.server is not None:
            assert self.server.stdin is not None
            self.server.stdin.close()
            self.server.wait(timeout=60)


@pytest.fixture(scope="module")
def killer() -> Iterator[Killer]:
    k = Killer()
    yield k
    k.close()


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory(str(paths.migrations_dir()))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def seed_at(db: Path, revision: str) -> None:
    """A database at ``revision`` with clients, history and drafts (columns every revision has)."""
    engine = dbm.make_engine(dbm.sqlite_url(db))
    dbm.upgrade(engine, revision)
    with engine.begin() as conn:
        for i in range(5):
            conn.exec_driver_sql(
                "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language,"
                " critical_flags) VALUES (?, ?, ?, 'plus', 'TX', 'America/Chicago', '0.00', 'en', '[]')",
                (f"{500 + i}", f"Rosa Martinez{i}", f"rosa martinez{i}"),
            )
            for j in range(3):
                conn.exec_driver_sql(
                    "INSERT INTO history (client_id, kind, created_at, agent, summary, note_text, details)"
                    " VALUES (?, 'note', '2026-11-23 10:00:00', 'ana', 'note', ?, '{}')",
                    (i + 1, f"tow receipt {i}-{j}"),
                )
        conn.exec_driver_sql(
            "INSERT INTO drafts (key, content, updated_at) VALUES ('note:1', '{\"n\": 1}', '2026-11-23 10:00:00')"
        )
    engine.dispose()


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {
            "clients": con.execute("SELECT id, cid, name FROM clients ORDER BY id").fetchall(),
            "history": con.execute("SELECT id, client_id, note_text FROM history ORDER BY id").fetchall(),
            "drafts": con.execute("SELECT key, content FROM drafts ORDER BY key").fetchall(),
        }
    finally:
        con.close()


def next_start_is_whole(db: Path, expected: dict[str, list[tuple[object, ...]]] | None) -> None:
    report = open_checked(dbm.sqlite_url(db), NOW)
    assert report.fatal is None and report.store is not None, report.fatal
    assert report.moved_to is None, "a killed migration must not look like damage"
    assert dbm.current_revision(report.store.engine) == dbm.schema_head()
    report.store.engine.dispose()
    assert sqlite_files.diagnose(db).state == sqlite_files.HEALTHY
    if expected is not None:
        assert rows(db) == expected


STARTS = ["new", *revisions_oldest_first()[:-1]]


@pytest.mark.parametrize("start", STARTS)
def test_kill_at_every_statement_of_every_migration(tmp_path: Path, start: str, killer: Killer) -> None:
    template = tmp_path / "template.sqlite3"
    expected = None
    if start != "new":
        seed_at(template, start)
        expected = rows(template)
    probe = tmp_path / "probe.sqlite3"
    if template.exists():
        shutil.copy(template, probe)
    steps, normal = killer.run(probe, 0)
    assert normal and steps is not None and steps > 0
    kills = 0
    for kill_at in range(1, steps + 1):
        db = tmp_path / f"k{kill_at}" / "db.sqlite3"
        db.parent.mkdir()
        if template.exists():
            shutil.copy(template, db)
        _seen, normal = killer.run(db, kill_at)
        assert not normal, f"step {kill_at} of {steps} was not reached"
        kills += 1
        next_start_is_whole(db, expected)
    assert kills == steps


@pytest.mark.parametrize("start", revisions_oldest_first()[:-1])
def test_upgrade_from_every_earlier_revision_keeps_every_row(tmp_path: Path, start: str) -> None:
    db = tmp_path / "up.sqlite3"
    seed_at(db, start)
    before = rows(db)
    next_start_is_whole(db, before)


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.models.store import sqlite_store

    revisions = revisions_oldest_first()
    if "0003" not in revisions:
        pytest.skip("needs the note-search migration")
    db = tmp_path / "fail.sqlite3"
    seed_at(db, "0002")
    before = rows(db)

    def broken(execute: Callable[[str], object]) -> None:
        execute("DROP TABLE history_fts")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(sqlite_store, "speed_up_note_search", broken)
    report = open_checked(dbm.sqlite_url(db), NOW)
    assert report.fatal is not None and report.fatal.code == startup.MIGRATION_FAILED
    assert "migration bug" in report.fatal.details["detail"]
    engine = dbm.make_engine(dbm.sqlite_url(db))
    assert dbm.current_revision(engine) == "0002"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM history_fts").scalar() == 15
    engine.dispose()
    assert rows(db) == before
