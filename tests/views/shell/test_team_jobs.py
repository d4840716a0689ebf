"""Desk jobs: at once when standalone; in team mode off the GUI thread, busy buttons, no double submit."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.views.context import AppContext
from desktop.views.shell import team_jobs
from desktop.views.shell.team_link import TeamLink


def test_standalone_the_work_and_its_answer_run_at_once_and_errors_reach_the_caller(ctx: AppContext) -> None:
    answers: list[int] = []
    assert team_jobs.run(ctx, lambda: 41 + 1, answers.append)
    assert answers == [42]  # before run() returned, as every standalone save always did

    def broken() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        team_jobs.run(ctx, broken, answers.append)
    assert answers == [42]


@pytest.fixture
def link(ctx: AppContext) -> Any:
    """A team link whose desk is never reached: only its worker thread is used here."""
    made = TeamLink(ctx, desk=None, interval_ms=3_600_000)  # type: ignore[arg-type]
    yield made
    made._pool.waitForDone(10_000)


def test_team_mode_runs_off_the_gui_thread_with_the_button_busy_and_refuses_a_second_submit(
    qtbot: Any, ctx: AppContext, link: TeamLink
) -> None:
    button = QPushButton("Save")
    qtbot.addWidget(button)
    gate = threading.Event()
    threads: dict[str, QThread] = {}
    answers: list[str] = []

    def work() -> str:
        threads["work"] = QThread.currentThread()
        gate.wait(30)
        return "saved"

    def done(value: str) -> None:
        threads["done"] = QThread.currentThread()
        answers.append(value)

    assert team_jobs.run(ctx, work, done, key="save", busy=(button,))
    assert not button.isEnabled() and team_jobs.running("save")
    assert not team_jobs.run(ctx, work, done, key="save")  # a second press while the first is on its way
    qtbot.wait(50)  # the event loop turns while the work waits
    assert answers == []
    gate.set()
    qtbot.waitUntil(lambda: answers == ["saved"], timeout=10_000)
    assert button.isEnabled() and not team_jobs.running("save")
    app_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    assert threads["done"] is app_thread and threads["work"] is not app_thread


def test_an_answer_for_a_closed_screen_is_dropped_and_a_failure_is_handed_to_the_screen(
    qtbot: Any, ctx: AppContext, link: TeamLink
) -> None:
    gate = threading.Event()
    owner = QPushButton()
    answers: list[object] = []
    team_jobs.run(ctx, lambda: gate.wait(30), answers.append, key="gone", owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: not team_jobs.running("gone"), timeout=10_000)
    assert answers == []

    def broken() -> None:
        raise OSError("disk full")

    team_jobs.run(ctx, broken, answers.append, failed=answers.append, key="fails")
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    assert isinstance(answers[0], OSError)


def _alive(widget: QPushButton) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
