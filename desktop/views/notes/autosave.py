"""The Notes page's draft, saved continuously so closing the app (or a crash) loses nothing.

One draft per client (:func:`desktop.models.notes.draft_key`), written a short
pause after the last keystroke and on quit, card numbers masked first (SOP N1).
The revision of the last write is kept so that saving the note deletes exactly
the draft it came from, never a newer one another window wrote.

Once the note has left the page (copied into the history, summarised by F12,
or thrown away with "New note") nothing that was waiting to be written may write
it again: neither the pause after the last keystroke nor the retry after a busy
store.  Otherwise the draft that the note's save deleted comes back, and the next
call on that client opens with a note that is already in the history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop.models.notes import NoteDraft, discard_draft, draft_key, draft_revision, load_draft, save_draft
from desktop.models.store.clients import ClientInfo
from desktop.models.store.store_errors import StoreBusyError
from desktop.views.context import AppContext

SAVE_DELAY_MS = 400

#: What the page holds now: the draft and the settings stored with it (style, language).
Read = Callable[[], tuple[NoteDraft, dict[str, Any]]]


class DraftAutosave(QObject):
    def __init__(self, ctx: AppContext, read: Read, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.read = read
        self.key = draft_key(None)
        self.client_id: int | None = None
        self.revision: str | None = None  # of the stored draft this page wrote or loaded
        self.dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self._save_later_if_busy)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save)

    def touch(self) -> None:
        """The agent changed the note: save it after a short pause."""
        self.dirty = True
        self.timer.start()

    def save(self) -> None:
        """Write the draft now, if it changed since the last write."""
        self.timer.stop()
        if not self.dirty:
            return
        draft, extra = self.read()
        with self.ctx.session() as session:
            revision = save_draft(session, self.key, draft, self.ctx.now(), extra)
        # Kept only once committed: a write the store refused stored nothing, and the
        # note's save must delete the draft that is stored, by its revision.
        self.revision = revision
        self.dirty = False

    def _save_later_if_busy(self) -> None:
        """The pause after typing ended: save, or, while another window or program holds the
        write lock past the store's short wait, keep the draft unsaved and try again after the
        next pause (a dialog about a draft nobody asked to save would only interrupt the call)."""
        try:
            self.save()
        except StoreBusyError:
            if self.dirty:  # still the page's unsaved note (cancel() has not taken it away)
                self.timer.start()

    def cancel(self) -> None:
        """The note left the page: drop the save waiting for the pause or for a busy store.

        Why: the edits it would write belong to the note that was just saved (or
        discarded); writing them later would bring back the draft its save deleted.
        """
        self.timer.stop()
        self.dirty = False

    def switch(self, client: ClientInfo | None) -> tuple[NoteDraft, dict[str, Any]] | None:
        """Save the old client's draft, then read the stored draft of ``client`` (``None``: there is none)."""
        self.save()
        self.client_id = client.id if client else None
        self.key = draft_key(self.client_id)
        with self.ctx.session() as session:
            stored = load_draft(session, self.key)
            self.revision = draft_revision(session, self.key)
        self.dirty = False
        return stored

    def discard(self, *, only_mine: bool = False) -> None:
        """Forget the stored draft: any draft under the key, or with ``only_mine`` just the one
        this page wrote or loaded (a newer one another window wrote stays).

        The pending save is cancelled first, so even when the store is busy and the
        delete fails (:class:`StoreBusyError` is raised) no later retry rewrites the draft.
        """
        self.cancel()
        with self.ctx.session() as session:  # a revision not known (none stored yet): any draft goes
            discard_draft(session, self.key, self.revision if only_mine else None)
        self.revision = None

    def saved_elsewhere(self) -> None:
        """The note was saved to the history, which deleted its draft (see ``copy_note``)."""
        self.cancel()
        self.revision = None
