"""Courtesy credit and refund: the SOP decides, the agent explains, the ledger remembers.

The page only assembles the steps and starts a new request when the client,
the SOP pack or the agent says so.  Every rule lives in
:mod:`desktop.models.credits.rules`, progress in :class:`~desktop.models.credits.flow.CreditFlow`,
and each step's widgets in its own module here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.models.credits.flow import CreditFlow, CreditStep
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.prefs import client_script_language
from desktop.models.team import route as team_route
from desktop.views.context import AppContext
from desktop.views.credits.apply import ApplyView
from desktop.views.credits.common import describe
from desktop.views.credits.decision import DecisionView
from desktop.views.credits.note import NoteView
from desktop.views.credits.what_happened import WhatHappenedView
from desktop.views.page import Page
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import desk_of
from desktop.views.widgets.steps import StepContainer
from desktop.views.widgets.text import wrap


class CreditPage(Page):
    page_id = "credit"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.flow: CreditFlow | None = None
        self.what = WhatHappenedView()
        self.decision = DecisionView()
        self.apply = ApplyView()
        self.note = NoteView(ctx)
        self.steps = StepContainer(
            (self.what, self.decision, self.apply, self.note),
            blocker_text=lambda code: describe(self.flow, code),
            name="creditSteps",
        )
        self.steps.finished.connect(lambda: self.start_over(focus=True))

        self.message = wrap(QLabel())
        self.message.setObjectName("creditMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.steps)
        self.client_card = wrap(QLabel())
        self.client_card.setObjectName("creditClientCard")
        layout = QVBoxLayout(self)
        layout.addWidget(self.client_card)
        layout.addWidget(self.stack, 1)
        ctx.packChanged.connect(self.start_over)
        ctx.historyChanged.connect(self._on_history_changed)
        self.finish_init()

    def retranslate(self) -> None:
        self.steps.retranslate()
        self._render_client()

    def on_client_changed(self, client: ClientInfo | None) -> None:
        self.start_over()

    def start_over(self, *, focus: bool = False) -> None:
        """A fresh request for the current client (after the last step, and on client or pack change)."""
        client = self.ctx.client
        self.flow = None
        if client is not None:
            try:
                self.flow = CreditFlow(
                    state=client.state,
                    brand=client.brand,
                    pack=self.ctx.pack,
                    prior_courtesy_credits=0,
                    cid=client.cid,
                    client_language=client_script_language(
                        self.ctx.prefs, client.preferred_language, current_language()
                    ),
                )
            except ValueError:
                self.flow = None
        self._load_prior()
        if self.flow is not None:
            self.stack.setCurrentWidget(self.steps)
            self.steps.start(self.flow, focus=focus)
        else:
            self.stack.setCurrentWidget(self.message)
        self._render_client()

    def _load_prior(self) -> None:
        """Courtesy credits already on record (SOP C1), read from the ledger."""
        client = self.ctx.client
        prior: list[history.HistoryItem] = []
        if client is not None:
            prior = team_route.courtesy_credits(self.ctx.session, None, client.id)
            desk = desk_of(self.ctx)
            if desk is not None and not prior:  # team mode: the server is asked too (SOP C1 across desks)
                client_id = client.id
                team_jobs.run(
                    self.ctx, lambda: team_route.courtesy_credits(self.ctx.session, desk, client_id),
                    lambda found: self._server_prior(client_id, found), key=(self, "prior", client_id), owner=self,
                )
        self._set_prior(prior)

    def _set_prior(self, prior: list[history.HistoryItem]) -> None:
        self.decision.prior = prior
        if self.flow is not None:
            self.flow.prior_courtesy_credits = len(prior)

    def _server_prior(self, client_id: int, prior: list[history.HistoryItem]) -> None:
        """The team server's answer, off the GUI thread: a courtesy another desk gave counts (SOP C1)."""
        client = self.ctx.client
        if not prior or client is None or client.id != client_id or (self.flow is not None and self.flow.saved):
            return
        self._set_prior(prior)
        if self.flow is not None:
            self.steps.refresh()

    def _on_history_changed(self, client_id: int) -> None:
        client = self.ctx.client
        if client is not None and client.id == client_id and self.flow is not None and not self.flow.saved:
            self._load_prior()
            self.steps.refresh()

    def _render_client(self) -> None:
        client = self.ctx.client
        if client is None:
            self.message.setText(
                _("Open a client first: the credit rules need the client's state and history.")
            )
            self.client_card.clear()
            self.client_card.hide()
            return
        self.client_card.show()
        if self.flow is None:
            self.message.setText(
                _("This client's state of conviction ({state}) is not in the SOP pack: ask a lead.").format(
                    state=client.state
                )
            )
        entry_name = self.ctx.pack.state(client.state).name if client.state in self.ctx.pack else client.state
        self.client_card.setText(
            _("{name} · CID {cid} · {state} · SOP pack {pack}").format(
                name=client.name, cid=client.cid, state=entry_name, pack=self.ctx.pack.ref
            )
        )

    def step(self) -> CreditStep | None:
        """The step on screen, or None while there is no request."""
        return None if self.flow is None else self.flow.current
