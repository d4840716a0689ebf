"""A process killed anywhere in a roster import leaves the old roster or the new one, never a mix.

Each case runs the import in a real process that kills itself (SIGKILL;
TerminateProcess on Windows) right before its n-th SQL statement, n drawn at
random over the whole apply: inside a slice, between slices, in the commit
mark, while the log is deleted.  Some cases are killed again while the next
start undoes the import.  Then the real start-up path opens the store, and the
clients must be exactly the old roster or exactly the new one, with a name
index that matches them and no log left behind.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.models.store.db import sqlite_url
from desktop.startup import open_checked

ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
KNOWN = 120  # clients in the old roster; the new one changes some, renames some and adds as many

CHILD = r"""
import os, signal, sys
from datetime import UTC, datetime
from decimal import Decimal
from sqlalchemy import event
from desktop.models.store import roster_pace, roster_undo
from desktop.models.store.db import open_store
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store import roster_apply

db, mode, kill_at, known = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
store = open_store(f"sqlite:///{db}", migrate=False)
seen = [0]
armed = [False]


@event.listens_for(store.engine, "before_cursor_execute")
def _count(*_args):
    if armed[0]:
        seen[0] += 1
        if seen[0] == kill_at:
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def row(i):
    renamed, changed = i < known and i % 7 == 0, i < known and i % 2 == 0
    return RosterRow(row=i + 2, cid=f"K{i:05d}", name=f"Client {i} {'Newname' if renamed else 'Oldname'}",
                     brand="plus", state="TX", time_zone="America/Chicago",
                     balance=Decimal("7.25") if changed else Decimal("0.00"))


if mode == "apply":
    stage = RosterStage(store.engine)
    stage.add([row(i) for i in range(2 * known)])
    armed[0] = True
    assert stage.conn is not None
    pace = roster_pace.Pace(stage.conn, start_rows=8, target_s=1e-9, pause_s=0.0)
    roster_apply.apply_staged(stage.conn, now, stage.staged, pace=pace)
else:
    armed[0] = True
    roster_undo.recover(store.engine, now, pause_s=0.0)
print(seen[0], flush=True)
"""


def snapshot(db: Path) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT cid, name, name_key, brand, state, time_zone, balance, critical_flags FROM clients ORDER BY cid"
        ).fetchall()
    finally:
        con.close()


def run_child(db: Path, mode: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", CHILD, str(db), mode, str(kill_at), str(KNOWN)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def base(template_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "base.sqlite3"
    shutil.copy(template_db, db)
    con = sqlite3.connect(db)
    con.executemany(
        "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
        "critical_flags) VALUES (?, ?, ?, 'plus', 'TX', 'America/Chicago', 0, 'en', '[]')",
        [(f"K{i:05d}", f"Client {i} Oldname", f"client {i} oldname") for i in range(KNOWN)],
    )
    con.commit()
    con.close()
    return db


def check_whole(db: Path) -> None:
    """Integrity, a name index that matches the rows, nothing applying and no log left."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.execute("INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)")
        assert con.execute("SELECT count(*) FROM roster_imports WHERE state = 'applying'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM roster_undo").fetchone()[0] == 0
    finally:
        con.close()


def start_up(db: Path) -> None:
    report = open_checked(sqlite_url(db), NOW)
    assert report.store is not None and report.fatal is None
    report.store.engine.dispose()


def test_killed_anywhere_in_the_apply_leaves_the_old_or_the_new_roster(base: Path, tmp_path: Path) -> None:
    old = snapshot(base)
    probe = tmp_path / "probe.sqlite3"
    shutil.copy(base, probe)
    done = run_child(probe, "apply", 0)
    assert done.returncode == 0, done.stderr
    statements = int(done.stdout.split()[-1])
    new = snapshot(probe)
    assert new != old and len(new) == 2 * KNOWN
    check_whole(probe)

    rng = random.Random(20261124)
    points = sorted({1, 2, statements - 1, statements, *rng.sample(range(3, statements - 1), 10)})
    outcomes: dict[str, int] = {"old": 0, "new": 0}
    for n, kill_at in enumerate(points):
        db = tmp_path / f"k{kill_at}.sqlite3"
        shutil.copy(base, db)
        killed = run_child(db, "apply", kill_at)
        assert killed.returncode != 0, f"not killed at statement {kill_at}"
        if n % 2:  # killed again while the next start undoes it
            again = run_child(db, "recover", rng.randint(1, 40))
            assert again.returncode != 0 or again.stdout.strip(), again.stderr
        start_up(db)
        after = snapshot(db)
        assert after in (old, new), f"a mix after a kill at statement {kill_at} of {statements}"
        check_whole(db)
        outcomes["new" if after == new else "old"] += 1
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1, outcomes
