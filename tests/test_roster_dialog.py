"""Roster import dialog: preview and report, chunked import with progress, cancel/failure change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableWidget, QWidget
from sqlalchemy import func, select

from desktop.models import clients
from desktop.models.clients import ClientInfo
from desktop.models.db import Store
from desktop.models.roster import ImportJob
from desktop.models.schema import Client
from desktop.views import roster_import
from desktop.views.roster_import import RosterImportDialog

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
    assert cell(dialog.preview, 4, 1) == "⚠ Problem"
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


def test_cancel_midway_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
    add_client: Callable[..., ClientInfo],
) -> None:
    add_client()
    monkeypatch.setattr(roster_import, "CHUNK", 1)
    real_step = ImportJob.step
    steps = {"n": 0}

    def step_then_cancel(job: ImportJob) -> int:
        steps["n"] += 1
        done = real_step(job)
        if steps["n"] == 2:
            dialog.cancel_import()  # what the progress dialog's Cancel button does
        return done

    monkeypatch.setattr(ImportJob, "step", step_then_cancel)
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=5000)
    assert steps["n"] == 2  # rows were written inside the transaction, then rolled back
    assert dialog.outcome.text() == "■ Import cancelled: nothing was changed."
    assert count(store) == 1
    with store.sessions() as s:
        maria = clients.get_by_cid(s, "100200")
    assert maria is not None and maria.balance == Decimal("0.00")
    assert dialog.import_button.isEnabled()  # the lead may try again


def test_failure_midway_changes_nothing(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_import, "CHUNK", 1)
    real_step = ImportJob.step
    steps = {"n": 0}

    def failing(job: ImportJob) -> int:
        steps["n"] += 1
        if steps["n"] == 3:
            raise OSError("disk full")
        return real_step(job)

    monkeypatch.setattr(ImportJob, "step", failing)
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.state == "failed", timeout=5000)
    assert dialog.outcome.text() == "⚠ The import failed and nothing was changed (disk full)."
    assert count(store) == 0


def test_closing_while_running_cancels_first(
    dialog: RosterImportDialog, tmp_path: Path, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster_import, "CHUNK", 1)
    dialog.load_file(write(tmp_path, GOOD))
    dialog.start_import()
    dialog.reject()
    assert dialog.isVisible()  # stays open to show the rollback
    qtbot.waitUntil(lambda: dialog.state == "cancelled", timeout=5000)
    assert count(store) == 0


@pytest.mark.parametrize(
    ("content", "encoding", "expected"),
    [
        ("cid,name,brand,state,time_zone\n1,Mu\xf1oz,plus,TX,America/Chicago\n", "latin-1", "not UTF-8"),
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
    assert dialog.summary.text() == "5 filas leídas: 4 listas para importar, 1 con problemas (no se importan)."
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
    from desktop.views.main_window import MainWindow

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
