"""Override coaching for Guardian M9 and Monitech clients, and CSG clients under SOP P9 (P10, M1-M11).

The page only assembles the steps and starts a new override when the client,
the agent's profile or the call's route says so.  Every rule lives in
:mod:`desktop.models.override.rules`, progress in
:class:`~desktop.models.override.flow.OverrideFlow`, and each step's widgets in
its own module here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import N_, _, current_language
from desktop.models.override.flow import BRANDS, ROUTE_BRAND, ROUTE_P9, OverrideFlow, OverrideStep
from desktop.models.redaction import CALL_SECRETS
from desktop.models.store.clients import ClientInfo
from desktop.models.store.prefs import client_script_language
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.override.coaching import CoachingView
from desktop.views.override.common import describe
from desktop.views.override.done import DoneView
from desktop.views.override.preconditions import PreconditionsView
from desktop.views.override.price import PriceView
from desktop.views.page import Page
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.steps import StepContainer
from desktop.views.widgets.text import esc, wrap


class OverridePage(Page):
    page_id = "override"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: OverrideFlow | None = None
        self.preconditions = PreconditionsView(ctx)
        self.price = PriceView()
        self.coaching = CoachingView()
        self.done = DoneView(ctx)
        self.steps = StepContainer(
            (self.preconditions, self.price, self.coaching, self.done),
            blocker_text=lambda code: describe(self.flow, code),
            name="overrideSteps",
            finish_text=N_("&Start a new override"),
        )
        self.steps.finished.connect(lambda: self.start_over(focus=True))
        self.done.changed.connect(self._after_save)

        self.message = wrap(QLabel())
        self.message.setObjectName("overrideMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.to_poc = QPushButton()
        self.to_poc.setObjectName("overrideToPoc")
        self.to_poc.clicked.connect(lambda: self.ctx.navigateRequested.emit("poc"))
        message_box = QWidget()
        message_layout = QVBoxLayout(message_box)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.to_poc, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(message_box)
        self.stack.addWidget(self.steps)
        self.client_card = wrap(QLabel())
        self.client_card.setObjectName("overrideClientCard")
        layout = QVBoxLayout(self)
        layout.addWidget(self.client_card)
        layout.addWidget(self.stack, 1)
        ctx.prefsChanged.connect(self._on_prefs)
        ctx.callUpdated.connect(self._on_call_updated)
        self.finish_init()

    def retranslate(self) -> None:
        self.to_poc.setText(_("Go to &POC request"))
        self.steps.retranslate()
        self._render_client()

    # -- the request -----------------------------------------------------------
    def on_client_changed(self, client: ClientInfo | None) -> None:
        CALL_SECRETS.forget_all()  # a new call: the last client's code is no one's secret now
        self.start_over()

    def _server_waivers(self, flow: OverrideFlow, found: list[Any]) -> None:
        """The team server's answer, off the GUI thread; the flow decides again with it (SOP M9)."""
        if found and flow is self.flow and not flow.saved:
            flow.earlier_waivers = tuple(found)
            self.steps.refresh()

    def route(self) -> str | None:
        """How this client reaches coaching: its brand (SOP P10), SOP P9 for a CSG client, or not at all."""
        client = self.ctx.client
        if client is None:
            return None
        if client.brand in BRANDS:
            return ROUTE_BRAND
        p9 = self.ctx.call.get("p9_route") and self.ctx.call.get("cid", client.cid) == client.cid
        return ROUTE_P9 if p9 else None

    def start_over(self, *, focus: bool = False) -> None:
        """A new override for the current client: everything typed is cleared."""
        client, route = self.ctx.client, self.route()
        self.flow = None
        if client is not None and route is not None:
            earlier = team_route.waivers(self.ctx.session, None, client.id)  # SOP M9: every earlier waiver
            self.flow = OverrideFlow(
                brand=client.brand,
                profile=self.ctx.prefs.profile,
                clock=self.ctx.now,
                client_language=client_script_language(self.ctx.prefs, client.preferred_language, current_language()),
                earlier_waivers=earlier,
                route=route,
            )
            self.stack.setCurrentIndex(1)
            self.steps.start(self.flow, focus=focus)
            self.steps.retranslate()  # the brand's own words on every step
            desk = desk_of(self.ctx)
            if desk is not None and not earlier:  # team mode: another desk's waiver counts too (SOP M9)
                flow, client_id = self.flow, client.id
                team_jobs.run(
                    self.ctx, lambda: team_route.waivers(self.ctx.session, desk, client_id),
                    lambda found: self._server_waivers(flow, found), key=(self, "waivers", client_id), owner=self,
                )
        else:
            self.stack.setCurrentIndex(0)
        self._render_client()

    def _on_prefs(self) -> None:
        f = self.flow
        if f is not None and not f.saved and f.profile != self.ctx.prefs.profile:
            f.profile = self.ctx.prefs.profile
            self.steps.refresh()

    def _on_call_updated(self) -> None:
        """The POC page chose SOP P9 for this CSG client: coaching takes the call."""
        if self.flow is None and self.route() is not None:
            self.start_over()

    def _after_save(self) -> None:
        if self.flow is not None and self.flow.saved and self.coaching.code.text():
            self.coaching.code.clear()  # nothing of the code stays on screen once it is noted

    def _render_client(self) -> None:
        client = self.ctx.client
        self.client_card.setVisible(client is not None)
        if client is None:
            self.message.setText(_("Open a client first: type a CID or a name above."))
            self.to_poc.hide()
            return
        brand = self.flow.brand_label if self.flow is not None else client.brand.upper()
        self.client_card.setText(
            _("Client on screen: <b>{name}</b> · CID <b>{cid}</b> · {brand}").format(
                name=esc(client.name), cid=esc(client.cid), brand=esc(brand)
            )
        )
        if self.flow is None:
            # SOP P10: CSG-handled brands go through a POC request, unless SOP P9 applies there.
            self.message.setText(
                _(
                    "{name} is a CSG-handled client: override codes for this brand are requested "
                    "through CSG with a POC request, not given here."
                ).format(name=client.name)
            )
            self.to_poc.show()

    def step(self) -> OverrideStep | None:
        """The step on screen, or None while there is no override."""
        return None if self.flow is None else self.flow.current
