"""Client records of the offline cache, as immutable values the workflows read.

Why values and not ORM rows: pages keep the current client for the whole call,
long after the session that read it has closed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.store.schema import Client

BRANDS: tuple[str, ...] = ("plus", "m9", "monitech")


@dataclass(frozen=True)
class ClientInfo:
    id: int
    cid: str
    name: str
    brand: str
    device_model: str | None
    state: str
    time_zone: str
    service_center_name: str | None
    service_center_address: str | None
    service_center_tz: str | None
    balance: Decimal
    preferred_language: str
    critical_flags: tuple[str, ...]


def info(row: Client) -> ClientInfo:
    return ClientInfo(
        id=row.id,
        cid=row.cid,
        name=row.name,
        brand=row.brand,
        device_model=row.device_model,
        state=row.state,
        time_zone=row.time_zone,
        service_center_name=row.service_center_name,
        service_center_address=row.service_center_address,
        service_center_tz=row.service_center_tz,
        balance=row.balance,
        preferred_language=row.preferred_language,
        critical_flags=tuple(row.critical_flags or ()),
    )


def normalise_name(name: str) -> str:
    """Lower-case, accents stripped, single spaces: what the name index holds."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def get_by_cid(session: Session, cid: str) -> ClientInfo | None:
    row = session.scalar(select(Client).where(Client.cid == cid.strip().upper()))
    return info(row) if row else None


def get(session: Session, client_id: int) -> ClientInfo | None:
    row = session.get(Client, client_id)
    return info(row) if row else None


def search(session: Session, text: str, limit: int = 8) -> list[ClientInfo]:
    """Exact CID, then CID and name prefixes, then typo-tolerant name matches.

    The lookup bar calls this on every keystroke; the indexed phases live in
    :mod:`desktop.models.store.client_search`.
    """
    from desktop.models.store import client_search

    return client_search.search(session, text, limit)
