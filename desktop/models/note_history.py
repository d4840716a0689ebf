"""Saving a finished note to the client's history, then handing it to the clipboard.

Why the order matters: the agent pastes the clipboard into the CRM and moves on.
If the text reached the clipboard first and the save then failed, the agent would
believe the account's memory (SOP N1) holds a note it does not.  So the text is
handed over only after the transaction that records it has committed; when the
save fails, the error propagates and the clipboard is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop.models import client_flags, history
from desktop.models.notes import discard_draft
from desktop.models.schema import HistoryEntry


@dataclass(frozen=True)
class SavedNote:
    """The history entry written, and whether the draft it came from was deleted."""

    entry: history.HistoryItem
    draft_discarded: bool


@dataclass(frozen=True)
class NoteEntry:
    """The note as history stores it (text already composed and redacted, SOP N1, N3, N4)."""

    client_id: int
    text: str
    at: datetime
    agent: str = ""
    summary: str = ""
    disposition: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def save_then_copy(
    unit_of_work: Callable[[], AbstractContextManager[Session]],
    note: NoteEntry,
    copy: Callable[[str], object],
    *,
    draft_key: str | None = None,
    draft_revision: str | None = None,
) -> SavedNote:
    """Append ``note`` to history and delete its draft in one transaction; then ``copy`` the text.

    ``unit_of_work`` opens a session that commits when its block ends (the view's
    ``ctx.session``).  ``draft_revision`` is the revision of the draft the note was
    composed from: only that draft is deleted (a newer one written meanwhile under
    the same key stays).  Without a revision no draft is deleted.  ``copy`` runs only
    after the commit, and gets exactly the text history stored.
    """
    discarded = False
    with unit_of_work() as session:
        entry = history.append(
            session,
            client_id=note.client_id,
            kind="note",
            at=note.at,
            agent=note.agent,
            summary=note.summary,
            note_text=note.text,
            disposition=note.disposition,
            details=dict(note.details),
        )
        flag = note.details.get("client_flag")
        if note.details.get("critical") and isinstance(flag, str):  # SOP N2: in the same transaction
            written = session.get(HistoryEntry, entry.id)
            uuid = written.uuid if written is not None else None
            client_flags.add_flag(session, note.client_id, flag, at=note.at, by=note.agent, history_uuid=uuid)
        if draft_key is not None and draft_revision is not None:
            discarded = discard_draft(session, draft_key, draft_revision)
    # The block above committed (an exception would have skipped this line).
    copy(entry.note_text or "")
    return SavedNote(entry=entry, draft_discarded=discarded)
