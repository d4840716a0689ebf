"""Where a screen's one-time grant goes: the local store (standalone) or the team desk.

Why one seam: the credit and override screens save the same entries in both
modes, and read the same answer back (:class:`desktop.models.credits.grants.GrantResult`).
Standalone, the grant is checked again under SQLite's write lock
(:mod:`desktop.models.credits.grants`).  In team mode the server's unique index
settles it (SOP C1 courtesy credit, SOP M9 waived fee): online a second grant
is refused at once with the first one (who, when, how much); offline the write
waits in the outbox and the check is provisional.

The standing-grant readers add the server's answer to what the local history
shows, so a grant made on another desk since the last cache refresh counts too.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from desktop.models.credits import grants
from desktop.models.credits.grants import COURTESY_CREDIT, WAIVED_OVERRIDE, Grant, GrantResult
from desktop.models.notes import discard_draft
from desktop.models.notes.history import SavedNote, save_then_copy
from desktop.models.redaction import redact_text, redact_value
from desktop.models.store import client_flags, history
from desktop.models.store.history import HistoryDraft

if TYPE_CHECKING:  # team modules load only in team mode: standalone start-up stays lean
    from desktop.models.team.workstation import Workstation
    from desktop.models.team.writes import GrantInfo

UnitOfWork = Callable[[], AbstractContextManager[Session]]

#: The one-time grant kind on the server for each SOP rule.
KIND_OF_RULE = {COURTESY_CREDIT: "courtesy_credit", WAIVED_OVERRIDE: "m9_waiver"}


def record_credit_decision(
    unit_of_work: UnitOfWork,
    desk: Workstation | None,
    *,
    decision: HistoryDraft,
    courtesy: HistoryDraft | None = None,
) -> GrantResult:
    """The credit decision and, when it gives one, the courtesy credit (SOP C1)."""
    if desk is None:
        with unit_of_work() as session:
            return grants.record_credit_decision(session, decision=decision, courtesy=courtesy)
    first = scrubbed(decision)
    entries = [first]
    if courtesy is not None:
        entries.append(scrubbed(courtesy, decision_uuid=first.uuid))
    return _save(desk, tuple(entries), COURTESY_CREDIT)


def record_override_given(unit_of_work: UnitOfWork, desk: Workstation | None, *, entry: HistoryDraft) -> GrantResult:
    """An "override given" entry; a waived one is a one-time grant (SOP M9)."""
    if desk is None:
        with unit_of_work() as session:
            return grants.record_override_given(session, entry=entry)
    return _save(desk, (scrubbed(entry),), WAIVED_OVERRIDE)


def scrubbed(entry: HistoryDraft, **extra_details: Any) -> HistoryDraft:
    """The entry as the server stores it, scrubbed as :func:`desktop.models.store.history.append` scrubs
    (SOP N1: no card number or override code leaves the desk; the server has no store gate)."""
    return replace(
        entry,
        agent=redact_text(entry.agent),
        summary=redact_text(entry.summary),
        note_text=None if entry.note_text is None else redact_text(entry.note_text),
        utr=None if entry.utr is None else redact_text(entry.utr),
        details=redact_value({**entry.details, **extra_details}),
    )


def append(unit_of_work: UnitOfWork, desk: Workstation | None, entry: HistoryDraft) -> history.HistoryItem:
    """One history entry with no one-time grant (a POC request, an escalation).  In team mode it
    goes to the server (or the outbox), so every desk sees it and the cache never numbers a row
    the server numbers too."""
    if desk is None:
        with unit_of_work() as session:
            return history.append(session, entry)
    from desktop.models.team.writes import write_for

    sent = scrubbed(entry)
    saved = desk.save(write_for((sent,), desk.workstation))
    return _item(sent, saved.history_ids.get(sent.uuid, 0))


def save_note_then_copy(
    unit_of_work: UnitOfWork,
    desk: Workstation | None,
    note: HistoryDraft,
    copy: Callable[[str], object],
    *,
    draft_key: str | None = None,
    draft_revision: str | None = None,
) -> SavedNote:
    """:func:`desktop.models.notes.history.save_then_copy`, with the note sent through the desk in
    team mode: saved (or queued) first, then the draft deleted, then the text copied (SOP N1)."""
    if desk is None:
        return save_then_copy(unit_of_work, note, copy, draft_key=draft_key, draft_revision=draft_revision)
    if note.note_text is None:
        raise ValueError("a note entry needs its text")
    from desktop.models.team.writes import flag_for, write_for

    sent = scrubbed(note)
    flag = flag_for(sent)
    if flag is not None:  # SOP N2: the flag goes with its note, once per client
        with unit_of_work() as session:
            known = {f.casefold() for f in client_flags.flags_for(session, flag.client_id)}
        if flag.text.casefold() in known:
            flag = None
    write = replace(write_for((sent,), desk.workstation), flags=() if flag is None else (flag,))
    saved = desk.save(write)
    entry = _item(sent, saved.history_ids.get(sent.uuid, 0))
    discarded = False
    if draft_key is not None and draft_revision is not None:
        with unit_of_work() as session:
            discarded = discard_draft(session, draft_key, draft_revision)
    copy(entry.note_text or "")
    return SavedNote(entry=entry, draft_discarded=discarded)


def _save(desk: Workstation, entries: tuple[HistoryDraft, ...], rule: str) -> GrantResult:
    from desktop.models.team.writes import write_for

    write = write_for(entries, desk.workstation)
    saved = desk.save(write)
    if saved.outcome == "refused":
        assert saved.winner is not None
        return GrantResult(grants.ALREADY_GRANTED, existing=grant_of(saved.winner, rule))
    items = tuple(_item(e, saved.history_ids.get(e.uuid, 0)) for e in entries)
    granted = None
    if write.grant is not None:
        claimed = next(i for e, i in zip(entries, items, strict=True) if e.uuid == write.grant.history_uuid)
        granted = Grant(rule, claimed.id, claimed.client_id, claimed.agent, claimed.created_at, claimed.amount)
    return GrantResult(grants.RECORDED, entries=items, granted=granted)


def _item(entry: HistoryDraft, entry_id: int) -> history.HistoryItem:
    return history.HistoryItem(
        id=entry_id, client_id=entry.client_id, kind=entry.kind, created_at=entry.created_at, agent=entry.agent,
        summary=entry.summary, note_text=entry.note_text, disposition=entry.disposition, amount=entry.amount,
        waived=entry.waived, utr=entry.utr, appointment_at=entry.appointment_at, status=entry.status,
        details=dict(entry.details), corrects_id=entry.corrects_id, sop_pack_version=entry.sop_pack_version,
    )


def grant_of(info: GrantInfo, rule: str) -> Grant:
    """The server's standing grant in the shape the screens already word (who, when, how much)."""
    return Grant(rule=rule, entry_id=info.id, client_id=info.client_id, agent=info.agent,
                 at=info.granted_at, amount=info.amount)


# -- standing one-time grants (what the flows decide with) ------------------------------------


def courtesy_credits(unit_of_work: UnitOfWork, desk: Workstation | None, client_id: int) -> list[history.HistoryItem]:
    """Standing courtesy credits (SOP C1): the local ledger, plus the server's grant in team mode."""
    with unit_of_work() as session:
        found = history.courtesy_credits(session, client_id)
    return _with_server_grant(found, desk, client_id, COURTESY_CREDIT)


def waivers(unit_of_work: UnitOfWork, desk: Workstation | None, client_id: int) -> list[history.HistoryItem]:
    """Waived override codes (SOP M9): the local ledger, plus the server's grant in team mode."""
    with unit_of_work() as session:
        found = history.waivers(session, client_id)
    return _with_server_grant(found, desk, client_id, WAIVED_OVERRIDE)


def _with_server_grant(
    found: list[history.HistoryItem], desk: Workstation | None, client_id: int, rule: str
) -> list[history.HistoryItem]:
    """Why ask the server when the cache shows nothing: another desk may have granted since the
    last refresh.  Offline the desk answers from its cache (provisional, as the banner says)."""
    if desk is None or found:
        return found
    check = desk.check_one_time(client_id, KIND_OF_RULE[rule])
    if check.grant is None:
        return found
    g = check.grant
    kind = "courtesy_credit" if rule == COURTESY_CREDIT else "override_given"
    item = history.HistoryItem(
        id=0, client_id=client_id, kind=kind, created_at=g.granted_at, agent=g.agent, summary="",
        amount=g.amount, waived=True if rule == WAIVED_OVERRIDE else None,
    )
    return [replace(item, details={"one_time_grant_id": g.id})]
