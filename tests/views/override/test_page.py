"""Who the override page is for, its language switch and its accessible names (SOP P9, P10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit

from desktop import i18n
from desktop.models.redaction import CALL_SECRETS
from desktop.views.context import AppContext
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.helpers import tick
from tests.views.override.drive import m9, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
def test_no_client_and_csg_client_get_a_plain_message_P10(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(None, language)
    assert page.stack.currentIndex() == 0
    no_client = page.message.text()
    assert no_client == i18n._("Open a client first: type a CID or a name above.")
    ctx.set_client(add_client(brand="plus"))
    assert page.stack.currentIndex() == 0 and page.flow is None
    assert "CSG" in page.message.text() and page.message.text() != no_client
    assert page.to_poc.isVisible()
    navigated: list[str] = []
    ctx.navigateRequested.connect(navigated.append)
    keyboard.click(page.to_poc)
    assert navigated == ["poc"]
    ctx.set_client(m9(add_client))
    assert page.stack.currentIndex() == 1 and page.step() == "preconditions"


@LANGS
def test_a_csg_client_sent_here_under_p9_is_coached_and_says_so_P9(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(add_client(brand="plus"), language)
    assert page.flow is None
    ctx.update_call(p9_route=True, cid="999999")  # meant for another client: not this one
    assert page.flow is None
    ctx.update_call(p9_route=True, cid="100200")  # the POC page's "give the code yourself"
    assert page.flow is not None and page.flow.route == "p9" and page.flow.brand == "plus"
    assert page.stack.currentIndex() == 1
    assert page.preconditions.route_line.isVisible() and "P9" in page.preconditions.route_line.text()
    # The same gates as M2-M7: nothing is unlocked yet.
    assert not page.steps.next_button.isEnabled()


def test_a_new_client_forgets_the_last_calls_code(
    open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(m9(add_client))
    CALL_SECRETS.remember("K7QX9B2M")
    assert CALL_SECRETS
    ctx.set_client(m9(add_client, cid="M90002", name="Ana Ruiz"))
    assert not CALL_SECRETS and page.flow is not None


def test_language_switch_keeps_what_was_typed(
    open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(m9(add_client))
    pre = page.preconditions
    type_into(pre.lockout, "4821")
    tick(pre.inbound)
    english = pre.inbound.text()
    ctx.set_language("es")
    assert pre.lockout.text() == "4821" and pre.inbound.isChecked()
    assert pre.inbound.text() != english and "&" in pre.inbound.text()
    assert pre.title.text().startswith("1.") and "Antes" in pre.title.text()


@LANGS
def test_every_input_is_named_for_screen_readers(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    buddies = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy() is not None}
    unnamed = []
    for kind in (QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QAbstractButton):
        for widget in page.findChildren(kind):
            if widget.objectName().startswith("qt_"):
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text or id(widget) in buddies):
                unnamed.append(widget.objectName() or type(widget).__name__)
    assert not unnamed


def test_page_is_registered_for_the_main_window(ctx: AppContext, qtbot: Any) -> None:
    from desktop.views.workflows import build_page, workflow

    page = build_page(workflow("override"), ctx)
    qtbot.addWidget(page)
    assert isinstance(page, OverridePage)


def _visible_texts(page: OverridePage) -> list[str]:
    found = [w.text() for w in page.findChildren(QLabel) if w.isVisible()]
    found += [w.text() for w in page.findChildren(QAbstractButton) if w.isVisible()]
    found += [w.placeholderText() for w in page.findChildren(QLineEdit) if w.isVisible()]
    return found


@LANGS
def test_no_screen_on_the_monitech_path_speaks_of_m9_P10_M1(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    from tests.views.override.drive import go_next, pass_preconditions, read_whole_code, type_into

    page = open_page(m9(add_client, brand="monitech", cid="MT0001"), language)
    seen: list[str] = []
    pass_preconditions(page, language)
    seen += _visible_texts(page)
    go_next(page)
    type_into(page.price.price, "50.00")
    seen += _visible_texts(page)
    go_next(page)
    read_whole_code(page)
    seen += _visible_texts(page)
    go_next(page)
    tick(page.done.payment_confirm)
    seen += [*_visible_texts(page), page.done.note.preview.toPlainText()]
    assert page.step() == "done"
    assert [text for text in seen if "M9" in text] == []
    assert any("Monitech" in text for text in seen)
