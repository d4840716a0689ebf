"""POC request: schedule a permanent-lockout override inside CSG hours (SOP P1-P10).

The page only assembles the steps and the open-requests panel, and starts a
new request when the client, the SOP pack or the agent says so.  CSG hours,
lead time and the call window live in :mod:`desktop.models.poc.rules`; progress in
:class:`~desktop.models.poc.flow.PocFlow`, which the step container navigates by.
The 30-second clock tick only re-renders: it never moves the keyboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _, current_language, format_datetime
from desktop.models import poc
from desktop.models.call import PLANNED_CSG_WINDOW
from desktop.models.poc import texts as pt
from desktop.models.poc.flow import PocFlow, PocStep
from desktop.models.store.clients import ClientInfo
from desktop.models.store.prefs import client_script_language
from desktop.views.context import AppContext
from desktop.views.page import Page
from desktop.views.poc.checklist import ChecklistView, language_name
from desktop.views.poc.eligibility import EligibilityView
from desktop.views.poc.escalations import PocEscalationPanel
from desktop.views.poc.note import NoteView
from desktop.views.poc.route import RouteView
from desktop.views.poc.utr import UtrView
from desktop.views.poc.when import WhenView
from desktop.views.widgets.steps import StepContainer
from desktop.views.widgets.text import wrap

REFRESH_MS = 30_000


class PocPage(Page):
    page_id = "poc"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: PocFlow | None = None
        self.route = RouteView(ctx)
        self.eligibility = EligibilityView(ctx)
        self.when = WhenView(ctx)
        self.utr = UtrView()
        self.checklist = ChecklistView()
        self.note = NoteView(ctx)
        self.steps = StepContainer(
            (self.route, self.eligibility, self.when, self.utr, self.checklist, self.note),
            blocker_text=pt.blocker_text,
            name="pocSteps",
        )
        self.steps.finished.connect(lambda: self.start_over(focus=True))
        self.steps.stepEntered.connect(self._publish_call)
        self.steps.stepEntered.connect(self._publish_csg_window)
        for view in self.steps.views.values():
            view.changed.connect(self._publish_csg_window)
        self.when.urgentRequested.connect(self._back_to_route)

        self.client_card = wrap(QLabel())
        self.client_card.setObjectName("pocClientCard")
        self.message = wrap(QLabel())
        self.message.setObjectName("pocMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.steps)
        self.escalations = PocEscalationPanel(ctx)
        self.escalations.countChanged.connect(self._retitle_tabs)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("pocTabs")
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.escalations, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.client_card)
        layout.addWidget(self.tabs, 1)

        # The clock moves: "too soon" and CSG hours are checked again while the agent talks.
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_live)
        self.timer.start()
        ctx.packChanged.connect(self.start_over)
        ctx.prefsChanged.connect(self.steps.refresh)
        self.finish_init()

    def retranslate(self) -> None:
        self.steps.retranslate()
        self.escalations.retranslate()
        self._retitle_tabs()
        self._render_client()

    def _retitle_tabs(self, *_args: Any) -> None:
        self.tabs.setTabText(0, _("New request"))
        self.tabs.setTabText(1, _("Open requests ({count})").format(count=self.escalations.count()))

    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.start_over()
        self.escalations.reload()

    def start_over(self, *, focus: bool = False) -> None:
        """A fresh request for the current client (after the last step, and on client or pack change)."""
        client = self.ctx.client
        self.flow = None
        if client is not None and client.state in self.ctx.pack:
            entry = self.ctx.pack.state(client.state)
            self.flow = PocFlow(
                cid=client.cid,
                brand=client.brand,
                state=entry.code,
                client_tz=client.time_zone,
                preferred_language=client.preferred_language,
                poc_override=entry.poc_override,
                poc_fee=entry.poc_fee,
                clock=self.ctx.now,
            )
            # Scripts start in the client's language, else the agent's default for client scripts.
            self.flow.script_language = client_script_language(
                self.ctx.prefs, client.preferred_language, current_language()
            )
        if self.flow is not None:
            self.stack.setCurrentWidget(self.steps)
            self.steps.start(self.flow, focus=focus)
        else:
            self.stack.setCurrentWidget(self.message)
        self._render_client()
        self._publish_csg_window()

    def refresh_live(self) -> None:
        """Re-evaluate against the clock (timer, and tests after moving the clock); focus stays put."""
        self.steps.refresh()
        self.escalations.render()
        self._publish_csg_window()

    def _back_to_route(self) -> None:
        """The client needs the code now: back to the P9 choice on the route step."""
        while self.flow is not None and self.flow.current != PocStep.ROUTE and self.flow.can_back():
            self.steps.go_back()

    def _publish_call(self, step: str) -> None:
        """Facts of this call for the Chat page's POC CODE template, once they are known."""
        f = self.flow
        plan = f.plan() if f is not None else None
        if f is None or plan is None or f.client_tz is None or step in (PocStep.ROUTE, PocStep.ELIGIBILITY):
            return
        values: dict[str, Any] = {
            "appointment_time": format_datetime(plan.appointment.astimezone(f.client_tz)),
            "drive_time": poc.drive_text(plan.drive_minutes),
            "appointment_at": plan.appointment,
        }
        if f.utr_number:
            values["utr"] = f.utr_number
        self.ctx.update_call(**values)

    def _publish_csg_window(self, *_args: Any) -> None:
        """CSG's call window for the status bar's countdown, as soon as it applies (SOP P5, P6)."""
        window = self.flow.csg_call_window() if self.flow is not None else None
        if self.ctx.call.get(PLANNED_CSG_WINDOW) != window:
            self.ctx.update_call(**{PLANNED_CSG_WINDOW: window})

    def _render_client(self) -> None:
        client = self.ctx.client
        if client is None:
            self.client_card.hide()
            self.message.setText(
                _("Open a client first: a POC request needs the client's brand, state and time zone.")
            )
            return
        self.client_card.show()
        self.message.clear()
        if self.flow is None:
            self.message.setText(
                _("This client's state of conviction ({state}) is not in the SOP pack: ask a lead.").format(
                    state=client.state
                )
            )
        self.client_card.setText(
            _("{name} · CID {cid} · {brand} · {state} · prefers {language} · SOP pack {pack}").format(
                name=client.name,
                cid=client.cid,
                brand=client.brand.upper(),
                state=client.state,
                language=language_name(client.preferred_language),
                pack=self.ctx.pack.ref,
            )
        )

    def step(self) -> PocStep | None:
        """The step on screen, or None while there is no request."""
        return None if self.flow is None else self.flow.current
