"""``make soak``: a long shift on the real main window, with memory and latency at start and end.

A full day of calls: 2,000 client opens and 30,000 keystrokes in all (lookups,
shortcuts, notes), with every workflow visited and the language switched.  Before
and after, a probe types into the lookup and into a note field and times each
keystroke until the event queue is idle (p50/p95); RSS is read at the same two
points.  A slower end than start, or memory that keeps growing, shows what a
short test cannot.

Why not a test: the figures depend on the machine; this prints them for a person
to read.  It exits non-zero only if the window stops working.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INTERLOCK_ASSIST_HOME", tempfile.mkdtemp(prefix="ia-soak-"))

from PySide6.QtWidgets import QApplication

from tests.soak_driver import NOTE_TEXT, Shift, ShiftLog, demo_window, percentile, rss_bytes

PROBE_OPENS = 20
PROBE_NOTE = 200


def probe(shift: Shift) -> tuple[float, float, int]:
    """p50 and p95 keystroke-to-idle latency (ms) over lookups and note typing, and RSS."""
    shift.measure = True
    shift.log.latencies_ms.clear()
    for n in range(PROBE_OPENS):
        shift.open_client(shift.typed_for(n))
    shift.type_note(PROBE_NOTE)
    values = list(shift.log.latencies_ms)
    shift.measure = False
    return percentile(values, 50), percentile(values, 95), rss_bytes()


def report(label: str, figures: tuple[float, float, int]) -> None:
    p50, p95, rss = figures
    print(f"{label:>5}: RSS {rss / 2**20:7.1f} MiB   keystroke-to-idle p50 {p50:6.1f} ms   p95 {p95:6.1f} ms",
          flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="soak", description=__doc__)
    parser.add_argument("--opens", type=int, default=2_000)
    parser.add_argument("--keystrokes", type=int, default=30_000, help="all keys of the shift, lookups included")
    parser.add_argument("--switches", type=int, default=40, help="language switches")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="ia-soak-") as folder, demo_window(Path(folder)) as window:
        warm = Shift(window)
        for index in range(5):
            warm.visit(index)
        warm.open_client(warm.cids[0])
        start = probe(warm)
        report("start", start)

        shift = Shift(window)
        # Lookups cost about eight keys each (CID or name, Enter, Ctrl+L, Ctrl+A, Ctrl+n);
        # the rest of the keystrokes go into notes.
        lookup_keys = sum(len(shift.typed_for(n)) + 4 for n in range(args.opens))
        note_chars = max(len(NOTE_TEXT), args.keystrokes - lookup_keys - 4 * args.switches)
        started = time.monotonic()

        printed = [0]

        def progress(log: ShiftLog) -> None:
            if log.opens - printed[0] >= max(1, args.opens // 10):
                printed[0] = log.opens
                print(f"  … {log.opens} opens, {log.keystrokes} keys, RSS {rss_bytes() / 2**20:.0f} MiB, "
                      f"{time.monotonic() - started:.0f} s", flush=True)

        log = shift.run(args.opens, note_chars, args.switches, progress=progress)
        took = time.monotonic() - started
        opens, keys, visits, switches, missed = (
            log.opens, log.keystrokes, log.workflow_visits, log.language_switches, log.lookup_clicks
        )
        end = probe(shift)
        report("end", end)
        print(
            f"shift: {opens} opens, {keys} keystrokes, {visits} workflow visits, "
            f"{switches} language switches in {took:.0f} s; "
            f"RSS {(end[2] - start[2]) / 2**20:+.1f} MiB; Ctrl+L missed the lookup {missed} times"
        )
        client = shift.open_client("300101")
        still_works = client is not None and client.cid == "300101" and window.isVisible()
    del app
    return 0 if still_works else 1


if __name__ == "__main__":
    raise SystemExit(main())
