"""Team mode in the window, against a real server: start-up, offline banner, one-time grants, leads."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine, make_url, select, text

from desktop import app
from desktop.models.store import history
from desktop.models.store.db import URL_ENV
from desktop.models.store.history import HistoryDraft
from desktop.models.store.schema import Client
from desktop.models.team import mode
from desktop.models.team import route as team_route
from desktop.views.credits.page import CreditPage
from desktop.views.lead.conflicts import ConflictsDialog
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.team_banner import PackLabel, TeamBanners
from tests import keyboard
from tests.models.store.test_sop_store import pack_text
from tests.team.conftest import Clock, Desk, ServerDb, add_server_client
from tests.team.gui import TeamWindow
from tests.team.proxy import Proxy
from tests.team.test_workstation import counts, courtesy_write
from tests.views.credits.test_page import fill_what, go_next
from tests.views.helpers import tick

pytestmark = pytest.mark.team


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    return widget


def ticked(qtbot: Any, team: TeamWindow) -> None:
    """Reach the server now (off the GUI thread) and wait for the answer."""
    with qtbot.waitSignal(team.link.statusChanged, timeout=15_000):
        team.link.tick_now()


def test_start_up_in_team_mode_opens_the_desk_and_fills_its_cache_from_the_server(
    server_db: ServerDb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add_server_client(server_db, "555111", "Rosa Diaz")
    with Proxy(server_db.port) as proxy:
        url = make_url(server_db.url("ia_agent1")).set(port=proxy.port).render_as_string(hide_password=False)
        monkeypatch.setenv(URL_ENV, url)
        assert app.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert "smoke ok" in out and "team-cache-" in out
    cache = create_engine(f"sqlite:///{mode.cache_path(url)}")  # this desk's file for this server
    with cache.connect() as conn:
        assert conn.execute(select(Client.__table__.c.name)).scalars().all() == ["Rosa Diaz"]
    cache.dispose()


def test_offline_banner_appears_when_the_network_is_cut_and_clears_on_reconnect(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow]
) -> None:
    team = team_window("desk-1", "ia_agent1")
    window = shown(qtbot, MainWindow(team.ctx))
    banners = window.findChild(TeamBanners)
    assert banners is not None
    ticked(qtbot, team)
    assert team.link.status is not None and team.link.status.online
    assert banners.offline.isHidden()
    pack = window.findChild(PackLabel)
    assert (pack.text(), pack.toolTip()) == ("SOP pack: built-in", "Team SOP pack: the one shipped with the app")
    assert not window.findChild(type(window.quit_action), "teamConflictsAction").isVisible()  # agents: no entry
    for lead_entry in ("sopPacksAction", "importRosterAction"):  # the server refuses agents these writes
        assert not window.findChild(type(window.quit_action), lead_entry).isVisible()

    team.desk.proxy.cut()
    ticked(qtbot, team)
    assert banners.offline.isVisible()
    assert "one-time checks are provisional" in banners.offline.text.text()
    assert banners.offline.text.text().count("Offline since") == 1

    team.desk.proxy.restore()
    ticked(qtbot, team)
    assert banners.offline.isHidden()


def test_the_status_bar_shows_the_pack_a_lead_published_and_decisions_use_it(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk]
) -> None:
    team = team_window("desk-1", "ia_agent1")
    window = shown(qtbot, MainWindow(team.ctx))
    ticked(qtbot, team)
    assert team.ctx.pack.version != "2026.12.5"  # the shipped pack, until a lead publishes one
    published = desks("lead", "ia_lead1").ws.publish_pack(pack_text("2026.12.5"))
    assert published.ok and published.pack is not None
    with qtbot.waitSignal(team.ctx.packChanged, timeout=15_000):
        team.link.tick_now()
    assert window.findChild(PackLabel).text() == f"SOP pack: {published.pack.ref}"
    assert team.ctx.pack.version == "2026.12.5"


def test_reconnecting_shows_a_banner_for_each_offline_grant_another_agent_gave_first(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock,
) -> None:
    client_id = add_server_client(server_db)
    team = team_window("desk-2", "ia_agent2")
    window = shown(qtbot, MainWindow(team.ctx))
    banners = window.findChild(TeamBanners)
    team.desk.proxy.cut()
    ticked(qtbot, team)
    other = desks("desk-1", "ia_agent1")
    assert other.ws.save(courtesy_write(other, client_id, "20.00")).outcome == "saved"
    clock.advance(minutes=5)
    entry = HistoryDraft(client_id=client_id, kind="courtesy_credit", created_at=clock.now, agent="ia_agent2",
                         amount=Decimal("25.00"))
    result = team_route.record_credit_decision(
        team.ctx.session, team.link.desk,
        decision=HistoryDraft(client_id=client_id, kind="credit_decision", created_at=clock.now, agent="ia_agent2"),
        courtesy=entry,
    )
    assert result.recorded  # offline: queued, provisional
    assert banners.conflicts.isHidden()

    team.desk.proxy.restore()
    ticked(qtbot, team)
    assert banners.offline.isHidden()
    assert banners.conflicts.isVisible()
    said = banners.conflicts.text.text()
    assert "Maria Lopez (100200)" in said and "ia_agent1" in said and "$20.00" in said
    assert counts(server_db)["rule_conflicts"] == 1


def test_a_second_courtesy_credit_online_is_refused_and_shows_the_first_one(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock,
) -> None:
    client_id = add_server_client(server_db)
    team = team_window("desk-2", "ia_agent2")
    ticked(qtbot, team)
    team.ctx.set_client(team.client(client_id))
    page = shown(qtbot, CreditPage(team.ctx))
    fill_what(page, "missed_appointment_fee", "25.00")
    go_next(page)
    keyboard.press(Qt.Key.Key_2)
    assert page.flow is not None and page.flow.credit_amount == Decimal("15.00")
    go_next(page)
    if page.apply.action_done.isVisible():
        tick(page.apply.action_done)
    tick(page.apply.education_given)
    go_next(page)

    other = desks("desk-1", "ia_agent1")  # another agent, on another desk, is faster
    assert other.ws.save(courtesy_write(other, client_id, "20.00")).outcome == "saved"

    keyboard.click(page.note.note.save_button)  # the server answers off the GUI thread
    qtbot.waitUntil(lambda: "ia_agent1" in page.note.note.status.text(), timeout=15_000)
    status = page.note.note.status.text()
    assert "ia_agent1" in status and "$20.00" in status
    found = counts(server_db)
    assert (found["one_time_grants"], found["history"]) == (1, 1)  # nothing of the second one was written
    flow = page.flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.prior_courtesy_credits == 1, timeout=15_000)  # decided again with it in view
    with team.ctx.session() as s:
        assert history.timeline(s, client_id, ("credit_decision",)) == []


def _conflict(server_db: ServerDb, desks: Callable[..., Desk], clock: Clock) -> int:
    """Two agents, both offline, grant the courtesy credit to one client; both reconnect."""
    client_id = add_server_client(server_db)
    one, two = desks("desk-1", "ia_agent1"), desks("desk-2", "ia_agent2")
    for desk in (one, two):
        desk.proxy.cut()
        desk.ws.tick()
        assert desk.ws.save(courtesy_write(desk, client_id)).outcome == "queued"
        clock.advance(minutes=1)
    for desk in (one, two):
        desk.proxy.restore()
        desk.ws.tick()
    assert counts(server_db)["rule_conflicts"] == 1
    return client_id


def _resolve_in_dialog(qtbot: Any, team: TeamWindow, note: str) -> ConflictsDialog:
    dialog = shown(qtbot, ConflictsDialog(team.ctx, team.link.desk))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15_000)  # read off the GUI thread
    row = [dialog.table.item(0, c).text() for c in range(4)]
    assert row[0] == "Maria Lopez (100200)" and "ia_agent1" in row[2] and "ia_agent2" in row[3]
    keyboard.click(dialog.note)
    keyboard.type_text(note)
    keyboard.click(dialog.resolve_button)
    qtbot.waitUntil(lambda: dialog.resolve_button.isEnabled() or dialog.table.rowCount() == 0, timeout=15_000)
    qtbot.waitUntil(lambda: not dialog.message.text().endswith("…"), timeout=15_000)
    return dialog


def _open_conflicts(server_db: ServerDb) -> list[Any]:
    engine = create_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT resolved_by FROM rule_conflicts WHERE resolved_at IS NULL")).all()
    engine.dispose()
    return list(rows)


def test_a_lead_resolves_a_conflict_with_a_note_in_the_conflicts_view(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock,
) -> None:
    _conflict(server_db, desks, clock)
    lead = team_window("lead", "ia_lead1")
    window = shown(qtbot, MainWindow(lead.ctx))
    ticked(qtbot, lead)
    assert window.findChild(type(window.quit_action), "teamConflictsAction").isVisible()  # leads: the entry
    assert all(window.findChild(type(window.quit_action), name).isVisible()
               for name in ("sopPacksAction", "importRosterAction"))
    dialog = _resolve_in_dialog(qtbot, lead, "Called the client: the second credit is reversed.")
    assert dialog.message.text().startswith("✔ Resolved.")
    assert dialog.table.rowCount() == 0
    assert _open_conflicts(server_db) == []
    assert counts(server_db)["history"] == 3  # both grants, and the lead's note


def test_an_agent_cannot_resolve_a_conflict_and_is_told_so(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], desks: Callable[..., Desk],
    clock: Clock, tmp_path: Path,
) -> None:
    _conflict(server_db, desks, clock)
    agent = team_window("desk-3", "ia_agent1")
    dialog = _resolve_in_dialog(qtbot, agent, "I settle it myself.")
    assert "only a team lead may resolve rule conflicts" in dialog.message.text()
    assert dialog.table.rowCount() == 1
    assert len(_open_conflicts(server_db)) == 1
