"""The workflows listed on the left of the main window, in order.

Adding a workflow is one entry here: its id, its title (marked with ``N_``), its
shortcut and a factory.  Factories import their page module only when the page
is first shown, so start-up stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.i18n import N_
from desktop.views.context import AppContext
from desktop.views.page import Page


@dataclass(frozen=True)
class Workflow:
    page_id: str
    title: str  # N_() marked; translate at use
    shortcut: str
    build: Callable[[AppContext], Page]


def _poc(ctx: AppContext) -> Page:
    from desktop.views.poc.page import PocPage

    return PocPage(ctx)


def _override(ctx: AppContext) -> Page:
    from desktop.views.override.page import OverridePage

    return OverridePage(ctx)


def _credit(ctx: AppContext) -> Page:
    from desktop.views.credits.page import CreditPage

    return CreditPage(ctx)


def _notes(ctx: AppContext) -> Page:
    from desktop.views.notes.page import NotesPage

    return NotesPage(ctx)


def _chat(ctx: AppContext) -> Page:
    from desktop.views.chat.page import ChatPage

    return ChatPage(ctx)


WORKFLOWS: tuple[Workflow, ...] = (
    Workflow("poc", N_("POC request"), "Ctrl+1", _poc),
    Workflow("override", N_("Override coaching"), "Ctrl+2", _override),
    Workflow("credit", N_("Courtesy credit"), "Ctrl+3", _credit),
    Workflow("notes", N_("Notes"), "Ctrl+4", _notes),
    Workflow("chat", N_("Chat templates"), "Ctrl+5", _chat),
)


def workflow(page_id: str) -> Workflow:
    return next(w for w in WORKFLOWS if w.page_id == page_id)


def build_page(spec: Workflow, ctx: AppContext) -> Page:
    """Build the page of ``spec``; its ``page_id`` is the one listed here."""
    page = spec.build(ctx)
    page.page_id = spec.page_id
    return page
