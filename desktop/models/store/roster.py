"""Client roster import (CSV or JSON exported from the CRM) into the offline cache.

Two steps, so a lead sees everything before anything changes:

1. :func:`parse_roster` reads the bytes and checks every row, returning a
   :class:`RosterReport`: the rows that are ready plus one :class:`RowProblem`
   per problem (row, field, machine code; :meth:`RowProblem.text` translates).
   A bad file (wrong encoding, missing columns, not JSON…) is a report with a
   file-level problem, never an exception: the app must not crash on a file
   someone picked by mistake.
2. :func:`import_rows` / :class:`ImportJob` upsert the ready rows by CID in
   chunks (so a dialog can show progress and offer Cancel).  They write into
   the caller's transaction and never commit: cancelling or failing means the
   caller rolls back and nothing has changed.

Row numbers are the ones a spreadsheet shows (the header is row 1), or the
1-based position of the object in a JSON list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import us
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.i18n import N_, gettext_for
from desktop.models.store.clients import BRANDS, normalise_name
from desktop.models.store.schema import Client
from desktop.models.store.types import CENT

FIELDS: tuple[str, ...] = (
    "cid",
    "name",
    "brand",
    "device_model",
    "state",
    "time_zone",
    "service_center_name",
    "service_center_address",
    "service_center_tz",
    "balance",
    "preferred_language",
    "critical_flags",
)
REQUIRED: tuple[str, ...] = ("cid", "name", "brand", "state", "time_zone")

#: Field -> label shown in the report (``N_`` marked, translated at use).
FIELD_LABELS: dict[str, str] = {
    "": N_("file"),
    "cid": N_("CID"),
    "name": N_("Name"),
    "brand": N_("Brand"),
    "device_model": N_("Device model"),
    "state": N_("State"),
    "time_zone": N_("Time zone"),
    "service_center_name": N_("Service center"),
    "service_center_address": N_("Service center address"),
    "service_center_tz": N_("Service center time zone"),
    "balance": N_("Balance"),
    "preferred_language": N_("Language"),
    "critical_flags": N_("Critical flags"),
}

# Column names CRM exports use for our fields (compared after lower-casing and
# turning spaces and dashes into underscores).
ALIASES: dict[str, str] = {
    "client_id": "cid",
    "clientid": "cid",
    "customer_id": "cid",
    "client_name": "name",
    "full_name": "name",
    "customer_name": "name",
    "program": "brand",
    "brand_program": "brand",
    "device": "device_model",
    "model": "device_model",
    "state_of_conviction": "state",
    "conviction_state": "state",
    "timezone": "time_zone",
    "tz": "time_zone",
    "client_time_zone": "time_zone",
    "service_center": "service_center_name",
    "shop": "service_center_name",
    "service_center_time_zone": "service_center_tz",
    "service_center_timezone": "service_center_tz",
    "account_balance": "balance",
    "language": "preferred_language",
    "lang": "preferred_language",
    "flags": "critical_flags",
}

MAX_LEN: dict[str, int] = {
    "cid": 32,
    "name": 200,
    "device_model": 64,
    "service_center_name": 200,
    "service_center_address": 300,
}

BRAND_ALIASES: dict[str, str] = {b: b for b in BRANDS} | {
    "guardian": "m9",
    "guardian m9": "m9",
    "guardian_m9": "m9",
}
LANGUAGE_ALIASES: dict[str, str] = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "ingles": "en",
    "inglés": "en",
    "es": "es",
    "spa": "es",
    "spanish": "es",
    "espanol": "es",
    "español": "es",
}

#: Problem code -> English text with an optional ``{detail}`` (``N_`` marked).
PROBLEM_TEXTS: dict[str, str] = {
    "bad_encoding": N_(
        "The file is not UTF-8 or Windows-1252 text: line {detail} has characters that cannot be read. "
        "Save it as “CSV UTF-8” and try again."
    ),
    "damaged_utf8": N_(
        "The file is UTF-8 text, but line {detail} has damaged characters (part of the file was saved "
        "in another encoding). Save it again as “CSV UTF-8” and try again."
    ),
    "json_too_large": N_(
        "This JSON file is larger than {detail} MB. Export large rosters as CSV, which is read a part at a time."
    ),
    "nested_too_deep": N_("The JSON is nested too deeply to be a roster (lists inside lists, many levels down)."),
    "formula_cell": N_(
        "Starts with “{detail}” like a spreadsheet formula; not imported, so it cannot run in a spreadsheet. "
        "Fix the cell in the file."
    ),
    "control_character": N_("Holds an invisible control character ({detail}); fix the cell in the file."),
    "unreadable": N_("The file cannot be read ({detail})."),
    "empty_file": N_("The file holds no clients."),
    "unknown_format": N_("Unknown file type: choose a .csv or .json file."),
    "bad_json": N_("The file is not valid JSON ({detail})."),
    "bad_json_shape": N_("The JSON must be a list of clients, or an object with a “clients” list."),
    "missing_columns": N_("Required columns are missing: {detail}."),
    "duplicate_column": N_("The column “{detail}” appears more than once."),
    "field_count": N_("This row has {detail} values, not one per column (a comma inside a name?)."),
    "not_an_object": N_("This entry is not an object with named fields."),
    "missing_value": N_("A value is required."),
    "not_text": N_("Must be text."),
    "too_long": N_("Too long: at most {detail} characters."),
    "bad_cid": N_("“{detail}” is not a CID (letters, digits and dashes)."),
    "duplicate_cid": N_("The same CID is on rows {detail}; none of them is imported."),
    "unknown_brand": N_("Unknown brand “{detail}” (expected plus, m9 or monitech)."),
    "unknown_state": N_("Unknown state or territory “{detail}”."),
    "unknown_time_zone": N_("Unknown time zone “{detail}” (use a name such as America/Chicago)."),
    "bad_balance": N_("The balance “{detail}” is not a number."),
    "balance_precision": N_("The balance “{detail}” has more than two decimals."),
    "balance_out_of_range": N_("The balance “{detail}” is not a plausible account balance."),
    "unknown_language": N_("Unknown language “{detail}” (expected en or es)."),
    "bad_flags": N_("Critical flags must be text or a list of texts."),
}

#: Larger balances are typing or export errors, not accounts (and keep cents in a 64-bit column).
MAX_BALANCE = Decimal("1000000.00")

_CID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
FLAG_SEPARATORS = re.compile(r"[|;]")


@dataclass(frozen=True)
class RowProblem:
    row: int  # 0 = the file as a whole
    field: str  # one of FIELDS, or "" for the file / the row as a whole
    code: str
    detail: str = ""

    def text(self, language: str = "en") -> str:
        tr = gettext_for(language)
        return tr(PROBLEM_TEXTS[self.code]).format(detail=self.detail)

    def field_label(self, language: str = "en") -> str:
        return gettext_for(language)(FIELD_LABELS.get(self.field, self.field)) if self.field else ""


@dataclass(frozen=True)
class RosterRow:
    """One client as the roster states it, already checked and normalised."""

    row: int
    cid: str
    name: str
    brand: str
    state: str
    time_zone: str
    device_model: str | None = None
    service_center_name: str | None = None
    service_center_address: str | None = None
    service_center_tz: str | None = None
    balance: Decimal = Decimal("0.00")
    preferred_language: str = "en"
    critical_flags: tuple[str, ...] = ()

    def values(self) -> dict[str, Any]:
        """Column values for the ``clients`` table."""
        # Not dataclasses.asdict: it deep-copies and is the slowest part of an import.
        return {
            "cid": self.cid,
            "name": self.name,
            "name_key": normalise_name(self.name),
            "brand": self.brand,
            "device_model": self.device_model,
            "state": self.state,
            "time_zone": self.time_zone,
            "service_center_name": self.service_center_name,
            "service_center_address": self.service_center_address,
            "service_center_tz": self.service_center_tz,
            "balance": self.balance,
            "preferred_language": self.preferred_language,
            "critical_flags": list(self.critical_flags),
        }


@dataclass(frozen=True)
class PreviewRow:
    """What the file said for one row (as text) and whether it will be imported."""

    row: int
    values: Mapping[str, str]
    ok: bool


@dataclass(frozen=True)
class ReportCounts:
    """Whole-file counts, for a streamed read where the report keeps only the first rows and problems."""

    total: int
    ready: int
    bad_rows: int
    problems: int


@dataclass(frozen=True)
class RosterReport:
    file_format: str  # "csv" | "json" | ""
    rows: tuple[RosterRow, ...] = ()  # empty when the ready rows went to a staging table
    problems: tuple[RowProblem, ...] = ()  # the first ones (all of them for small files)
    preview: tuple[PreviewRow, ...] = ()  # the first rows
    ignored_columns: tuple[str, ...] = ()
    encoding: str = ""  # name of the text encoding the file was read with ("UTF-8", "Windows-1252")
    counts: ReportCounts | None = None

    @property
    def total_rows(self) -> int:
        return self.counts.total if self.counts else len(self.preview)

    @property
    def ready_count(self) -> int:
        return self.counts.ready if self.counts else len(self.rows)

    @property
    def bad_row_count(self) -> int:
        return self.counts.bad_rows if self.counts else len(self.bad_rows)

    @property
    def problem_count(self) -> int:
        return self.counts.problems if self.counts else len(self.problems)

    @property
    def file_problems(self) -> tuple[RowProblem, ...]:
        return tuple(p for p in self.problems if p.row == 0)

    @property
    def bad_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.problems if p.row > 0}))

    @property
    def importable(self) -> bool:
        return not self.file_problems and self.ready_count > 0


def _file_problem(code: str, detail: str = "", fmt: str = "", field_name: str = "") -> RosterReport:
    return RosterReport(file_format=fmt, problems=(RowProblem(0, field_name, code, detail),))


# ---------------------------------------------------------------------------
# Reading (a slice at a time: desktop.models.store.roster_read)
# ---------------------------------------------------------------------------


def read_roster(path: Path) -> RosterReport:
    """Read and check a roster file (the rows are kept in the report: for small files)."""
    from desktop.models.store import roster_read

    return roster_read.read_roster(path)


def parse_roster(data: bytes, *, filename: str | None = None, file_format: str | None = None) -> RosterReport:
    from desktop.models.store import roster_read

    return roster_read.parse_roster(data, filename=filename, file_format=file_format)


def canonical_column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return ALIASES.get(key, key)


# ---------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------


@cache
def known_states() -> frozenset[str]:
    """USPS codes of the states, DC, Puerto Rico and the territories (``us`` package)."""
    return frozenset(s.abbr for s in us.states.STATES_AND_TERRITORIES)


@cache
def state_code(value: str) -> str | None:
    """USPS code for a code or a name in any case ("wv", "West Virginia"); None if unknown."""
    text = " ".join(value.split())
    if not text or any(c.isdigit() for c in text):
        return None  # FIPS numbers are not what a CRM export means by "state"
    found = us.states.lookup(text)
    if found is None or found.abbr not in known_states():
        return None
    return str(found.abbr)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_time_zone(name: str) -> bool:
    """An IANA Area/Location name zoneinfo knows ("America/Phoenix", not "MST")."""
    return "/" in name and name in _zones()


def parse_balance(value: Any) -> Decimal:
    """Money from a roster cell: "12.50", "-5", "$1,234.00", "(12.50)" or a JSON number.

    Raises ``ValueError("bad_balance" | "balance_precision" | "balance_out_of_range")``.
    """
    if isinstance(value, bool):
        raise ValueError("bad_balance")
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        sign = ""
        if text[:1] in "+-" and text:
            sign, text = text[0], text[1:]
        text = text.removeprefix("$")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", text):
            raise ValueError("bad_balance")
        try:
            amount = Decimal(sign + text)
        except InvalidOperation as exc:
            raise ValueError("bad_balance") from exc
        if negative:
            amount = -amount
    else:
        raise ValueError("bad_balance")
    if not amount.is_finite():
        raise ValueError("bad_balance")
    if abs(amount) > MAX_BALANCE:
        raise ValueError("balance_out_of_range")
    if amount != amount.quantize(CENT):
        raise ValueError("balance_precision")
    return amount.quantize(CENT)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    return str(value)


def check_record(
    row: int, raw: Mapping[str, Any] | None, read_problems: list[RowProblem], *, preview: bool = True
) -> tuple[RosterRow | None, list[RowProblem], PreviewRow | None]:
    """Check one record: the row when it is ready, its problems, and its preview line (when asked)."""
    problems = list(read_problems)
    parsed = _check_row(row, raw, problems) if raw is not None else None
    line = (
        PreviewRow(row=row, values={f: _display((raw or {}).get(f)) for f in FIELDS}, ok=not problems)
        if preview
        else None
    )
    return (parsed if not problems else None), problems, line


def sort_problems(problems: Iterable[RowProblem]) -> list[RowProblem]:
    return sorted(problems, key=lambda p: (p.row, FIELDS.index(p.field) if p.field in FIELDS else -1, p.code))


def _text(row: int, raw: Mapping[str, Any], name: str, problems: list[RowProblem]) -> str | None:
    """A stripped text value, or None when empty; records not_text / too_long / missing_value."""
    value = raw.get(name)
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = " ".join(value.split())
    elif isinstance(value, int | Decimal) and not isinstance(value, bool) and name == "cid":
        text = str(value)  # JSON exports sometimes write numeric CIDs as numbers
    else:
        problems.append(RowProblem(row, name, "not_text"))
        return None
    if not text:
        if name in REQUIRED:
            problems.append(RowProblem(row, name, "missing_value"))
        return None
    if not _cell_is_safe(row, name, text, problems):
        return None
    limit = MAX_LEN.get(name)
    if limit is not None and len(text) > limit:
        problems.append(RowProblem(row, name, "too_long", str(limit)))
        return None
    return text


#: First characters that make a spreadsheet run a cell as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Unicode category Cc (C0 and C1 controls, NUL included).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _cell_is_safe(row: int, name: str, text: str, problems: list[RowProblem]) -> bool:
    """Refuse formula-like and control-character text (it may be exported to a spreadsheet again).

    Rejected rather than neutralised with a quote: a changed name would silently
    differ from the CRM's, so the lead fixes the cell and imports again.
    """
    if text.startswith(FORMULA_STARTS) and not (name == "cid" and text.lstrip("-+").isalnum()):
        problems.append(RowProblem(row, name, "formula_cell", text[:1]))
        return False
    found = _CONTROL.search(text)
    if found is not None:
        bad = found.group()
        label = "NUL" if bad == "\x00" else f"U+{ord(bad):04X}"
        problems.append(RowProblem(row, name, "control_character", label))
        return False
    return True


def _check_row(row: int, raw: Mapping[str, Any], problems: list[RowProblem]) -> RosterRow | None:
    start = len(problems)
    cid = _text(row, raw, "cid", problems)
    if cid is not None:
        cid = cid.upper()
        if not _CID.match(cid):
            problems.append(RowProblem(row, "cid", "bad_cid", cid))
    name = _text(row, raw, "name", problems)
    brand_text = _text(row, raw, "brand", problems)
    brand = BRAND_ALIASES.get(brand_text.lower()) if brand_text else None
    if brand_text and brand is None:
        problems.append(RowProblem(row, "brand", "unknown_brand", brand_text))
    state_text = _text(row, raw, "state", problems)
    state = state_code(state_text) if state_text else None
    if state_text and state is None:
        problems.append(RowProblem(row, "state", "unknown_state", state_text))
    zone = _text(row, raw, "time_zone", problems)
    if zone and not valid_time_zone(zone):
        problems.append(RowProblem(row, "time_zone", "unknown_time_zone", zone))
    sc_zone = _text(row, raw, "service_center_tz", problems)
    if sc_zone and not valid_time_zone(sc_zone):
        problems.append(RowProblem(row, "service_center_tz", "unknown_time_zone", sc_zone))
    device = _text(row, raw, "device_model", problems)
    sc_name = _text(row, raw, "service_center_name", problems)
    sc_address = _text(row, raw, "service_center_address", problems)

    balance = Decimal("0.00")
    raw_balance = raw.get("balance")
    if raw_balance is not None and not (isinstance(raw_balance, str) and not raw_balance.strip()):
        try:
            balance = parse_balance(raw_balance)
        except ValueError as exc:
            problems.append(RowProblem(row, "balance", str(exc), _display(raw_balance).strip()))

    language = "en"
    lang_text = _text(row, raw, "preferred_language", problems)
    if lang_text:
        found = LANGUAGE_ALIASES.get(lang_text.lower())
        if found is None:
            problems.append(RowProblem(row, "preferred_language", "unknown_language", lang_text))
        else:
            language = found

    flags: tuple[str, ...] = ()
    raw_flags = raw.get("critical_flags")
    if isinstance(raw_flags, str):
        flags = tuple(f for f in (" ".join(p.split()) for p in FLAG_SEPARATORS.split(raw_flags)) if f)
    elif isinstance(raw_flags, list) and all(isinstance(f, str) for f in raw_flags):
        flags = tuple(f for f in (" ".join(p.split()) for p in raw_flags) if f)
    elif raw_flags is not None:
        problems.append(RowProblem(row, "critical_flags", "bad_flags"))
    for flag in flags:
        if not _cell_is_safe(row, "critical_flags", flag, problems):
            break

    if len(problems) > start or not (cid and name and brand and state and zone):
        return None
    return RosterRow(
        row=row,
        cid=cid,
        name=name,
        brand=brand,
        state=state,
        time_zone=zone,
        device_model=device,
        service_center_name=sc_name,
        service_center_address=sc_address,
        service_center_tz=sc_zone,
        balance=balance,
        preferred_language=language,
        critical_flags=flags,
    )


# ---------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------


class ImportCancelledError(Exception):
    """The agent pressed Cancel; the caller rolls back, so nothing changed."""


@dataclass(frozen=True)
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


_COMPARED = (*(f for f in FIELDS if f != "cid"), "name_key")


@dataclass
class ImportJob:
    """An upsert by CID done one chunk at a time (so a dialog stays responsive).

    Writes into ``session``'s transaction and never commits or rolls back
    itself: the caller commits after the last chunk, or rolls back on cancel or
    error, so an unfinished import changes nothing.
    """

    session: Session
    rows: Sequence[RosterRow]
    now: datetime
    chunk_size: int = 1000
    processed: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    _columns: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("naive datetime")
        if self.chunk_size < 1:
            raise ValueError("chunk_size must be positive")
        self._columns = [Client.id, Client.cid, *(getattr(Client, c) for c in _COMPARED)]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> bool:
        return self.processed >= self.total

    def step(self) -> int:
        """Upsert the next chunk; returns how many rows are done so far."""
        chunk = self.rows[self.processed : self.processed + self.chunk_size]
        if not chunk:
            return self.processed
        cids = [r.cid for r in chunk]
        existing = {
            row.cid: row for row in self.session.execute(select(*self._columns).where(Client.cid.in_(cids)))
        }
        inserts: list[dict[str, Any]] = []
        # Updates grouped by the columns that changed: setting only those keeps the
        # name index trigger (UPDATE OF name_key) quiet when only a balance moved.
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for r in chunk:
            values = r.values()
            current = existing.get(r.cid)
            if current is None:
                inserts.append({**values, "updated_at": self.now})
                continue
            changed = tuple(c for c in _COMPARED if not _same(getattr(current, c), values[c]))
            if not changed:
                self.unchanged += 1
                continue
            updates.setdefault(changed, []).append(
                {"id": current.id, "updated_at": self.now, **{c: values[c] for c in changed}}
            )
            self.updated += 1
        if inserts:
            self.session.execute(insert(Client), inserts)
        for group in updates.values():
            self.session.execute(update(Client), group)
        self.inserted += len(inserts)
        self.processed += len(chunk)
        return self.processed

    def result(self) -> ImportResult:
        return ImportResult(inserted=self.inserted, updated=self.updated, unchanged=self.unchanged)


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, list | tuple) or isinstance(new, list | tuple):
        return list(current or []) == list(new or [])
    return bool(current == new)


def import_rows(
    session: Session,
    rows: Iterable[RosterRow],
    *,
    now: datetime,
    progress: Callable[[int, int], bool | None] | None = None,
    chunk_size: int = 1000,
) -> ImportResult:
    """Upsert every row; ``progress(done, total)`` returning False cancels.

    Raises :class:`ImportCancelledError` on cancel; like any error, the caller's
    rollback then leaves the cache exactly as it was.
    """
    job = ImportJob(session, list(rows), now=now, chunk_size=chunk_size)
    while not job.done:
        job.step()
        if progress is not None and progress(job.processed, job.total) is False:
            raise ImportCancelledError
    session.flush()
    return job.result()
