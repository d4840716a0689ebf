"""Applying a staged roster in short slices: other writers get in between, Cancel and errors undo it all."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models.store import roster_apply, roster_pace, roster_recovery, roster_undo
from desktop.models.store.db import Store
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.roster_write import ImportCancelledError
from desktop.models.store.schema import Client, HistoryEntry

KNOWN = 60


def row(i: int) -> RosterRow:
    renamed, changed = i < KNOWN and i % 5 == 0, i < KNOWN and i % 2 == 0
    return RosterRow(row=i + 2, cid=f"A{i:04d}", name=f"Client {i} {'Newname' if renamed else 'Oldname'}",
                     brand="plus", state="TX", time_zone="America/Chicago",
                     balance=Decimal("3.10") if changed else Decimal("0.00"), critical_flags=("a",) if changed else ())


def db_path(store: Store) -> Path:
    assert store.path is not None
    return store.path


def snapshot(store: Store) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db_path(store))
    try:
        return con.execute("SELECT id, cid, name, name_key, balance, critical_flags, updated_at FROM clients "
                           "ORDER BY id").fetchall()
    finally:
        con.close()


def assert_clean(store: Store) -> None:
    con = sqlite3.connect(db_path(store))
    try:
        con.execute("INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)")
        assert con.execute("SELECT count(*) FROM roster_undo").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM roster_imports WHERE state = 'applying'").fetchone()[0] == 0
    finally:
        con.close()


@pytest.fixture
def known(store: Store) -> Store:
    con = sqlite3.connect(db_path(store))
    con.executemany(
        "INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, preferred_language, "
        "critical_flags) VALUES (?, ?, ?, 'plus', 'TX', 'America/Chicago', 0, 'en', '[]')",
        [(f"A{i:04d}", f"Client {i} Oldname", f"client {i} oldname") for i in range(KNOWN)],
    )
    con.commit()
    con.close()
    return store


@pytest.fixture
def stage(known: Store) -> Iterator[RosterStage]:
    with RosterStage(known.engine) as staged:
        staged.add([row(i) for i in range(2 * KNOWN)])
        yield staged


def small_slices(stage: RosterStage) -> roster_pace.Pace:
    assert stage.conn is not None
    return roster_pace.Pace(stage.conn, start_rows=8, target_s=1e-9, pause_s=0.0)


def apply(stage: RosterStage, now: datetime, **kw: object) -> roster_apply.ImportResult:
    assert stage.conn is not None
    return roster_apply.apply_staged(stage.conn, now, stage.staged, pace=small_slices(stage), **kw)  # type: ignore[arg-type]


def test_a_save_between_two_slices_takes_the_lock_at_once(known: Store, stage: RosterStage, now: datetime) -> None:
    saves = []

    def save_a_note(done: int) -> None:
        other = sqlite3.connect(db_path(known), timeout=0)  # would fail at once if the lock were held
        other.execute("INSERT INTO drafts (key, content, updated_at) VALUES (?, '{}', '2026-11-23 15:00:00')",
                      (f"note-{done}",))
        other.commit()
        other.close()
        saves.append(done)

    result = apply(stage, now, progress=save_a_note)
    assert (result.inserted, result.updated, result.unchanged) == (KNOWN, KNOWN // 2 + 6, KNOWN // 2 - 6)
    assert len(saves) == 2 * KNOWN // 8  # one save between every two slices
    assert_clean(known)


def test_readers_are_told_an_import_is_being_applied(known: Store, stage: RosterStage, now: datetime) -> None:
    seen: list[roster_undo.ApplyingImport | None] = []

    def look(_done: int) -> None:
        with known.sessions() as s:
            seen.append(roster_undo.applying_import(s))

    apply(stage, now, progress=look)
    first, last = seen[0], seen[-1]
    assert first is not None and last is not None
    assert first.rows_total == 2 * KNOWN and 0 < first.fraction < last.fraction == 1.0
    with known.sessions() as s:
        assert roster_undo.applying_import(s) is None


def test_cancel_in_the_middle_undoes_every_slice(known: Store, stage: RosterStage, now: datetime) -> None:
    before = snapshot(known)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 6  # six slices applied, then Cancel

    with pytest.raises(ImportCancelledError):
        apply(stage, now, cancelled=cancelled)
    assert snapshot(known) == before
    assert_clean(known)
    with known.sessions() as s:
        assert s.scalar(select(roster_undo.IMPORTS.c.state)) == roster_undo.UNDONE_STATE
    assert apply(stage, now).inserted == KNOWN  # the staged rows are still there: Import again works


def test_a_new_client_that_got_a_note_is_kept_when_the_import_is_undone(
    known: Store, stage: RosterStage, now: datetime
) -> None:
    noted: list[str] = []

    def note_then_fail(done: int) -> None:
        if done < KNOWN + 16:
            return
        with known.sessions() as s, s.begin():  # the import has added clients: the newest gets a note
            newest = s.scalar(select(Client).order_by(Client.id.desc()))
            assert newest is not None
            noted.append(newest.cid)
            s.add(HistoryEntry(client_id=newest.id, kind="note", created_at=now, note_text="Called."))
        raise OSError("disk full")

    with pytest.raises(OSError):
        apply(stage, now, progress=note_then_fail)
    cids = [r[1] for r in snapshot(known)]
    assert cids == [f"A{i:04d}" for i in range(KNOWN)] + noted  # the note is not lost
    assert_clean(known)


def test_recovery_has_nothing_to_do_on_a_clean_store_and_waits_for_a_running_import(
    known: Store, now: datetime
) -> None:
    assert not roster_recovery.left_behind(known.engine)
    assert roster_recovery.recover_at_start(known.engine, now) == 0
    with roster_undo.APPLYING:
        assert roster_undo.recover(known.engine, now) == 0


def test_an_import_left_applying_is_undone_at_the_next_import(known: Store, now: datetime) -> None:
    before = snapshot(known)
    with RosterStage(known.engine) as first:
        first.add([row(i) for i in range(2 * KNOWN)])

        def die(done: int) -> None:
            if done >= 40:
                raise SystemExit  # as if the process died: no undo runs for a BaseException it cannot see

        assert first.conn is not None
        pace = small_slices(first)
        import_id = roster_undo.begin_import(first.conn, now, first.staged)
        counts = roster_apply._Counts()
        with pytest.raises(SystemExit):
            while pace.run(lambda n: roster_apply._slice(first.conn, import_id, counts, n, now)):  # type: ignore[arg-type]
                die(counts.done)
    assert snapshot(known) != before
    assert roster_recovery.left_behind(known.engine)
    with RosterStage(known.engine) as second:
        second.add([row(i) for i in range(KNOWN)])
        result = apply(second, now)
    assert result.inserted == 0 and result.updated == KNOWN // 2 + 6  # measured against the old roster
    assert_clean(known)
