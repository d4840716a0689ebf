"""One window per agent and database, proved with real processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from desktop import single_instance
from desktop.models.store.db import open_store, resolve_url
from tests.conftest import make_client

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path, template_db: Path) -> Iterator[tuple[Path, Path]]:
    db = tmp_path / "agent.sqlite3"
    shutil.copy(template_db, db)
    store = open_store(f"sqlite:///{db}", migrate=False)
    with store.sessions() as s, s.begin():
        make_client(s, cid="100200", name="Maria Lopez")
    store.engine.dispose()
    yield tmp_path / "home", db
    # A terminated window leaves its lock file (stale, harmless): tidy the temp folder.
    single_instance.lock_path(single_instance.instance_name(resolve_url(db))).unlink(missing_ok=True)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", INTERLOCK_ASSIST_HOME=str(home), PYTHONPATH=str(ROOT))
    return env


def _launch(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT, env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _listening(name: str) -> bool:
    sock = QLocalSocket()
    sock.connectToServer(name)
    ok = sock.waitForConnected(200)
    sock.abort()
    return ok


def _wait(condition: object, what: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def _log(home: Path) -> str:
    path = home / "logs" / "interlock-assist.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def test_a_second_launch_hands_its_client_over_and_exits(home: tuple[Path, Path]) -> None:
    folder, db = home
    name = single_instance.instance_name(resolve_url(db))
    first = _launch(folder, "--db", str(db))
    try:
        _wait(lambda: _listening(name) or first.poll() is not None, "the first window listens")
        assert first.poll() is None, first.communicate()
        second = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db), "100200"],
            cwd=ROOT, env=_env(folder), capture_output=True, text=True, timeout=60,
        )
        assert second.returncode == 0, second.stderr
        _wait(lambda: "client 100200 from the command line: opened" in _log(folder), "the first window opens the client")
        assert first.poll() is None  # the running window stays, now showing the client
    finally:
        _stop(first)


def test_after_a_crash_the_next_launch_takes_over(home: tuple[Path, Path]) -> None:
    folder, db = home
    name = single_instance.instance_name(resolve_url(db))
    crashed = _launch(folder, "--db", str(db))
    _wait(lambda: _listening(name) or crashed.poll() is not None, "the first window listens")
    crashed.send_signal(signal.SIGKILL)  # no clean-up: socket and lock file stay behind
    crashed.wait(10)
    assert single_instance.lock_path(name).exists()
    fresh = _launch(folder, "--db", str(db))
    try:
        _wait(lambda: _listening(name) or fresh.poll() is not None, "the new launch listens")
        assert fresh.poll() is None, fresh.communicate()  # it did not hand over to the dead one
        later = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(db)],
            cwd=ROOT, env=_env(folder), capture_output=True, text=True, timeout=60,
        )
        assert later.returncode == 0, later.stderr
        _wait(lambda: _log(folder).count("a later launch handed over") == 1, "the new window hears it")
    finally:
        _stop(fresh)


def test_each_user_and_database_has_its_own_window(tmp_path: Path) -> None:
    a = single_instance.instance_name("sqlite:////data/a.sqlite3", "ana")
    assert a == single_instance.instance_name("sqlite:////data/a.sqlite3", "ana")
    assert a != single_instance.instance_name("sqlite:////data/b.sqlite3", "ana")
    assert a != single_instance.instance_name("sqlite:////data/a.sqlite3", "ben")
    assert len(a) < 60 and a.replace("-", "").isalnum()


def test_only_a_json_list_of_strings_is_taken() -> None:
    assert single_instance.parse_message(b'["--db", "x", "100200"]\n') == ["--db", "x", "100200"]
    for bad in (b"\xff\n", b"{}\n", b"[1]\n", b"not json\n"):
        assert single_instance.parse_message(bad) is None


def test_claim_is_exclusive_and_released_on_close(qapp: object, tmp_path: Path) -> None:
    name = single_instance.instance_name(f"sqlite:///{tmp_path}/x.sqlite3")
    first = single_instance.claim(name)
    assert first is not None and first.listen()
    assert single_instance.claim(name) is None
    first.close()
    again = single_instance.claim(name)
    assert again is not None
    again.close()
