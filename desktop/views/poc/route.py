"""Step 1: is this a CSG request, and is it urgent or after CSG hours (SOP P3, P9, P10)?

After hours and not urgent, the request is scheduled for CSG's next open hours
(P3): that is the first option shown.  Only when the agent marks that the client
needs the code now does P9 apply: a trained agent hands over to Override coaching
with the P9 route; an untrained one asks in the named chat room (H8) and drafts
the note of that escalation (N4).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.models import poc
from desktop.models.chat import rules as chat
from desktop.models.chat.rooms import ChatRoom, chat_room
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocStep
from desktop.views.context import AppContext
from desktop.views.poc.common import PocStepView, copy_text
from desktop.views.shell.status_bar import csg_status_text
from desktop.views.widgets.banner import Banner
from desktop.views.widgets.outcome import Tone
from desktop.views.widgets.text import heading, wrap
from desktop.views.widgets.wrapping import WrapCheckBox

OVERRIDE_PAGE_ID = "override"

ACTION_TONES: dict[str, Tone] = {
    poc.ACTION_SCHEDULE: Tone.OK,
    poc.ACTION_SCHEDULE_NEXT_OPEN: Tone.OK,
    poc.ACTION_GIVE_CODE: Tone.ROUTE,
    poc.ACTION_ESCALATE: Tone.WARN,
    poc.ACTION_NOT_ALLOWED: Tone.STOP,
    poc.ACTION_CHECK_SOP: Tone.WARN,
}


def action_headline(action: str) -> str:
    return {
        poc.ACTION_SCHEDULE: _("Schedule with CSG"),
        poc.ACTION_SCHEDULE_NEXT_OPEN: _("Schedule for CSG's next open hours"),
        poc.ACTION_GIVE_CODE: _("Give the code yourself"),
        poc.ACTION_ESCALATE: _("Ask in the chat"),
        poc.ACTION_NOT_ALLOWED: _("No override code"),
        poc.ACTION_CHECK_SOP: _("Check the state SOP first"),
    }[action]


class RouteView(PocStepView):
    step_id = PocStep.ROUTE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.banner = Banner("pocRouteBanner")
        self.body.addWidget(self.banner)
        self.to_override = QPushButton()
        self.to_override.setObjectName("pocToOverride")
        self.to_override.clicked.connect(lambda: ctx.navigateRequested.emit(OVERRIDE_PAGE_ID))
        self.body.addWidget(self.to_override, 0, Qt.AlignmentFlag.AlignLeft)

        self.p9_group = QGroupBox()
        self.p9_group.setObjectName("pocUrgentGroup")
        group = QVBoxLayout(self.p9_group)
        #: The group's title as a wrapping label: a group box title never wraps and would set the step's width.
        self.p9_title = wrap(QLabel())
        self.p9_title.setObjectName("pocUrgentTitle")
        group.addWidget(self.p9_title)
        self.csg_status = wrap(QLabel())
        self.csg_status.setObjectName("pocCsgStatus")
        self.urgent = WrapCheckBox()
        self.urgent.setObjectName("pocUrgent")
        self.p9_sop = WrapCheckBox()
        self.p9_sop.setObjectName("pocUrgentSopConfirmed")
        self.p9_banner = Banner("pocUrgentDecision")
        self.p9_override = QPushButton()
        self.p9_override.setObjectName("pocUrgentToOverride")
        self.p9_override.clicked.connect(self.give_code_yourself)
        self.p9_room = wrap(QLabel())
        self.p9_room.setObjectName("pocLeadershipRoom")
        self.p9_text = QPlainTextEdit()
        self.p9_text.setObjectName("pocLeadershipText")
        self.p9_text.setReadOnly(True)
        self.p9_text.setTabChangesFocus(True)
        self.p9_text.setMaximumHeight(110)
        self.p9_room.setBuddy(self.p9_text)
        self.p9_copy = QPushButton()
        self.p9_copy.setObjectName("pocLeadershipCopy")
        self.p9_copy.clicked.connect(lambda: copy_text(self.p9_text.toPlainText()))
        self.p9_note = QPushButton()
        self.p9_note.setObjectName("pocLeadershipNote")
        self.p9_note.clicked.connect(self.draft_escalation_note)
        self.p9_noted = wrap(QLabel())
        self.p9_noted.setObjectName("pocLeadershipNoted")
        widget: QWidget
        for widget in (self.csg_status, self.urgent, self.p9_sop, self.p9_banner):
            group.addWidget(widget)
        group.addWidget(self.p9_override, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in (self.p9_room, self.p9_text):
            group.addWidget(widget)
        for widget in (self.p9_copy, self.p9_note):
            group.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        group.addWidget(self.p9_noted)
        self.body.addWidget(self.p9_group)
        self.body.addStretch(1)
        self.urgent.clicked.connect(self._write)
        self.p9_sop.clicked.connect(self._write)
        self._noted = False

    def _write(self, *_args: Any) -> None:
        if self.flow is None:
            return
        self.flow.needs_code_now = self.urgent.isChecked()
        self.flow.sop_confirmed = self.p9_sop.isChecked()
        self.changed.emit()

    # -- P9 ------------------------------------------------------------------
    def decision(self) -> poc.AfterHoursDecision | None:
        f = self.flow
        if f is None or f.brand not in pt.CSG_BRANDS:
            return None
        return poc.after_hours_decision(
            now=self.ctx.now(),
            urgent=f.needs_code_now,
            poc_override=f.poc_override,
            sop_confirmed=f.sop_confirmed,
            agent_trained=self.ctx.prefs.trained_override,
        )

    def room(self) -> ChatRoom:
        return chat_room("poc_after_hours", self.ctx.now())  # SOP H8, H2

    def give_code_yourself(self) -> None:
        """SOP P9: a trained agent gives the code in Override coaching, which records the P9 route."""
        f = self.flow
        if f is None:
            return
        self.ctx.update_call(p9_route=True, cid=f.cid, state=f.state, brand=f.brand)
        self.ctx.navigateRequested.emit(OVERRIDE_PAGE_ID)

    def draft_escalation_note(self) -> None:
        """The P9 escalation's own note (SOP N4, disposition ``poc_after_hours``), naming the room."""
        f, client = self.flow, self.ctx.client
        if f is None or client is None:
            return
        fields: dict[str, Any] = dict(f.p9_note_fields(self.room().name, current_language()))
        fields["customer_name"] = client.name
        room = self.room().name
        self.ctx.offer_note(fields, render=lambda lang: f.p9_note_fields(room, lang))
        self._noted = True
        self.refresh()

    # -- StepView hooks ------------------------------------------------------
    def reset(self) -> None:
        self.urgent.setChecked(False)
        self.p9_sop.setChecked(False)
        self._noted = False

    def retranslate(self) -> None:
        self.set_heading(_("1. Route"), _("Is this a CSG request? Urgent or after hours?"))
        self.to_override.setText(_("Go to &Override coaching"))
        title = _("Urgent or after CSG hours (SOP P9)")
        self.p9_title.setText(heading(title))
        self.p9_group.setAccessibleName(title)
        self.urgent.setText(_("The client needs the code &right now"))
        self.p9_sop.setText(_("I checked the state SOP: override codes are allo&wed"))
        self.p9_override.setText(_("Open Override &coaching"))
        self.p9_copy.setText(_("Cop&y request"))
        self.p9_note.setText(_("Draft the escalation &note"))

    def refresh(self) -> None:
        f = self.flow
        if f is None:
            return
        codes = f.blockers(PocStep.ROUTE)
        if not codes:
            self.banner.show_message(
                Tone.OK, _("CSG handles this client's POC request."), _("Continue to check eligibility.")
            )
        elif pt.BRAND_OVERRIDE_COACHING in codes:
            self.banner.show_message(
                Tone.ROUTE, _("Not a CSG request"), pt.blocker_text(pt.BRAND_OVERRIDE_COACHING)
            )
        else:
            self.banner.show_message(Tone.STOP, _("Not a CSG request"), pt.blocker_text(codes[0]))
        self.to_override.setVisible(f.redirect is not None)
        decision = self.decision()
        self.p9_group.setVisible(decision is not None)
        if decision is None:
            return
        now = self.ctx.now()
        self.csg_status.setText(csg_status_text(now))
        self.urgent.setChecked(f.needs_code_now)
        self.p9_sop.setChecked(f.sop_confirmed)
        self.p9_sop.setVisible(f.poc_override == "check_sop" and f.needs_code_now)
        self.p9_banner.show_message(
            ACTION_TONES[decision.action],
            action_headline(decision.action),
            poc.decision_text(decision.action),
        )
        self.p9_override.setVisible(decision.action == poc.ACTION_GIVE_CODE)
        escalate = decision.action == poc.ACTION_ESCALATE
        for widget in (self.p9_room, self.p9_text, self.p9_copy, self.p9_note, self.p9_noted):
            widget.setVisible(escalate)
        if not escalate:
            return
        self.p9_room.setText(_("Send in the chat room {room}:").format(room=self.room().name))
        text = poc.leadership_assistance_text(
            cid=f.cid, state=f.state, now=now, reasons=decision.reasons, language=chat.CHAT_LANGUAGE
        )  # chat texts are always English (SOP H4)
        if self.p9_text.toPlainText() != text:
            self.p9_text.setPlainText(text)
        self.p9_note.setEnabled(not self._noted)
        self.p9_noted.setText(_("Note drafted and sent to the Notes page.") if self._noted else "")
