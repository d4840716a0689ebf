"""Cold start of `--smoke` against a "stack floor" that does only the unavoidable.

The floor: QApplication + a QMainWindow shown + a SQLAlchemy engine on an SQLite
file + babel imported.  Runs alternate (app, floor, app, floor…) so both see the
same machine state; we report medians and peak RSS.  Goal: app/floor ≤ 1.3×.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FLOOR = r"""
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import create_engine, text
import babel.dates, babel.numbers
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.show(); app.processEvents()
engine = create_engine(f"sqlite:///{sys.argv[1]}")
with engine.connect() as c:
    c.execute(text("select 1"))
print("floor ok")
"""


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}")
    return elapsed, usage.ru_maxrss  # KiB on Linux


def measure(runs: int = 10, frozen: Path | None = None) -> dict[str, tuple[float, float]]:
    tmp = Path(tempfile.mkdtemp(prefix="ia-start-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INTERLOCK_ASSIST_HOME=str(tmp / "home"))
    app_db, floor_db = tmp / "app.sqlite3", tmp / "floor.sqlite3"
    commands = {
        "app (--smoke)": [sys.executable, "-m", "desktop", "--smoke", "--db", str(app_db)],
        "floor": [sys.executable, "-c", FLOOR, str(floor_db)],
    }
    if frozen is not None:
        commands["frozen (--smoke)"] = [str(frozen), "--smoke", "--db", str(tmp / "frozen.sqlite3")]
    for cmd in commands.values():  # warm the page cache and create/migrate the databases once
        _run(cmd, env)
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(_run(cmd, env))
    return {
        name: (statistics.median(t for t, _ in s), statistics.median(r for _, r in s) / 1024)
        for name, s in samples.items()
    }


def main() -> None:
    frozen = ROOT / "dist" / "interlock-assist" / "interlock-assist"
    results = measure(frozen=frozen if frozen.exists() else None)
    floor_t, floor_rss = results["floor"]
    print(f"{'start-up':<18}{'median s':>10}{'peak RSS MiB':>14}{'× floor (t)':>13}{'× floor (RSS)':>15}")
    for name, (t, rss) in results.items():
        print(f"{name:<18}{t:>10.3f}{rss:>14.1f}{t / floor_t:>13.2f}{rss / floor_rss:>15.2f}")
    if frozen.exists():
        size = sum(p.stat().st_size for p in frozen.parent.rglob("*") if p.is_file() and not p.is_symlink())
        print(f"one-folder build size: {size / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
