"""One desk in team mode: what the views call instead of writing to SQLite directly.

Reads (client lookup, history, the active SOP pack) stay on the local cache
``local`` exactly as in standalone mode.  This class adds what a shared server
needs: the online one-time check, saving through the outbox, replay and
incremental refresh on :meth:`tick` (start, timer, reconnect), and lead
actions.  Nothing here raises because the server is away: the desk goes
offline, says so in :meth:`status`, and keeps working from the cache.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from desktop.models.store import sop_store
from desktop.models.store.db import Store
from desktop.models.team import cache, lead, outbox, roster_upload, server
from desktop.models.team.lead import ConflictInfo, LeadResult
from desktop.models.team.roster_upload import Row, UploadResult
from desktop.models.team.server import CONFLICTS, HISTORY, MissingDependencyError, WriteResult
from desktop.models.team.status import TeamStatus, status_code
from desktop.models.team.writes import GrantDraft, GrantInfo, Write

log = logging.getLogger(__name__)

#: Seconds within which a failed read counts as a dropped pooled connection, worth one retry.
QUICK_FAILURE = 0.5
T = TypeVar("T")


class _Outcome(Protocol):
    @property
    def ok(self) -> bool: ...


R = TypeVar("R", bound=_Outcome)
#: A lead action's answer when the server cannot be reached.
LEAD_OFFLINE = LeadResult(False, "offline")

#: Errors that mean "the server cannot be reached now", as opposed to a bug or a refusal.
UNREACHABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError, PoolTimeout)


@dataclass(frozen=True)
class OneTimeCheck:
    """Who already holds this one-time grant (SOP C1, M9); ``provisional`` when read from the cache."""

    grant: GrantInfo | None
    provisional: bool
    pending_here: tuple[GrantDraft, ...] = ()

    @property
    def taken(self) -> bool:
        return self.grant is not None or bool(self.pending_here)


@dataclass(frozen=True)
class SaveResult:
    """``saved`` (on the server), ``queued`` (offline: sent on reconnect, provisional) or
    ``refused`` (another agent holds the one-time grant: ``winner`` says who, when, how much;
    nothing was written)."""

    outcome: str
    winner: GrantInfo | None = None
    history_ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReplayReport:
    sent: int
    conflicts: tuple[int, ...]


class Workstation:
    def __init__(
        self,
        local: Store,
        server_url: str,
        *,
        workstation: str,
        agent: str,
        clock: Callable[[], datetime],
        connect_timeout: float = server.CONNECT_TIMEOUT,
        remote: Engine | None = None,
    ) -> None:
        self.local = local
        self.remote = remote or server.make_engine(server_url, connect_timeout=connect_timeout)
        self.reader = server.make_engine(server_url, connect_timeout=connect_timeout, autocommit=True, pool_size=2)
        self.workstation = workstation
        self.agent = agent
        self.clock = clock
        self.offline_since: datetime | None = None
        self._role: str | None = None
        # Whether the outbox is known to be empty, so the online check skips reading it; a
        # write queued while a replay runs bumps the generation and keeps it "unknown".
        self._outbox_empty = False
        self._queued = 0
        # Sends keep the order writes were made in (a correction after the entry it corrects),
        # also when the timer's replay and an agent's save run on different threads.
        self._send_lock = threading.RLock()

    # -- connection state -----------------------------------------------------------------

    def _went_offline(self) -> None:
        if self.offline_since is None:
            self.offline_since = self.clock()
        self.remote.dispose()  # drop dead pooled connections; the next try opens new ones
        self.reader.dispose()

    @contextmanager
    def _server(self) -> Iterator[Connection]:
        """A server transaction; unreachable → offline and re-raised for the caller's fallback."""
        try:
            with self.remote.begin() as conn:
                yield conn
        except UNREACHABLE:
            self._went_offline()
            raise

    def _read(self, query: Callable[[Connection], T]) -> T:
        """One statement, no transaction, no ping: the online check is a single round trip.

        A pooled connection the server dropped (e.g. after a restart) fails at
        once, so a quick failure is retried once on a new connection; a slow
        one (the connect timeout ran out) means offline.
        """
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                with self.reader.connect() as conn:
                    return query(conn)
            except UNREACHABLE:
                self.reader.dispose()
                if attempt == 2 or time.monotonic() - started > QUICK_FAILURE:
                    self._went_offline()
                    raise
        raise AssertionError("unreachable")

    def tick(self) -> TeamStatus:
        """Start, timer and reconnect: send what waits, then copy what changed. Never raises offline."""
        try:
            if self._role is None:
                with self._server() as conn:
                    self._role = server.role(conn)
            # Open the check's connection here, off the agent's path: a new connection (a server
            # process and a password exchange) is what made the first check of a session slow.
            with self.reader.connect():
                pass
            self.replay()
            cache.refresh(self.local.engine, self.remote, now=self.clock())
            self.offline_since = None
        except UNREACHABLE:
            self._went_offline()
        return self.status()

    def status(self) -> TeamStatus:
        with self.local.engine.connect() as conn:
            pending = outbox.count_pending(conn)
            last = cache.last_refresh(conn)
            mine = conn.execute(
                select(func.count()).select_from(CONFLICTS).where(
                    CONFLICTS.c.loser_workstation == self.workstation, CONFLICTS.c.resolved_at.is_(None)
                )
            ).scalar_one()
        with self.local.sessions() as s:
            active = sop_store.active_info(s)
        return TeamStatus(
            code=status_code(self.offline_since, last, self.clock()),
            offline_since=self.offline_since,
            last_refresh_at=last,
            pending_writes=pending,
            pack_ref=active.ref if active else None,
            role=self._role,
            my_open_conflicts=int(mine),
        )

    # -- one-time rules and writes --------------------------------------------------------------

    def check_one_time(self, client_id: int, kind: str) -> OneTimeCheck:
        """The server's answer when it is reachable, else the cache plus this desk's queue (provisional)."""
        here: tuple[GrantDraft, ...] = ()
        if not (self._outbox_empty and self.offline_since is None):
            with self.local.engine.connect() as lconn:
                here = tuple(outbox.pending_grants(lconn, client_id, kind))
        if self.offline_since is None:
            try:
                grant = self._read(lambda conn: server.standing_grant_online(conn, client_id, kind))
                return OneTimeCheck(grant, False, here)
            except UNREACHABLE:
                pass
        with self.local.engine.connect() as lconn:
            return OneTimeCheck(server.standing_grant(lconn, client_id, kind), True, here)

    def save(self, write: Write) -> SaveResult:
        """Queue locally, send at once; offline it waits (and shows in the cache as provisional).

        Writes reach the server in the order they were made: whatever still waits in
        the outbox goes first, so a correction never arrives before what it corrects.
        """
        now = self.clock()
        with self.local.engine.begin() as lconn:
            write = _linked(lconn, write)
            seq = outbox.enqueue(lconn, write, now)
        if self.offline_since is None:
            with self._send_lock:
                try:
                    if not self._outbox_empty:
                        self.replay(before=seq)
                    with self._server() as conn:
                        result = server.apply_write(conn, write, replay=False, detected_at=now)
                except UNREACHABLE:
                    pass
                except MissingDependencyError:  # the corrected entry was refused: the replay marks this one
                    pass
                else:
                    return self._settled(seq, write, result)
        self._queued += 1
        self._outbox_empty = False
        with self.local.engine.begin() as lconn:
            cache.store_write(
                lconn, write, cache.provisional_ids(seq, write), flag_ids=cache.provisional_flag_ids(seq, write)
            )
        return SaveResult("queued", history_ids=cache.provisional_ids(seq, write))

    def _settled(self, seq: int, write: Write, result: WriteResult) -> SaveResult:
        now = self.clock()
        with self.local.engine.begin() as lconn:
            if result.outcome == "refused":
                outbox.discard(lconn, seq)
                assert result.winner is not None
                cache.store_grant(lconn, result.winner)
                return SaveResult("refused", winner=result.winner)
            cache.store_write(lconn, write, result.history_ids, result.grant, result.flag_ids)
            outbox.mark_sent(lconn, seq, now, _summary(result))
        return SaveResult("saved", history_ids=dict(result.history_ids))

    def replay(self, *, before: int | None = None) -> ReplayReport:
        """Send every queued write in the order it was made; a lost offline grant becomes a rule conflict.

        ``before`` stops at that queue place (a save sends what was queued ahead of it first).
        A write the server refuses is kept, marked, for a person to read; a write correcting
        an entry that was refused is refused in turn.
        """
        with self._send_lock:
            generation = self._queued
            with self.local.engine.connect() as lconn:
                queued = [(seq, _linked(lconn, w)) for seq, w in outbox.pending(lconn)]
            if before is not None:
                queued = [(seq, w) for seq, w in queued if seq < before]
            sent, conflicts = 0, []
            for seq, write in queued:
                try:
                    with self._server() as conn:
                        result = server.apply_write(conn, write, replay=True, detected_at=self.clock())
                except UNREACHABLE:
                    raise
                except (DBAPIError, MissingDependencyError) as exc:
                    # The server will never take this write (e.g. its client was removed): keep it,
                    # marked, for a person to read, instead of blocking every later write.
                    log.error("outbox write %s rejected by the server: %s", write.uuid, exc)
                    error = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
                    with self.local.engine.begin() as lconn:
                        outbox.mark_sent(lconn, seq, self.clock(), {"outcome": "rejected", "error": error})
                    continue
                with self.local.engine.begin() as lconn:
                    if result.grant is not None:
                        cache.store_grant(lconn, result.grant)
                    outbox.mark_sent(lconn, seq, self.clock(), _summary(result))
                sent += 1
                if result.conflict_id is not None:
                    conflicts.append(result.conflict_id)
            if before is None:
                self._outbox_empty = generation == self._queued
            return ReplayReport(sent, tuple(conflicts))

    # -- conflicts and lead actions ----------------------------------------------------------

    def my_conflicts(self) -> list[ConflictInfo]:
        """Open conflicts about this desk's offline grants (the banner after reconnecting)."""
        with self.local.engine.connect() as conn:
            return lead.conflicts(conn, loser_workstation=self.workstation)

    def open_conflicts(self) -> list[ConflictInfo]:
        """For the lead view: from the server when reachable, else from the cache."""
        try:
            return self._read(lead.conflicts)
        except UNREACHABLE:
            with self.local.engine.connect() as conn:
                return lead.conflicts(conn)

    def resolve_conflict(self, conflict_id: int, note: str) -> LeadResult:
        return self._lead_action(
            lambda conn: lead.resolve(conn, conflict_id, note, by=self.agent, at=self.clock()), LEAD_OFFLINE
        )

    def publish_pack(self, pack_text: str, *, activate: bool = True) -> LeadResult:
        return self._lead_action(
            lambda conn: lead.publish_pack(conn, pack_text, by=self.agent, at=self.clock(), activate=activate),
            LEAD_OFFLINE,
        )

    def activate_pack(self, pack_id: int | None) -> LeadResult:
        """Make a version the server holds the active one for every desk (``None``: the shipped pack)."""
        return self._lead_action(lambda conn: lead.activate_pack(conn, pack_id), LEAD_OFFLINE)

    def upload_roster(
        self,
        batches: Iterable[Sequence[Row]],
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Callable[[int], None] | None = None,
    ) -> UploadResult:
        """Load checked roster rows onto the server in one transaction, then refresh this desk's cache.

        A lead action: it needs the server (no offline queue), and a cancelled,
        refused or failed upload is rolled back whole.
        """
        return self._lead_action(
            lambda conn: roster_upload.upload(conn, batches, now=self.clock(), cancelled=cancelled, progress=progress),
            UploadResult(False, "offline"),
        )

    def _lead_action(self, action: Callable[[Connection], R], offline: R) -> R:
        """Lead actions need the server (no offline queue: a lead acts on the team's current state).

        ``action`` runs in one transaction, committed only when its result is ``ok``;
        ``offline`` is the answer when the server cannot be reached.
        """
        try:
            with self.remote.connect() as conn:
                trans = conn.begin()
                result = action(conn)
                if result.ok:
                    trans.commit()
                elif trans.is_active:  # a refused statement may have ended it already
                    trans.rollback()
        except UNREACHABLE:
            self._went_offline()
            return offline
        if result.ok:
            self.tick()  # this desk shows the change at once; the others at their next refresh
        return result

    def session(self) -> Session:
        """A session on the local cache, for the reads views already make."""
        return self.local.sessions()

    def close(self) -> None:
        self.remote.dispose()
        self.reader.dispose()


def _linked(lconn: Connection, write: Write) -> Write:
    """``write`` naming by UUID each entry it corrects that the desk knows only provisionally.

    A queued entry has a negative id in the cache (see :func:`.cache.provisional_ids`);
    the server cannot know that number, but it knows the UUID once the entry is sent.
    """
    known = dict(write.corrects)
    wanted = {e.uuid: e.corrects_id for e in write.entries
              if e.corrects_id is not None and e.corrects_id < 0 and e.uuid not in known}
    if not wanted:
        return write
    uuids = dict(lconn.execute(select(HISTORY.c.id, HISTORY.c.uuid).where(HISTORY.c.id.in_(set(wanted.values())))).all())
    links = [(entry, uuids[target]) for entry, target in wanted.items() if target in uuids]
    return replace(write, corrects=(*write.corrects, *links)) if links else write


def _summary(result: WriteResult) -> dict[str, object]:
    return {
        "outcome": result.outcome,
        "history_ids": dict(result.history_ids),
        "conflict_id": result.conflict_id,
        "winner_id": result.winner.id if result.winner else None,
    }
