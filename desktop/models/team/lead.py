"""Lead actions: list and resolve rule conflicts, publish SOP packs.

Why the checks are the database's: a lead action runs under the desk's own
login, and only the ``interlock_lead`` role may update ``rule_conflicts`` or
write ``sop_packs`` (see :mod:`.pg_schema`).  An agent's attempt comes back as
``not_lead`` whatever the screen shows.  The listing works on the server and on
a desk's cache alike (plain SQL).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import sop
from desktop.models.store import sop_store
from desktop.models.store.schema import Client
from desktop.models.store.sop_store import PackInfo
from desktop.models.team.server import CONFLICTS, GRANTS, HISTORY, grant_info, history_values
from desktop.models.team.writes import GrantInfo, HistoryDraft

INSUFFICIENT_PRIVILEGE = "42501"


@dataclass(frozen=True)
class ConflictInfo:
    """Two agents gave the same one-time grant while apart; the first one stands."""

    id: int
    uuid: str
    client_id: int
    client_cid: str
    client_name: str
    kind: str
    winner: GrantInfo
    loser_agent: str
    loser_workstation: str
    loser_at: datetime
    loser_amount: Decimal | None
    detected_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution_note: str | None


@dataclass(frozen=True)
class LeadResult:
    """``ok``; else ``code`` is one of ``not_lead``, ``not_found``, ``already_resolved``,
    ``empty_note``, ``invalid_pack``, ``duplicate_version``, ``offline``."""

    ok: bool
    code: str | None = None
    pack: PackInfo | None = None
    problems: tuple[sop.PackProblem, ...] = ()
    duplicate: tuple[str, str] | None = None  # (name, version) of a pack version already stored


def conflicts(conn: Connection, *, only_open: bool = True, loser_workstation: str | None = None) -> list[ConflictInfo]:
    """Conflicts oldest first, with the client and the winning grant (server or cache)."""
    clients = Client.__table__
    winner = GRANTS.alias("winner")
    stmt = (
        select(
            CONFLICTS,
            clients.c.cid.label("client_cid"),
            clients.c.name.label("client_name"),
            *[c.label(f"w_{c.name}") for c in winner.c],
        )
        .join(clients, CONFLICTS.c.client_id == clients.c.id)
        .join(winner, CONFLICTS.c.winner_grant_id == winner.c.id)
        .order_by(CONFLICTS.c.detected_at, CONFLICTS.c.id)
    )
    if only_open:
        stmt = stmt.where(CONFLICTS.c.resolved_at.is_(None))
    if loser_workstation is not None:
        stmt = stmt.where(CONFLICTS.c.loser_workstation == loser_workstation)
    return [_conflict(r) for r in conn.execute(stmt).mappings()]


def _conflict(r: Mapping[Any, Any]) -> ConflictInfo:
    win = _Row({k[2:]: v for k, v in r.items() if k.startswith("w_")})
    return ConflictInfo(
        id=r["id"],
        uuid=r["uuid"],
        client_id=r["client_id"],
        client_cid=r["client_cid"],
        client_name=r["client_name"],
        kind=r["kind"],
        winner=grant_info(win),
        loser_agent=r["loser_agent"],
        loser_workstation=r["loser_workstation"],
        loser_at=r["loser_at"],
        loser_amount=r["loser_amount"],
        detected_at=r["detected_at"],
        resolved_at=r["resolved_at"],
        resolved_by=r["resolved_by"],
        resolution_note=r["resolution_note"],
    )


class _Row:
    def __init__(self, values: dict[str, object]) -> None:
        self.__dict__.update(values)


def denied(exc: DBAPIError) -> bool:
    """Whether the server refused a statement for want of a privilege (an agent's login doing a lead's write)."""
    return getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def resolve(conn: Connection, conflict_id: int, note: str, *, by: str, at: datetime) -> LeadResult:
    """Close a conflict with the lead's note; the note is appended to the client's history too.

    Runs in the caller's transaction; on ``not_lead`` the caller rolls back.
    """
    if not note.strip():
        return LeadResult(False, "empty_note")
    try:
        done = conn.execute(
            update(CONFLICTS)
            .where(CONFLICTS.c.id == conflict_id, CONFLICTS.c.resolved_at.is_(None))
            .values(resolved_at=at, resolved_by=by, resolution_note=note.strip())
            .returning(CONFLICTS.c.client_id)
        ).first()
    except DBAPIError as exc:
        if denied(exc):
            return LeadResult(False, "not_lead")
        raise
    if done is None:
        exists = conn.execute(select(CONFLICTS.c.id).where(CONFLICTS.c.id == conflict_id)).first()
        return LeadResult(False, "already_resolved" if exists else "not_found")
    entry = HistoryDraft(
        client_id=int(done.client_id), kind="note", created_at=at, agent=by,
        summary=_("Rule conflict resolved"), note_text=note.strip(),
        details={"rule_conflict_id": conflict_id},
    )
    conn.execute(HISTORY.insert().values(**history_values(entry)))
    return LeadResult(True)


def publish_pack(conn: Connection, pack_text: str, *, by: str, at: datetime, activate: bool = True) -> LeadResult:
    """Store a new SOP pack version on the server; with ``activate`` make it the active one for every desk.

    Without ``activate`` the version is stored for every desk to see (and a lead to
    check) but not used yet: the same two steps a lead takes on a standalone desk.
    """
    # Joins the caller's transaction: nothing is committed here, the caller commits or rolls back.
    session = Session(bind=conn)
    try:
        info = sop_store.import_pack(session, pack_text, at=at, by=by)
        if activate:
            info = sop_store.activate(session, info.id)
    except sop.PackValidationError as exc:
        return LeadResult(False, "invalid_pack", problems=tuple(exc.problems))
    except sop_store.DuplicatePackVersionError as exc:
        return LeadResult(False, "duplicate_version", duplicate=(exc.name, exc.version))
    except DBAPIError as exc:
        if denied(exc):
            return LeadResult(False, "not_lead")
        raise
    finally:
        session.close()
    return LeadResult(True, pack=info)


def activate_pack(conn: Connection, pack_id: int | None) -> LeadResult:
    """Make a stored version the active one for every desk; ``None`` goes back to the shipped pack."""
    session = Session(bind=conn)
    try:
        if pack_id is None:
            sop_store.use_shipped_pack(session)
            return LeadResult(True)
        return LeadResult(True, pack=sop_store.activate(session, pack_id))
    except KeyError:
        return LeadResult(False, "not_found")
    except DBAPIError as exc:
        if denied(exc):
            return LeadResult(False, "not_lead")
        raise
    finally:
        session.close()
