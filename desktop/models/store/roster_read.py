"""Reading a roster file a slice at a time: encoding, CSV or JSON records, bounded memory.

Why a slice at a time: a CRM export can be hundreds of megabytes.  A
:class:`RosterScan` reads and checks a few thousand rows per :meth:`RosterScan.step`,
so the window keeps painting and Cancel answers between slices, and it keeps only
what the report shows (the first rows for the preview, the first problems, counts).
Ready rows go to a sink: a :class:`desktop.models.store.roster_stage.RosterStage` when
importing from the dialog, or a list for small in-memory reads.

The text encoding is decided by :mod:`desktop.models.store.roster_encoding`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from desktop.models.store.roster import (
    FIELDS,
    REQUIRED,
    PreviewRow,
    ReportCounts,
    RosterReport,
    RosterRow,
    RowProblem,
    canonical_column,
)
from desktop.models.store.roster_check import check_record, sort_problems
from desktop.models.store.roster_encoding import ENCODING_NAMES, EncodingProbe, detect_format

#: JSON cannot be read a part at a time with the standard library; larger rosters come as CSV.
JSON_MAX_BYTES = 16 * 1024 * 1024
#: Longest line read at once (a file without line breaks must not be read whole).
LINE_MAX = 1024 * 1024
#: Longest number in a JSON roster (a CID or a balance); longer ones are reported at their row.
JSON_NUMBER_MAX_DIGITS = 32

# A record: (row number, {field: raw value} or None when not an object, problems found while reading)
Record = tuple[int, dict[str, Any] | None, list[RowProblem]]
RowSink = Callable[[list[RosterRow]], None]


class FileProblemError(Exception):
    def __init__(self, code: str, detail: str = "", field_name: str = "") -> None:
        super().__init__(code)
        self.problem = RowProblem(0, field_name, code, detail)


def _lines(text: io.TextIOBase) -> Iterator[str]:
    """Lines of at most :data:`LINE_MAX` characters (a longer one comes in pieces)."""
    while True:
        line = text.readline(LINE_MAX)
        if not line:
            return
        yield line


def csv_records(text: io.TextIOBase) -> tuple[Iterator[Record], tuple[str, ...]]:
    """The header's ignored columns, and an iterator over the data records."""
    try:
        first_line = text.readline(LINE_MAX)
    except UnicodeDecodeError as exc:  # the probe checked the encoding; this is a last guard
        raise FileProblemError("bad_encoding", "1") from exc
    if not first_line.strip():
        raise FileProblemError("empty_file")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        header = next(csv.reader([first_line], delimiter=delimiter))
    except (StopIteration, csv.Error) as exc:
        raise FileProblemError("unreadable", str(exc)) from exc
    columns = [canonical_column(h) for h in header]
    seen: set[str] = set()
    for col in columns:
        if col in FIELDS and col in seen:
            raise FileProblemError("duplicate_column", col, col)
        seen.add(col)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise FileProblemError("missing_columns", ", ".join(missing))
    ignored = tuple(h.strip() for h, c in zip(header, columns, strict=True) if c not in FIELDS and h.strip())

    def records() -> Iterator[Record]:
        reader = csv.reader(_lines(text), delimiter=delimiter)
        row_number = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblemError("unreadable", f"row {row_number + 1}: {exc}") from exc
            except UnicodeDecodeError as exc:
                raise FileProblemError("bad_encoding", str(row_number + 1)) from exc
            row_number += 1
            if not any(v.strip() for v in values):
                continue
            problems = []
            if len(values) != len(columns):
                problems.append(RowProblem(row_number, "", "field_count", str(len(values))))
            raw = {c: v for c, v in zip(columns, values, strict=False) if c in FIELDS}
            yield row_number, raw, problems

    return records(), ignored


class LongNumber:
    """A JSON number with more digits than any roster value; reported at its row as "not text"."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __str__(self) -> str:
        return f"<number with {self.digits} digits>"


def _parse_int(text: str) -> int | LongNumber:
    # Why: int() refuses 4,300+ digits with a ValueError that would end the whole read.
    return LongNumber(len(text)) if len(text) > JSON_NUMBER_MAX_DIGITS else int(text)


def _parse_float(text: str) -> Decimal | LongNumber:
    return LongNumber(len(text)) if len(text) > JSON_NUMBER_MAX_DIGITS * 2 else Decimal(text)


def json_records(text: str) -> tuple[list[Record], tuple[str, ...]]:
    try:
        data = json.loads(text, parse_float=_parse_float, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise FileProblemError("bad_json", f"line {exc.lineno}, column {exc.colno}") from exc
    except RecursionError as exc:
        raise FileProblemError("nested_too_deep") from exc
    except ValueError as exc:  # a number Python cannot hold
        raise FileProblemError("bad_json", str(exc)[:80]) from exc
    if isinstance(data, dict) and isinstance(data.get("clients"), list):
        data = data["clients"]
    if not isinstance(data, list):
        raise FileProblemError("bad_json_shape")
    if not data:
        raise FileProblemError("empty_file")
    ignored: dict[str, None] = {}
    records: list[Record] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            records.append((i, None, [RowProblem(i, "", "not_an_object")]))
            continue
        raw: dict[str, Any] = {}
        problems: list[RowProblem] = []
        for key, value in item.items():
            col = canonical_column(str(key))
            if col not in FIELDS:
                ignored.setdefault(str(key), None)
            elif col in raw:
                problems.append(RowProblem(i, col, "duplicate_column", str(key)))
            else:
                raw[col] = value
        records.append((i, raw, problems))
    return records, tuple(ignored)


class RosterScan:
    """Reads, checks and hands on a roster a slice per :meth:`step` (see the module docstring).

    ``sink`` receives the ready rows of each slice; with no sink they are kept
    in :attr:`rows` (small files only).  Duplicate CIDs are found by the caller's
    ``find_duplicates`` at the end (the staging table does it in SQL), or here
    when rows are kept in memory.
    """

    def __init__(
        self,
        fh: BinaryIO,
        size: int,
        *,
        filename: str | None = None,
        file_format: str | None = None,
        sink: RowSink | None = None,
        find_duplicates: Callable[[], list[tuple[str, list[int]]]] | None = None,
        preview_max: int = 1000,
        problems_max: int = 2000,
    ) -> None:
        self.fh, self.size = fh, size
        self.sink, self.find_duplicates = sink, find_duplicates
        self.preview_max, self.problems_max = preview_max, problems_max
        self.rows: list[RosterRow] = []
        self.preview: list[PreviewRow] = []
        self.problems: list[RowProblem] = []
        self.total = self.ready = self.bad_rows = self.problem_count = 0
        self.ignored: tuple[str, ...] = ()
        self.encoding = ""
        self.done = False
        self._report: RosterReport | None = None
        head = fh.read(4096)
        fh.seek(0)
        self.format = file_format or detect_format(head, filename)
        self._probe = EncodingProbe(fh)
        self._records: Iterator[Record] | None = None
        if not self.format:
            self._fail("empty_file")
        elif self.format not in ("csv", "json"):
            self._fail("unknown_format")
        elif self.format == "json" and size > JSON_MAX_BYTES:
            self._fail("json_too_large", str(JSON_MAX_BYTES // (1024 * 1024)))

    @property
    def fraction(self) -> float:
        """How far the read is, 0.0 to 1.0 (the encoding check counts for a tenth)."""
        if self.done or not self.size:
            return 1.0
        if self._records is None:
            return 0.1 * min(1.0, self._probe.position / self.size)
        return 0.1 + 0.9 * min(1.0, self.fh.tell() / self.size)

    def report(self) -> RosterReport:
        assert self._report is not None, "scan not finished"
        return self._report

    def run(self) -> RosterReport:
        while not self.step():
            pass
        return self.report()

    def step(self, max_rows: int = 2000) -> bool:
        """Read the next slice; True when the report is ready."""
        if self.done:
            return True
        try:
            if self._records is None:
                if self._probe.step():
                    self._open()
                return self.done
            batch: list[RosterRow] = []
            for _ in range(max_rows):
                record = next(self._records, None)
                if record is None:
                    self._flush(batch)
                    self._finish()
                    return True
                self._check(record, batch)
            self._flush(batch)
        except FileProblemError as exc:
            self._fail(exc.problem.code, exc.problem.detail, exc.problem.field)
        except MemoryError:
            self._fail("unreadable", "out of memory")
        return self.done

    def _open(self) -> None:
        if self._probe.problem is not None:
            self._fail(self._probe.problem.code, self._probe.problem.detail)
            return
        self.encoding = self._probe.encoding or "utf-8"
        text = io.TextIOWrapper(self.fh, encoding=self.encoding, newline="")
        if self.format == "csv":
            self._records, self.ignored = csv_records(text)
            return
        try:
            body = text.read()
        except UnicodeDecodeError as exc:
            raise FileProblemError("bad_encoding", "1") from exc
        if not body.strip():
            raise FileProblemError("empty_file")
        records, self.ignored = json_records(body)
        self._records = iter(records)

    def _check(self, record: Record, batch: list[RosterRow]) -> None:
        row, raw, read_problems = record
        want_preview = len(self.preview) < self.preview_max
        parsed, problems, preview = check_record(row, raw, read_problems, preview=want_preview)
        self.total += 1
        if preview is not None:
            self.preview.append(preview)
        if problems:
            self.bad_rows += 1
            self.problem_count += len(problems)
            room = self.problems_max - len(self.problems)
            self.problems.extend(problems[: max(room, 0)])
        elif parsed is not None:
            batch.append(parsed)

    def _flush(self, batch: list[RosterRow]) -> None:
        if not batch:
            return
        self.ready += len(batch)
        if self.sink is not None:
            self.sink(batch)
        else:
            self.rows.extend(batch)

    def _duplicates(self) -> list[tuple[str, list[int]]]:
        if self.find_duplicates is not None:
            return self.find_duplicates()
        by_cid: dict[str, list[int]] = {}
        for r in self.rows:
            by_cid.setdefault(r.cid, []).append(r.row)
        return [(cid, rows) for cid, rows in by_cid.items() if len(rows) > 1]

    def _finish(self) -> None:
        if self.total == 0:
            self._fail("empty_file")
            return
        # Duplicate CIDs: which row is right is not ours to guess, so none is imported.
        dup_rows: set[int] = set()
        for _cid, rows in self._duplicates():
            detail = ", ".join(str(n) for n in rows)
            dup_problems = [RowProblem(n, "cid", "duplicate_cid", detail) for n in rows]
            self.problem_count += len(dup_problems)
            room = self.problems_max - len(self.problems)
            self.problems.extend(dup_problems[: max(room, 0)])
            dup_rows.update(rows)
        if dup_rows:
            self.ready -= len(dup_rows)
            self.bad_rows += len(dup_rows)
            self.rows = [r for r in self.rows if r.row not in dup_rows]
            self.preview = [PreviewRow(p.row, p.values, False) if p.row in dup_rows else p for p in self.preview]
        self._report = RosterReport(
            file_format=self.format,
            rows=tuple(self.rows),
            problems=tuple(sort_problems(self.problems)),
            preview=tuple(self.preview),
            ignored_columns=self.ignored,
            encoding=ENCODING_NAMES.get(self.encoding, self.encoding),
            counts=ReportCounts(
                total=self.total, ready=self.ready, bad_rows=self.bad_rows, problems=self.problem_count
            ),
        )
        self.done = True

    def _fail(self, code: str, detail: str = "", field_name: str = "") -> None:
        self._report = RosterReport(
            file_format=self.format if self.format in ("csv", "json") else "",
            problems=(RowProblem(0, field_name, code, detail),),
            encoding=ENCODING_NAMES.get(self.encoding, self.encoding),
        )
        self.rows = []
        self.done = True


def parse_roster(data: bytes, *, filename: str | None = None, file_format: str | None = None) -> RosterReport:
    """Read and check a whole roster held in memory (small files, tests); rows kept in the report."""
    return RosterScan(io.BytesIO(data), len(data), filename=filename, file_format=file_format).run()


def read_roster(path: Path) -> RosterReport:
    try:
        with path.open("rb") as fh:
            return RosterScan(fh, path.stat().st_size, filename=path.name).run()
    except OSError as exc:
        return RosterReport(file_format="", problems=(RowProblem(0, "", "unreadable", exc.strerror or type(exc).__name__),))
