"""Open POC requests and their escalations, each naming its chat room (SOP P8, H2, H4, H8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop import i18n
from desktop.models import poc
from desktop.models.notes import language as note_language
from desktop.models.store import history
from desktop.models.store.clients import ClientInfo
from desktop.models.store.history import HistoryDraft
from desktop.views.poc.page import PocPage
from tests import keyboard
from tests.views.helpers import choose


def saved_request(ctx: Any, client: ClientInfo, utr: str | None = "UTR900") -> None:
    with ctx.session() as s:
        history.append(
            s,
            HistoryDraft(
                client_id=client.id,
                kind="poc_request",
                created_at=datetime(2026, 11, 23, 14, 0, tzinfo=UTC),
                summary="POC request submitted",
                utr=utr,
                appointment_at=datetime(2026, 11, 24, 16, 0, tzinfo=UTC),  # 10:00 CT
                status="submitted",
                details={"client_tz": "America/Chicago", "drive_minutes": 30},
            )
        )


@pytest.mark.parametrize("language", ["en", "es"])
def test_escalation_no_call_received_P8_H4_H8(
    language: str, ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    client = add_client()
    saved_request(ctx, client)
    page = open_page(client, language)
    t = i18n.gettext_for(language)
    panel = page.escalations
    page.tabs.setCurrentIndex(1)
    assert panel.count() == 1
    assert page.tabs.tabText(1) == t("Open requests ({count})").format(count=1)
    choose(panel.kind, poc.ESCALATION_NO_CALL)
    assert panel.banner.tone == "warn"  # call window 9:15-9:20 CT tomorrow: too early now
    assert not panel.record.isEnabled()
    assert panel.chat_text.toPlainText() == ""
    ctx.clock = lambda: datetime(2026, 11, 24, 15, 25, tzinfo=UTC)  # Tuesday 9:25 CT
    page.refresh_live()
    assert panel.banner.tone == "ok"
    text = panel.chat_text.toPlainText()
    assert text.startswith("POC CODE\nCID: 100200\nUTR: UTR900\nAPPOINTMENT TIME: ")
    assert "DRIVE TIME: 30 min" in text
    assert panel.chat_label.text() == t("Text for the chat room {room}:").format(room="POC and MA")
    keyboard.click(panel.record)
    with ctx.session() as s:
        timeline = history.timeline(s, client.id, ("poc_request",))
        still_open = history.open_poc_requests(s, client.id)
    assert timeline[0].status == "escalated"
    assert timeline[0].corrects_id == timeline[1].id
    assert timeline[0].disposition == "poc_escalation"
    assert timeline[0].details["room"] == "poc_and_ma"
    assert [i.id for i in still_open] == [timeline[0].id]
    note = ctx.pending_note
    assert note is not None and note["disposition"] == "poc_escalation"
    assert any("POC and MA" in line for line in note["resolution"])
    assert panel.status.text() == t("Recorded in the account history and sent to the Notes page.")
    other = "es" if language == "en" else "en"  # the note follows the note language, not the screen's
    assert note_language.can_reword(note)
    reworded = note_language.worded(note, other)
    assert reworded["reason"] == poc.escalation_text(poc.ESCALATION_NO_CALL, other) != note["reason"]
    assert reworded["resolution"][0] == i18n.gettext_for(other)(
        "Checked the UTR ticket {utr}, the appointment time, the drive time and the time zone."
    ).format(utr="UTR900")


def test_escalation_without_ticket_and_weekend_chat_P8_H2(
    ctx: Any, add_client: Callable[..., ClientInfo], open_page: Callable[..., PocPage]
) -> None:
    client = add_client()
    saved_request(ctx, client, utr=None)
    ctx.clock = lambda: datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # Saturday
    page = open_page(client)
    panel = page.escalations
    page.tabs.setCurrentIndex(1)
    choose(panel.kind, poc.ESCALATION_CANCEL)
    assert panel.banner.tone == "warn"
    assert "No UTR ticket" in panel.banner.text.text()
    assert panel.chat_label.text() == "Text for the chat room Weekend Chat:"
    assert not panel.copy.isEnabled()
