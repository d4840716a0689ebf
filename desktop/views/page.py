"""Base class of the workflow pages shown in the main window's centre."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.models.clients import ClientInfo
from desktop.views.context import AppContext


class Page(QWidget):
    """A workflow page.

    Subclasses build widgets in ``__init__`` and set every visible text in
    :meth:`retranslate`, which runs once at the end of construction (call
    ``self.finish_init()``) and again on every language switch — so a switch
    never rebuilds widgets and never loses what the agent typed (Frescobaldi's
    ``translateUI`` pattern).
    """

    page_id: str = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.languageChanged.connect(self._on_language)
        ctx.clientChanged.connect(self.on_client_changed)

    def finish_init(self) -> None:
        self.retranslate()
        self.on_client_changed(self.ctx.client)

    @staticmethod
    def title() -> str:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every user-visible text; called again after each language switch."""

    def on_client_changed(self, client: ClientInfo | None) -> None:
        """The agent opened another client (or none)."""

    def _on_language(self, _language: str) -> None:
        self.retranslate()
