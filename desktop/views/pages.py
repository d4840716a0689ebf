"""The workflows listed on the left of the main window, in order.

Each entry names the module and class that implement it, so adding a workflow
is one line here.  A module that does not exist yet is shown as a plain
"not built yet" page, never as fake content.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.views.context import AppContext
from desktop.views.page import Page


@dataclass(frozen=True)
class PageSpec:
    page_id: str
    title: str  # N_() marked; translate at use
    module: str
    cls: str
    shortcut: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("poc", N_("POC request"), "desktop.views.poc_wizard", "PocPage", "Ctrl+1"),
    PageSpec(
        "override", N_("Override coaching"), "desktop.views.override_coaching", "OverridePage", "Ctrl+2"
    ),
    PageSpec("credit", N_("Courtesy credit"), "desktop.views.credit_wizard", "CreditPage", "Ctrl+3"),
    PageSpec("notes", N_("Notes"), "desktop.views.notes_page", "NotesPage", "Ctrl+4"),
    PageSpec("chat", N_("Chat templates"), "desktop.views.chat_page", "ChatPage", "Ctrl+5"),
)


class NotBuiltPage(Page):
    """Says plainly that a workflow is not available in this build."""

    def __init__(self, ctx: AppContext, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.page_id = spec.page_id
        self._spec = spec
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        self.finish_init()

    def retranslate(self) -> None:
        self._label.setText(
            _("“{workflow}” is not available in this version yet.").format(workflow=_(self._spec.title))
        )


def build_page(spec: PageSpec, ctx: AppContext) -> Page:
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name != spec.module:
            raise
        return NotBuiltPage(ctx, spec)
    page: Page = getattr(module, spec.cls)(ctx)
    page.page_id = spec.page_id
    return page
