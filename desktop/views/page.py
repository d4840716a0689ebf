"""Base class of the workflow pages shown in the main window's centre."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget, QWizard

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
        retranslate_wizard_buttons(self)
        self.retranslate()


# QWizard translates its buttons when built but ignores later language changes;
# these are its own default texts (Windows/Linux), looked up in Qt's catalog.
_WIZARD_BUTTONS = (
    (QWizard.WizardButton.BackButton, "< &Back"),
    (QWizard.WizardButton.NextButton, "&Next >"),
    (QWizard.WizardButton.CommitButton, "Commit"),
    (QWizard.WizardButton.FinishButton, "&Finish"),
    (QWizard.WizardButton.CancelButton, "Cancel"),
    (QWizard.WizardButton.HelpButton, "&Help"),
)


def retranslate_wizard_buttons(root: QWidget) -> None:
    """Re-apply Qt's translated wizard button texts after a live language switch.

    Runs before a page's own ``retranslate()`` so texts a page sets itself win.
    """
    for wizard in root.findChildren(QWizard):
        for which, text in _WIZARD_BUTTONS:
            wizard.setButtonText(which, QCoreApplication.translate("QWizard", text))
