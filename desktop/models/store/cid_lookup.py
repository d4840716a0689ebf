"""The lookup bar's fast path for a typed CID: one index range read on the driver's connection.

Why below the ORM: confirming the CID is the first thing of nearly every call
(SOP M2), and an ORM query (statement caching, identity map, row objects) costs
tens of times what SQLite needs to read one row from the unique ``cid`` index.
The query answers exactly what :func:`desktop.models.store.client_search.search_ids`
answers for a CID-looking text: the exact CID first, then the CIDs that start
with it, in CID order (the exact one sorts first in the same range), so the
results never differ from the slow path (a test compares them).  Only SQLite
takes this path; other databases, and any driver error, fall back to the ORM.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from desktop.models.store.clients import ClientInfo

#: Above every character a CID holds: ``cid < text + HIGH`` bounds the prefix range.
HIGH = "\uffff"
CENT = Decimal("0.01")

_COLUMNS = (
    "id, cid, name, brand, device_model, state, time_zone, service_center_name, "
    "service_center_address, service_center_tz, balance, preferred_language, critical_flags"
)
_SQL = f"SELECT {_COLUMNS} FROM clients WHERE cid >= ? AND cid < ? ORDER BY cid LIMIT ?"


def looks_like_cid(text: str) -> bool:
    """A CID has a digit and no space; names have no digits (so no name phase is needed)."""
    return bool(text) and " " not in text and any(c.isdigit() for c in text)


def _client(row: tuple[Any, ...]) -> ClientInfo:
    """The same value :func:`desktop.models.store.clients.info` builds (money is stored in cents)."""
    flags = row[12]
    parsed = json.loads(flags) if isinstance(flags, str) else flags
    return ClientInfo(
        id=int(row[0]),
        cid=row[1],
        name=row[2],
        brand=row[3],
        device_model=row[4],
        state=row[5],
        time_zone=row[6],
        service_center_name=row[7],
        service_center_address=row[8],
        service_center_tz=row[9],
        balance=(Decimal(int(row[10] or 0)) / 100).quantize(CENT),
        preferred_language=row[11],
        critical_flags=tuple(parsed or ()),
    )


def by_cid(session: Session, text: str, limit: int) -> list[ClientInfo] | None:
    """Clients for a CID-looking ``text`` (exact first, then longer CIDs), or ``None``: use the ORM."""
    cid = " ".join(text.split()).upper()
    if limit <= 0 or not looks_like_cid(cid):
        return None
    if session.new or session.dirty:
        return None  # the ORM would flush these first, and so must see them
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return None
    raw = conn.connection.driver_connection
    if raw is None:
        return None
    try:
        rows = raw.execute(_SQL, (cid, cid + HIGH, limit)).fetchall()
    except sqlite3.Error:
        return None  # the ORM path raises the store's typed error (busy, read-only…)
    return [_client(r) for r in rows]
