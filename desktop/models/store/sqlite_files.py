"""The SQLite file as a file: is it healthy, damaged, locked or read-only, and who holds it.

Why by hand and not a library: the answers come from SQLite itself (header
bytes, ``PRAGMA quick_check``) and, for the lock holder, from ``/proc/locks``;
no maintained package reports either.  Only the standard ``sqlite3`` module is
used, so the checks run before SQLAlchemy or Qt are imported.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Reason codes for the state of the file (the views translate them).
MISSING = "missing"
HEALTHY = "healthy"
LOCKED = "locked"
DAMAGED = "damaged"
CANNOT_OPEN = "cannot_open"

# Reason codes for what the damage looks like.
EMPTY_FILE = "empty_file"  # zero bytes
EMPTIED = "emptied"  # a valid database with no rows, where there were rows before
NOT_A_DATABASE = "not_a_database"  # the SQLite header is missing
TRUNCATED = "truncated"  # shorter than its own header says
DAMAGED_PAGES = "damaged_pages"  # quick_check found broken pages

SIDECARS = ("-wal", "-shm", "-journal")
HEADER = b"SQLite format 3\x00"
DATA_TABLES = ("clients", "history", "drafts")

#: How long start-up waits for another program's lock before saying so.
LOCK_WAIT_S = 3.0


@dataclass(frozen=True)
class Diagnosis:
    state: str
    damage: str = ""
    detail: str = ""
    holder: str | None = None
    revision: str | None = None
    has_data: bool = False
    writable: bool = True


def _locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def connect_ro(path: Path, *, timeout: float = 0.2, immutable: bool = False) -> sqlite3.Connection:
    """Open read-only through a ``file:`` URI; ``as_uri`` percent-encodes ``%``, ``#``, ``?``…"""
    uri = path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
    return sqlite3.connect(uri, uri=True, timeout=timeout)


def is_writable(path: Path) -> bool:
    """The file and its folder can be written (SQLite creates -wal/-shm/-journal beside it)."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _header_damage(path: Path, size: int) -> str | None:
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head.startswith(HEADER[: min(len(head), len(HEADER))]) or len(head) < len(HEADER):
        return NOT_A_DATABASE
    if len(head) < 100:
        return TRUNCATED
    return None


def _expected_size(path: Path) -> int | None:
    """Page size x page count, from the header (valid when SQLite says it is)."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        return None
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    change = head[24:28]
    valid_for = head[92:96]
    if pages == 0 or change != valid_for:
        return None
    return page_size * pages


def _kind_of_damage(path: Path) -> str:
    size = path.stat().st_size
    from_header = _header_damage(path, size)
    if from_header is not None:
        return from_header
    expected = _expected_size(path)
    if expected is not None and size < expected:
        return TRUNCATED
    return DAMAGED_PAGES


def table_has_rows(con: sqlite3.Connection) -> bool:
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(con.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0] for t in DATA_TABLES if t in names)


def _revision(con: sqlite3.Connection) -> str | None:
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in names:
        return None
    row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def diagnose(
    path: Path,
    *,
    wait_s: float = LOCK_WAIT_S,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
    full_check: bool = True,
) -> Diagnosis:
    """What state the database file is in, without writing to it.

    A lock is waited on for at most ``wait_s`` and then reported as
    :data:`LOCKED` (with the holder when it can be found): a locked database is
    healthy and must never be moved aside.

    ``full_check=False`` reads the header, the size and the schema but not every
    page (``quick_check`` reads them all: seconds on a large cache); start-up then
    runs :func:`integrity` after the window shows, off the GUI thread.
    """
    if not path.exists():
        return Diagnosis(MISSING, writable=is_writable(path))
    writable = is_writable(path)
    if not os.access(path, os.R_OK):
        return Diagnosis(CANNOT_OPEN, detail="permission denied", writable=writable)
    size = path.stat().st_size
    if size == 0:
        return Diagnosis(DAMAGED, EMPTY_FILE, writable=writable)
    if (kind := _header_damage(path, size)) is not None:
        return Diagnosis(DAMAGED, kind, writable=writable)
    deadline = monotonic() + wait_s
    immutable = False
    while True:
        try:
            con = connect_ro(path, immutable=immutable)
            try:
                if full_check:
                    rows = con.execute("PRAGMA quick_check").fetchall()
                    result = "; ".join(str(r[0]) for r in rows)
                else:
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    expected = _expected_size(path)
                    result = "ok" if expected is None or size >= expected else "file shorter than its header says"
                if result != "ok":
                    return Diagnosis(DAMAGED, _kind_of_damage(path), detail=result[:500], writable=writable)
                return Diagnosis(HEALTHY, revision=_revision(con), has_data=table_has_rows(con), writable=writable)
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            if _locked(exc):
                if monotonic() >= deadline:
                    return Diagnosis(LOCKED, detail=str(exc), holder=lock_holder(path), writable=writable)
                sleep(0.1)
                continue
            if "unable to open" in str(exc).lower() and not writable and not immutable:
                immutable = True  # a WAL database in a read-only folder: no -shm can be made
                continue
            if "unable to open" in str(exc).lower():
                return Diagnosis(CANNOT_OPEN, detail=str(exc), writable=writable)
            return Diagnosis(DAMAGED, _kind_of_damage(path), detail=str(exc), writable=writable)


def integrity(path: Path, *, timeout: float = 5.0) -> str | None:
    """``None`` when SQLite's ``quick_check`` finds every page sound, else what it found.

    A lock or an unreadable file is not damage: those are reported by start-up
    itself, so they count as sound here.
    """
    try:
        con = connect_ro(path, timeout=timeout)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if _locked(exc) or "unable to open" in str(exc).lower():
            return None
        return str(exc)[:500]
    result = "; ".join(str(r[0]) for r in rows)
    return None if result == "ok" else result[:500]


def lock_holder(path: Path) -> str | None:
    """"process 1234 (python3 locker.py)" for whoever holds a POSIX lock on the files, if known.

    Linux only (``/proc/locks``); elsewhere ``None`` and the message says
    "another program" without a name.
    """
    inodes: set[int] = set()
    for candidate in [path, *(Path(str(path) + s) for s in SIDECARS)]:
        with contextlib.suppress(OSError):
            inodes.add(candidate.stat().st_ino)
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        parts = line.split()
        if len(parts) < 6 or not parts[4].lstrip("-").isdigit():
            continue
        pid = int(parts[4])
        try:
            inode = int(parts[5].split(":")[-1])
        except ValueError:
            continue
        if inode in inodes and pid > 0 and pid != os.getpid():
            return f"process {pid} ({_command(pid)})"
    return None


def _command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    return " ".join(Path(words[0]).name if i == 0 else w for i, w in enumerate(words[:3]))[:120] or "?"


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged database and every sidecar (-wal, -shm, -journal); nothing is deleted."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
    shutil.move(str(path), target)
    for suffix in SIDECARS:
        side = Path(str(path) + suffix)
        if side.exists():
            shutil.move(str(side), str(target) + suffix)
    return target


# -- "this database had data" marker -----------------------------------------
# Why a small file beside the database: an emptied database is a valid SQLite
# file, so only a memory outside it can tell "new" from "lost everything".


def marker_path(db: Path) -> Path:
    return db.with_name(db.name + ".state.json")


def _marker(db: Path) -> dict[str, object]:
    try:
        found = json.loads(marker_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_marker(db: Path, values: dict[str, object]) -> None:
    with contextlib.suppress(OSError):  # best effort: a read-only folder just skips it
        marker_path(db).write_text(json.dumps(values), encoding="utf-8")


def had_data(db: Path) -> bool:
    return bool(_marker(db).get("had_data"))


def remember_data(db: Path, now: datetime) -> None:
    """Note that the database holds data."""
    _write_marker(db, {**_marker(db), "had_data": True, "seen": now.isoformat()})


def check_failed(db: Path) -> bool:
    """The last integrity check after start-up found damage: the next start checks every page first."""
    return bool(_marker(db).get("check_failed"))


def remember_check(db: Path, problem: str | None) -> None:
    """Keep (or clear) what the integrity check found, for the next start."""
    values = {k: v for k, v in _marker(db).items() if k not in ("check_failed", "check_detail")}
    if problem is not None:
        values.update(check_failed=True, check_detail=problem[:500])
    if values or problem is not None or marker_path(db).exists():
        _write_marker(db, values)


def forget_data(db: Path) -> None:
    with contextlib.suppress(OSError):
        marker_path(db).unlink(missing_ok=True)
