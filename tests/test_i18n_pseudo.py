"""Pseudo-localisation: every UI string 40 % longer, placeholders and mnemonics intact."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop import i18n
from desktop.i18n import _, pseudo


@pytest.fixture
def pseudo_on() -> Iterator[None]:
    i18n.set_pseudo(True)
    yield
    i18n.set_pseudo(False)


@pytest.mark.parametrize(
    "text",
    [
        "Next",
        "Client ({zone})",
        "Leave {time}",
        "%s of %(total)d calls",
        "&Next >",
        "<b>Before you go on:</b>",
        "Now {now}; CSG calls {start} to {end} ({et_start} to {et_end}); leave {leave}; appointment {appointment}.",
    ],
)
def test_pseudo_is_about_40_percent_longer_and_keeps_placeholders(text: str) -> None:
    out = pseudo(text)
    kept = i18n._KEEP.findall(text)
    assert i18n._KEEP.findall(out) == kept
    visible = len(text) - sum(len(k) for k in kept)
    grown = len(out) - len(text)
    assert 0.4 * visible <= grown <= 0.4 * visible + 2
    assert out != text


def test_format_fields_still_format() -> None:
    assert "12:30" in pseudo("Leave {time}").format(time="12:30")
    assert "3" in pseudo("%d calls") % 3


def test_each_line_grows_and_empty_text_stays_empty() -> None:
    lines = pseudo("First line\nSecond line").split("\n")
    assert len(lines) == 2 and all(len(line) >= 14 for line in lines)
    assert pseudo("") == ""


def test_set_pseudo_changes_every_translation_and_tells_listeners(pseudo_on: None) -> None:
    heard: list[str] = []
    i18n.add_listener(heard.append)
    try:
        assert _("Next") != "Next" and len(_("Next")) > len("Next")
        i18n.set_pseudo(False)
        assert _("Next") == "Next"
        assert heard == ["en"]
    finally:
        i18n._listeners.remove(heard.append)
