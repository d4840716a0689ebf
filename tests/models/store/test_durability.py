"""A committed write survives the process being killed (SQLite WAL + synchronous=FULL)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

WRITER = r"""
import sys
from datetime import UTC, datetime
from desktop.models.store.db import open_store
from desktop.models.store.schema import Draft

store = open_store(f"sqlite:///{sys.argv[1]}", migrate=False)
start = int(sys.argv[2])
i = start
while True:
    with store.sessions() as s, s.begin():
        s.add(Draft(key=f"rec-{i}", content={"n": i}, updated_at=datetime.now(UTC)))
    print(i, flush=True)
    i += 1
"""


def test_acknowledged_records_survive_a_hard_kill(template_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "durable.sqlite3"
    db.write_bytes(template_db.read_bytes())
    rng = random.Random(20261123)
    acknowledged: set[int] = set()
    next_id = 0
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    for _round in range(30):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(next_id)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.strip(), "writer did not start"
        acknowledged.add(int(first))
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        rest = proc.stdout.read()
        proc.wait()
        for line in rest.splitlines():
            if line.strip():
                acknowledged.add(int(line))
        next_id = max(acknowledged) + 1_000
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {int(k[4:]) for (k,) in con.execute("SELECT key FROM drafts WHERE key LIKE 'rec-%'")}
    finally:
        con.close()
    missing = acknowledged - stored
    assert len(acknowledged) >= 30
    assert not missing, f"{len(missing)} acknowledged records lost"
