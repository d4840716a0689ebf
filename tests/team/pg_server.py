"""A throwaway PostgreSQL for the team tests and ``make bench-team``.

``python -m tests.team.pg_server -- COMMAND...`` runs ``initdb`` and ``pg_ctl``
in a temporary folder on a free loopback port, exports the superuser URL as
``INTERLOCK_ASSIST_TEST_PG_URL``, runs the command, and stops the server and
removes the folder afterwards, also when the command fails or is interrupted.
PostgreSQL refuses to run as root, so under root the server runs as the
``postgres`` user (Debian's package creates it).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

URL_ENV = "INTERLOCK_ASSIST_TEST_PG_URL"
SERVER_USER = "postgres"


def bin_dir() -> Path:
    """Newest ``/usr/lib/postgresql/N/bin`` (Debian), else wherever ``initdb`` is on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    which = shutil.which("initdb")
    if which:
        return Path(which).parent
    raise SystemExit("PostgreSQL server programs (initdb, pg_ctl) not found: install the 'postgresql' package")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ia-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.as_root = os.geteuid() == 0
        self.bin = bin_dir()

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if self.as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=self.folder)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres:{self.password}@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.as_root:
            shutil.chown(self.folder, SERVER_USER)
            shutil.chown(pwfile, SERVER_USER)
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--pwfile", str(pwfile),
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
        )
        pwfile.unlink()
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=250"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                  "-o", options, "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def main(argv: Sequence[str]) -> int:
    command = list(argv[1:] if argv and argv[0] == "--" else argv)
    if not command:
        print("usage: python -m tests.team.pg_server -- COMMAND...", file=sys.stderr)
        return 2
    # A stopped `make` sends SIGTERM: turn it into an exit so the server is still stopped.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    server = PgServer()
    try:
        server.start()
        print(f"PostgreSQL running on 127.0.0.1:{server.port} ({server.folder})", flush=True)
        env = dict(os.environ, **{URL_ENV: server.url})
        return subprocess.run(command, env=env).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
