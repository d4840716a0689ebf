"""The Notes page's save in team mode: the desk saves (or queues) the note off the GUI thread.

Why apart from the page: a slow or unreachable team server can hold a save up
to the connect timeout, and the agent is on a live call, so the window keeps
answering keys meanwhile (see :mod:`desktop.views.shell.team_jobs`).  The
clipboard still gets the note only once it is saved (SOP N1); Copy is busy
until the answer comes, so one click saves once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryDraft
from desktop.models.store.store_errors import StoreWriteError
from desktop.models.team import route as team_route
from desktop.views.shell import team_jobs
from desktop.views.shell.error_dialog import STORE_TEXTS
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.clipboard import copy_text
from desktop.views.widgets.outcome import Tone, glyph

if TYPE_CHECKING:
    from desktop.views.notes.page import NotesPage


def saving(page: NotesPage) -> bool:
    """Whether the page's last Copy waits for the team server."""
    return team_jobs.running((page, "copy"))


def save_through_desk(page: NotesPage, note: HistoryDraft, text: str, client: ClientInfo) -> bool:
    """Start the save; ``False`` when the previous one is still on its way (nothing is started)."""
    key, revision, desk = page._key, page._draft_revision, desk_of(page.ctx)
    copied: list[str] = []  # the redacted text the desk saved, copied on the GUI thread

    def work() -> object:
        return team_route.save_note_then_copy(
            page.ctx.session, desk, note, copied.append, draft_key=key, draft_revision=revision
        )

    def done(_saved: object) -> None:
        copy_text(copied[-1] if copied else "")
        if page._draft_revision == revision:  # nothing typed since: the draft was deleted with the save
            page._save_timer.stop()
            page._dirty = False
            page._draft_revision = None
        page._last_copied = text
        page.ctx.historyChanged.emit(client.id)
        page.status.setText(
            _("{mark} Copied to the clipboard and saved to the history of {name}.").format(
                mark=glyph(Tone.OK), name=client.name
            )
        )
        page._refresh()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, StoreWriteError):
            raise exc
        reason = _(STORE_TEXTS[exc.reason]) if exc.reason in STORE_TEXTS else str(exc)
        page.status.setText(
            _("{mark} Not saved and not copied: {reason}").format(mark=glyph(Tone.WARN), reason=reason)
        )
        page._refresh()

    if not team_jobs.run(page.ctx, work, done, failed=failed, key=(page, "copy"), owner=page,
                         busy=(page.copy_button,)):
        return False
    if saving(page):
        page.status.setText(_("Saving to the team server…"))
    return True
