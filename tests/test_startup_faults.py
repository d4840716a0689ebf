"""Start-up against real faults: another program's lock, a newer database, read-only files, a full disk.

Each case runs the real start-up (``open_checked``, which ``app.main`` uses, or
``app.main --smoke`` itself) with the questions answered by the test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from desktop import startup
from desktop.models.notes import NoteDraft, load_draft, save_draft
from desktop.models.store import backups, sqlite_files
from desktop.models.store.store_errors import StoreBusyError, StoreReadOnlyError
from desktop.startup import Notice, Questions, open_checked
from desktop.views.shell import error_dialog, startup_dialogs
from tests.test_startup import NOW, _url, counts, opened, seed

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))

LOCKER = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
mode = sys.argv[2]
if mode == "journal":
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("INSERT INTO drafts(key, content, updated_at) VALUES ('locker', '{}', '2026-11-23 10:00:00')")
elif mode == "exclusive":
    con.execute("PRAGMA locking_mode=EXCLUSIVE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("INSERT INTO drafts(key, content, updated_at) VALUES ('locker', '{}', '2026-11-23 10:00:00')")
    con.execute("COMMIT")
else:
    con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def lock_db(tmp_path: Path) -> Iterator[tuple[Path, list[subprocess.Popen[str]]]]:
    db = tmp_path / "locked.sqlite3"
    seed(db)
    held: list[subprocess.Popen[str]] = []
    yield db, held
    for proc in held:
        proc.kill()
        proc.wait()


def hold_lock(db: Path, mode: str, held: list[subprocess.Popen[str]]) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(db), mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    held.append(proc)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait()


@pytest.mark.parametrize("mode", ["journal", "exclusive"])
def test_a_locked_database_is_reported_with_its_holder_and_never_moved(
    lock_db: tuple[Path, list[subprocess.Popen[str]]], mode: str
) -> None:
    db, held = lock_db
    before = counts(db)
    locker = hold_lock(db, mode, held)
    asked: list[Notice] = []

    def give_up(notice: Notice) -> bool:
        asked.append(notice)
        return False

    report = open_checked(_url(db), NOW, questions=Questions(retry_locked=give_up), wait_s=0.3)
    assert report.fatal is not None and report.fatal.code == startup.LOCKED
    assert report.moved_to is None and db.exists()
    assert list(db.parent.glob("*corrupt*")) == []
    assert len(asked) == 1
    text = startup_dialogs.notice_text(report.fatal)
    assert "Another program is using the database" in text
    if sys.platform.startswith("linux"):
        assert f"process {locker.pid}" in text
    release(locker)
    again = open_checked(_url(db), NOW)
    store = opened(again)
    store.engine.dispose()
    assert counts(db) == before  # nothing lost, nothing replaced by a backup


def test_retry_after_the_other_program_lets_go_opens_normally(
    lock_db: tuple[Path, list[subprocess.Popen[str]]]
) -> None:
    db, held = lock_db
    locker = hold_lock(db, "journal", held)

    def retry(_notice: Notice) -> bool:
        release(locker)
        return True

    report = open_checked(_url(db), NOW, questions=Questions(retry_locked=retry), wait_s=0.3)
    opened(report).engine.dispose()
    assert report.notices == [] and counts(db) == (3, 12)


def test_wal_lock_makes_a_save_fail_fast_with_a_typed_error(
    lock_db: tuple[Path, list[subprocess.Popen[str]]]
) -> None:
    db, held = lock_db
    report = open_checked(_url(db), NOW, wait_s=0.3)
    store = opened(report)
    hold_lock(db, "wal", held)
    with pytest.raises(StoreBusyError), store.sessions() as s, s.begin():
        save_draft(s, "note:1", NoteDraft(reason="call about a reset"), NOW)
    assert store.ledger.last_save_failed
    text = error_dialog.message_text(StoreBusyError("database is locked"), store.ledger, Path("/logs/ia.log"))
    assert "Another program is using the database" in text
    assert "The last save failed" in text and "/logs/ia.log" in text
    assert "safe" not in text
    store.engine.dispose()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer(db: Path) -> None:
    seed(db)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()


def test_database_from_a_newer_version_is_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite3"
    _newer(db)
    shutil.rmtree(db.parent / "backups", ignore_errors=True)
    before = _sha(db)
    report = open_checked(_url(db), NOW + timedelta(days=1))
    assert report.store is None and report.fatal is not None
    assert report.fatal.code == startup.NEWER_SCHEMA and report.fatal.details["revision"] == "9999"
    text = startup_dialogs.notice_text(report.fatal)
    assert "newer version" in text and "9999" in text and "keep working" not in text
    assert _sha(db) == before
    assert backups.list_backups(db.parent / "backups", db) == []


def test_smoke_start_on_a_newer_database_exits_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop import app

    db = tmp_path / "newer.sqlite3"
    _newer(db)
    before = _sha(db)
    assert app.main(["--db", str(db), "--smoke"]) == app.EXIT_CANNOT_OPEN
    assert "newer version" in capsys.readouterr().out
    assert _sha(db) == before


READ_ONLY_SCRIPT = r"""
import json, sys
from datetime import UTC, datetime
from desktop.models.store.db import sqlite_url
from desktop.models.notes import NoteDraft, load_draft, save_draft
from desktop.models.store.store_errors import StoreReadOnlyError
from desktop.startup import open_checked
now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
report = open_checked(sqlite_url(sys.argv[1]), now)
store = report.store
out = {"codes": [n.code for n in report.notices], "read_only": store.read_only, "fatal": report.fatal}
with store.sessions() as s, s.begin():
    save_draft(s, "note:1", NoteDraft(reason="kept in memory"), now)
with store.sessions() as s:
    out["draft"] = load_draft(s, "note:1")[0].reason
    out["clients"] = s.execute(__import__("sqlalchemy").text("select count(*) from clients")).scalar()
try:
    from desktop.models.store import history
    with store.sessions() as s, s.begin():
        history.append(s, client_id=1, kind="note", at=now, note_text="x")
    out["write"] = "saved"
except StoreReadOnlyError:
    out["write"] = "read_only_error"
print(json.dumps(out))
"""


def _read_only_run(target: Path, cmd: list[str]) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` with ``target`` (a file or a folder) read-only.

    Root ignores file modes, so as root ``target`` is bind-mounted read-only
    in a private mount namespace instead; otherwise its mode is changed.
    """
    if os.geteuid() != 0:
        target.chmod(0o555 if target.is_dir() else 0o444)
        return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120, check=False)
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare for a read-only mount when run as root")
    quoted = " ".join(f"'{c}'" for c in cmd)
    script = f"mount --bind '{target}' '{target}' && mount -o remount,bind,ro '{target}' && {quoted}"
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, env=ENV,
                          timeout=120, check=False)
    if done.returncode != 0 and "mount" in done.stderr and "Traceback" not in done.stderr:
        pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip()}")
    return done


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_database_opens_read_only_and_drafts_stay_in_memory(what: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="ia-ro-"))
    try:
        base.chmod(0o755)
        folder = base / "data"
        db = folder / "ro.sqlite3"
        seed(db)
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        before = _sha(db)
        done = _read_only_run(db if what == "file" else folder, [sys.executable, "-c", READ_ONLY_SCRIPT, str(db)])
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["codes"] == [startup.READ_ONLY] and out["read_only"] is True and out["fatal"] is None
        assert out["draft"] == "kept in memory" and out["clients"] == 3
        assert out["write"] == "read_only_error"
        assert _sha(db) == before
    finally:
        for p in [base, *base.rglob("*")]:
            p.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_read_only_store_keeps_drafts_in_memory_and_says_copy_works(tmp_path: Path) -> None:
    from desktop.models.store import history
    from desktop.models.store.db import open_store

    db = tmp_path / "q.sqlite3"
    seed(db)
    store = open_store(_url(db), read_only=True)
    with store.sessions() as s, s.begin():
        save_draft(s, "note:1", NoteDraft(reason="typed while read-only"), NOW)
    with store.sessions() as s:
        found = load_draft(s, "note:1")
        assert found is not None and found[0].reason == "typed while read-only"
    with pytest.raises(StoreReadOnlyError) as caught, store.sessions() as s, s.begin():
        history.append(s, client_id=1, kind="note", at=NOW, note_text="copied")
    assert "Copying to the clipboard still works" in error_dialog.message_text(caught.value, store.ledger)
    store.engine.dispose()
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from drafts").fetchone()[0] == 0
    con.close()


DISK_FULL_SCRIPT = r"""
import json, os, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from desktop.models.store.db import sqlite_url
from desktop.models.notes import NoteDraft, save_draft
from desktop.models.store.store_errors import StoreFullError
from desktop.startup import open_checked
from desktop.views.shell.error_dialog import message_text
db = Path(sys.argv[1])
now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
(db.parent / "backups").mkdir(exist_ok=True)
(db.parent / "backups" / "old.partial").write_bytes(b"left by a crash")
filler = db.parent / "filler"
free = os.statvfs(db.parent).f_bavail * os.statvfs(db.parent).f_frsize
filler.write_bytes(b"\0" * max(0, free - db.stat().st_size // 2))
report = open_checked(sqlite_url(db), now)
out = {"codes": [n.code for n in report.notices], "reasons": [n.details.get("reason") for n in report.notices],
       "opened": report.store is not None,
       "partials": sorted(p.name for p in (db.parent / "backups").glob("*.partial*"))}
store = report.store
try:
    with open(filler, "ab") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()
except OSError:
    pass
try:
    with store.sessions() as s, s.begin():
        save_draft(s, "note:1", NoteDraft(reason="y" * 200_000), now)
    out["save"] = "saved"
except StoreFullError as exc:
    out["save"] = "full"
    out["message"] = message_text(exc, store.ledger)
out["failed"] = store.ledger.last_save_failed
print(json.dumps(out))
"""


def test_full_disk_skips_the_backup_opens_anyway_and_a_failed_save_says_so(tmp_path: Path) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare to mount a small file system")
    seed(tmp_path / "full.sqlite3", notes=60)
    mount = tmp_path / "small"
    mount.mkdir()
    script = (
        f"mount -t tmpfs -o size=4m tmpfs {mount} && cp {tmp_path / 'full.sqlite3'} {mount}/ && "
        f"cp {tmp_path / 'full.sqlite3.state.json'} {mount}/ && "
        f"{sys.executable} -c '{DISK_FULL_SCRIPT.replace(chr(39), chr(34))}' {mount / 'full.sqlite3'}"
    )
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, env=ENV,
                          timeout=120, check=False)
    if "mount" in done.stderr and done.returncode != 0 and "Traceback" not in done.stderr:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["opened"] is True
    assert out["codes"] == [startup.BACKUP_SKIPPED] and out["reasons"] == [backups.DISK_FULL]
    assert out["partials"] == []
    assert out["save"] == "full" and out["failed"] is True
    assert "The last save failed" in out["message"] and "disk is full" in out["message"]


def test_full_disk_warning_text() -> None:
    text = startup_dialogs.notice_text(Notice(startup.BACKUP_SKIPPED, {"reason": backups.DISK_FULL}))
    assert "disk is full" in text and "opened anyway" in text


def test_damaged_database_in_a_read_only_folder_is_not_touched() -> None:
    base = Path(tempfile.mkdtemp(prefix="ia-ro-"))
    try:
        base.chmod(0o755)
        db = base / "bad.sqlite3"
        db.write_bytes(b"junk" * 100)
        code = (
            "import sys; from datetime import UTC, datetime; from desktop.models.store.db import sqlite_url;"
            "from desktop.startup import open_checked;"
            "r = open_checked(sqlite_url(sys.argv[1]), datetime(2026, 11, 24, tzinfo=UTC));"
            "print(r.fatal.code if r.fatal else 'opened')"
        )
        done = _read_only_run(base, [sys.executable, "-c", code, str(db)])
        assert done.stdout.strip() == startup.CANNOT_OPEN, done.stderr
        assert db.read_bytes() == b"junk" * 100
    finally:
        base.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_sidecars_list_is_complete() -> None:
    assert set(sqlite_files.SIDECARS) == {"-wal", "-shm", "-journal"}
