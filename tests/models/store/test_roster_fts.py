"""The name index merges between a roster import's slices, and gets its own merging back whatever ends the import."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.models.store import roster_apply, roster_fts, roster_pace, roster_undo
from desktop.models.store.db import Store
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.roster_write import ImportCancelledError

KNOWN = 40


def db_path(store: Store) -> Path:
    assert store.path is not None
    return store.path


def settings(store: Store) -> dict[str, int]:
    con = sqlite3.connect(db_path(store))
    try:
        return {k: int(v) for k, v in con.execute(
            "SELECT k, v FROM clients_fts_config WHERE k IN ('automerge', 'crisismerge')")}
    finally:
        con.close()


def found(store: Store, word: str) -> int:
    con = sqlite3.connect(db_path(store))
    try:
        con.execute("INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)")
        return int(con.execute("SELECT count(*) FROM clients_fts WHERE clients_fts MATCH ?", (word,)).fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def stage(store: Store) -> Iterator[RosterStage]:
    con = sqlite3.connect(db_path(store))
    con.executemany(
        "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
        "critical_flags) VALUES (?, ?, ?, 'plus', 'TX', 'America/Chicago', 0, 'en', '[]')",
        [(f"F{i:04d}", f"Client {i} Oldname", f"client {i} oldname") for i in range(KNOWN)],
    )
    con.commit()
    con.close()
    rows = [RosterRow(row=i + 2, cid=f"F{i:04d}", name=f"Client {i} {'Newname' if i % 3 == 0 else 'Oldname'}",
                      brand="plus", state="TX", time_zone="America/Chicago", balance=Decimal("1.00"))
            for i in range(3 * KNOWN)]
    with RosterStage(store.engine) as staged:
        staged.add(rows)
        yield staged


def apply(stage: RosterStage, now: datetime, **kw: object) -> roster_apply.ImportResult:
    assert stage.conn is not None
    pace = roster_pace.Pace(stage.conn, start_rows=8, target_s=1e-9, pause_s=0.0)
    return roster_apply.apply_staged(stage.conn, now, stage.staged, pace=pace, **kw)  # type: ignore[arg-type]


def test_the_index_does_not_merge_inside_slices_while_an_import_runs(
        store: Store, stage: RosterStage, now: datetime) -> None:
    seen: list[dict[str, int]] = []
    apply(stage, now, progress=lambda _done: seen.append(settings(store)))
    assert seen and all(s == {"automerge": 0, "crisismerge": roster_fts.HELD_CRISISMERGE} for s in seen)
    assert settings(store) == {"automerge": roster_fts.AUTOMERGE, "crisismerge": roster_fts.CRISISMERGE}
    assert found(store, "newname") == KNOWN // 3 + 1 + (2 * KNOWN) // 3  # renamed known clients and the new ones


def test_nothing_is_left_to_merge_when_the_import_is_done(store: Store, stage: RosterStage, now: datetime) -> None:
    apply(stage, now)
    with store.engine.connect() as conn:
        assert roster_fts.merge(conn, 64) == 0
        conn.rollback()


def test_merge_says_when_it_did_work(store: Store, stage: RosterStage, now: datetime) -> None:
    with store.engine.connect() as conn:
        roster_fts.hold_merges(conn)
        conn.commit()
        for i in range(8):  # eight transactions: eight small segments, none merged
            conn.exec_driver_sql(
                "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
                f"critical_flags) VALUES ('M{i}', 'Merge {i}', 'merge zzword', 'plus', 'TX', 'America/Chicago', 0, "
                "'en', '[]')")
            conn.commit()
        done = [roster_fts.merge(conn, 16)]
        conn.commit()
        while done[-1] and len(done) < 100:
            done.append(roster_fts.merge(conn, 16))
            conn.commit()
        roster_fts.release_merges(conn)
        conn.commit()
    assert done[0] == 16 and done[-1] == 0
    assert found(store, "zzword") == 8


def test_cancel_gives_the_index_its_merging_back(store: Store, stage: RosterStage, now: datetime) -> None:
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(ImportCancelledError):
        apply(stage, now, cancelled=cancelled)
    assert settings(store) == {"automerge": roster_fts.AUTOMERGE, "crisismerge": roster_fts.CRISISMERGE}
    assert found(store, "newname") == 0


def test_an_import_left_applying_is_undone_with_the_merging_given_back(
        store: Store, stage: RosterStage, now: datetime) -> None:
    assert stage.conn is not None
    roster_undo.begin_import(stage.conn, now, stage.staged)  # as if the process died right after its first mark
    assert settings(store)["automerge"] == 0
    assert roster_undo.recover(store.engine, now, pause_s=0.0) == 1
    assert settings(store) == {"automerge": roster_fts.AUTOMERGE, "crisismerge": roster_fts.CRISISMERGE}
