"""The team banners and status bar in the window, driven by the desk's status (no server needed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtGui import QAction

from desktop.models.team.lead import ConflictInfo
from desktop.models.team.status import TeamStatus
from desktop.models.team.workstation import Workstation
from desktop.models.team.writes import GrantInfo
from desktop.views.shell.main_window import MainWindow
from desktop.views.shell.team_banner import PackLabel, TeamBanners
from desktop.views.shell.team_link import TeamLink, desk_of, link_desk

NOWHERE = "postgresql+psycopg://agent:pw@127.0.0.1:9/interlock"  # never reached in these tests


def status(code: str, *, since: datetime | None = None, pack: str | None = None, role: str = "agent") -> TeamStatus:
    return TeamStatus(code=code, offline_since=since, last_refresh_at=None, pending_writes=2 if since else 0,
                      pack_ref=pack, role=role, my_open_conflicts=0)


@pytest.fixture
def link(ctx: Any) -> Iterator[TeamLink]:
    desk = Workstation(ctx.store, NOWHERE, workstation="desk-1", agent="ana", clock=ctx.now)
    made = link_desk(ctx, desk, start=False)
    yield made
    made.close()


def test_standalone_has_no_desk_and_no_team_widgets(qtbot: Any, ctx: Any) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert desk_of(ctx) is None
    assert window.findChild(TeamBanners) is None and window.findChild(PackLabel) is None


def test_the_offline_banner_follows_the_status_in_the_active_language(
    qtbot: Any, ctx: Any, link: TeamLink
) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    banners = window.findChild(TeamBanners)
    assert banners is not None and banners.offline.isHidden()
    link.status = status("offline", since=datetime(2026, 11, 23, 15, 42, tzinfo=UTC))
    link.statusChanged.emit(link.status)
    lead_entry = window.findChild(QAction, "teamConflictsAction")
    assert lead_entry is not None and not lead_entry.isVisible()  # agents never see the leads' entry
    said = banners.offline.text.text()
    assert "Offline since" in said and "one-time checks are provisional" in said and "2 entries wait" in said
    ctx.set_language("es")
    assert "Sin conexión desde las" in banners.offline.text.text()
    link.status = status("online", pack="TX pack 2026.12.5", role="lead")
    link.statusChanged.emit(link.status)
    assert banners.offline.isHidden()
    assert lead_entry.isVisible()
    label = window.findChild(PackLabel)
    assert label is not None and label.text() == "Paquete SOP: TX pack 2026.12.5"
    assert label.toolTip() == "Paquete SOP del equipo: TX pack 2026.12.5"


def test_a_lost_offline_grant_gets_a_banner_saying_who_gave_it_first(qtbot: Any, ctx: Any, link: TeamLink) -> None:
    banners = TeamBanners(link)
    qtbot.addWidget(banners)
    first = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    winner = GrantInfo(id=1, uuid="u1", client_id=5, kind="courtesy_credit", amount=Decimal("20.00"),
                       agent="Ben", workstation="desk-9", granted_at=first)
    conflict = ConflictInfo(
        id=3, uuid="u2", client_id=5, client_cid="100200", client_name="Maria Lopez", kind="courtesy_credit",
        winner=winner, loser_agent="ana", loser_workstation="desk-1", loser_at=first, loser_amount=Decimal("25.00"),
        detected_at=first, resolved_at=None, resolved_by=None, resolution_note=None,
    )
    link.conflictsChanged.emit((conflict,))
    assert not banners.conflicts.isHidden()
    said = banners.conflicts.text.text()
    assert "Maria Lopez (100200)" in said and "Ben" in said and "$20.00" in said and "SOP C1" in said
    link.conflictsChanged.emit(())
    assert banners.conflicts.isHidden()


def test_several_lost_grants_share_one_banner_that_lists_three_and_counts_the_rest(
    qtbot: Any, ctx: Any, link: TeamLink
) -> None:
    banners = TeamBanners(link)
    qtbot.addWidget(banners)
    first = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    lost = []
    for n in range(5):
        winner = GrantInfo(id=n, uuid=f"w{n}", client_id=n, kind="courtesy_credit", amount=Decimal("20.00"),
                           agent="Ben", workstation="desk-9", granted_at=first)
        lost.append(ConflictInfo(
            id=n, uuid=f"l{n}", client_id=n, client_cid=f"10020{n}", client_name="Maria Lopez", kind="courtesy_credit",
            winner=winner, loser_agent="ana", loser_workstation="desk-1", loser_at=first,
            loser_amount=Decimal("25.00"), detected_at=first, resolved_at=None, resolved_by=None,
            resolution_note=None,
        ))
    link.conflictsChanged.emit(tuple(lost))
    said = banners.conflicts.text.text()
    assert "5 one-time grants given twice" in said
    assert all(f"(10020{n})" in said for n in range(3)) and "(100203)" not in said
    assert "…and 2 more" in said
    assert len(banners.findChildren(type(banners.conflicts))) == 2  # the offline banner and this one
