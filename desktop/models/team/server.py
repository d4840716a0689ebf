"""Operations on the team's PostgreSQL: one-time grants, conflicts, lead actions, changes.

Why SQL here and not in the rules: the one-time rules (SOP C1 courtesy credit,
SOP M9 waived fee) decide *whether* a grant is allowed for a client; whether
another agent was faster is settled by the unique partial index
``uq_one_time_grant_per_client`` through ``INSERT … ON CONFLICT DO NOTHING
RETURNING``, which no amount of checking-before-writing can replace when 50
agents share the clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from desktop.models.store.client_flags import ClientFlag
from desktop.models.store.schema import HistoryEntry
from desktop.models.team import pg_schema
from desktop.models.team.tables import OneTimeGrant, RuleConflict
from desktop.models.team.writes import FlagDraft, GrantDraft, GrantInfo, HistoryDraft, Write

HISTORY: Table = HistoryEntry.__table__  # type: ignore[assignment]
FLAGS: Table = ClientFlag.__table__  # type: ignore[assignment]
GRANTS: Table = OneTimeGrant.__table__  # type: ignore[assignment]
CONFLICTS: Table = RuleConflict.__table__  # type: ignore[assignment]

#: Seconds to wait for the server before the desk works offline (never longer).
CONNECT_TIMEOUT = 3


def make_engine(
    url: str, *, connect_timeout: float = CONNECT_TIMEOUT, pool_size: int = 5, autocommit: bool = False
) -> Engine:
    """An engine that gives up after ``connect_timeout`` (connect and unanswered sends alike).

    ``autocommit`` makes an engine for single-statement reads: no BEGIN/ROLLBACK
    round trips around the online one-time check.
    """
    seconds = max(1, int(connect_timeout))
    return create_engine(
        url,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        # Reads skip the ping (a round trip each time); the desk retries a read once instead.
        pool_pre_ping=not autocommit,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=seconds,
        connect_args={
            "connect_timeout": seconds,
            # A cut network must not hang a send either: the kernel gives up after this.
            "tcp_user_timeout": seconds * 1000,
            "keepalives": 1,
            "keepalives_idle": seconds,
            "keepalives_interval": 1,
            "keepalives_count": 2,
            # Names and notes in Spanish travel as UTF-8 whatever the server's default
            # encoding, and the frozen build carries no codecs for the Asian encodings.
            "client_encoding": "utf8",
        },
    )


@dataclass(frozen=True)
class WriteResult:
    """``saved``; ``refused`` (online: someone else holds the grant; nothing was written);
    ``conflict`` (replayed offline grant lost: history kept, conflict recorded)."""

    outcome: str
    history_ids: Mapping[str, int]
    grant: GrantInfo | None = None
    winner: GrantInfo | None = None
    conflict_id: int | None = None
    flag_ids: Mapping[str, int] = field(default_factory=dict)


class MissingDependencyError(Exception):
    """A write corrects an entry the server does not have (it was never sent, or was rejected)."""

    def __init__(self, entry_uuid: str, needs_uuid: str) -> None:
        super().__init__(f"entry {entry_uuid} corrects entry {needs_uuid}, which the server does not have")
        self.entry_uuid = entry_uuid
        self.needs_uuid = needs_uuid


def grant_info(row: Any) -> GrantInfo:
    return GrantInfo(
        id=row.id,
        uuid=row.uuid,
        client_id=row.client_id,
        kind=row.kind,
        amount=row.amount,
        agent=row.agent,
        workstation=row.workstation,
        granted_at=row.granted_at,
    )


def standing_grant(conn: Connection, client_id: int, kind: str) -> GrantInfo | None:
    """The one-time check (SOP C1, M9): the standing grant of this kind, if any (works on both dialects)."""
    row = conn.execute(
        select(GRANTS).where(
            GRANTS.c.client_id == client_id, GRANTS.c.kind == kind, GRANTS.c.voided_at.is_(None)
        )
    ).first()
    return grant_info(row) if row else None


#: The online one-time check as the driver sends it: no statement to compile or cache-key per
#: check, and psycopg prepares it on the server after a few runs (one round trip each time).
_STANDING_SQL = (
    "SELECT id, uuid, client_id, kind, amount, agent, workstation, granted_at FROM one_time_grants"
    " WHERE client_id = %(client_id)s AND kind = %(kind)s AND voided_at IS NULL LIMIT 1"
)


def standing_grant_online(conn: Connection, client_id: int, kind: str) -> GrantInfo | None:
    """:func:`standing_grant` on the server, with the least work on the desk (SOP C1, M9).

    Why not the SQLAlchemy statement: with 50 agents on a center's server the
    check's own Python work (compiling, cache keys, row processing) was a fair
    part of its time; this is the same query, served by the same partial unique
    index ``uq_one_time_grant_per_client``.
    """
    row = conn.exec_driver_sql(_STANDING_SQL, {"client_id": client_id, "kind": kind}).first()
    if row is None:
        return None
    found = grant_info(row)
    return replace(found, granted_at=found.granted_at.astimezone(UTC))


def _grant_by_uuid(conn: Connection, uuid: str) -> GrantInfo | None:
    row = conn.execute(select(GRANTS).where(GRANTS.c.uuid == uuid)).first()
    return grant_info(row) if row else None


def _grant_values(g: GrantDraft) -> dict[str, Any]:
    return {
        "uuid": g.uuid,
        "client_id": g.client_id,
        "kind": g.kind,
        "amount": g.amount,
        "agent": g.agent,
        "workstation": g.workstation,
        "granted_at": g.granted_at,
        "history_uuid": g.history_uuid,
    }


def history_values(e: HistoryDraft) -> dict[str, Any]:
    return {
        "uuid": e.uuid,
        "client_id": e.client_id,
        "kind": e.kind,
        "created_at": e.created_at,
        "agent": e.agent,
        "summary": e.summary,
        "note_text": e.note_text,
        "disposition": e.disposition,
        "amount": e.amount,
        "waived": e.waived,
        "utr": e.utr,
        "appointment_at": e.appointment_at,
        "status": e.status,
        "details": e.details,
        "corrects_id": e.corrects_id,
        "sop_pack_version": e.sop_pack_version,
    }


def _claim(conn: Connection, g: GrantDraft) -> tuple[GrantInfo | None, GrantInfo | None]:
    """(our grant, None) when it stands (new or replayed), else (None, the winner)."""
    new = conn.execute(  # the new row comes back whole: no second round trip to read it
        pg_insert(GRANTS).values(**_grant_values(g)).on_conflict_do_nothing().returning(*GRANTS.c)
    ).first()
    if new is not None:
        return grant_info(new), None
    mine = _grant_by_uuid(conn, g.uuid)
    if mine is not None:  # this very write was applied before (replay): harmless
        return mine, None
    winner = standing_grant(conn, g.client_id, g.kind)
    if winner is None:  # the winner was voided in between: try once more
        return _claim(conn, g)
    return None, winner


def apply_write(conn: Connection, write: Write, *, replay: bool, detected_at: datetime) -> WriteResult:
    """Apply one write inside the caller's transaction; idempotent by UUID.

    Online (``replay=False``) a lost grant refuses the whole write, so the agent
    sees the first grant and decides again.  On replay the agent has already
    told the client, so the history is kept and the loss becomes a rule conflict
    (both agents, both times, the winner) for a lead to settle.
    """
    mine = winner = None
    conflict_id: int | None = None
    if write.grant is not None:
        mine, winner = _claim(conn, write.grant)
        if winner is not None and not replay:
            return WriteResult("refused", {}, winner=winner)
        if winner is not None:
            conflict_id = _record_conflict(conn, write.grant, winner, detected_at)
    ids: dict[str, int] = {}
    corrects = dict(write.corrects)
    for entry in write.entries:
        values = history_values(entry)
        if entry.uuid in corrects:
            values["corrects_id"] = _entry_id(conn, entry.uuid, corrects[entry.uuid], ids)
        new_id = conn.execute(
            pg_insert(HISTORY)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["uuid"])
            .returning(HISTORY.c.id)
        ).scalar()
        if new_id is None:
            new_id = conn.execute(select(HISTORY.c.id).where(HISTORY.c.uuid == entry.uuid)).scalar_one()
        ids[entry.uuid] = int(new_id)
    flag_ids = {f.uuid: _add_flag(conn, f) for f in write.flags}
    outcome = "conflict" if winner is not None else "saved"
    return WriteResult(outcome, ids, grant=mine, winner=winner, conflict_id=conflict_id, flag_ids=flag_ids)


def _entry_id(conn: Connection, entry_uuid: str, needs_uuid: str, ids: Mapping[str, int]) -> int:
    """The server's id of the entry a correction names by UUID (an earlier write, or this one)."""
    if needs_uuid in ids:
        return ids[needs_uuid]
    found = conn.execute(select(HISTORY.c.id).where(HISTORY.c.uuid == needs_uuid)).scalar()
    if found is None:
        raise MissingDependencyError(entry_uuid, needs_uuid)
    return int(found)


def flag_values(f: FlagDraft) -> dict[str, Any]:
    return {
        "uuid": f.uuid,
        "client_id": f.client_id,
        "text": f.text,
        "created_at": f.created_at,
        "created_by": f.created_by,
        "history_uuid": f.history_uuid,
    }


def _add_flag(conn: Connection, f: FlagDraft) -> int:
    """A client flag (SOP N2), stored once per UUID however often the write is replayed."""
    new_id = conn.execute(
        pg_insert(FLAGS).values(**flag_values(f)).on_conflict_do_nothing(index_elements=["uuid"]).returning(FLAGS.c.id)
    ).scalar()
    if new_id is None:
        new_id = conn.execute(select(FLAGS.c.id).where(FLAGS.c.uuid == f.uuid)).scalar_one()
    return int(new_id)


def _record_conflict(conn: Connection, g: GrantDraft, winner: GrantInfo, detected_at: datetime) -> int:
    values = {
        "uuid": g.uuid,
        "client_id": g.client_id,
        "kind": g.kind,
        "winner_grant_id": winner.id,
        "loser_agent": g.agent,
        "loser_workstation": g.workstation,
        "loser_at": g.granted_at,
        "loser_amount": g.amount,
        "detected_at": detected_at,
    }
    new_id = conn.execute(
        pg_insert(CONFLICTS).values(**values).on_conflict_do_nothing(index_elements=["uuid"]).returning(CONFLICTS.c.id)
    ).scalar()
    if new_id is None:
        new_id = conn.execute(select(CONFLICTS.c.id).where(CONFLICTS.c.uuid == g.uuid)).scalar_one()
    return int(new_id)


def role(conn: Connection) -> str:
    """``lead``, ``agent`` or ``none``: what the login may do (the database enforces it too)."""
    row = conn.execute(
        text("SELECT pg_has_role(current_user, :lead, 'MEMBER'), pg_has_role(current_user, :agent, 'MEMBER')"),
        {"lead": pg_schema.LEAD_ROLE, "agent": pg_schema.AGENT_ROLE},
    ).one()
    return "lead" if row[0] else "agent" if row[1] else "none"


def safe_high_water(engine: Engine) -> int:
    """The change number up to which every row is committed (see :mod:`.pg_schema`)."""
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": pg_schema.CHANGE_LOCK_KEY})
        last, called = conn.execute(text(f"SELECT last_value, is_called FROM {pg_schema.CHANGE_SEQ}")).one()
    return int(last) if called else 0
