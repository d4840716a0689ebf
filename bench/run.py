"""``make bench``: build a big cache, then time what agents feel.

Generates 200,000 clients and 2,000,000 history notes into a temporary SQLite
file through the real migrations, then measures the lookup bar's search (p50/p95
over a realistic mix of exact CIDs, name prefixes and typos), note full-text
search and roster import speed.  Goals: lookup p95 <= 20 ms, note
search p95 <= 50 ms.

Why not a timed test: timings depend on the machine; this prints numbers for a
person to read and exits non-zero only when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from desktop.models.store import clients, sqlite_store
from desktop.models.store.clients import normalise_name
from desktop.models.store.db import Store, open_store

LOOKUP_GOAL_MS = 20.0
NOTES_GOAL_MS = 50.0
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

FIRST = ["maria", "jose", "juan", "luis", "carlos", "ana", "jorge", "rosa", "miguel", "pedro", "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles", "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "lisa", "nancy", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy", "angela", "shirley", "anna", "brenda", "pamela", "emma", "nicole", "helen", "samantha", "katherine", "christine", "debra", "rachel", "carolyn", "janet", "catherine", "guadalupe", "alejandro", "francisco", "antonio", "manuel", "ricardo", "fernando", "javier", "sergio", "eduardo", "roberto", "daniel", "raul", "ramon", "alberto", "mario", "hector", "jesus", "oscar", "arturo", "enrique", "gabriela", "veronica", "adriana", "alejandra", "leticia", "martha", "silvia", "patricia", "yolanda", "lucia", "carmen", "teresa", "elena", "isabel", "sofia", "valeria", "daniela", "camila", "mariana", "andrea", "paula", "natalia", "diana", "kevin", "brian", "george", "edward", "ronald", "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel", "gregory", "frank", "alexander", "raymond", "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "henry", "adam", "douglas", "nathan", "peter", "zachary", "kyle", "walter", "harold", "jeremy", "ethan", "carl", "keith", "roger", "gerald", "christian", "terry", "sean", "arthur", "austin", "noah", "lawrence", "jesse", "joe", "bryan", "billy", "jordan", "albert", "dylan", "bruce", "willie", "gabriel", "alan", "juan", "logan", "wayne", "ralph", "roy", "eugene", "randy", "vincent", "russell", "louis", "philip", "bobby"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "gomez", "phillips", "evans", "turner", "diaz", "parker", "cruz", "edwards", "collins", "reyes", "stewart", "morris", "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan", "cooper", "peterson", "bailey", "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson", "watson", "brooks", "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes", "price", "alvarez", "castillo", "sanders", "patel", "myers", "long", "ross", "foster", "jimenez", "powell", "jenkins", "perry", "russell", "sullivan", "bell", "coleman", "butler", "henderson", "barnes", "gonzales", "fisher", "vasquez", "simmons", "romero", "jordan", "patterson", "alexander", "hamilton", "graham", "reynolds", "griffin", "wallace", "moreno", "west", "cole", "hayes", "bryant", "herrera", "gibson", "ellis", "tran", "medina", "aguilar", "stevens", "murray", "ford", "castro", "marshall", "owens", "harrison", "fernandez", "mcdonald", "woods", "washington", "kennedy", "wells", "vargas", "henry", "chen", "freeman", "webb", "tucker", "guzman", "burns", "crawford", "olson", "simpson", "porter", "hunter", "gordon", "mendez", "silva", "shaw", "snyder", "mason", "dixon", "munoz", "hunt", "hicks", "holmes", "palmer", "wagner", "black", "robertson", "boyd", "rose", "stone", "salazar", "fox", "warren", "mills", "meyer", "rice", "schmidt", "garza", "daniels"]
SYLLABLES = ["ba", "be", "bi", "bo", "bu", "ca", "ce", "co", "cu", "da", "de", "di", "do", "du", "fa", "fe", "fi", "ga", "go", "gu", "ha", "he", "hi", "ja", "jo", "ka", "ke", "ki", "ko", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ne", "ni", "no", "nu", "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to", "tu", "va", "ve", "vi", "wa", "we", "ya", "yo", "za", "zo", "ber", "ton", "son", "man", "ley", "ers", "ell", "ard", "ing", "ner", "ski", "vich", "ez", "az"]
BRANDS = ("plus", "plus", "plus", "m9", "monitech")
STATE_ZONES = (
    ("TX", "America/Chicago"),
    ("CA", "America/Los_Angeles"),
    ("FL", "America/New_York"),
    ("NY", "America/New_York"),
    ("AZ", "America/Phoenix"),
    ("WA", "America/Los_Angeles"),
    ("OK", "America/Chicago"),
    ("VA", "America/New_York"),
    ("WV", "America/New_York"),
    ("CO", "America/Denver"),
    ("HI", "Pacific/Honolulu"),
    ("AK", "America/Anchorage"),
    ("PR", "America/Puerto_Rico"),
    ("IL", "America/Chicago"),
)
NOTE_WORDS = ["client", "called", "about", "permanent", "lockout", "device", "service", "center", "appointment", "scheduled", "rescheduled", "payment", "plan", "balance", "credit", "courtesy", "refund", "reset", "fee", "violation", "tamper", "missed", "appointment", "calibration", "removal", "install", "monitoring", "report", "court", "order", "state", "transfer", "mechanic", "affidavit", "work", "order", "tow", "receipt", "invoice", "adjustment", "coupon", "override", "code", "waived", "quoted", "price", "explained", "expectations", "educated", "future", "fees", "verified", "identity", "address", "phone", "email", "spanish", "interpreter", "escalated", "leadership", "chat", "ticket", "utr", "csg", "callback", "requested", "voicemail", "left", "confirmed", "drive", "time", "minutes", "vehicle", "location", "portal", "autopay", "declined", "card", "approved", "receipt", "sent", "lockout", "cleared", "download", "final", "exchange", "battery", "starter", "issue", "warning", "retest", "failed", "passed", "breath", "sample", "rolling", "retest", "photo", "camera", "blocked", "window", "early", "late", "weekend"]
TEMPLATES = (
    "Client called regarding {a} {b}. Agent {c} the {d} and {e} {f}.",
    "{A} {b} {c}; client {d} {e}. Follow up {f} {g}.",
    "Reason: {a} {b}. Resolution: {c} {d} {e}, {f} {g} {h}.",
    "Customer asked about {a} and {b}. Explained {c} {d}. {E} {f} {g}.",
)


def make_vocab(rnd: random.Random, size: int) -> list[str]:
    """Extra surnames so the name vocabulary is as varied as a real roster's."""
    found: set[str] = set()
    while len(found) < size:
        found.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))))
    return sorted(found)


def client_rows(n: int, rnd: random.Random) -> list[tuple[Any, ...]]:
    extra = make_vocab(rnd, 20_000)
    cids = rnd.sample(range(1_000_000, 9_999_999), n)
    stamp = NOW.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    rows = []
    for i in range(n):
        first = rnd.choice(FIRST)
        last = rnd.choice(LAST) if rnd.random() < 0.6 else rnd.choice(extra)
        if rnd.random() < 0.15:  # compound Hispanic surnames
            last = f"{last} {rnd.choice(LAST)}"
        name = f"{first.title()} {last.title()}"
        state, zone = rnd.choice(STATE_ZONES)
        balance = rnd.choice((0, 0, 0, 0, 2500, -1000))
        rows.append(
            (
                str(cids[i]),
                name,
                normalise_name(name),
                rnd.choice(BRANDS),
                None,
                state,
                zone,
                "Service Center",
                "1 Main St",
                zone,
                balance,
                "es" if rnd.random() < 0.2 else "en",
                "[]",
                stamp,
            )
        )
    return rows


def note_text(rnd: random.Random) -> str:
    picks = {k: rnd.choice(NOTE_WORDS) for k in "abcdefgh"}
    picks.update({k.upper(): v.title() for k, v in picks.items()})
    return rnd.choice(TEMPLATES).format(**picks)


def generate(store: Store, n_clients: int, n_notes: int, seed: int = 7) -> tuple[list[tuple[Any, ...]], float]:
    """Bulk-load through one raw connection (triggers and FTS5 indexes stay live)."""
    rnd = random.Random(seed)
    started = time.perf_counter()
    rows = client_rows(n_clients, rnd)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-200000")
        with sqlite_store.bulk_loading(cur):
            _insert(raw, cur, rows, n_clients, n_notes, rnd)
        raw.commit()
        cur.execute("INSERT INTO clients_fts(clients_fts) VALUES ('optimize')")
        cur.execute("INSERT INTO history_fts(history_fts) VALUES ('optimize')")
        raw.commit()
        cur.execute("PRAGMA optimize")
        cur.execute("PRAGMA synchronous=FULL")
    finally:
        raw.close()
    return rows, time.perf_counter() - started


def _insert(
    raw: Any, cur: Any, rows: list[tuple[Any, ...]], n_clients: int, n_notes: int, rnd: random.Random
) -> None:
    """Bulk inserts through the real tables (the caller suspends the FTS triggers)."""
    cur.executemany(
        "INSERT INTO clients (cid, name, name_key, brand, device_model, state, time_zone, "
        "service_center_name, service_center_address, service_center_tz, balance, preferred_language, "
        "critical_flags, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    raw.commit()
    base = NOW.replace(tzinfo=None) - timedelta(days=3 * 365)
    chunk = 100_000
    for start in range(0, n_notes, chunk):
        batch = []
        for j in range(start, min(n_notes, start + chunk)):
            at = base + timedelta(seconds=j * 47)
            batch.append(
                (
                    rnd.randint(1, n_clients),
                    at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    "bench",
                    "Note",
                    note_text(rnd),
                )
            )
        cur.executemany(
            "INSERT INTO history (client_id, kind, created_at, agent, summary, note_text, details) "
            "VALUES (?, 'note', ?, ?, ?, ?, '{}')",
            batch,
        )
        raw.commit()
        print(f"  notes {min(n_notes, start + chunk):>9,} / {n_notes:,}", end="\r", file=sys.stderr)
    print("\n  indexing …", file=sys.stderr)


def typo(word: str, rnd: random.Random) -> str:
    """One edit after the first letter: substitution, deletion, insertion or swap."""
    if len(word) < 4:
        return word
    i = rnd.randint(1, len(word) - 1)
    kind = rnd.choice(("sub", "del", "ins", "swap"))
    if kind == "sub":
        return word[:i] + rnd.choice(string.ascii_lowercase) + word[i + 1 :]
    if kind == "del":
        return word[:i] + word[i + 1 :]
    if kind == "ins":
        return word[:i] + rnd.choice(string.ascii_lowercase) + word[i:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def lookup_queries(rows: Sequence[tuple[Any, ...]], n: int, rnd: random.Random) -> list[tuple[str, str, str]]:
    """(kind, query, expected name_key) in proportions an agent's day might have."""
    queries = []
    for _ in range(n):
        row = rnd.choice(rows)
        cid, key = row[0], row[2]
        first, *rest = key.split()
        last = rest[-1] if rest else first
        r = rnd.random()
        if r < 0.25:
            queries.append(("exact CID", cid, key))
        elif r < 0.35:
            queries.append(("CID prefix", cid[: rnd.randint(3, 5)], key))
        elif r < 0.55:
            queries.append(("name prefix", key[: rnd.randint(3, len(key))], key))
        elif r < 0.65:
            queries.append(("last name prefix", last[: rnd.randint(2, len(last))], key))
        elif r < 0.75:
            queries.append(("last first", f"{last} {first[: rnd.randint(1, len(first))]}", key))
        else:
            queries.append(("typo", f"{first} {typo(last, rnd)}", key))
    return queries


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def relevant(kind: str, q: str, key: str, cids: list[str], names: list[str]) -> bool:
    """Did the lookup answer sensibly?  (Ambiguous prefixes cannot all name one client.)"""
    if not cids:
        return False
    words = normalise_name(q).split()
    if kind == "exact CID":
        return cids[0] == q
    if kind == "CID prefix":
        return all(c.startswith(q) for c in cids)
    if kind == "name prefix":
        return names[0].startswith(normalise_name(q))
    if kind in ("last name prefix", "last first"):
        return all(any(w.startswith(t) for w in names[0].split()) for t in words)
    return key in names  # typo: the intended name is offered


def bench_lookup(store: Store, rows: Sequence[tuple[Any, ...]], n: int) -> dict[str, Any]:
    rnd = random.Random(11)
    queries = lookup_queries(rows, n, rnd)
    for _kind, q, _key in queries[:50]:  # warm the page cache like a running app
        with store.sessions() as s:
            clients.search(s, q)
    per_kind: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for kind, q, key in queries:
        with store.sessions() as s:
            ms, found = timed(partial(clients.search, s, q, 8))
        per_kind.setdefault(kind, []).append(ms)
        if relevant(kind, q, key, [c.cid for c in found], [normalise_name(c.name) for c in found]):
            hits[kind] = hits.get(kind, 0) + 1
    everything = [v for vs in per_kind.values() for v in vs]
    return {"all": everything, "kinds": per_kind, "hits": hits}


def bench_notes(store: Store, n: int) -> list[float]:
    from desktop.models.store.note_search import search_notes

    rnd = random.Random(13)
    times = []
    for i in range(n):
        r = rnd.random()
        if r < 0.4:
            q = rnd.choice(NOTE_WORDS)
        elif r < 0.7:
            q = f"{rnd.choice(NOTE_WORDS)} {rnd.choice(NOTE_WORDS)}"
        elif r < 0.9:
            w = rnd.choice(NOTE_WORDS)
            q = f"{rnd.choice(NOTE_WORDS)} {w[: max(3, len(w) - 2)]}"
        else:
            q = f"{rnd.choice(NOTE_WORDS)} zzqx{i}"  # no match: the worst case for early exit
        with store.sessions() as s:
            ms, _ = timed(partial(search_notes, s, q, limit=50))
        times.append(ms)
    return times


def bench_import(store: Store, rows: Sequence[tuple[Any, ...]], n: int) -> dict[str, float]:
    from desktop.models.store import roster, roster_write

    rnd = random.Random(17)
    header = "cid,name,brand,state,time_zone,balance,preferred_language\n"
    lines = [header]
    existing = rnd.sample(list(rows), n // 2)
    for row in existing:
        lines.append(f"{row[0]},{row[1]},{row[3]},{row[5]},{row[6]},{Decimal(row[10] + 100) / 100:.2f},es\n")
    for i in range(n - len(existing)):
        state, zone = rnd.choice(STATE_ZONES)
        lines.append(f"X{i:07d},New Client {i},plus,{state},{zone},0.00,en\n")
    data = "".join(lines).encode("utf-8")
    t0 = time.perf_counter()
    report = roster.parse_roster(data, filename="roster.csv")
    t1 = time.perf_counter()
    with store.sessions() as s, s.begin():
        result = roster_write.import_rows(s, report.rows, now=NOW)
    t2 = time.perf_counter()
    assert not report.problems, report.problems[:3]
    assert result.inserted + result.updated + result.unchanged == n
    return {
        "rows": n,
        "parse_rows_s": n / (t1 - t0),
        "upsert_rows_s": n / (t2 - t1),
        "total_rows_s": n / (t2 - t0),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--clients", type=int, default=200_000)
    parser.add_argument("--notes", type=int, default=2_000_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--note-queries", type=int, default=500)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="keep the generated database at this path")
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="ia-bench-"))
    path = args.keep or folder / "bench.sqlite3"
    print(f"Generating {args.clients:,} clients and {args.notes:,} notes in {path} …", file=sys.stderr)
    t = time.perf_counter()
    store = open_store(f"sqlite:///{path}")
    migrate_s = time.perf_counter() - t
    rows, gen_s = generate(store, args.clients, args.notes)
    size_mb = path.stat().st_size / 1e6
    print(f"  migrations {migrate_s:.1f} s, data {gen_s:.1f} s, file {size_mb:.0f} MB", file=sys.stderr)

    lookup = bench_lookup(store, rows, args.lookups)
    notes = bench_notes(store, args.note_queries)
    imp = bench_import(store, rows, args.import_rows)
    store.engine.dispose()

    all_ms = lookup["all"]
    lk_p50, lk_p95 = percentile(all_ms, 50), percentile(all_ms, 95)
    nt_p50, nt_p95 = percentile(notes, 50), percentile(notes, 95)
    print()
    print(f"{'measure':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'goal':>12}  {'answer':>7}")
    print("-" * 82)
    for kind, values in sorted(lookup["kinds"].items()):
        found = lookup["hits"].get(kind, 0) / len(values)
        print(
            f"  lookup: {kind:<24}{percentile(values, 50):>9.2f}{percentile(values, 95):>9.2f}"
            f"{max(values):>9.2f}{'':>12}  {found:>6.0%}"
        )
    ok_lookup = lk_p95 <= LOOKUP_GOAL_MS
    ok_notes = nt_p95 <= NOTES_GOAL_MS
    print(
        f"{'client lookup (all ' + str(len(all_ms)) + ')':<34}{lk_p50:>9.2f}{lk_p95:>9.2f}{max(all_ms):>9.2f}"
        f"{'p95<=20':>12}  {'OK' if ok_lookup else 'MISSED':>7}"
    )
    print(
        f"{'note search (' + str(len(notes)) + ')':<34}{nt_p50:>9.2f}{nt_p95:>9.2f}{max(notes):>9.2f}"
        f"{'p95<=50':>12}  {'OK' if ok_notes else 'MISSED':>7}"
    )
    print("-" * 82)
    print(
        f"roster import of {imp['rows']:,} rows (half updates): parse {imp['parse_rows_s']:,.0f} rows/s, "
        f"upsert {imp['upsert_rows_s']:,.0f} rows/s, overall {imp['total_rows_s']:,.0f} rows/s"
    )
    print(f"data set: {args.clients:,} clients, {args.notes:,} notes, {size_mb:.0f} MB; generated in {gen_s:.0f} s")
    if args.json:
        print(
            json.dumps(
                {
                    "lookup_p50_ms": lk_p50,
                    "lookup_p95_ms": lk_p95,
                    "notes_p50_ms": nt_p50,
                    "notes_p95_ms": nt_p95,
                    **imp,
                }
            )
        )
    if args.keep is None:
        for p in folder.glob("*"):
            p.unlink()
        folder.rmdir()
    return 0 if ok_lookup and ok_notes else 1


if __name__ == "__main__":
    raise SystemExit(main())
