"""What a roster upload sends: the client columns the staging table holds, in the server's units."""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import JSON

from desktop.models.store.db import Store
from desktop.models.store.roster import RosterRow
from desktop.models.store.roster_columns import client_columns
from desktop.models.store.roster_stage import RosterStage
from desktop.models.team import roster_upload

ROW = RosterRow(
    row=2, cid="500003", name="Carla Díaz", brand="monitech", state="PR", time_zone="America/Puerto_Rico",
    balance=Decimal("-5.25"), preferred_language="es", critical_flags=("Hard of hearing", "Spanish only"),
)


def test_the_upload_sends_every_roster_column_of_a_client() -> None:
    assert ("cid", *(c.name for c in client_columns(JSON))) == roster_upload.COLUMNS


def test_a_row_goes_in_cents_with_its_flags_as_json() -> None:
    values = dict(zip(roster_upload.COLUMNS, roster_upload.row_values(ROW), strict=True))
    assert values["balance"] == -525
    assert json.loads(values["critical_flags"]) == ["Hard of hearing", "Spanish only"]
    assert values["name_key"] == "carla diaz"
    assert [len(c) for c in roster_upload.chunks([ROW] * 5, size=2)] == [2, 2, 1]


def test_staged_rows_are_read_as_the_server_wants_them(store: Store) -> None:
    """The dialog's staged rows and a file's rows in memory become the same values."""
    with RosterStage(store.engine) as stage:
        stage.add([ROW])
        assert stage.conn is not None
        staged = [row for chunk in roster_upload.staged_chunks(stage.conn) for row in chunk]
    expected = roster_upload.row_values(ROW)
    assert len(staged) == 1
    got = dict(zip(roster_upload.COLUMNS, staged[0], strict=True))
    want = dict(zip(roster_upload.COLUMNS, expected, strict=True))
    assert json.loads(got.pop("critical_flags")) == json.loads(want.pop("critical_flags"))
    assert got == want
