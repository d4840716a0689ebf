"""The client columns a roster import keeps aside: its staged rows and its undo log hold the same.

Why one list: the staging table and the undo log both copy a client's roster
columns, so a column added to ``clients`` is added to both here, and the two
copies cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, String

from desktop.models.store.types import Money


def client_columns(flags_type: Any) -> list[Column[Any]]:
    """Fresh columns (a column belongs to one table) for a client's roster fields after its CID.

    ``flags_type`` is how the table keeps ``critical_flags``: JSON where the import reads
    them, the text exactly as ``clients`` holds it where they are put back.
    """
    return [
        Column("name", String(200)),
        Column("name_key", String(200)),
        Column("brand", String(16)),
        Column("device_model", String(64)),
        Column("state", String(2)),
        Column("time_zone", String(64)),
        Column("service_center_name", String(200)),
        Column("service_center_address", String(300)),
        Column("service_center_tz", String(64)),
        Column("balance", Money),
        Column("preferred_language", String(2)),
        Column("critical_flags", flags_type),
    ]
