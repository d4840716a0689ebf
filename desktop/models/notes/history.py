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
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.models.notes.drafts import discard_draft
from desktop.models.store import client_flags, history


@dataclass(frozen=True)
class SavedNote:
    """The history entry written, and whether the draft it came from was deleted."""

    entry: history.HistoryItem
    draft_discarded: bool


def save_then_copy(
    unit_of_work: Callable[[], AbstractContextManager[Session]],
    note: history.HistoryDraft,
    copy: Callable[[str], object],
    *,
    draft_key: str | None = None,
    draft_revision: str | None = None,
) -> SavedNote:
    """Append ``note`` to history and delete its draft in one transaction; then ``copy`` the text.

    ``note`` is any entry that carries a composed note (a "note" entry from the Notes
    page, or a call's summary).
    ``unit_of_work`` opens a session that commits when its block ends (the view's
    ``ctx.session``).  ``draft_revision`` is the revision of the draft the note was
    composed from: only that draft is deleted (a newer one written meanwhile under
    the same key stays).  Without a revision no draft is deleted.  ``copy`` runs only
    after the commit, and gets exactly the text history stored.
    """
    if note.note_text is None:
        raise ValueError("a note entry needs its text")
    discarded = False
    with unit_of_work() as session:
        entry = history.append(session, note)
        flag = note.details.get("client_flag")
        if note.details.get("critical") and isinstance(flag, str):  # SOP N2: in the same transaction
            client_flags.add_flag(session, note.client_id, flag, at=note.created_at, by=note.agent, history_uuid=note.uuid)
        if draft_key is not None and draft_revision is not None:
            discarded = discard_draft(session, draft_key, draft_revision)
    # The block above committed (an exception would have skipped this line).
    copy(entry.note_text or "")
    return SavedNote(entry=entry, draft_discarded=discarded)
