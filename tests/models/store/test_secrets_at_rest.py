"""No card number and no override code of the call is kept anywhere (SOP N1, M7).

Fourteen ways of typing a card and the call's override code (as typed, spaced,
in lower case, fullwidth) go through every write the models offer — history
entries (note, summary, UTR ticket, details, agent), drafts, preferences, a
roster import, an SOP pack import, Core inserts and updates, ``text()``
statements — and through the log.  Then the database file, its WAL, a backup, the log folder and the
preferences file are searched byte by byte.  The figure to reach is 0 places.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from desktop.models import sop
from desktop.models.notes import NoteDraft, save_draft
from desktop.models.store import history, prefs, roster, roster_write, sop_store
from desktop.models.store.backups import daily
from desktop.models.store.db import Store
from desktop.models.store.history import HistoryDraft
from desktop.models.store.schema import Client, Draft, HistoryEntry
from tests.conftest import make_client
from tests.secrets_probe import places_holding, text_holds

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# Payment-network test numbers (never real accounts), typed fourteen ways.
CARD_FORMATS: dict[str, str] = {
    "plain": "4111111111111111",
    "spaces": "4111 1111 1111 1111",
    "dashes": "4111-1111-1111-1111",
    "dots": "4111.1111.1111.1111",
    "slashes": "4111/1111/1111/1111",
    "underscores": "4111_1111_1111_1111",
    "tabs": "4111\t1111\t1111\t1111",
    "double_spaces": "4111  1111  1111  1111",
    "nbsp": "4111\u00a01111\u00a01111\u00a01111",
    "en_dash": "4111–1111–1111–1111",
    "fullwidth": "4111111111111111".translate(FULLWIDTH),
    "amex_15": "3782 822463 10005",
    "visa_13": "4222222222222",
    "digits_19": "4000000000000000006",
}

CODE = "7Q4K9X2M"
CODE_TYPED: dict[str, str] = {
    "code": CODE,
    "code_lower_spaced": "7q4k 9x2m",
    "code_dashed": "7-Q-4-K-9-X-2-M",
    "code_fullwidth": "７Ｑ４Ｋ９Ｘ２Ｍ",
}

SECRETS: dict[str, str] = {**CARD_FORMATS, "override_code": CODE}


def _sentence(secret: str) -> str:
    return f"Client read {secret} to me, then {secret}."


def write_everywhere(store: Store, prefs_path: Path, now: datetime, texts: dict[str, str]) -> None:
    """Every model-level write path, each given every text."""
    log = logging.getLogger("desktop.models.test")
    with store.sessions() as s, s.begin():
        client = make_client(s, cid="555001", name="Rosa Mendez")
    for n, (name, secret) in enumerate(texts.items()):
        said = _sentence(secret)
        with store.sessions() as s, s.begin():
            history.append(
                s,
                HistoryDraft(
                    client_id=client.id,
                    kind="override_given",
                    created_at=now,
                    agent=f"Agent {secret}",
                    summary=said,
                    note_text=said,
                    utr=secret[:64],
                    details={"waiver_reason": said, "m9_description": said, "lines": [said]},
                )
            )
            save_draft(
                s,
                f"note:{name}",
                NoteDraft(customer_name=said, reason=said, resolution=[said], additional_info=said),
                now,
                {"chat": said},
            )
            # Core statements as other code runs them: values bound inside, and text().
            s.execute(update(Client).where(Client.id == client.id).values(service_center_address=said))
            s.execute(
                text("UPDATE clients SET service_center_name = :v WHERE id = :id"), {"v": said, "id": client.id}
            )
            s.execute(
                insert(Draft).values(key=f"chat:{name}", content={"message": said}, updated_at=now)
            )
        # A roster import while the call is on (bulk insert, then bulk update of the same row).
        for address in ("first", said):
            csv = (
                "cid,name,brand,state,time_zone,service_center_address\n"
                f'{700000 + n},Pat Doe,plus,TX,America/Chicago,"{address.replace(chr(34), "")}"\n'
            )
            report = roster.parse_roster(csv.encode("utf-8"), filename="roster.csv")
            with store.sessions() as s, s.begin():
                roster_write.import_rows(s, report.rows, now=now)
        prefs.save(prefs_path, prefs.Preferences(agent_name=said))
        pack = json.loads(sop.dump_pack(sop.load_default_pack()))
        pack.update(version=f"2026.{n}", source=said)
        with store.sessions() as s, s.begin():
            sop_store.import_pack(s, json.dumps(pack, ensure_ascii=False), at=now, by=said)
        log.error("write failed: %r", {"note_text": said})
        try:
            raise ValueError(f"bad value {secret!r}")
        except ValueError:
            log.exception("save failed")


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's own log set-up, writing under a fresh home."""
    from desktop.app import setup_logging

    monkeypatch.setenv("INTERLOCK_ASSIST_HOME", str(tmp_path / "home"))
    root = logging.getLogger()
    before = list(root.handlers)
    log_file = setup_logging()
    yield log_file.parent
    for handler in root.handlers:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)


@pytest.fixture
def call_code() -> Iterator[Callable[[str], None]]:
    from desktop.models.redaction import CALL_SECRETS

    yield CALL_SECRETS.remember
    CALL_SECRETS.forget_all()


def places(store: Store, tmp_path: Path, log_dir: Path, prefs_path: Path) -> dict[str, list[str]]:
    assert store.path is not None
    (tmp_path / "backups").mkdir(exist_ok=True)
    backup = daily(store.path, tmp_path / "backups", datetime(2026, 11, 23, tzinfo=UTC))
    assert backup.path is not None
    db = store.path
    where = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), tmp_path / "backups", log_dir, prefs_path]
    assert Path(f"{db}-wal").stat().st_size > 0  # the WAL is searched while it still holds the writes
    for handler in logging.getLogger().handlers:
        handler.flush()
    return {name: places_holding(secret, where) for name, secret in SECRETS.items()}


def test_no_card_number_and_no_code_anywhere_N1_M7(
    store: Store, tmp_path: Path, now: datetime, log_dir: Path, call_code: Callable[[str], None]
) -> None:
    prefs_path = tmp_path / "config" / "prefs.json"
    call_code(CODE)
    texts = {**CARD_FORMATS, **CODE_TYPED}
    write_everywhere(store, prefs_path, now, texts)

    found = places(store, tmp_path, log_dir, prefs_path)

    assert {name: hits for name, hits in found.items() if hits} == {}
    assert sum(len(hits) for hits in found.values()) == 0


def test_the_writes_did_happen_and_kept_the_rest(
    store: Store, tmp_path: Path, now: datetime, log_dir: Path, call_code: Callable[[str], None]
) -> None:
    """The probe is not empty because nothing was written: the texts are there, masked."""
    prefs_path = tmp_path / "prefs.json"
    call_code(CODE)
    write_everywhere(store, prefs_path, now, {"spaces": CARD_FORMATS["spaces"], "code": "7q4k 9x2m"})
    with store.sessions() as s:
        notes = [e.note_text for e in s.scalars(select(HistoryEntry))]
        drafts = {d.key: d.content for d in s.scalars(select(Draft))}
        client = s.scalars(select(Client).where(Client.cid == "555001")).one()
    assert notes == ["Client read **** **** **** 1111 to me, then **** **** **** 1111.", "Client read ••• to me, then •••."]
    assert drafts["note:spaces"]["chat"] == "Client read **** **** **** 1111 to me, then **** **** **** 1111."
    assert drafts["chat:code"] == {"message": "Client read ••• to me, then •••."}
    assert client.service_center_name == "Client read ••• to me, then •••."
    assert json.loads(prefs_path.read_text(encoding="utf-8"))["agent_name"] == "Client read ••• to me, then •••."
    log_text = "".join(p.read_text(encoding="utf-8") for p in log_dir.iterdir())
    assert "save failed" in log_text and "**** **** **** 1111" in log_text
    assert not text_holds(CODE, log_text)


def test_the_probe_finds_what_was_left_in_place(tmp_path: Path) -> None:
    """Every format, written raw, is found: a zero is a real zero."""
    for name, secret in SECRETS.items():
        path = tmp_path / f"{name}.bin"
        path.write_bytes(b"\x00\x01" + json.dumps({"v": _sentence(secret)}).encode() + b"\xff")
        assert places_holding(secret, [tmp_path]) == [str(path)], name
        path.unlink()
    for name, typed in CODE_TYPED.items():
        assert text_holds(CODE, f"given {typed!r} now"), name
    assert not text_holds(CARD_FORMATS["plain"], "**** **** **** 1111")
