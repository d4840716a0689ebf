"""Step 4: the 4E note, and the one place the decision and the credit ledger are written (SOP C1)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.i18n import _, current_language
from desktop.models import credits
from desktop.models.credits import grants
from desktop.models.credits.flow import CreditStep
from desktop.models.notes import NoteDraft, compose_note
from desktop.models.store.history import HistoryDraft
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.credits.common import CreditStepView
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.note_step import NoteBlock


class NoteView(CreditStepView):
    step_id = CreditStep.NOTE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._problem = ""  # why the last save did not happen (another window's grant)
        self.note = NoteBlock("creditNote")
        self.note.saveRequested.connect(self.save)
        self.body.addWidget(self.note, 1)

    def _draft(self) -> tuple[dict[str, Any], str] | None:
        f, client = self.flow, self.ctx.client
        if f is None or client is None or f.blockers(CreditStep.APPLY):
            return None
        fields = f.note_fields(current_language())
        fields["customer_name"] = client.name
        return fields, compose_note(NoteDraft.from_dict(fields), "4e", current_language())

    def save(self) -> None:
        """Record the decision, then offer the note to the Notes page.

        In team mode the server is asked off the GUI thread (the button is busy meanwhile);
        standalone the answer comes at once, as it always did.  The ledger is read again
        under the write lock that records the grant, so two windows cannot both give the
        one-time courtesy (SOP C1, :mod:`desktop.models.credits.grants`).
        """
        f, client, built = self.flow, self.ctx.client, self._draft()
        if f is None or client is None or built is None or f.saved:
            return
        fields, text = built
        decision, courtesy = self.entries(fields, text)
        desk = desk_of(self.ctx)
        team_jobs.run(
            self.ctx,
            lambda: team_route.record_credit_decision(self.ctx.session, desk, decision=decision, courtesy=courtesy),
            lambda result: self._recorded(f, client, fields, result),
            key=(self, "save"), owner=self, busy=(self.note.save_button,),
        )

    def _recorded(self, f: Any, client: Any, fields: dict[str, Any], result: grants.GrantResult) -> None:
        if result.existing is not None:
            # Another window gave the one-time courtesy first (SOP C1): nothing was saved.
            # History reloads, so the page decides again with that credit in view.
            self._problem = grants.already_granted_text(result.existing)
            self.ctx.historyChanged.emit(client.id)
            self.refresh()
            return
        f.mark_saved()
        current = f is self.flow  # else another request was opened while the server answered: saved all the same
        if current:
            self._problem = ""
            self.ctx.offer_note(fields, render=f.note_fields)
        self.ctx.historyChanged.emit(client.id)
        if current:
            self.changed.emit()

    def entries(self, fields: dict[str, Any], text: str) -> tuple[HistoryDraft, HistoryDraft | None]:
        """The decision entry and, for an allowed courtesy, its ledger entry (SOP C1)."""
        f, client = self.flow, self.ctx.client
        request, decision = (f.request(), f.decision()) if f is not None else (None, None)
        if f is None or client is None or request is None or decision is None:
            raise ValueError("the request is not complete yet")
        summary = _("{kind}: {outcome}").format(
            kind=credits.kind_label(request.kind), outcome=credits.outcome_label(decision.outcome)
        )
        agent, at = self.ctx.prefs.agent_name, self.ctx.now()
        ledger = f.ledger_amount()
        # Standalone: checked again under the write lock; team mode: the server's unique index (SOP C1).
        return (
            HistoryDraft(
                client_id=client.id,
                kind="credit_decision",
                created_at=at,
                agent=agent,
                summary=summary,
                note_text=text,
                disposition=str(fields["disposition"]),
                amount=request.amount,
                utr=f.ticket_number or None,
                details={
                    "kind": request.kind,
                    "outcome": decision.outcome,
                    "route": decision.route,
                    "reasons": list(decision.reasons),
                    "sop_ids": list(decision.sop_ids),
                    "credit_amount": f"{f.credit_amount:.2f}" if f.credit_amount is not None else None,
                },
                sop_pack_version=f.pack.version,
            ),
            None
            if ledger is None
            else HistoryDraft(
                client_id=client.id,
                kind="courtesy_credit",
                created_at=at,
                agent=agent,
                summary=_("Courtesy credit: {kind}").format(kind=credits.kind_label(request.kind)),
                amount=ledger,
                details={"kind": request.kind},
                sop_pack_version=f.pack.version,
            ),
        )

    # -- StepView hooks --------------------------------------------------------
    def first_field(self) -> QWidget:
        return self.note.save_button if self.note.save_button.isEnabled() else self.note.preview

    def retranslate(self) -> None:
        self.set_heading(_("4. Note"), _("Save the note to the account history."))
        self.note.retranslate()

    def refresh(self) -> None:
        built = self._draft()
        saved = self.flow is not None and self.flow.saved
        self.note.show_note(built[1] if built else "", saved=saved, problem=self._problem)

    def shown_blockers(self) -> set[str]:
        return {"note_not_saved"}  # the Save button says it
