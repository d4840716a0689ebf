"""One window per agent and database: a second launch hands its arguments over and exits.

Why: two windows on one database raced on drafts and on one-time grants (SOP C1,
M9), and an agent with two windows loses track of which one holds the call.

How: a ``QLockFile`` decides who is first.  It notices a holder that crashed
(its process is gone), so a crash never locks the agent out.  The first launch
then listens on a ``QLocalServer`` (a Unix socket, a named pipe on Windows);
later launches connect with a ``QLocalSocket``, send their command-line
arguments as one JSON line and exit.  Both are keyed by the user and the
database, so another agent on the same machine, or the demo database, gets its
own window.  Qt only, no widgets: the caller decides what "come to the front"
means.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QDir, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

HANDOVER_TIMEOUT_MS = 1500  # a second launch exits within 2 s even when the first is busy
MAX_MESSAGE = 64 * 1024
_ACK = b"ok\n"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or the password file
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def instance_name(db_url: str, user: str | None = None) -> str:
    """The server name for this user and database (a hash: names must be short and plain)."""
    digest = hashlib.sha256(f"{user or _user()}\0{db_url}".encode()).hexdigest()[:20]
    return f"interlock-assist-{digest}"


def lock_path(name: str) -> Path:
    return Path(QDir.tempPath()) / f"{name}.lock"


class Instance(QObject):
    """The running (first) launch: holds the lock and hears later launches."""

    argumentsReceived = Signal(list)  # list[str]: the later launch's arguments

    def __init__(self, name: str, lock: QLockFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._lock = lock
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # We hold the lock, so a socket left under this name is a crashed instance's.
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("cannot listen for later launches on %s: %s", self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()
        self._lock.unlock()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)
            self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > MAX_MESSAGE:
                sock.abort()
            return
        line = bytes(sock.readLine(MAX_MESSAGE).data())
        sock.write(QByteArray(_ACK))
        sock.flush()
        args = parse_message(line)
        if args is None:
            log.warning("ignored a malformed message from a later launch")
            return
        self.argumentsReceived.emit(args)


def parse_message(line: bytes) -> list[str] | None:
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def claim(name: str) -> Instance | None:
    """Become the running instance, or ``None`` when another live launch already is."""
    lock = QLockFile(str(lock_path(name)))
    lock.setStaleLockTime(0)  # stale only when its process is gone: an instance runs all day
    if not lock.tryLock(0):
        return None
    return Instance(name, lock)


def hand_over(name: str, args: Sequence[str], timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
    """Send ``args`` to the running instance; ``True`` once they are written to it.

    The instance may be starting (lock taken, not yet listening) or busy, so
    connecting is retried until ``timeout_ms``.  A written message is delivered
    even if the reply is late: a busy instance reads it when it is free again.
    """
    _allow_foreground()
    deadline = time.monotonic() + timeout_ms / 1000

    def left_ms() -> int:
        return max(int((deadline - time.monotonic()) * 1000), 50)

    sock = QLocalSocket()
    while True:
        sock.connectToServer(name)
        if sock.waitForConnected(min(left_ms(), 200)):
            break
        sock.abort()
        if time.monotonic() >= deadline:
            return False
        QThread.msleep(50)
    sock.write(QByteArray(json.dumps(list(args)).encode("utf-8") + b"\n"))
    if not sock.waitForBytesWritten(left_ms()):
        return False
    sock.waitForReadyRead(left_ms())  # the reply is a courtesy: the message is out
    sock.disconnectFromServer()
    return True


def _allow_foreground() -> None:
    """Windows lets only the foreground process raise a window: pass that right on."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
