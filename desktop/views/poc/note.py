"""Step 6: the 4E note, and the one place the request is written to the account history (SOP P5, N1)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _, current_language
from desktop.models.notes import NoteDraft, compose_note
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.models.store.history import HistoryDraft
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.poc.common import PocStepView
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.field_row import error_label
from desktop.views.widgets.note_step import NoteBlock


class NoteView(PocStepView):
    step_id = PocStep.NOTE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.note = NoteBlock("pocNote")
        self.note.saveRequested.connect(self.save)
        self.stale: QLabel = error_label("pocNoteStale")
        self.body.addWidget(self.stale)
        self.body.addWidget(self.note, 1)

    def _fields(self) -> dict[str, Any] | None:
        f, client = self.flow, self.ctx.client
        if f is None or client is None or f.first_blocked_step() is not None:
            return None
        fields: dict[str, Any] = dict(f.note_fields(current_language()))
        fields["customer_name"] = client.name
        return fields

    def save(self) -> None:
        """Store the request (status submitted) with its note, then offer the note (SOP P5, N1)."""
        f, client, fields = self.flow, self.ctx.client, self._fields()
        if f is None or client is None or fields is None or f.saved:
            return
        request, plan = f.request(), f.plan()
        assert plan is not None
        text = compose_note(NoteDraft.from_dict(fields), "4e", current_language())
        desk = desk_of(self.ctx)
        entry = HistoryDraft(
            client_id=client.id,
            kind="poc_request",
            created_at=self.ctx.now(),
            agent=self.ctx.prefs.agent_name,
            summary=_("POC request submitted, UTR {utr}").format(utr=request.utr),
            note_text=text,
            disposition=pt.DISPOSITION_ID,
            amount=request.fee,
            utr=request.utr,
            appointment_at=request.appointment,
            status=request.status,
            details={
                "client_tz": request.client_tz,
                "drive_minutes": request.drive_minutes,
                "state": f.state,
                "same_day": plan.same_day,
                "call_from": plan.call_from.isoformat(),
                "call_to": plan.call_to.isoformat(),
                "leave_at": plan.leave_at.isoformat(),
            },
            sop_pack_version=self.ctx.pack.version,
        )

        def saved(_item: object) -> None:
            f.mark_saved()
            if f is self.flow:  # else another request was started while the server answered
                self.ctx.offer_note(fields, render=f.note_fields)
            self.ctx.historyChanged.emit(client.id)
            self.changed.emit()

        # The server in team mode (off the GUI thread, the button busy meanwhile), else this store at once.
        team_jobs.run(
            self.ctx, lambda: team_route.append(self.ctx.session, desk, entry), saved,
            key=(self, "save"), owner=self, busy=(self.note.save_button,),
        )

    # -- StepView hooks ------------------------------------------------------
    def first_field(self) -> QWidget:
        return self.note.save_button if self.note.save_button.isEnabled() else self.note.preview

    def retranslate(self) -> None:
        self.set_heading(_("6. Note"), _("Save the note and the request to the account history."))
        self.note.retranslate()

    def refresh(self) -> None:
        f = self.flow
        fields = self._fields()
        text = compose_note(NoteDraft.from_dict(fields), "4e", current_language()) if fields else ""
        self.note.show_note(text, saved=f is not None and f.saved)
        blocked = f.first_blocked_step() if f is not None and not f.saved else None
        stale = ""
        if f is not None and blocked is not None:
            stale = _("Something changed since: go back to fix it ({reason}).").format(
                reason=pt.blocker_text(f.blockers(blocked)[0])
            )
        self.stale.setText(stale)
        self.stale.setVisible(bool(stale))
