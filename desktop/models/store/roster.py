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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.i18n import N_, gettext_for
from desktop.models.store.clients import BRANDS, normalise_name

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
