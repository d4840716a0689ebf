"""Checklist step: what to expect, read in the client's language (SOP P5, P6)."""

from __future__ import annotations

from collections.abc import Callable

from desktop.models.store.clients import ClientInfo
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.poc.calls import go_next, to_when, type_into


def test_script_language_toggle_P6(
    add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    page = open_page(add_client(preferred_language="es"))
    to_when(page)
    type_into(page.when.drive, "30")
    keyboard.click(page.when.earliest)
    go_next(page)
    keyboard.type_text("U1")  # the keyboard is on the UTR number when the step opens
    go_next(page)
    c = page.checklist
    assert c.script.text().startswith("Su cita es el")
    assert c.script_toggle.text() == "Switch to &English"
    keyboard.click(c.script_toggle)
    assert c.script.text().startswith("Your appointment is on")
