"""Step 4: payment confirmed (SOP M8), then the note and the one history entry (M9, P9, N1-N4).

The entry records that a code was given, waived or not, and by which route; the
code itself never reaches history, the note or the clipboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _, current_language, format_datetime, format_time
from desktop.models.credits import grants
from desktop.models.notes import NoteDraft, compose_note
from desktop.models.override import texts as texts
from desktop.models.override.flow import OverrideStep
from desktop.models.store.history import HistoryDraft
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.override.common import OverrideStepView, client_zone, status_html
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.note_step import NoteBlock
from desktop.views.widgets.outcome import Tone, marked
from desktop.views.widgets.text import wrap
from desktop.views.widgets.wrapping import WrapCheckBox


class DoneView(OverrideStepView):
    step_id = OverrideStep.DONE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.given_line = wrap(QLabel())
        self.given_line.setObjectName("codeGivenLine")
        self.payment_confirm = WrapCheckBox()
        self.payment_confirm.setObjectName("paymentConfirmed")
        self.waived_line = wrap(QLabel())
        self.waived_line.setObjectName("waivedLine")
        self._problem = ""  # why the last save did not happen (another window's waiver, SOP M9)
        self.status = wrap(QLabel())
        self.status.setObjectName("doneStatus")
        self.note = NoteBlock("overrideNote")
        for widget in (self.given_line, self.payment_confirm, self.waived_line, self.status):
            self.body.addWidget(widget)
        self.body.addWidget(self.note, 1)
        self.payment_confirm.clicked.connect(self._write)
        self.note.saveRequested.connect(self.save)

    def _write(self, *_args: Any) -> None:
        if self.flow is not None and not self.flow.saved:
            self.flow.payment_confirmed = self.payment_confirm.isChecked()  # SOP M8
            self.changed.emit()

    def _draft(self) -> tuple[dict[str, Any], str] | None:
        f, client = self.flow, self.ctx.client
        if f is None or client is None or f.current != OverrideStep.DONE or f.done_blockers():
            return None
        fields = f.note_fields(current_language())
        fields["customer_name"] = client.name
        return fields, compose_note(NoteDraft.from_dict(fields), "4e", current_language())

    def save(self) -> None:
        """Append the "override given" entry and hand the note to Notes (SOP M9, N3)."""
        f, client, built = self.flow, self.ctx.client, self._draft()
        if f is None or client is None or built is None or f.saved:
            return
        fields, text = built
        language = current_language()
        entry = f.history_entry(language)
        assert f.appointment is not None
        booking = f.appointment.booking if f.appointment.scheduled_here and f.brand == "m9" else None
        # SOP M9: a waiver is checked again under the write lock (standalone) or by the server (team)
        desk = desk_of(self.ctx)
        given = HistoryDraft(
            client_id=client.id,
            kind="override_given",
            created_at=entry.at,
            agent=self.ctx.prefs.agent_name,
            summary=entry.summary,
            note_text=text,
            disposition=entry.disposition,
            amount=entry.amount,
            waived=entry.waived,
            appointment_at=entry.appointment_at,
            details={
                "brand": entry.brand,
                "route": entry.route,  # SOP P9: why a CSG client got a code
                "profile": entry.profile,
                "appointment_kind": entry.appointment_kind,
                "m9_type": booking.m9_type if booking else "",
                "m9_description": booking.description if booking else "",
                "waiver_reason": entry.waiver_reason,
            },
            sop_pack_version=str(self.ctx.pack.version),
        )

        def work() -> tuple[grants.GrantResult, tuple[Any, ...]]:
            result = team_route.record_override_given(self.ctx.session, desk, entry=given)
            if result.existing is None:
                return result, ()
            return result, tuple(team_route.waivers(self.ctx.session, desk, client.id))

        # In team mode the server answers off the GUI thread (the button is busy meanwhile).
        team_jobs.run(
            self.ctx, work, lambda answer: self._recorded(f, client, fields, entry, *answer),
            key=(self, "save"), owner=self, busy=(self.note.save_button,),
        )

    def _recorded(
        self, f: Any, client: Any, fields: dict[str, Any], entry: Any, result: grants.GrantResult,
        earlier: tuple[Any, ...],
    ) -> None:
        current = f is self.flow  # else another override was started while the server answered
        if result.existing is not None:  # another window waived a code first: nothing was saved
            f.earlier_waivers = earlier
            if current:
                self._problem = grants.already_granted_text(result.existing)
            self.ctx.historyChanged.emit(client.id)
            self.changed.emit()
            return
        f.mark_saved()
        if current:
            self._problem = ""
            self.ctx.offer_note(fields, render=f.note_fields)
            self.ctx.update_call(
                appointment_at=entry.appointment_at, appointment_time=format_datetime(entry.appointment_at)
            )
        self.ctx.historyChanged.emit(client.id)
        self.changed.emit()

    # -- StepView hooks --------------------------------------------------------
    def reset(self) -> None:
        self.payment_confirm.setChecked(False)

    def first_field(self) -> QWidget:
        if not self.payment_confirm.isHidden() and self.payment_confirm.isEnabled():
            return self.payment_confirm
        return self.note.save_button if self.note.save_button.isEnabled() else self.note.preview

    def retranslate(self) -> None:
        self.set_heading(
            _("4. Payment and note"), _("Confirm the payment, then save the note and the history entry.")
        )
        self.payment_confirm.setAccessibleName(_("Payment confirmed"))
        self.note.retranslate()
        self.refresh()

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        if f.code_given_at is not None:
            when = format_time(f.code_given_at.astimezone(client_zone(self.ctx.client)))
            self.given_line.setText(_("Override code given at {time}.").format(time=when))
        else:
            self.given_line.setText("")
        rule = f.payment()
        confirmation = texts.payment_confirmation(rule, f.brand, f.brand_label)
        self.payment_confirm.setVisible(rule.needs_confirmation)
        self.payment_confirm.setText(confirmation)
        self.payment_confirm.setEnabled(not f.saved)
        self.waived_line.setVisible(not rule.needs_confirmation)
        self.waived_line.setText(marked(Tone.OK, confirmation))
        built = self._draft()
        self.note.show_note(built[1] if built else "", saved=f.saved)
        if f.saved:
            done = _("Saved to the client's history and sent to Notes. The code itself was not recorded.")
            self.status.setText(marked(Tone.OK, done))
        elif self._problem:
            self.status.setText(marked(Tone.STOP, self._problem))
        else:
            self.status.setText(status_html(f, f.done_blockers(), ""))
        self.status.setVisible(bool(self.status.text()))
