"""The call in progress, for the window: F2 starts it, F12 ends it with one summary note.

The rules (what the summary says, what the call's entry keeps) are in
:mod:`desktop.models.call` and :mod:`desktop.models.notes.call_note`; this object
only listens to the context (a client opened, a note offered, history written),
asks the window for the Notes page's note, and turns F12 into: save the call's
entry, then copy its summary (:func:`desktop.models.team.route.save_note_then_copy`
order, so a note on the clipboard is always on record; in team mode through the desk).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from desktop.i18n import N_, _, current_language
from desktop.models.call import (
    NO_CLIENT,
    NOTHING_TO_SAVE,
    WORKFLOW_OF_KIND,
    Call,
    csg_window,
    planned_csg_window,
    shown_csg_window,
    written_during,
)
from desktop.models.notes import IncompleteNoteError
from desktop.models.notes.call_note import PageNote, summary_notes
from desktop.models.notes.lint import blocking_findings, lint_note
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.store_errors import StoreWriteError
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.notes.lint_panel import PART_NAMES
from desktop.views.shell import team_jobs
from desktop.views.shell.error_dialog import store_reason
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.clipboard import copy_text

#: How a workflow is named in a call's summary line and in the Today panel.
WORKFLOW_LABELS: dict[str, str] = {
    "credit": N_("Courtesy credit"),
    "poc": N_("POC request"),
    "override": N_("Override coaching"),
    "notes": N_("Notes"),
}


def workflow_label(name: str) -> str:
    return _(WORKFLOW_LABELS[name]) if name in WORKFLOW_LABELS else name


def elapsed_text(seconds: int) -> str:
    """Minutes and seconds of a call ("4:07"), with hours once it runs past one ("1:02:09")."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CallController(QObject):
    """Holds the call in progress; ``changed`` fires when it starts, learns something or ends."""

    changed = Signal()
    message = Signal(str)  # what the last F2/F12 did, in words for the status bar
    summarised = Signal()  # F12 saved and copied a summary made of the Notes page's note

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.call: Call | None = None
        self.csg: tuple[datetime, datetime] | None = None  # CSG's call window (SOP P5)
        self.planned: tuple[datetime, datetime] | None = None  # the same, before the request is saved
        #: The Notes page's note now (the window sets this; no page: no note of its own).
        self.page_note: Callable[[], PageNote | None] = lambda: None
        ctx.clientChanged.connect(self._client_opened)
        ctx.noteDraftOffered.connect(self._note_offered)
        ctx.historyChanged.connect(self._history_written)
        ctx.callUpdated.connect(self._call_facts)
        if ctx.client is not None:  # a client opened before the window (a CID given at start)
            self._begin(ctx.client)

    # -- start ----------------------------------------------------------------
    def start(self) -> None:
        """F2: a call starts now, for the open client if there is one (a running one goes on)."""
        if self.call is not None:
            self.message.emit(_("A call is already running."))
            return
        self._begin(self.ctx.client)
        self.message.emit(_("Call started."))

    def _begin(self, client: ClientInfo | None) -> None:
        self.call = Call(
            started_at=self.ctx.now(),
            client_id=client.id if client else None,
            customer_name=client.name if client else "",
        )
        self.csg = None
        self.planned = planned_csg_window(self.ctx.call)
        self.changed.emit()

    def countdown_window(self) -> tuple[datetime, datetime] | None:
        """The CSG call window the status bar counts down to, if one applies on this call."""
        return shown_csg_window(self.planned, self.csg)

    def _call_facts(self) -> None:
        """A POC request being planned knows CSG's call window before it is saved (SOP P5, P6)."""
        planned = planned_csg_window(self.ctx.call)
        if planned != self.planned:
            self.planned = planned
            if self.call is not None:
                self.changed.emit()

    def _client_opened(self, client: object) -> None:
        if not isinstance(client, ClientInfo):
            return
        call = self.call
        if call is not None and call.client_id is None:  # the caller was identified on this call
            call.client_id, call.customer_name = client.id, client.name
            self.changed.emit()
            return
        if call is not None and call.client_id == client.id:
            return
        if call is not None:
            self.end(copy=False)  # the agent moved on without F12: the call is kept, not copied
        self._begin(client)

    def _note_offered(self, fields: object) -> None:
        if not isinstance(fields, dict):
            return
        if self.call is None:  # a workflow finished with no call running: this is one
            self._begin(self.ctx.client)
        assert self.call is not None
        self.call.offer(fields)
        self.changed.emit()

    def _history_written(self, client_id: int) -> None:
        """A POC request saved on this call gives the status bar CSG's call window (SOP P5)."""
        call = self.call
        if call is None or call.client_id != client_id:
            return
        with self.ctx.session() as s:
            items = history.timeline(s, client_id, ("poc_request",))
        mine = written_during(items, call, self.ctx.now(), self.ctx.prefs.agent_name)
        self.csg = csg_window(mine)
        self.changed.emit()

    # -- end ------------------------------------------------------------------
    def end(self, *, copy: bool = True) -> bool:
        """F12: save the call's one entry, then copy its summary; returns whether it was saved.

        The summary holds the Notes page's note (every workflow's note merged there,
        with the agent's own edits), or the workflows' notes when the page holds none
        (:func:`desktop.models.notes.call_note.summary_notes`).  Once F12 has saved
        and copied it, the page starts the next call empty.
        """
        call = self.call
        if call is None:
            self.message.emit(_("No call is running. F2 starts one."))
            return False
        page = self.page_note()
        notes, from_page = summary_notes(call.notes, page, call.client_id)
        ended = replace(call, notes=notes)
        if from_page and page is not None and call.client_id is not None:
            problem = _note_problem(ended, page)
            if problem is not None and copy:  # SOP N1, N3: the agent finishes the note first
                self.message.emit(problem)
                self.ctx.navigateRequested.emit("notes")
                return False
            if problem is not None:  # moving on to another client: the workflows' notes are kept
                ended, from_page = call, False
        why = ended.why_not_saved()
        if why is not None:
            self.call, self.csg = None, None
            self.changed.emit()
            self.message.emit(_(_ENDED_EMPTY[why]))
            return False
        language = page.language if from_page and page is not None else current_language()
        summary = ended.summary(language) or ""
        quoted = from_page and page is not None and page.quote_requested  # SOP N1: a quote the client asked for
        if blocking_findings(lint_note(summary), quote_requested=quoted):  # workflows' notes: checked anyway
            self.message.emit(_("The call summary needs a fix on the Notes page before it is saved."))
            return False
        return self._save(ended, language, copy, from_page)

    def _save(self, call: Call, language: str, copy: bool, from_page: bool) -> bool:
        """Save the call's entry (then copy its summary); returns whether it was saved or sent.

        In team mode the entry goes through the desk (server or outbox, so every desk
        sees the call), off the GUI thread: the call is let go at once, so moving on to
        the next client cannot save it twice, and it comes back if the save fails.
        """
        assert call.client_id is not None
        now, agent = self.ctx.now(), self.ctx.prefs.agent_name
        with self.ctx.session() as s:
            inside = written_during(history.timeline(s, call.client_id), call, now, agent)
        names = list(dict.fromkeys(workflow_label(WORKFLOW_OF_KIND.get(i.kind, i.kind)) for i in inside))
        line = _("Call: {workflows}").format(workflows=", ".join(names)) if names else _("Call")
        draft = call.entry(
            ended_at=now, agent=agent, language=language, summary=line, workflows=inside, copied=copy,
            sop_pack_version=str(self.ctx.pack.version),
        )
        desk, session = desk_of(self.ctx), self.ctx.session
        copied: list[str] = []  # the saved (redacted) summary, put on the clipboard on the GUI thread
        kept: list[bool] = []

        def work() -> object:
            if copy:
                return team_route.save_note_then_copy(session, desk, draft, copied.append)
            return team_route.append(session, desk, draft)

        def done(_saved: object) -> None:
            if copied:
                copy_text(copied[-1])
            self.ctx.historyChanged.emit(call.client_id or 0)
            if copy:
                self.message.emit(_("Call ended: its summary is saved to the history and copied to the clipboard."))
                if from_page:
                    self.summarised.emit()
            else:
                self.message.emit(_("Last call saved to the history (its summary was not copied)."))
            kept.append(True)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, StoreWriteError):
                raise exc
            if self.call is None:  # nothing started since: F12 can try again
                self.call, self.csg = before, before_csg
                self.changed.emit()
            self.message.emit(_("The call summary was not saved: {reason}").format(reason=store_reason(exc)))

        before, before_csg = self.call, self.csg
        self.call, self.csg = None, None
        try:
            started = team_jobs.run(self.ctx, work, done, failed=failed, key=(self, "end"), owner=self)
        except StoreWriteError as exc:  # standalone: the save ran here and failed
            failed(exc)
            return False
        if not started:  # the last call's save is still on its way
            self.call, self.csg = before, before_csg
            self.message.emit(_("Saving to the team server…"))
            return False
        self.changed.emit()
        return bool(kept) or desk is not None


def _note_problem(ended: Call, page: PageNote) -> str | None:
    """Why the Notes page's note cannot be the call's summary yet, in words (``None``: it can)."""
    try:
        text = ended.summary(page.language) or ""
    except IncompleteNoteError as exc:  # SOP N3, N4: every part of the outline, one disposition
        parts = ", ".join(_(PART_NAMES[p]) if p in PART_NAMES else p for p in exc.missing)
        return _("The call summary is not complete: finish the note on the Notes page (still needed: {parts}).").format(
            parts=parts
        )
    if blocking_findings(lint_note(text), quote_requested=page.quote_requested):
        return _("The call summary needs a fix on the Notes page before it is saved.")
    return None


_ENDED_EMPTY = {
    NOTHING_TO_SAVE: N_("Call ended. No workflow was done on it, so there is no summary to save."),
    NO_CLIENT: N_("Call ended. No client was opened on it, so there is no history to save it to."),
}
