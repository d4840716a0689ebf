"""The demo database: enough clients, coherent zones, and a history for every rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import sop
from desktop.models.store import clients, demo, history
from desktop.models.store.clients import BRANDS, ClientInfo
from desktop.models.store.db import Store
from desktop.models.store.schema import Client, HistoryEntry

# Zones a client convicted in these states can plausibly live in (IANA names).
STATE_ZONES = {
    "WV": {"America/New_York"},
    "VA": {"America/New_York"},
    "OK": {"America/Chicago"},
    "WA": {"America/Los_Angeles"},
    "AZ": {"America/Phoenix"},
    "HI": {"Pacific/Honolulu"},
    "AK": {"America/Anchorage", "America/Juneau", "America/Nome", "America/Sitka", "America/Yakutat"},
    "PR": {"America/Puerto_Rico"},
    "TX": {"America/Chicago", "America/Denver"},
    "CA": {"America/Los_Angeles"},
    "NV": {"America/Los_Angeles"},
    "FL": {"America/New_York", "America/Chicago"},
    "NY": {"America/New_York"},
    "IL": {"America/Chicago"},
    "CO": {"America/Denver"},
    "NM": {"America/Denver"},
    "MI": {"America/Detroit"},
    "IN": {"America/Indiana/Indianapolis"},
    "KY": {"America/Kentucky/Louisville"},
    "TN": {"America/Chicago"},
    "ID": {"America/Boise"},
}


@pytest.fixture
def seeded(store: Store, now: datetime) -> Store:
    with store.sessions() as s, s.begin():
        assert demo.seed_if_empty(s, now) == len(demo.demo_clients())
    return store


def all_clients(session: Session) -> list[ClientInfo]:
    return [clients.info(r) for r in session.scalars(select(Client))]


def test_about_fifty_clients_across_brands_and_required_states(seeded: Store) -> None:
    with seeded.sessions() as s:
        found = all_clients(s)
    assert 45 <= len(found) <= 60
    assert {c.brand for c in found} == set(BRANDS)
    assert {"WV", "VA", "OK", "WA", "AZ", "HI", "AK", "PR"} <= {c.state for c in found}
    assert len({c.cid for c in found}) == len(found)


def test_time_zones_are_real_and_match_the_state(seeded: Store) -> None:
    with seeded.sessions() as s:
        found = all_clients(s)
    for c in found:
        ZoneInfo(c.time_zone)
        assert c.service_center_tz is not None
        ZoneInfo(c.service_center_tz)
        assert c.time_zone in STATE_ZONES[c.state], (c.name, c.state, c.time_zone)
    arizona = [c for c in found if c.state == "AZ"]
    assert arizona
    for c in arizona:  # no daylight saving time in Arizona
        tz = ZoneInfo(c.time_zone)
        assert datetime(2026, 1, 15, tzinfo=tz).utcoffset() == datetime(2026, 7, 15, tzinfo=tz).utcoffset()


def test_seeding_twice_adds_nothing(seeded: Store, now: datetime) -> None:
    with seeded.sessions() as s, s.begin():
        assert demo.seed_if_empty(s, now) == 0
        assert len(all_clients(s)) == len(demo.demo_clients())


def test_no_seed_into_a_cache_with_clients(store: Store, now: datetime, add_client: Callable[..., ClientInfo]) -> None:
    add_client()
    with store.sessions() as s, s.begin():
        assert demo.seed_if_empty(s, now) == 0


def test_naive_time_refused(session: Session) -> None:
    with pytest.raises(ValueError):
        demo.seed_if_empty(session, datetime(2026, 1, 1))


def by_cid(session: Session, cid: str) -> ClientInfo:
    found = clients.get_by_cid(session, cid)
    assert found is not None
    return found


def test_histories_exercise_the_one_time_rules(seeded: Store, now: datetime) -> None:
    """SOP C1, C2, M9, P8, N2, C11: each rule has a demo client whose history shows it."""
    with seeded.sessions() as s:
        everyone = all_clients(s)
        credited = [c for c in everyone if history.courtesy_credits(s, c.id)]
        waived = [c for c in everyone if history.waivers(s, c.id)]
        open_poc = [c for c in everyone if history.open_poc_requests(s, c.id)]
        assert credited and all(c.state != "WV" for c in credited)  # SOP C1 (and never in WV, C2)
        assert waived and {c.brand for c in waived} == {"m9"}  # SOP M9
        assert open_poc  # SOP P8
        request = history.open_poc_requests(s, open_poc[0].id)[0]
        assert request.utr and request.appointment_at is not None and request.appointment_at > now
        assert any(c.balance > 0 for c in everyone)  # SOP C11 / H5
        assert any(c.balance < 0 for c in everyone)  # H5: credits do not transfer
        spanish = [c for c in everyone if demo.SPANISH_ONLY in c.critical_flags]
        assert spanish and all(c.preferred_language == "es" for c in spanish)  # SOP N2
        assert any(c.state == "WV" for c in everyone)  # SOP C2
        # A corrected credit no longer counts, and a changed/cancelled request chain exists.
        tina = by_cid(s, "300112")
        assert history.courtesy_credits(s, tina.id) == []
        assert any(i.kind == "correction" for i in history.timeline(s, tina.id))
        marcus = by_cid(s, "300113")
        assert history.open_poc_requests(s, marcus.id) == []
        # A paid M9 override code does not use up the one-time waiver.
        gary = by_cid(s, "300111")
        assert history.waivers(s, gary.id) == []
        assert history.timeline(s, gary.id, ("override_given",))


def test_decisions_record_the_pack_version(seeded: Store) -> None:
    version = sop.load_default_pack().version
    with seeded.sessions() as s:
        decisions = s.scalars(
            select(HistoryEntry).where(HistoryEntry.kind.in_(("courtesy_credit", "override_given", "credit_decision")))
        ).all()
    assert decisions
    assert {d.sop_pack_version for d in decisions} == {version}


def test_every_client_has_history_and_no_override_code_is_stored(seeded: Store) -> None:
    with seeded.sessions() as s:
        for c in all_clients(s):
            assert history.timeline(s, c.id), c.name
        texts = " ".join((e.note_text or "") + e.summary for e in s.scalars(select(HistoryEntry)))
    # Override codes are four digits (SOP M4); none may be in any entry.
    assert not re.search(r"\b\d{4}\b", re.sub(r"UTR-\d+", "", texts))


def test_demo_lookup_shows_near_names(seeded: Store) -> None:
    with seeded.sessions() as s:
        lopez = [c.name for c in clients.search(s, "lopez")]
        typo = [c.name for c in clients.search(s, "Maria Lopes")]
    assert {"Maria Lopez", "Angela Lopez"} <= set(lopez)
    assert "Maria Lopez" in typo and "Mario Lopes" in typo
