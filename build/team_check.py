"""``interlock-assist --check-team``: does team mode's driver and credential store load in this build?

Why a separate check: the smoke run never opens a team server, so a frozen build that
lost psycopg's libraries, the ssl module or the keyring backend's dependencies would
still pass it.  This imports the driver and loads libpq (its OpenSSL included), and asks
the platform's keyring backend for its priority: a missing module answers differently
from a machine with no credential service running (a headless test machine).  Given a
server URL, it also connects and says whether the connection is encrypted, which is
what proves that libpq works with the OpenSSL it shares with the ssl module.
"""

from __future__ import annotations

import importlib
import sys

# keyring's backend for each platform, and the error it gives when a module it needs is missing.
BACKENDS = {
    "linux": ("keyring.backends.SecretService", "required"),
    "win32": ("keyring.backends.Windows", "Requires Windows and pywin32"),
    "darwin": ("keyring.backends.macOS", "Security API unavailable"),
}


def main(argv: list[str]) -> int:
    import ssl

    import psycopg

    lines = [
        f"ssl {ssl.OPENSSL_VERSION}",
        f"psycopg {psycopg.__version__} {psycopg.pq.__impl__}, libpq {psycopg.pq.version()}",
    ]
    ok = True
    module_name, missing = BACKENDS.get(sys.platform, BACKENDS["linux"])
    backend = importlib.import_module(module_name).Keyring
    try:
        lines.append(f"keyring backend {module_name}: priority {backend.priority}")
    except Exception as exc:  # keyring's way to say "not viable here" is an exception
        ok = missing not in str(exc)
        lines.append(f"keyring backend {module_name}: {'MISSING' if not ok else 'no service'}: {exc}")
    if argv:
        try:
            with psycopg.connect(argv[0].replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
                lines.append(f"connected, ssl {'on' if conn.pgconn.ssl_in_use else 'off'}")
        except psycopg.Error as exc:
            ok = False
            lines.append(f"connect FAILED: {exc}")
    lines.append(f"team check {'ok' if ok else 'FAILED'}")
    # A windowed Windows build has no stdout: the lines also go to a file, as the smoke run's.
    from desktop import paths

    (paths.log_dir() / "team-check.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if sys.stdout is not None:
        print("\n".join(lines), flush=True)
    return 0 if ok else 1
