"""Roster import: happy path (CSV and JSON), every bad-file case, all-or-nothing upsert."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.store import clients, roster, roster_write
from desktop.models.store.clients import ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.roster import RosterReport, parse_roster
from desktop.models.store.roster_write import ImportCancelledError, ImportJob
from desktop.models.store.schema import Client

HEADER = "cid,name,brand,device_model,state,time_zone,service_center_name,service_center_address," \
    "service_center_tz,balance,preferred_language,critical_flags\n"
GOOD_CSV = HEADER + (
    "200001,Dana Whitfield,plus,,WV,America/New_York,Charleston SC,1 Kanawha Blvd,America/New_York,0.00,en,\n"
    "200002,Luis Carrasco,m9,AMS2000,az,America/Phoenix,Phoenix SC,2 Camelback,America/Phoenix,-20.00,es,"
    "Speaks only Spanish|Hard of hearing\n"
    '200003,"Nolan, Patricia",Guardian M9,AMS2000,Virginia,America/New_York,,,,"$1,145.50",Spanish,\n'
    "200004,Keoni Kahale,monitech,,HI,Pacific/Honolulu,,,,(12.50),,\n"
    "200005,José Rivera,plus,,PR,America/Puerto_Rico,,,,,español,\n"
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(r + "\n" for r in rows)).encode("utf-8")


def row(**overrides: str) -> str:
    values = {
        "cid": "300001",
        "name": "Test Client",
        "brand": "plus",
        "device_model": "",
        "state": "TX",
        "time_zone": "America/Chicago",
        "service_center_name": "",
        "service_center_address": "",
        "service_center_tz": "",
        "balance": "0.00",
        "preferred_language": "en",
        "critical_flags": "",
    }
    values.update(overrides)
    return ",".join(values[f] for f in roster.FIELDS)


def codes(report: RosterReport) -> set[tuple[int, str, str]]:
    return {(p.row, p.field, p.code) for p in report.problems}


def count_clients(store: Store) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Client)) or 0)


def snapshot(store: Store) -> list[tuple[Any, ...]]:
    with store.sessions() as s:
        rows = s.execute(select(Client).order_by(Client.cid)).scalars().all()
        return [(c.cid, c.name, c.brand, c.state, c.time_zone, c.balance, c.preferred_language) for c in rows]


def run_import(store: Store, report: RosterReport, now: datetime, **kw: Any) -> roster_write.ImportResult:
    with store.sessions() as s, s.begin():
        return roster_write.import_rows(s, report.rows, now=now, **kw)


# ---------------------------------------------------------------------------
# Happy paths


def test_good_csv_parses_every_row_and_normalises_values() -> None:
    report = parse_roster(GOOD_CSV.encode("utf-8"), filename="roster.csv")
    assert report.problems == ()
    assert report.importable
    assert report.file_format == "csv"
    by_cid = {r.cid: r for r in report.rows}
    assert len(by_cid) == 5
    assert by_cid["200002"].state == "AZ"  # lower-case code accepted
    assert by_cid["200002"].critical_flags == ("Speaks only Spanish", "Hard of hearing")
    assert by_cid["200002"].balance == Decimal("-20.00")
    assert by_cid["200002"].preferred_language == "es"
    assert by_cid["200003"].name == "Nolan, Patricia"  # quoted comma
    assert by_cid["200003"].brand == "m9"  # brand alias
    assert by_cid["200003"].state == "VA"  # state name
    assert by_cid["200003"].balance == Decimal("1145.50")
    assert by_cid["200004"].balance == Decimal("-12.50")  # accounting negative
    assert by_cid["200005"].preferred_language == "es"
    assert by_cid["200005"].balance == Decimal("0.00")
    assert by_cid["200001"].service_center_name == "Charleston SC"
    assert by_cid["200004"].service_center_name is None


def test_import_inserts_then_updates_by_cid(store: Store, now: datetime) -> None:
    report = parse_roster(GOOD_CSV.encode("utf-8"), filename="roster.csv")
    first = run_import(store, report, now)
    assert (first.inserted, first.updated, first.unchanged) == (5, 0, 0)
    again = run_import(store, report, now)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)
    changed = parse_roster(csv_bytes(row(cid="200001", name="Dana Whitfield-Ross", state="WV",
                                         time_zone="America/New_York", balance="10.00")), filename="x.csv")
    third = run_import(store, changed, now)
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 0)
    with store.sessions() as s:
        dana = clients.get_by_cid(s, "200001")
        assert dana is not None
        assert dana.name == "Dana Whitfield-Ross"
        assert dana.balance == Decimal("10.00")
        # The lookup index follows the update.
        assert [c.cid for c in clients.search(s, "whitfield-ross")][:1] == ["200001"]
    assert count_clients(store) == 5


def test_import_keeps_critical_flags_and_money_exact(store: Store, now: datetime) -> None:
    run_import(store, parse_roster(GOOD_CSV.encode("utf-8"), filename="r.csv"), now)
    with store.sessions() as s:
        luis = clients.get_by_cid(s, "200002")
    assert luis is not None
    assert luis.critical_flags == ("Speaks only Spanish", "Hard of hearing")
    assert luis.balance == Decimal("-20.00")
    assert isinstance(luis.balance, Decimal)


def test_json_roster_list_and_wrapped_forms() -> None:
    items = [
        {"CID": 200010, "Name": "Ada Sorensen", "Brand": "monitech", "State": "AK",
         "Time Zone": "America/Anchorage", "Balance": 12.5, "Flags": ["Speaks only Spanish"], "Notes": "x"},
        {"cid": "200011", "name": "Ana Ruiz", "brand": "plus", "state": "PR",
         "time_zone": "America/Puerto_Rico", "balance": "3.10", "language": "es"},
    ]
    for payload in (items, {"clients": items}):
        report = parse_roster(json.dumps(payload).encode(), filename="roster.json")
        assert report.problems == (), report.problems
        assert report.file_format == "json"
        assert [r.cid for r in report.rows] == ["200010", "200011"]
        assert report.rows[0].balance == Decimal("12.50")  # JSON number read as a decimal, not a float
        assert report.rows[0].critical_flags == ("Speaks only Spanish",)
        assert report.ignored_columns == ("Notes",)


def test_format_is_sniffed_without_an_extension() -> None:
    assert parse_roster(b'[{"cid": "1"}]').file_format == "json"
    assert parse_roster(GOOD_CSV.encode()).file_format == "csv"


def test_semicolon_and_tab_separated_files() -> None:
    for sep in (";", "\t"):
        data = GOOD_CSV.replace('"Nolan, Patricia"', "Patricia Nolan").replace('"$1,145.50"', "1145.50")
        data = data.replace(",", sep)
        report = parse_roster(data.encode(), filename="r.csv")
        assert report.problems == (), (sep, report.problems)
        assert len(report.rows) == 5


def test_utf8_bom_and_utf16_are_read() -> None:
    bom = parse_roster(b"\xef\xbb\xbf" + GOOD_CSV.encode("utf-8"), filename="r.csv")
    utf16 = parse_roster(GOOD_CSV.encode("utf-16"), filename="r.csv")
    assert bom.problems == () and len(bom.rows) == 5
    assert utf16.problems == () and len(utf16.rows) == 5
    assert {r.name for r in utf16.rows} >= {"José Rivera"}


def test_header_aliases_and_blank_lines() -> None:
    data = (
        "Client ID,Client Name,Program,State of conviction,Timezone\n"
        "\n"
        "A-1,Ann Lee,plus,TX,America/Chicago\n"
        ",,,,\n"
    )
    report = parse_roster(data.encode(), filename="r.csv")
    assert report.problems == ()
    assert [(r.cid, r.row) for r in report.rows] == [("A-1", 3)]


def test_read_roster_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(GOOD_CSV.encode())
    assert len(roster.read_roster(path).rows) == 5
    missing = roster.read_roster(tmp_path / "nope.csv")
    assert [p.code for p in missing.problems] == ["unreadable"]


# ---------------------------------------------------------------------------
# Bad files: reported, never raised


GOOD_ROW = b"1,Ann Lee,plus,TX,America/Chicago\n"


def test_excel_windows_1252_csv_is_read_and_named() -> None:
    data = "cid,name,brand,state,time_zone\n1,Mu\xf1oz \u2013 O\u2019Neil,plus,TX,America/Chicago\n".encode("cp1252")
    report = parse_roster(data, filename="r.csv")
    assert report.problems == ()
    assert report.rows[0].name == "Muñoz – O’Neil"
    assert report.encoding == "Windows-1252"
    assert parse_roster(b"cid,name,brand,state,time_zone\n" + GOOD_ROW, filename="r.csv").encoding == "UTF-8"


def test_unreadable_encoding_is_reported_in_plain_words() -> None:
    data = b"cid,name,brand,state,time_zone\n1,Ann,plus,TX,America/Chicago\n2,Bo\x81b,plus,TX,America/Chicago\n"
    report = parse_roster(data, filename="r.csv")
    assert [(p.row, p.code, p.detail) for p in report.problems] == [(0, "bad_encoding", "3")]
    assert not report.importable
    text = report.problems[0].text("en")
    assert "line 3" in text and "UTF-8" in text and "Unicode" not in text and "Error" not in text


def test_damaged_utf8_is_not_read_as_windows_1252() -> None:
    data = "cid,name,brand,state,time_zone\n1,Muñoz,plus,TX,America/Chicago\n".encode() + b"2,Pe\xf1a,plus,TX,America/Chicago\n"
    report = parse_roster(data, filename="r.csv")
    assert [(p.code, p.detail) for p in report.problems] == [("damaged_utf8", "3")]


def test_missing_columns_are_listed() -> None:
    report = parse_roster(b"cid,name,brand\n1,Ann,plus\n", filename="r.csv")
    assert [p.code for p in report.problems] == ["missing_columns"]
    assert report.problems[0].detail == "state, time_zone"
    assert not report.importable


def test_duplicate_column_is_reported() -> None:
    report = parse_roster(b"cid,name,brand,state,time_zone,cid\n", filename="r.csv")
    assert [p.code for p in report.problems] == ["duplicate_column"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"   \n", "empty_file"),
        (b"cid,name,brand,state,time_zone\n", "empty_file"),
        (b"[]", "empty_file"),
        (b"{not json", "bad_json"),
        (b'{"people": []}', "bad_json_shape"),
        (b'"just a string"', "bad_json_shape"),
    ],
)
def test_empty_and_broken_files(data: bytes, code: str) -> None:
    name = "r.json" if data.strip().startswith((b"{", b"[", b'"')) else "r.csv"
    report = parse_roster(data, filename=name)
    assert [p.code for p in report.problems] == [code]
    assert not report.importable


def test_unknown_extension_and_binary_garbage() -> None:
    assert [p.code for p in parse_roster(b"x", filename="r.xlsx", file_format="xlsx").problems] == ["unknown_format"]
    garbage = bytes(range(256)) * 4
    report = parse_roster(garbage, filename="r.csv")
    assert report.problems and not report.importable


def test_duplicate_cids_block_every_copy() -> None:
    report = parse_roster(
        csv_bytes(row(cid="1", name="Ann A"), row(cid="2", name="Bob B"), row(cid="1", name="Ann Other")),
        filename="r.csv",
    )
    assert codes(report) == {(2, "cid", "duplicate_cid"), (4, "cid", "duplicate_cid")}
    assert [r.cid for r in report.rows] == ["2"]
    assert report.problems[0].detail == "2, 4"
    assert [p.ok for p in report.preview] == [False, True, False]


def test_cid_case_duplicates_count_as_duplicates() -> None:
    report = parse_roster(csv_bytes(row(cid="ab-1"), row(cid="AB-1")), filename="r.csv")
    assert {p.code for p in report.problems} == {"duplicate_cid"}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"state": "XX"}, "state", "unknown_state"),
        ({"state": "11"}, "state", "unknown_state"),
        ({"state": "Dakota"}, "state", "unknown_state"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown_time_zone"),
        ({"time_zone": "EST"}, "time_zone", "unknown_time_zone"),
        ({"service_center_tz": "Central"}, "service_center_tz", "unknown_time_zone"),
        ({"balance": "twelve"}, "balance", "bad_balance"),
        ({"balance": "12.345"}, "balance", "balance_precision"),
        ({"balance": "1.2.3"}, "balance", "bad_balance"),
        ({"balance": "NaN"}, "balance", "bad_balance"),
        ({"balance": "Infinity"}, "balance", "bad_balance"),
        ({"balance": "100000000000000000000000000"}, "balance", "balance_out_of_range"),
        ({"balance": "-1000000.01"}, "balance", "balance_out_of_range"),
        ({"brand": "acme"}, "brand", "unknown_brand"),
        ({"preferred_language": "fr"}, "preferred_language", "unknown_language"),
        ({"cid": ""}, "cid", "missing_value"),
        ({"cid": "12 34"}, "cid", "bad_cid"),
        ({"name": ""}, "name", "missing_value"),
        ({"name": "x" * 201}, "name", "too_long"),
        ({"state": ""}, "state", "missing_value"),
    ],
)
def test_each_bad_value_is_reported_on_its_row_and_field(overrides: dict[str, str], field: str, code: str) -> None:
    report = parse_roster(csv_bytes(row(cid="9", name="Fine Row"), row(**overrides)), filename="r.csv")
    assert (3, field, code) in codes(report), report.problems
    assert [r.cid for r in report.rows] == ["9"]  # the good row is still ready
    assert report.importable


def test_row_with_a_stray_comma_is_reported() -> None:
    report = parse_roster(csv_bytes("1,Lopez, Maria,plus,,TX,America/Chicago,,,,0,en,"), filename="r.csv")
    assert (2, "", "field_count") in codes(report)
    assert report.rows == ()


def test_json_bad_entries_are_reported_per_row() -> None:
    payload = [
        "not an object",
        {"cid": "1", "name": ["A"], "brand": "plus", "state": "TX", "time_zone": "America/Chicago"},
        {"cid": "2", "name": "B", "brand": "plus", "state": "TX", "time_zone": "America/Chicago", "balance": True},
        {"cid": "3", "name": "C", "brand": "plus", "state": "TX", "time_zone": "America/Chicago", "flags": 5},
        {"cid": "4", "name": "D", "brand": "plus", "state": "TX"},
    ]
    report = parse_roster(json.dumps(payload).encode(), filename="r.json")
    assert codes(report) == {
        (1, "", "not_an_object"),
        (2, "name", "not_text"),
        (3, "balance", "bad_balance"),
        (4, "critical_flags", "bad_flags"),
        (5, "time_zone", "missing_value"),
    }
    assert report.rows == ()
    assert not report.importable


def test_problem_texts_are_translated_with_field_labels() -> None:
    report = parse_roster(csv_bytes(row(state="XX")), filename="r.csv")
    problem = report.problems[0]
    assert problem.text("en") == "Unknown state or territory “XX”."
    assert problem.text("es") == "Estado o territorio desconocido: “XX”."
    assert problem.field_label("en") == "State"
    assert problem.field_label("es") == "Estado"


def test_every_problem_code_has_a_text_with_only_the_detail_placeholder() -> None:
    for code, template in roster.PROBLEM_TEXTS.items():
        assert roster.RowProblem(1, "", code, "D").text("en"), code
        assert template.replace("{detail}", "").count("{") == 0, code


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    for name in ("r.csv", "r.json", None):
        report = parse_roster(data, filename=name)
        assert isinstance(report, RosterReport)
        assert report.importable == (not report.file_problems and bool(report.rows))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=30))
def test_random_cell_values_never_crash(value: str) -> None:
    cell = '"' + value.replace('"', '""') + '"'
    for field in ("state", "time_zone", "balance", "brand", "preferred_language", "cid", "critical_flags"):
        report = parse_roster(csv_bytes(row(**{field: cell})), filename="r.csv")
        assert len(report.rows) + len(report.bad_rows) == 1


# ---------------------------------------------------------------------------
# All or nothing


def test_cancel_changes_nothing(store: Store, now: datetime, add_client: Callable[..., ClientInfo]) -> None:
    add_client(cid="200001", name="Old Name", state="WV", time_zone="America/New_York")
    before = snapshot(store)
    report = parse_roster(GOOD_CSV.encode(), filename="r.csv")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 3  # cancel after the second chunk

    with pytest.raises(ImportCancelledError), store.sessions() as s, s.begin():
        roster_write.import_rows(s, report.rows, now=now, progress=progress, chunk_size=2)
    assert seen == [(2, 5), (4, 5)]
    assert snapshot(store) == before


def test_failure_midway_changes_nothing(
    store: Store, now: datetime, add_client: Callable[..., ClientInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_client(cid="200001", name="Old Name", state="WV", time_zone="America/New_York")
    before = snapshot(store)
    report = parse_roster(GOOD_CSV.encode(), filename="r.csv")
    calls = {"n": 0}
    real_step = ImportJob.step

    def failing_step(self: ImportJob) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_step(self)

    monkeypatch.setattr(ImportJob, "step", failing_step)
    with pytest.raises(OSError), store.sessions() as s, s.begin():
        roster_write.import_rows(s, report.rows, now=now, chunk_size=2)
    assert snapshot(store) == before


def test_job_steps_in_chunks_and_reports_totals(store: Store, now: datetime) -> None:
    report = parse_roster(GOOD_CSV.encode(), filename="r.csv")
    with store.sessions() as s, s.begin():
        job = ImportJob(s, report.rows, now=now, chunk_size=2)
        steps = []
        while not job.done:
            steps.append(job.step())
        assert steps == [2, 4, 5]
        assert job.result().total == 5
        assert job.step() == 5  # stepping a finished job is harmless
    assert count_clients(store) == 5


def test_job_refuses_naive_time(session: Session) -> None:
    with pytest.raises(ValueError):
        ImportJob(session, [], now=datetime(2026, 1, 1))


def test_updated_at_is_the_injected_time(store: Store, now: datetime) -> None:
    run_import(store, parse_roster(GOOD_CSV.encode(), filename="r.csv"), now)
    with store.sessions() as s:
        stamps = set(s.scalars(select(Client.updated_at)))
    assert stamps == {now}
