"""Closing a staged import leaves no staged rows behind, on any connection the store hands out later."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text

from desktop.models.store.db import Store
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_stage import RosterStage


def rows(n: int) -> list[RosterRow]:
    return [RosterRow(row=i + 2, cid=f"S{i:04d}", name=f"Staged {i}", brand="plus", state="TX",
                      time_zone="America/Chicago", balance=Decimal("0.00")) for i in range(n)]


def test_closing_drops_the_staged_rows_and_a_new_stage_starts_empty(store: Store) -> None:
    stage = RosterStage(store.engine)
    stage.add(rows(50))
    stage.close()
    assert stage.conn is None
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_temp_master WHERE name = 'roster_stage'")).scalar_one() == 0
    with RosterStage(store.engine) as again:
        again.add(rows(3))
        assert again.conn is not None
        assert again.conn.execute(text("SELECT count(*) FROM roster_stage")).scalar_one() == 3
    stage.close()  # closing twice is harmless
