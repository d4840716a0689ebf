"""SOP packs in the database: versions kept, one active, bad packs rejected whole."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.models import sop
from desktop.models.store import sop_store
from desktop.models.store.db import Store
from desktop.models.store.schema import SopPackRecord
from desktop.models.store.sop_store import DuplicatePackVersionError


def pack_text(version: str = "2026.12.0", **changes: Any) -> str:
    data = json.loads(sop.dump_pack(sop.load_default_pack()))
    data["version"] = version
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        node[leaf] = value
    return json.dumps(data)


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(SopPackRecord)) or 0)


def test_import_stores_a_version_without_activating_it(session: Session, now: datetime) -> None:
    info = sop_store.import_pack(session, pack_text(), at=now, by="Lead Lee")
    assert info.version == "2026.12.0"
    assert info.imported_by == "Lead Lee"
    assert info.imported_at == now
    assert not info.is_active
    assert sop_store.active_pack(session) is None  # the app keeps using the shipped pack
    assert [p.id for p in sop_store.list_packs(session)] == [info.id]


def test_activate_makes_exactly_one_pack_active(session: Session, now: datetime) -> None:
    first = sop_store.import_pack(session, pack_text("1"), at=now, by="lead")
    second = sop_store.import_pack(session, pack_text("2"), at=now + timedelta(minutes=1), by="lead")
    sop_store.activate(session, first.id)
    sop_store.activate(session, second.id)
    active = [p for p in sop_store.list_packs(session) if p.is_active]
    assert [p.id for p in active] == [second.id]
    pack = sop_store.active_pack(session)
    assert pack is not None and pack.version == "2"
    assert sop_store.active_info(session) == active[0]


def test_list_is_newest_import_first(session: Session, now: datetime) -> None:
    a = sop_store.import_pack(session, pack_text("a"), at=now, by="lead")
    b = sop_store.import_pack(session, pack_text("b"), at=now + timedelta(days=1), by="lead")
    assert [p.id for p in sop_store.list_packs(session)] == [b.id, a.id]


def test_same_name_and_version_is_refused_and_nothing_overwritten(session: Session, now: datetime) -> None:
    """Versions are kept, never overwritten: decisions name the version they used."""
    original = sop_store.import_pack(session, pack_text("7", states__OK__notes__en="first"), at=now, by="lead")
    with pytest.raises(DuplicatePackVersionError) as err:
        sop_store.import_pack(session, pack_text("7", states__OK__notes__en="second"), at=now, by="lead")
    assert err.value.version == "7"
    assert err.value.code == "duplicate_version"
    assert count(session) == 1
    assert "first" in sop_store.export_pack(session, original.id)


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"states__WV__poc_fee": 40.5}, {"states.WV.poc_fee"}),
        ({"states__WV__courtesy_credits": "maybe"}, {"states.WV.courtesy_credits"}),
        ({"states__XX": {}}, {"states.XX"}),
        ({"name": ""}, {"name"}),
        ({"effective_date": "2026-13-40"}, {"effective_date"}),
    ],
)
def test_bad_pack_is_rejected_with_paths_and_active_pack_untouched(
    session: Session, now: datetime, changes: dict[str, Any], paths: set[str]
) -> None:
    good = sop_store.import_pack(session, pack_text("good"), at=now, by="lead")
    sop_store.activate(session, good.id)
    with pytest.raises(sop.PackValidationError) as err:
        sop_store.import_pack(session, pack_text("bad", **changes), at=now, by="lead")
    assert paths <= {p.path for p in err.value.problems}
    assert count(session) == 1
    active = sop_store.active_pack(session)
    assert active is not None and active.version == "good"


def test_every_problem_is_listed_not_only_the_first(session: Session, now: datetime) -> None:
    bad = pack_text("bad", states__WV__poc_fee=40.5, states__TX__poc_override="sometimes", name="")
    with pytest.raises(sop.PackValidationError) as err:
        sop_store.import_pack(session, bad, at=now, by="lead")
    assert {"states.WV.poc_fee", "states.TX.poc_override", "name"} <= set(err.value.paths())


@pytest.mark.parametrize("garbage", ["", "hello", "resources/sop/default-pack.json", "{", "[1, 2]"])
def test_non_pack_text_is_a_validation_error_never_a_file_read(session: Session, now: datetime, garbage: str) -> None:
    with pytest.raises(sop.PackValidationError) as err:
        sop_store.import_pack(session, garbage, at=now, by="lead")
    assert err.value.problems
    assert count(session) == 0


def test_export_round_trips_to_an_equal_pack(session: Session, now: datetime) -> None:
    info = sop_store.import_pack(session, pack_text("9", states__OK__notes__en="Technician in person."), at=now,
                                 by="lead")
    exported = sop_store.export_pack(session, info.id)
    again = sop.load_pack(exported)
    assert again == sop_store.get_pack(session, info.id)
    assert again.state("ok").notes.en == "Technician in person."
    assert again.state("wv").courtesy_credits_allowed is False  # SOP C2 survives the round trip


def test_use_shipped_pack_deactivates_all(session: Session, now: datetime) -> None:
    info = sop_store.import_pack(session, pack_text(), at=now, by="lead")
    sop_store.activate(session, info.id)
    sop_store.use_shipped_pack(session)
    assert sop_store.active_pack(session) is None
    assert count(session) == 1  # still kept


def test_unknown_ids_raise_key_error(session: Session) -> None:
    for call in (sop_store.activate, sop_store.export_pack, sop_store.get_pack):
        with pytest.raises(KeyError):
            call(session, 999)


def test_naive_time_refused(session: Session) -> None:
    with pytest.raises(ValueError):
        sop_store.import_pack(session, pack_text(), at=datetime(2026, 1, 1), by="lead")


def test_stored_pack_that_no_longer_validates_falls_back(session: Session, now: datetime) -> None:
    info = sop_store.import_pack(session, pack_text(), at=now, by="lead")
    sop_store.activate(session, info.id)
    session.execute(text("UPDATE sop_packs SET content = '{}' WHERE id = :i"), {"i": info.id})
    assert sop_store.active_pack(session) is None


def test_context_reads_the_activated_pack(ctx: Any, store: Store, now: datetime) -> None:
    """Every decision records ctx.pack.version, so the context must follow activation."""
    assert ctx.pack.version == sop.load_default_pack().version
    with store.sessions() as s, s.begin():
        info = sop_store.import_pack(s, pack_text("2027.1"), at=now, by="lead")
        sop_store.activate(s, info.id)
    ctx.reload_pack()
    assert ctx.pack.version == "2027.1"
