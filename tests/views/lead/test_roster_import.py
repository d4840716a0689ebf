"""Roster import dialog: preview and report, chunked import with progress, cancel/failure change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableWidget, QWidget
from sqlalchemy import func, select, text

from desktop.models.store import clients
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.roster_read import RosterScan
from desktop.models.store.schema import Client
from desktop.views.lead import roster_import
from desktop.views.lead.roster_import import RosterImportDialog

GOOD = (
    "cid,name,brand,state,time_zone,balance,preferred_language\n"
    "500001,Ana Ruiz,plus,TX,America/Chicago,0.00,es\n"
    "500002,Bob Stone,m9,AZ,America/Phoenix,12.50,en\n"
    "500003,Carla Diaz,monitech,PR,America/Puerto_Rico,-5.00,es\n"
    "100200,Maria Lopez,plus,TX,America/Chicago,40.00,es\n"
)
MIXED = GOOD + "500004,Dan Moe,acme,XX,America/Nowhere,abc,fr\n"


@pytest.fixture
def dialog(ctx: Any, qtbot: Any) -> RosterImportDialog:
    dlg = RosterImportDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def write(tmp_path: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(store: Store) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Client)) or 0)


def cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text() if item is not None else ""


def test_preview_and_report_before_anything_changes(dialog: RosterImportDialog, tmp_path: Path, store: Store) -> None:
    dialog.load_file(write(tmp_path, MIXED))
    assert dialog.summary.text() == "5 rows read: 4 ready to import, 1 with problems (not imported)."
    assert dialog.preview.rowCount() == 5
    assert cell(dialog.preview, 0, 1) == "✔ Ready"
    assert cell(dialog.preview, 4, 1) == "✖ Problem"
    status = dialog.preview.item(4, 1)
    assert status is not None and "Unknown state" in status.toolTip()
    problems = {(cell(dialog.problems, r, 0), cell(dialog.problems, r, 1)) for r in range(dialog.problems.rowCount())}
    assert problems == {("6", "Brand"), ("6", "State"), ("6", "Time zone"), ("6", "Balance"), ("6", "Language")}
    assert dialog.tabs.tabText(1) == "Problems (5)"
    assert dialog.tabs.currentIndex() == 1  # problems are shown first
    assert dialog.import_button.text() == "&Import 4 clients"
    assert dialog.import_button.isEnabled()
    assert count(store) == 0


def test_import_runs_to_the_end_and_refreshes_the_open_client(
    ctx: Any, dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any,
    add_client: Callable[..., ClientInfo], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(roster_import, "CHUNK", 1)  # several event-loop turns
    ctx.set_client(add_client())  # CID 100200, balance 0.00
    dialog.load_file(write(tmp_path, MIXED))
    qtbot.mouseClick(dialog.import_button, roster_import.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=5000)
    assert dialog.outcome.text() == "✔ Import finished: 3 new, 1 updated, 0 unchanged."
    assert count(store) == 4
    assert ctx.client.balance == Decimal("40.00")  # the open client was re-read
    assert not dialog.import_button.isEnabled()


def big_roster(rows: int) -> str:
    return "cid,name,brand,state,time_zone,balance\n" + "".join(
        f"{700000 + i},Client {i},plus,TX,America/Chicago,1.00\n" for i in range(rows)
    )


def test_large_file_is_read_in_slices_and_cancel_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    add_client: Callable[..., ClientInfo],
) -> None:
    add_client()
    monkeypatch.setattr(roster_import, "SYNC_BYTES", 0)  # as for a file of hundreds of megabytes
    monkeypatch.setattr(roster_import, "CHUNK", 5)
    real_step = RosterScan.step
    steps = {"n": 0}

    def step_then_cancel(scan: RosterScan, max_rows: int = 2000) -> bool:
        steps["n"] += 1
        done = real_step(scan, max_rows)
        if steps["n"] == 4:
            dialog.cancel_import()  # what the progress dialog's Cancel button does
        return done

    monkeypatch.setattr(RosterScan, "step", step_then_cancel)
    dialog.load_file(write(tmp_path, big_roster(200)))
    assert dialog.state == "reading"
    qtbot.waitUntil(lambda: dialog.state == "idle", timeout=5000)
    assert steps["n"] == 4  # the event loop ran between slices
    assert dialog.read_cancelled and dialog.report is None
    assert dialog.summary.text() == "Reading was cancelled: choose the file again to see what it holds."
    assert not dialog.import_button.isEnabled()
    assert count(store) == 1


def test_large_file_read_in_slices_then_imported(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_import, "SYNC_BYTES", 0)
    monkeypatch.setattr(roster_import, "CHUNK", 7)
    dialog.load_file(write(tmp_path, big_roster(60)))
    qtbot.waitUntil(lambda: dialog.state == "idle" and dialog.report is not None, timeout=5000)
    assert dialog.summary.text() == "60 rows read: 60 ready to import, 0 with problems (not imported)."
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=5000)
    assert count(store) == 60


def test_cancel_before_the_swap_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, add_client: Callable[..., ClientInfo],
) -> None:
    add_client()
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    dialog.cancel_import()
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=5000)
    assert dialog.outcome.text() == "■ Import cancelled: nothing was changed."
    assert count(store) == 1
    with store.sessions() as s:
        maria = clients.get_by_cid(s, "100200")
    assert maria is not None and maria.balance == Decimal("0.00")
    assert dialog.import_button.isEnabled()  # the lead may try again
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=5000)
    assert count(store) == 4


def test_failure_in_the_swap_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.models.store.roster_stage import RosterStage

    real_swap = RosterStage.swap

    def failing(stage: RosterStage, now: Any) -> Any:
        assert stage.conn is not None
        stage.conn.execute(text("INSERT INTO clients (cid, name, name_key, brand, state, time_zone, balance, "
                                "preferred_language, critical_flags) VALUES ('X1', 'x', 'x', 'plus', 'TX', "
                                "'America/Chicago', 0, 'en', '[]')"))
        stage.conn.rollback()
        raise OSError("disk full")

    monkeypatch.setattr(RosterStage, "swap", failing)
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "failed", timeout=5000)
    assert dialog.outcome.text() == "✖ The import failed and nothing was changed (disk full)."
    assert count(store) == 0
    monkeypatch.setattr(RosterStage, "swap", real_swap)
    dialog.start_import()  # the staged rows are still there: the lead may try again
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=5000)
    assert count(store) == 4


def test_closing_while_running_cancels_first(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any
) -> None:
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    dialog.reject()
    assert dialog.isVisible()  # stays open to show the rollback
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=5000)
    assert count(store) == 0


def test_excel_csv_names_its_encoding(dialog: RosterImportDialog, tmp_path: Path, ctx: Any) -> None:
    dialog.load_file(write(tmp_path, "cid,name,brand,state,time_zone\n1,Ana Mu\xf1oz,plus,TX,America/Chicago\n",
                           encoding="cp1252"))
    assert dialog.summary.text() == "1 row read: 1 ready to import, 0 with problems (not imported)."
    assert dialog.encoding_label.text() == "Read as Windows-1252 text."
    assert cell(dialog.preview, 0, 3) == "Ana Muñoz"
    ctx.set_language("es")
    assert dialog.summary.text() == "1 fila leída: 1 lista para importar, 0 con problemas (no se importan)."
    assert dialog.encoding_label.text() == "Leído como texto Windows-1252."


def test_formula_and_nul_cells_are_reported_by_row(dialog: RosterImportDialog, tmp_path: Path) -> None:
    dialog.load_file(write(tmp_path, "cid,name,brand,state,time_zone\n"
                                     "1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",plus,TX,America/Chicago\n"
                                     "2,+cmd|' /C calc'!A0,plus,TX,America/Chicago\n"
                                     "3,Ann\x00Lee,plus,TX,America/Chicago\n"
                                     "4,Bo Diaz,plus,TX,America/Chicago\n"))
    rows = [(cell(dialog.problems, r, 0), cell(dialog.problems, r, 1)) for r in range(dialog.problems.rowCount())]
    assert rows == [("2", "Name"), ("3", "Name"), ("4", "Name")]
    assert "spreadsheet formula" in cell(dialog.problems, 0, 2)
    assert "NUL" in cell(dialog.problems, 2, 2)
    assert dialog.import_button.text() == "&Import 1 client"


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        ("cid,name,brand,state,time_zone\n1,Mu\x81oz,plus,TX,America/Chicago\n", "latin-1", "line 2"),
        ("cid,name\n1,Ann\n", "utf-8", "Required columns are missing: brand, state, time_zone."),
        ("", "utf-8", "The file holds no clients."),
    ],
)
def test_bad_files_are_reported_never_crash(
    dialog: RosterImportDialog, tmp_path: Path, content: str, encoding: str, expected: str
) -> None:
    dialog.load_file(write(tmp_path, content, encoding=encoding))
    assert dialog.summary.text().startswith("This file cannot be imported:")
    assert expected in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert cell(dialog.problems, 0, 0) == "file"


def test_missing_file_is_reported(dialog: RosterImportDialog, tmp_path: Path) -> None:
    dialog.load_file(tmp_path / "gone.csv")
    assert "cannot be read" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_json_roster(dialog: RosterImportDialog, tmp_path: Path, qtbot: Any, store: Store) -> None:
    path = write(tmp_path, '[{"cid": "7", "name": "Ann Lee", "brand": "plus", "state": "HI", '
                           '"time_zone": "Pacific/Honolulu"}]', name="roster.json")
    dialog.load_file(path)
    assert dialog.import_button.text() == "&Import 1 client"
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "done", timeout=5000)
    assert count(store) == 1


def test_spanish_texts_and_file_kept_on_switch(ctx: Any, dialog: RosterImportDialog, tmp_path: Path) -> None:
    path = write(tmp_path, MIXED)
    dialog.load_file(path)
    ctx.set_language("es")
    assert dialog.windowTitle() == "Importar lista de clientes"
    assert dialog.file_label.text() == "&Archivo:"
    assert dialog.file_edit.text() == str(path)
    assert dialog.summary.text() == "5 filas leídas: 4 listas para importar, 1 con problemas (no se importa)."
    assert dialog.import_button.text() == "&Importar 4 clientes"
    assert dialog.tabs.tabText(0) == "Vista previa"
    first_header = dialog.preview.horizontalHeaderItem(0)
    assert first_header is not None and first_header.text() == "Fila"
    texts = [cell(dialog.problems, r, 2) for r in range(dialog.problems.rowCount())]
    assert "Estado o territorio desconocido: “XX”." in texts
    assert cell(dialog.preview, 0, 1) == "✔ Lista"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_input_is_named(ctx: Any, dialog: RosterImportDialog, lang: str) -> None:
    ctx.set_language(lang)
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QPushButton):
            assert widget.text() or widget.accessibleName(), widget
        elif isinstance(widget, QLineEdit | QTableWidget):
            assert widget.accessibleName() or widget in buddies, widget


def test_file_menu_entry_follows_language_and_opens_the_dialog(ctx: Any, qtbot: Any) -> None:
    from desktop.views.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = next(a for a in window.file_menu.actions() if a.objectName() == "importRosterAction")
    assert action.text() == "&Import client roster…"
    ctx.set_language("es")
    assert action.text() == "&Importar lista de clientes…"
    action.trigger()
    opened = window.findChildren(RosterImportDialog)
    assert len(opened) == 1 and opened[0].isVisible()
    opened[0].reject()


def test_cancel_during_the_swap_interrupts_it_and_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from desktop.models.store.roster_stage import RosterStage

    started, interrupted = threading.Event(), threading.Event()

    def slow_swap(stage: RosterStage, now: Any) -> Any:
        started.set()
        assert interrupted.wait(5)
        raise RuntimeError("interrupted")  # what sqlite3 raises when interrupted mid-statement

    monkeypatch.setattr(RosterStage, "swap", slow_swap)
    monkeypatch.setattr(RosterStage, "interrupt", lambda stage: interrupted.set())
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert dialog.state == "running"  # the window answers while the swap runs
    dialog.cancel_import()
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=5000)
    assert dialog.outcome.text() == "■ Import cancelled: nothing was changed."
    assert count(store) == 0


def test_progress_follows_the_slices_and_cancel_undoes_those_applied(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    add_client: Callable[..., ClientInfo],
) -> None:
    import threading

    from desktop.models.store import roster_pace
    from desktop.models.store.roster_stage import RosterStage

    add_client()  # CID 100200, balance 0.00
    reached, go = threading.Event(), threading.Event()
    small = roster_pace.Pace
    monkeypatch.setattr(roster_pace, "Pace", lambda conn, **kw: small(conn, **{**kw, "start_rows": 8, "target_s": 1e-9}))
    real = RosterStage._progressed

    def hold_after_first_slices(stage: RosterStage, done: int) -> None:
        real(stage, done)
        if done >= 24 and not reached.is_set():
            reached.set()
            assert go.wait(5)

    monkeypatch.setattr(RosterStage, "_progressed", hold_after_first_slices)
    dialog.load_file(write(tmp_path, big_roster(80) + "100200,Maria Lopez,plus,TX,America/Chicago,40.00\n"))
    dialog.start_import()
    qtbot.waitUntil(reached.is_set, timeout=5000)
    progress = dialog._progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=5000)  # a share of the rows, not a busy bar
    assert count(store) > 1  # some slices are in the store already
    dialog.cancel_import()
    qtbot.waitUntil(lambda: "put back" in progress.labelText(), timeout=5000)
    go.set()
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=10000)
    assert dialog.outcome.text() == "■ Import cancelled: nothing was changed."
    assert count(store) == 1
    with store.sessions() as s:
        maria = clients.get_by_cid(s, "100200")
    assert maria is not None and maria.balance == Decimal("0.00")
