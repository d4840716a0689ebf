"""Roster files that are wrong in every way we know: each is a report, never a crash; staging never blocks a writer."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.models.store import roster_read
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.roster import PROBLEM_TEXTS, RosterReport
from desktop.models.store.roster_read import RosterScan, parse_roster
from desktop.models.store.roster_stage import RosterStage
from desktop.models.store.schema import Client

HEADER = "cid,name,brand,state,time_zone,balance,critical_flags\n"


def row(cid: str = "1", name: str = "Ann Lee", balance: str = "", flags: str = "") -> str:
    return f"{cid},{name},plus,TX,America/Chicago,{balance},{flags}\n"


def codes(report: RosterReport) -> list[tuple[int, str, str]]:
    return [(p.row, p.field, p.code) for p in report.problems]


def assert_is_a_report(report: RosterReport) -> None:
    """Every problem has a plain text in both languages, and the counts add up.

    The file's own words are quoted back to the lead, so a cell reading "Error" may appear;
    what must not appear is a Python error name or an unfilled placeholder.
    """
    for p in report.problems:
        for language in ("en", "es"):
            text = p.text(language)
            own_words_removed = text.replace(p.detail, "") if p.detail else text
            assert text and "Error" not in own_words_removed and "{detail}" not in text
    if not report.file_problems:
        assert report.ready_count + report.bad_row_count == report.total_rows


# --------------------------------------------------------------------------- the table of cases


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "r.json", [(0, "", "nested_too_deep")]),
        ('{"clients": ' + "[" * 5000 + "]" * 5000 + "}", "r.json", [(0, "", "nested_too_deep")]),
        ('{"clients": ' + "[" * 50 + "]" * 50 + "}", "r.json", [(1, "", "not_an_object")]),
        ('[{"cid": ' + "9" * 5000 + ', "name": "A", "brand": "plus", "state": "TX", "time_zone": "America/Chicago"}]',
         "r.json", [(1, "cid", "not_text")]),
        ('[{"cid": "1", "name": "A", "brand": "plus", "state": "TX", "time_zone": "America/Chicago", "balance": '
         + "9" * 5000 + "}]", "r.json", [(1, "balance", "bad_balance")]),
        ('[{"cid": "1", "name": "A", "brand": "plus", "state": "TX", "time_zone": "America/Chicago", "balance": '
         "1e999999}]", "r.json", [(1, "balance", "balance_out_of_range")]),
        ('[{"cid": "1", "name": "A", "brand": "plus", "state": "TX", "time_zone": "America/Chicago", "balance": '
         "NaN}]", "r.json", [(1, "balance", "bad_balance")]),
        (HEADER + row(name='"=HYPERLINK(""http://evil"",""x"")"'), "r.csv", [(2, "name", "formula_cell")]),
        (HEADER + row(name="+cmd|' /C calc'!A0"), "r.csv", [(2, "name", "formula_cell")]),
        (HEADER + row(name="@SUM(A1)"), "r.csv", [(2, "name", "formula_cell")]),
        (HEADER + row(name="-2+3"), "r.csv", [(2, "name", "formula_cell")]),
        (HEADER + row(flags="ok|=cmd()"), "r.csv", [(2, "critical_flags", "formula_cell")]),
        (HEADER + row(name="Ann\x00Lee"), "r.csv", [(2, "name", "control_character")]),
        (HEADER + row(cid="1\x00"), "r.csv", [(2, "cid", "control_character")]),
        (HEADER + row(name="Ann\x07Lee"), "r.csv", [(2, "name", "control_character")]),
        (HEADER + row(balance="-5.00") + row(cid="2", balance="(3.50)"), "r.csv", []),
        (HEADER + row(balance="=1+1"), "r.csv", [(2, "balance", "bad_balance")]),
    ],
)
def test_each_bad_input_is_reported_where_it_is(data: str, filename: str, expected: list[tuple[int, str, str]]) -> None:
    report = parse_roster(data.encode(), filename=filename)
    assert codes(report) == expected
    assert_is_a_report(report)


@pytest.mark.parametrize(
    ("data", "code", "detail"),
    [
        ((HEADER + row(name="Mu\x81oz")).encode("latin-1"), "bad_encoding", "2"),
        (HEADER.encode() + row(name="Muñoz").encode() + row(cid="2", name="Peña").encode("latin-1"), "damaged_utf8",
         "3"),
        (b"", "empty_file", ""),
        (HEADER.encode(), "empty_file", ""),
        (b"\x00" * 64, "missing_columns", "cid, name, brand, state, time_zone"),
    ],
)
def test_unreadable_files_are_one_plain_problem(data: bytes, code: str, detail: str) -> None:
    report = parse_roster(data, filename="r.csv")
    assert [(p.row, p.code, p.detail) for p in report.problems] == [(0, code, detail)]
    assert not report.importable
    assert_is_a_report(report)


def test_windows_1252_and_utf16_are_read_and_named() -> None:
    text = HEADER + row(name="José Muñoz – “Pepe”")
    for encoding, name in (("cp1252", "Windows-1252"), ("utf-16", "UTF-16"), ("utf-8-sig", "UTF-8")):
        report = parse_roster(text.encode(encoding), filename="r.csv")
        assert report.encoding == name
        assert report.rows[0].name == "José Muñoz – “Pepe”"


def test_large_json_is_refused_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster_read, "JSON_MAX_BYTES", 10)
    report = parse_roster(b'[{"cid": "1"}]', filename="r.json")
    assert codes(report) == [(0, "", "json_too_large")]
    assert "CSV" in report.problems[0].text("en")


def test_a_file_without_line_breaks_is_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roster_read, "LINE_MAX", 64)
    report = parse_roster((HEADER + row(name="A" * 500)).encode(), filename="r.csv")
    assert report.file_problems or report.problems  # reported, whatever the pieces hold
    assert not report.rows


def test_every_problem_code_has_a_spanish_text() -> None:
    from desktop.i18n import gettext_for

    es = gettext_for("es")
    assert all(es(text) != text for text in PROBLEM_TEXTS.values())


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=400, deadline=None)
@given(data=st.binary(max_size=600), filename=st.sampled_from(["r.csv", "r.json", "r.txt", None]))
def test_random_bytes_are_a_report(data: bytes, filename: str | None) -> None:
    assert_is_a_report(parse_roster(data, filename=filename))


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.integers(min_value=10**40, max_value=10**60) | st.text(max_size=12) | st.decimals(allow_nan=False).map(str)
NESTED = st.recursive(JSON_LEAVES, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
    st.sampled_from(["cid", "name", "brand", "state", "time_zone", "balance", "critical_flags", "clients", "x"]),
    kids, max_size=6), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(value=NESTED, depth=st.integers(min_value=0, max_value=3000))
def test_random_nested_json_is_a_report(value: Any, depth: int) -> None:
    text = "[" * depth + json.dumps(value) + "]" * depth
    assert_is_a_report(parse_roster(text.encode(), filename="r.json"))


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=15) | st.sampled_from(
    ["=1+1", "+cmd|' /C calc'!A0", "-5.00", "@x", "\x00", "TX", "plus", "America/Chicago", "1e999999", "NaN"]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
@example(rows=[["", "", "Error"]], delimiter=",", encoding="utf-8")  # a brand cell quoted back
def test_random_csv_is_a_report(rows: list[list[str]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["cid", "name", "brand", "state", "time_zone", "balance", "critical_flags"])
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding, errors="replace")
    report = parse_roster(data, filename="r.csv")
    assert_is_a_report(report)
    for r in report.rows:  # nothing formula-like or invisible is ever ready to import
        for text in (r.cid, r.name, *r.critical_flags):
            assert not text.startswith(("=", "+", "-", "@")) and "\x00" not in text


# --------------------------------------------------------------------------- staging and the swap


def big_csv(n: int, start: int = 700000) -> bytes:
    return (HEADER + "".join(row(cid=str(start + i), name=f"Client {i}", balance="1.00") for i in range(n))).encode()


def clients_count(store: Store) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Client)) or 0)


def test_another_connection_saves_at_once_while_rows_are_staged(store: Store, now: datetime) -> None:
    data = big_csv(300)
    db_path = store.engine.url.database
    assert db_path
    saved = 0
    with RosterStage(store.engine) as stage:
        scan = RosterScan(io.BytesIO(data), len(data), filename="r.csv", sink=stage.add,
                          find_duplicates=stage.duplicates)
        while not scan.step(25):
            # A note saved between two slices, by another connection that will not wait at all.
            other = sqlite3.connect(db_path, timeout=0)
            other.execute("CREATE TABLE IF NOT EXISTS probe_note(text)")
            other.execute("INSERT INTO probe_note VALUES ('saved during the import')")
            other.commit()
            other.close()
            saved += 1
        assert scan.report().ready_count == 300
        assert clients_count(store) == 0  # staged only
        result = stage.swap(now)
    assert saved >= 10
    assert result.inserted == 300 and clients_count(store) == 300


def test_cancel_before_the_swap_changes_nothing(
    store: Store, now: datetime, add_client: Callable[..., ClientInfo]
) -> None:
    add_client()
    data = big_csv(50) + row(cid="100200", name="Maria Lopez", balance="99.00").encode()
    with RosterStage(store.engine) as stage:
        RosterScan(io.BytesIO(data), len(data), filename="r.csv", sink=stage.add,
                   find_duplicates=stage.duplicates).run()
        assert stage.staged == 51
    assert clients_count(store) == 1
    with store.sessions() as s:
        maria = s.scalar(select(Client).where(Client.cid == "100200"))
    assert maria is not None and maria.balance == Decimal("0.00")
    with RosterStage(store.engine) as again:  # the TEMP table went with the first stage
        assert again.staged == 0


def test_swap_counts_and_duplicates_found_in_sql(store: Store, now: datetime) -> None:
    first = HEADER + row("1", "Ann Lee", "1.00", "a|b") + row("2", "Bo Stone") + row("3", "Cy Diaz")
    with RosterStage(store.engine) as stage:
        report = RosterScan(io.BytesIO(first.encode()), len(first), filename="r.csv", sink=stage.add,
                            find_duplicates=stage.duplicates).run()
        assert report.ready_count == 3
        assert stage.swap(now).inserted == 3
    second = HEADER + row("1", "Ann Lee", "1.00", "a|b") + row("2", "Bob Stone") + row("3", "Cy Diaz", "5.00") \
        + row("4", "Di") + row("5", "Ed") + row("5", "Ed Two")
    with RosterStage(store.engine) as stage:
        report = RosterScan(io.BytesIO(second.encode()), len(second), filename="r.csv", sink=stage.add,
                            find_duplicates=stage.duplicates).run()
        assert codes(report) == [(6, "cid", "duplicate_cid"), (7, "cid", "duplicate_cid")]
        assert (report.ready_count, report.bad_row_count) == (4, 2)
        result = stage.swap(now)
    assert (result.inserted, result.updated, result.unchanged) == (1, 2, 1)
    with store.sessions() as s:
        ann = s.scalar(select(Client).where(Client.cid == "1"))
        bob = s.scalar(select(Client).where(Client.cid == "2"))
    assert ann is not None and ann.critical_flags == ["a", "b"] and ann.balance == Decimal("1.00")
    assert bob is not None and bob.name == "Bob Stone" and bob.name_key == "bob stone"


def test_a_failed_swap_rolls_back_everything(store: Store, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    data = big_csv(20)
    with RosterStage(store.engine) as stage:
        RosterScan(io.BytesIO(data), len(data), filename="r.csv", sink=stage.add).run()
        with pytest.raises(ValueError):
            stage.swap(datetime(2026, 1, 1))  # naive: refused before anything is written
        assert clients_count(store) == 0
        assert stage.swap(now).inserted == 20


def test_read_roster_from_disk_names_a_missing_file(tmp_path: Path) -> None:
    report = roster_read.read_roster(tmp_path / "gone.csv")
    assert codes(report) == [(0, "", "unreadable")]


def test_interrupting_the_swap_leaves_all_or_nothing(store: Store, now: datetime) -> None:
    import threading

    data = big_csv(20000)
    with RosterStage(store.engine) as stage:
        RosterScan(io.BytesIO(data), len(data), filename="r.csv", sink=stage.add).run()
        outcome: list[object] = []
        worker = threading.Thread(target=lambda: outcome.append(_swap_or_error(stage, now)))
        worker.start()
        stage.interrupt()
        worker.join()
    assert clients_count(store) in (0, 20000)  # never half an import
    assert (clients_count(store) == 0) == isinstance(outcome[0], Exception)


def _swap_or_error(stage: RosterStage, now: datetime) -> object:
    try:
        return stage.swap(now)
    except Exception as exc:
        return exc
