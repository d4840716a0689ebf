"""Step 3 of override coaching: the code one character at a time, by keyboard (SOP M7, P9, P10)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.models.redaction import CALL_SECRETS
from desktop.views.context import AppContext
from desktop.views.override.page import OverridePage
from tests import keyboard
from tests.views.helpers import tick
from tests.views.override.drive import CODE, m9, to_coaching, type_into

LANGS = pytest.mark.parametrize("language", ["en", "es"])


@LANGS
def test_stepping_through_the_code_by_keyboard_M7(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client, preferred_language="es"), language)
    to_coaching(page, language)
    coach, reader = page.coaching, page.coaching.reader
    assert coach.code.echoMode() == QLineEdit.EchoMode.Password
    keyboard.type_text(CODE)
    keyboard.press(Qt.Key.Key_Return)
    assert reader.hasFocus() and reader.char.text() == "K"
    assert reader.words.text() == "ka, de kilo"  # the client prefers Spanish, whatever the UI language
    keyboard.press(Qt.Key.Key_Space)
    keyboard.press(Qt.Key.Key_Right)
    assert reader.char.text() == "Q"
    assert reader.position.text() == ("3 of 8" if language == "en" else "3 de 8")
    keyboard.press(Qt.Key.Key_Left)
    assert reader.char.text() == "7" and reader.words.text() == "siete"
    keyboard.press(Qt.Key.Key_R)
    assert reader.char.text() == "7" and "siete" in coach.repeat_note.text()
    assert page.flow is not None and page.flow.cursor is not None and page.flow.cursor.repeats == 1
    tick(coach.spell_en)  # EN/ES spelling, independent of the UI language
    assert reader.words.text() == "seven"
    assert not page.steps.next_button.isEnabled()  # not every character read yet
    keyboard.click(reader)
    for _ in range(6):
        keyboard.press(Qt.Key.Key_Space)
    assert reader.char.text() == "M" and reader.words.text() == "Mike"
    assert reader.position.text() == ("8 of 8" if language == "en" else "8 de 8")
    assert page.steps.next_button.isEnabled()


@LANGS
def test_lookalike_warning_and_full_code_on_demand_M7(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    to_coaching(page, language)
    reader = page.coaching.reader
    keyboard.type_text("B0K7")  # a valid code is 4 to 16 letters and digits
    keyboard.press(Qt.Key.Key_Return)
    assert reader.lookalike.isVisible() and "8" in reader.lookalike.text()
    keyboard.press(Qt.Key.Key_Space)
    assert reader.lookalike.isVisible() and "O" in reader.lookalike.text()
    assert not page.coaching.full_code.isVisible()
    keyboard.click(page.coaching.reveal)
    assert page.coaching.full_code.isVisible() and page.coaching.full_code.text() == "B0K7"
    # Shown, never copyable: the field stays masked and the label cannot be selected.
    assert page.coaching.code.echoMode() == QLineEdit.EchoMode.Password
    assert page.coaching.full_code.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction


@LANGS
def test_bad_code_character_is_named_under_the_field_M7(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    to_coaching(page, language)
    keyboard.type_text("AB*C")
    error = page.coaching.code_row.error
    assert error.isVisible() and "'*'" in error.text()
    assert page.coaching.reader.char.text() == ""


@LANGS
def test_a_code_too_long_is_refused_with_what_a_code_looks_like_M7(
    language: str, open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client), language)
    to_coaching(page, language)
    keyboard.type_text("K7QX9B2MK7QX9B2MK")  # 17 letters and digits: a paste gone wrong
    error = page.coaching.code_row.error
    assert error.isVisible() and "16" in error.text()
    assert page.flow is not None and page.flow.coaching_blockers() == ("code_too_long",)
    assert page.coaching.reader.char.text() == "" and not page.steps.next_button.isEnabled()
    assert page.coaching.code.maxLength() == 32  # bounded: room for separators, no more


def test_the_typed_code_is_a_call_secret(open_page: Callable[..., OverridePage], add_client: Any) -> None:
    page = open_page(m9(add_client))
    to_coaching(page)
    keyboard.type_text(CODE)
    assert CALL_SECRETS.scrub("code K7QX 9B2M given") == "code ••• given"


def test_keys_typed_after_the_whole_code_leave_the_code_a_call_secret(
    open_page: Callable[..., OverridePage], add_client: Any
) -> None:
    page = open_page(m9(add_client))
    to_coaching(page)
    keyboard.type_text(CODE)
    keyboard.press(Qt.Key.Key_Return)  # to the reader: the code is read out
    keyboard.press(Qt.Key.Key_Space)
    keyboard.click(page.coaching.code)
    keyboard.press(Qt.Key.Key_End)
    keyboard.type_text("41111111")  # a slip after the code: the field now holds a longer code
    assert CALL_SECRETS.scrub("code K7QX-9B2M given") == "code ••• given"  # the code read out stays scrubbed


@LANGS
def test_monitech_and_p9_paths_borrow_no_m9_words_or_steps_P9_P10(
    language: str, open_page: Callable[..., OverridePage], ctx: AppContext, add_client: Any
) -> None:
    page = open_page(m9(add_client, brand="monitech"), language)
    to_coaching(page, language)
    assert "Monitech" in page.coaching.code_row.label.text() and "M9" not in page.coaching.code_row.label.text()
    assert "M9" not in page.coaching.status.text()
    ctx.set_client(add_client(brand="plus", cid="300400"))
    ctx.update_call(p9_route=True)
    to_coaching(page, language)
    assert page.flow is not None and page.flow.entry_steps.steps == ()
    assert not page.coaching.steps_list.isVisible()
    assert "PLUS" in page.coaching.steps_note.text()  # no documented entry steps for this brand
    type_into(page.coaching.code, CODE)
    assert page.coaching.reader.char.text() == "K"
