"""The Notes page's save in team mode: the desk saves (or queues) the note off the GUI thread.

Why apart from the copy actions: a slow or unreachable team server can hold a
save up to the connect timeout, and the agent is on a live call, so the window
keeps answering keys meanwhile (see :mod:`desktop.views.shell.team_jobs`).  The
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
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.clipboard import copy_text

if TYPE_CHECKING:
    from desktop.views.notes.copy_actions import CopyActions


def saving(actions: CopyActions) -> bool:
    """Whether the last Copy waits for the team server."""
    return team_jobs.running((actions, "copy"))


def save_through_desk(actions: CopyActions, note: HistoryDraft, text: str, client: ClientInfo) -> bool:
    """Start the save; ``False`` when the previous one is still on its way (nothing is started).

    The draft the note came from is written first, on this thread (the local cache),
    so the desk deletes exactly that revision with the saved note.
    """
    autosave = actions.autosave
    key, revision, desk = autosave.key, autosave.revision, desk_of(actions.ctx)
    copied: list[str] = []  # the redacted text the desk saved, copied on the GUI thread

    def work() -> object:
        return team_route.save_note_then_copy(
            actions.ctx.session, desk, note, copied.append, draft_key=key, draft_revision=revision
        )

    def done(_saved: object) -> None:
        copy_text(copied[-1] if copied else "")
        # Nothing typed since: the draft was deleted with the save.
        actions.saved(text, client, draft_too=autosave.revision == revision)
        actions.settled.emit()

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, StoreWriteError):
            raise exc
        actions.not_saved(exc)
        actions.settled.emit()

    if not team_jobs.run(actions.ctx, work, done, failed=failed, key=(actions, "copy"), owner=actions,
                         busy=(actions.copy_button,)):
        return False
    if saving(actions):
        actions.status.setText(_("Saving to the team server…"))
    return True
