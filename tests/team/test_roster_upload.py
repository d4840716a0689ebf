"""A lead loads a client roster onto the team server: counts, every desk's refresh, refusals and Cancel.

The upload is the standalone import's upsert by CID, run on the server: new CIDs
are added, changed rows updated, unchanged rows and clients missing from the file
left alone (they keep their change numbers, so desks copy nothing for them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressDialog, QPushButton
from sqlalchemy import create_engine, text

from desktop.models.store import clients
from desktop.models.store.roster import RosterRow, parse_roster
from desktop.models.team import admin, cache, roster_upload, server
from desktop.views.lead.roster_import import RosterImportDialog
from desktop.views.shell.main_window import MainWindow
from tests import keyboard
from tests.team.conftest import Desk, ServerDb, add_server_client
from tests.team.gui import TeamWindow
from tests.team.test_team_views import shown, ticked

pytestmark = pytest.mark.team

ROSTER = (
    "cid,name,brand,state,time_zone,balance,preferred_language,critical_flags\n"
    "500001,Ana Ruiz,plus,TX,America/Chicago,0.00,es,\n"
    "500002,Bob Stone,m9,AZ,America/Phoenix,12.50,en,Calls from work\n"
    "500003,Carla Díaz,monitech,PR,America/Puerto_Rico,-5.00,es,Hard of hearing|Spanish only\n"
    "100200,Maria Lopez,plus,TX,America/Chicago,40.00,es,\n"  # known: balance and language change
    "100300,Jose Perez,plus,TX,America/Chicago,0.00,en,\n"  # known: the same as the server holds
)


def roster_rows(body: str = ROSTER) -> tuple[RosterRow, ...]:
    report = parse_roster(body.encode(), filename="roster.csv")
    assert not report.problems, report.problems
    return report.rows


def server_clients(server_db: ServerDb) -> dict[str, tuple[object, ...]]:
    """Every client on the server by CID: (name, balance in cents, language, flags as JSON, change number)."""
    engine = create_engine(server_db.admin_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT cid, name, balance, preferred_language, critical_flags::jsonb, change_seq FROM clients"
        )).all()
    engine.dispose()
    return {str(r[0]): tuple(r[1:]) for r in rows}


@pytest.fixture
def known(server_db: ServerDb) -> dict[str, tuple[object, ...]]:
    """Three clients the server holds before the roster; 100400 is not in the file."""
    add_server_client(server_db, "100200", "Maria Lopez")
    add_server_client(server_db, "100300", "Jose Perez")
    add_server_client(server_db, "100400", "Luz Romero")
    return server_clients(server_db)


def test_a_lead_upload_adds_changes_and_keeps_and_every_desk_refreshes_them(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]]
) -> None:
    lead = desks("lead", "ia_lead1")
    other = desks("desk2", "ia_agent1")
    sent: list[int] = []
    result = lead.ws.upload_roster(roster_upload.chunks(roster_rows(), size=2), progress=sent.append)
    assert result == roster_upload.UploadResult(True, added=3, changed=1, unchanged=1)
    assert sent == [2, 4, 5]
    on_server = server_clients(server_db)
    assert set(on_server) == {"500001", "500002", "500003", "100200", "100300", "100400"}  # 100400 kept
    assert on_server["100200"][1:3] == (4000, "es")
    assert on_server["500003"][3] == ["Hard of hearing", "Spanish only"]
    assert on_server["100300"] == known["100300"]  # unchanged: same change number
    assert on_server["100400"] == known["100400"]
    # The lead's desk has refreshed already; another desk gets them at its refresh.
    with lead.store.sessions() as s:
        carla = clients.get_by_cid(s, "500003")
    assert carla is not None and carla.name == "Carla Díaz" and carla.critical_flags == ("Hard of hearing", "Spanish only")
    other.ws.tick()
    with other.store.sessions() as s:
        maria = clients.get_by_cid(s, "100200")
        bob = clients.get_by_cid(s, "500002")
    assert maria is not None and maria.balance == Decimal("40.00") and maria.preferred_language == "es"
    assert bob is not None and bob.balance == Decimal("12.50")


def test_uploading_the_same_roster_again_changes_nothing(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]]
) -> None:
    lead = desks("lead", "ia_lead1")
    other = desks("desk2", "ia_agent1")
    assert lead.ws.upload_roster(roster_upload.chunks(roster_rows())).ok
    other.ws.tick()
    before = server_clients(server_db)
    counter = server.safe_high_water(lead.ws.remote)
    again = lead.ws.upload_roster(roster_upload.chunks(roster_rows()))
    assert again == roster_upload.UploadResult(True, added=0, changed=0, unchanged=5)
    assert server_clients(server_db) == before  # no change number moved
    assert server.safe_high_water(lead.ws.remote) == counter  # not even a number handed out and left unused
    refreshed = cache.refresh(other.store.engine, other.ws.remote, now=other.ws.clock())
    assert refreshed.rows == 0


def test_an_agents_login_is_refused_by_the_server_and_nothing_changes(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]]
) -> None:
    agent = desks("desk1", "ia_agent1")
    result = agent.ws.upload_roster(roster_upload.chunks(roster_rows()))
    assert result == roster_upload.UploadResult(False, "not_lead")
    assert server_clients(server_db) == known


def test_the_servers_own_permission_check_refuses_an_agent(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even when the desk's question about its rights is skipped, the INSERT itself is refused."""
    agent = desks("desk1", "ia_agent1")
    monkeypatch.setattr(roster_upload, "PRIVILEGE_CHECK", "SELECT true")
    result = agent.ws.upload_roster(roster_upload.chunks(roster_rows()))
    assert result == roster_upload.UploadResult(False, "not_lead")
    assert server_clients(server_db) == known


def test_cancel_between_chunks_leaves_the_server_unchanged(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]]
) -> None:
    lead = desks("lead", "ia_lead1")
    sent: list[int] = []
    result = lead.ws.upload_roster(
        roster_upload.chunks(roster_rows(), size=2), progress=sent.append, cancelled=lambda: bool(sent)
    )
    assert result == roster_upload.UploadResult(False, "cancelled")
    assert sent == [2]  # one chunk went, then Cancel was seen
    assert server_clients(server_db) == known


def test_offline_before_and_during_the_upload_changes_nothing(
    server_db: ServerDb, desks: Callable[..., Desk], known: dict[str, tuple[object, ...]]
) -> None:
    lead = desks("lead", "ia_lead1")
    lead.proxy.cut()
    assert lead.ws.upload_roster(roster_upload.chunks(roster_rows())) == roster_upload.UploadResult(False, "offline")
    assert lead.ws.offline_since is not None
    lead.proxy.restore()
    lead.ws.tick()
    assert lead.ws.offline_since is None

    def cut_after_first_chunk(done: int) -> None:
        lead.proxy.cut()

    result = lead.ws.upload_roster(roster_upload.chunks(roster_rows(), size=2), progress=cut_after_first_chunk)
    assert result == roster_upload.UploadResult(False, "offline")
    assert server_clients(server_db) == known


def write(tmp_path: Path, body: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_the_admin_command_loads_a_first_roster(
    server_db: ServerDb, tmp_path: Path, capsys: pytest.CaptureFixture[str], known: dict[str, tuple[object, ...]]
) -> None:
    bad_row = "600001,No Brand,acme,TX,America/Chicago,0.00,en,\n"
    code = admin.main(["import-roster", server_db.url("ia_lead1"), str(write(tmp_path, ROSTER + bad_row))])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "6 rows read: 5 ready to import, 1 with problems (not imported)." in out
    assert "row 7, Brand: Unknown brand “acme”" in out
    assert "3 added, 1 changed, 1 unchanged" in out
    assert "600001" not in server_clients(server_db) and "500001" in server_clients(server_db)


def test_the_admin_command_refuses_a_bad_file_and_an_agent(
    server_db: ServerDb, tmp_path: Path, capsys: pytest.CaptureFixture[str], known: dict[str, tuple[object, ...]]
) -> None:
    url = server_db.url("ia_lead1")
    assert admin.main(["import-roster", url, str(write(tmp_path, "not,a,roster\n1,2,3\n"))]) == 2
    assert "Required columns are missing" in capsys.readouterr().err
    assert admin.main(["import-roster", url, str(tmp_path / "missing.csv")]) == 2
    assert admin.main(["import-roster", server_db.url("ia_agent1"), str(write(tmp_path, ROSTER))]) == 1
    assert "not_lead" in capsys.readouterr().err
    assert server_clients(server_db) == known


def open_import_dialog(qtbot: Any, window: MainWindow) -> RosterImportDialog:
    """File → Import client roster… (the entry a lead's window shows once the server named the login)."""
    action = window.findChild(QAction, "importRosterAction")
    assert action is not None and action.isVisible()
    action.trigger()
    dialog = window.findChild(RosterImportDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose_roster(dialog: RosterImportDialog, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Click "Choose file…" and pick ``path`` (the file chooser answers with it)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    keyboard.click(dialog.browse)


def test_a_leads_import_dialog_sends_the_roster_to_the_team_server(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    known: dict[str, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = team_window("lead", "ia_lead1")
    window = shown(qtbot, MainWindow(lead.ctx))
    ticked(qtbot, lead)
    dialog = open_import_dialog(qtbot, window)
    note = dialog.findChild(QLabel, "rosterTeamNote")
    assert note is not None and note.isVisible() and "sent to the server" in note.text()
    choose_roster(dialog, write(tmp_path, ROSTER), monkeypatch)
    assert dialog.summary.text() == "5 rows read: 5 ready to import, 0 with problems (not imported)."
    keyboard.click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.state != "running", timeout=15_000)
    assert dialog.outcome.text() == (
        "✔ Sent to the team server: 3 added, 1 changed, 1 unchanged. Every desk gets them at its next refresh."
    )
    on_server = server_clients(server_db)
    assert {"500001", "500002", "500003"} <= set(on_server) and on_server["100200"][1] == 4000
    assert lead.client(int(_server_id(server_db, "500002"))).name == "Bob Stone"  # this desk shows it at once
    assert not dialog.import_button.isEnabled()
    lead.ctx.set_language("es")
    assert dialog.outcome.text().startswith("✔ Enviado al servidor del equipo")
    dialog.reject()


def _server_id(server_db: ServerDb, cid: str) -> int:
    engine = create_engine(server_db.admin_url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id FROM clients WHERE cid = :cid"), {"cid": cid}).scalar_one()
    engine.dispose()
    return int(found)


def test_an_agents_dialog_is_refused_in_plain_words(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    known: dict[str, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent = team_window("desk-1", "ia_agent1")
    dialog = RosterImportDialog(agent.ctx)
    shown(qtbot, dialog)
    choose_roster(dialog, write(tmp_path, ROSTER), monkeypatch)
    keyboard.click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.state != "running", timeout=15_000)
    assert dialog.state == "failed"
    assert "only a team lead may load clients onto the team server" in dialog.outcome.text()
    assert dialog.import_button.isEnabled()  # the staged rows are kept: a retry needs no re-read
    assert server_clients(server_db) == known


def test_cancel_in_the_progress_dialog_leaves_the_team_server_unchanged(
    qtbot: Any, server_db: ServerDb, team_window: Callable[..., TeamWindow], tmp_path: Path,
    known: dict[str, tuple[object, ...]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = team_window("lead", "ia_lead1")
    dialog = RosterImportDialog(lead.ctx)
    shown(qtbot, dialog)
    choose_roster(dialog, write(tmp_path, ROSTER), monkeypatch)
    gate = threading.Event()
    real = roster_upload.staged_chunks

    def held_after_the_first_chunk(conn: Any, size: int = 2) -> Iterator[list[tuple[Any, ...]]]:
        for i, batch in enumerate(real(conn, 2)):
            if i == 1:
                gate.wait(15)
            yield batch

    monkeypatch.setattr(roster_upload, "staged_chunks", held_after_the_first_chunk)
    keyboard.click(dialog.import_button)
    qtbot.waitUntil(lambda: dialog.team is not None and dialog.team.sent == 2, timeout=15_000)
    progress = dialog.findChild(QProgressDialog)
    assert progress is not None and progress.isVisible()
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    keyboard.click(cancel)
    qtbot.waitUntil(lambda: "Cancelling" in progress.labelText(), timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: dialog.state != "running", timeout=15_000)
    assert dialog.outcome.text() == "■ Import cancelled: the team server is unchanged."
    assert server_clients(server_db) == known
