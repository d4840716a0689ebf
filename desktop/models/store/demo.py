"""The demo database (``make run``): about fifty clients whose histories exercise every rule.

Why hand-picked scenarios plus generated filler: trainers and testers need to
know which CID shows which rule (see :data:`SCENARIOS`), and the lookup needs
enough similar names to show prefix and typo matching.  Everything is
deterministic (no randomness, times relative to ``now``) so screenshots and
walkthroughs are repeatable.

Names, notes and flags are account *data* as the CRM would hold them (English
notes, as agents write them), not interface text, so they are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import sop
from desktop.models.store import history
from desktop.models.store.clients import normalise_name
from desktop.models.store.history import HistoryDraft
from desktop.models.store.schema import Client

DEMO_AGENT = "demo"
SPANISH_ONLY = "Speaks only Spanish"


@dataclass(frozen=True)
class DemoClient:
    cid: str
    name: str
    brand: str
    state: str
    time_zone: str
    center: str
    balance: Decimal = Decimal("0.00")
    language: str = "en"
    flags: tuple[str, ...] = ()
    scenario: str = ""  # what a trainer uses this client to show (SOP rule ids)
    device_model: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


#: Service centers: name -> (address, IANA zone).  Zones match the address's state.
CENTERS: dict[str, tuple[str, str]] = {
    "Charleston": ("1200 Kanawha Blvd E, Charleston, WV 25301", "America/New_York"),
    "Austin": ("4500 S Congress Ave, Austin, TX 78745", "America/Chicago"),
    "Houston": ("8800 Westheimer Rd, Houston, TX 77063", "America/Chicago"),
    "Phoenix": ("2400 W Camelback Rd, Phoenix, AZ 85015", "America/Phoenix"),
    "Tucson": ("3300 E Speedway Blvd, Tucson, AZ 85716", "America/Phoenix"),
    "Richmond": ("700 E Broad St, Richmond, VA 23219", "America/New_York"),
    "Los Angeles": ("5100 W Sunset Blvd, Los Angeles, CA 90027", "America/Los_Angeles"),
    "Oklahoma City": ("1500 NW 23rd St, Oklahoma City, OK 73106", "America/Chicago"),
    "Tulsa": ("6100 S Yale Ave, Tulsa, OK 74136", "America/Chicago"),
    "Seattle": ("2200 Rainier Ave S, Seattle, WA 98144", "America/Los_Angeles"),
    "Spokane": ("900 N Division St, Spokane, WA 99202", "America/Los_Angeles"),
    "Honolulu": ("1450 Ala Moana Blvd, Honolulu, HI 96814", "Pacific/Honolulu"),
    "Anchorage": ("3600 Spenard Rd, Anchorage, AK 99503", "America/Anchorage"),
    "San Juan": ("250 Ave Ponce de León, San Juan, PR 00918", "America/Puerto_Rico"),
    "Denver": ("1600 S Broadway, Denver, CO 80210", "America/Denver"),
    "Miami": ("7400 NW 7th St, Miami, FL 33126", "America/New_York"),
    "Albany": ("200 Central Ave, Albany, NY 12206", "America/New_York"),
    "Chicago": ("3100 N Cicero Ave, Chicago, IL 60641", "America/Chicago"),
    "Indianapolis": ("5500 E Washington St, Indianapolis, IN 46219", "America/Indiana/Indianapolis"),
    "Nashville": ("800 Murfreesboro Pike, Nashville, TN 37217", "America/Chicago"),
    "Las Vegas": ("4000 E Charleston Blvd, Las Vegas, NV 89104", "America/Los_Angeles"),
    "Albuquerque": ("5600 Central Ave SE, Albuquerque, NM 87108", "America/Denver"),
    "Boise": ("7000 W Fairview Ave, Boise, ID 83704", "America/Boise"),
    "Detroit": ("14000 W 8 Mile Rd, Detroit, MI 48235", "America/Detroit"),
    "Louisville": ("3000 Bardstown Rd, Louisville, KY 40205", "America/Kentucky/Louisville"),
}

# Hand-picked clients: each shows one or more rules.  CIDs are stable for training.
SCENARIOS: tuple[DemoClient, ...] = (
    DemoClient("300101", "Dana Whitfield", "plus", "WV", "America/New_York", "Charleston",
               scenario="C2: West Virginia, no courtesy credits"),
    DemoClient("300102", "Robert Haines", "plus", "TX", "America/Chicago", "Austin",
               scenario="C1: courtesy credit already given"),
    DemoClient("300103", "Luis Carrasco", "m9", "AZ", "America/Phoenix", "Phoenix", device_model="AMS2000",
               scenario="M9: override code already waived once; AZ has no DST"),
    DemoClient("300104", "Patricia Nolan", "plus", "VA", "America/New_York", "Richmond",
               balance=Decimal("145.50"), scenario="C11/H5: past-due balance, no state transfer; H7 VASAP"),
    DemoClient("300105", "Rosa Elena Martínez", "plus", "CA", "America/Los_Angeles", "Los Angeles",
               language="es", flags=(SPANISH_ONLY,), scenario="N2: Spanish only, critical flag"),
    DemoClient("300106", "Kevin Tran", "plus", "OK", "America/Chicago", "Oklahoma City",
               scenario="P8: open POC request (UTR) awaiting the CSG call; OK technician rule"),
    DemoClient("300107", "Shawna Brooks", "plus", "WA", "America/Los_Angeles", "Seattle",
               scenario="P8: POC request changed (correction chain)"),
    DemoClient("300108", "Keoni Kahale", "plus", "HI", "Pacific/Honolulu", "Honolulu",
               scenario="P6/P7: Hawaii time, far from US Eastern CSG hours"),
    DemoClient("300109", "Ada Sorensen", "monitech", "AK", "America/Anchorage", "Anchorage",
               scenario="P10: Monitech, agent gives the code; Alaska time"),
    DemoClient("300110", "José Rivera Ortiz", "plus", "PR", "America/Puerto_Rico", "San Juan",
               balance=Decimal("-20.00"), language="es",
               scenario="H5: account credit does not transfer; Puerto Rico (Atlantic time, no DST)"),
    DemoClient("300111", "Gary Mills", "m9", "CO", "America/Denver", "Denver", device_model="AMS2000",
               scenario="M8: override code given and paid (no waiver used yet)"),
    DemoClient("300112", "Tina Alvarez", "plus", "FL", "America/New_York", "Miami",
               scenario="C1: a credit entered by mistake, then corrected (still eligible)"),
    DemoClient("300113", "Marcus Bell", "plus", "NY", "America/New_York", "Albany",
               scenario="P8: POC request cancelled"),
    DemoClient("300114", "Linda Foster", "plus", "IL", "America/Chicago", "Chicago",
               scenario="C1: credit above $35 escalated to a lead"),
    DemoClient("300115", "Maria Lopez", "plus", "TX", "America/Chicago", "Houston",
               language="es", scenario="Lookup: several Lopez and Maria names"),
    DemoClient("300116", "Mario Lopes", "m9", "NV", "America/Los_Angeles", "Las Vegas", device_model="AMS2000",
               scenario="Lookup: near-miss spelling of Maria Lopez"),
    DemoClient("300117", "Brenda Okafor", "plus", "OK", "America/Chicago", "Tulsa",
               balance=Decimal("60.00"), scenario="C3/C12: fee billed, balance open"),
    DemoClient("300118", "Wendell Price", "monitech", "WA", "America/Los_Angeles", "Spokane",
               scenario="P10: Monitech in Washington"),
)

# Filler clients: (first, last, brand, state, zone, center, language).  Coherent zones per state.
_FILLER: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("Angela", "Lopez", "plus", "TX", "America/Chicago", "Austin", "en"),
    ("Juan Carlos", "Hernández", "plus", "TX", "America/Chicago", "Houston", "es"),
    ("Emily", "Marsh", "plus", "VA", "America/New_York", "Richmond", "en"),
    ("Thomas", "Greer", "m9", "VA", "America/New_York", "Richmond", "en"),
    ("Guadalupe", "Ramírez", "plus", "AZ", "America/Phoenix", "Tucson", "es"),
    ("Derek", "Holloway", "monitech", "AZ", "America/Phoenix", "Phoenix", "en"),
    ("Samantha", "Reyes", "plus", "CA", "America/Los_Angeles", "Los Angeles", "en"),
    ("Victor", "Nguyen", "m9", "CA", "America/Los_Angeles", "Los Angeles", "en"),
    ("Joseph", "Crane", "plus", "WV", "America/New_York", "Charleston", "en"),
    ("Leticia", "Morales", "plus", "WV", "America/New_York", "Charleston", "es"),
    ("Harold", "Begay", "plus", "NM", "America/Denver", "Albuquerque", "en"),
    ("Ashley", "Kim", "monitech", "WA", "America/Los_Angeles", "Seattle", "en"),
    ("Noelani", "Akana", "plus", "HI", "Pacific/Honolulu", "Honolulu", "en"),
    ("Tyler", "Lindqvist", "m9", "AK", "America/Anchorage", "Anchorage", "en"),
    ("Carmen", "Colón", "plus", "PR", "America/Puerto_Rico", "San Juan", "es"),
    ("Raymond", "Fox", "plus", "OK", "America/Chicago", "Tulsa", "en"),
    ("Sharon", "Whitehorse", "m9", "OK", "America/Chicago", "Oklahoma City", "en"),
    ("Brian", "Kowalski", "plus", "MI", "America/Detroit", "Detroit", "en"),
    ("Megan", "O'Connor", "plus", "IN", "America/Indiana/Indianapolis", "Indianapolis", "en"),
    ("Andre", "Washington", "monitech", "KY", "America/Kentucky/Louisville", "Louisville", "en"),
    ("Lucía", "Fernández", "plus", "FL", "America/New_York", "Miami", "es"),
    ("Cody", "Jensen", "plus", "ID", "America/Boise", "Boise", "en"),
    ("Kimberly", "Dawson", "m9", "TN", "America/Chicago", "Nashville", "en"),
    ("Daniel", "Schultz", "plus", "CO", "America/Denver", "Denver", "en"),
    ("Olivia", "Barnes", "plus", "NY", "America/New_York", "Albany", "en"),
    ("Francisco", "Gutiérrez", "plus", "IL", "America/Chicago", "Chicago", "es"),
    ("Jessica", "Lopez-Warren", "plus", "NV", "America/Los_Angeles", "Las Vegas", "en"),
    ("Marcus", "Bellamy", "monitech", "NY", "America/New_York", "Albany", "en"),
    ("Priya", "Raman", "plus", "WA", "America/Los_Angeles", "Spokane", "en"),
    ("George", "Whitman", "plus", "WV", "America/New_York", "Charleston", "en"),
    ("Rebecca", "Stone", "m9", "FL", "America/New_York", "Miami", "en"),
    ("Ernesto", "Salazar", "plus", "NM", "America/Denver", "Albuquerque", "es"),
    ("Heather", "Lane", "plus", "MI", "America/Detroit", "Detroit", "en"),
)


def demo_clients() -> tuple[DemoClient, ...]:
    filler = tuple(
        DemoClient(
            cid=f"3002{i:02d}",
            name=f"{first} {last}",
            brand=brand,
            state=state,
            time_zone=zone,
            center=center,
            language=lang,
            device_model="AMS2000" if brand == "m9" else None,
        )
        for i, (first, last, brand, state, zone, center, lang) in enumerate(_FILLER, start=1)
    )
    return SCENARIOS + filler


def seed_if_empty(session: Session, now: datetime) -> int:
    """Fill an empty cache with the demo clients and histories; returns how many clients it added.

    Does nothing on a cache that already holds clients, so restarting the demo
    never duplicates or rewrites anything (history is append-only anyway).
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime")
    if session.scalar(select(func.count()).select_from(Client)):
        return 0
    ids: dict[str, int] = {}
    for c in demo_clients():
        address, center_tz = CENTERS[c.center]
        row = Client(
            cid=c.cid,
            name=c.name,
            name_key=normalise_name(c.name),
            brand=c.brand,
            device_model=c.device_model,
            state=c.state,
            time_zone=c.time_zone,
            service_center_name=f"{c.center} Service Center",
            service_center_address=address,
            service_center_tz=center_tz,
            balance=c.balance,
            preferred_language=c.language,
            critical_flags=list(c.flags),
            updated_at=now,
        )
        session.add(row)
        session.flush()
        ids[c.cid] = row.id
    _histories(session, ids, now)
    return len(ids)


def _local(now: datetime, zone: str, days: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in the client's zone ``days`` from today (negative: past)."""
    tz = ZoneInfo(zone)
    day = now.astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _note(session: Session, client_id: int, at: datetime, reason: str, text: str, disposition: str) -> None:
    history.append(
        session,
        HistoryDraft(
            client_id=client_id,
            kind="note",
            created_at=at,
            agent=DEMO_AGENT,
            summary=reason,
            note_text=text,
            disposition=disposition,
        )
    )


def _histories(session: Session, ids: dict[str, int], now: datetime) -> None:
    pack_version = sop.load_default_pack().version  # what the decisions were made under
    ago = lambda days, hours=0: now - timedelta(days=days, hours=hours)  # noqa: E731

    # C2: a West Virginia client asking for a credit; the agent explained the state rule.
    wv = ids["300101"]
    _note(session, wv, ago(12), "Reset fee complaint",
          "Reason: client asked for a credit on a reset fee.\n"
          "Resolution: explained West Virginia does not allow courtesy credits; educated on avoiding resets.",
          "credit_denied")
    history.append(session, HistoryDraft(client_id=wv, kind="credit_decision", created_at=ago(12), agent=DEMO_AGENT,
                   summary="Credit refused: state does not allow courtesy credits",
                   details={"reason": "state_forbids", "requested": "15.00"},
                   sop_pack_version=pack_version))

    # C1: one-time courtesy credit already used.
    tx = ids["300102"]
    history.append(session, HistoryDraft(client_id=tx, kind="courtesy_credit", created_at=ago(64), agent=DEMO_AGENT,
                   summary="Courtesy credit for a missed-appointment fee", amount=Decimal("25.00"),
                   details={"reason": "missed_appointment_fee"}, sop_pack_version=pack_version))
    _note(session, tx, ago(64), "Missed appointment fee",
          "Reason: client disputed a missed-appointment fee.\n"
          "Resolution: one-time courtesy credit of $25.00 applied as a coupon; educated on rescheduling "
          "at least a day ahead.", "courtesy_credit")

    # M9: an M9 client whose one-time waiver is used (override codes themselves are never stored).
    az = ids["300103"]
    history.append(session, HistoryDraft(client_id=az, kind="override_given", created_at=ago(40, 3), agent=DEMO_AGENT,
                   summary="Override code given, fee waived (one-time courtesy)", waived=True,
                   amount=Decimal("0.00"), details={"reason": "first lockout, vehicle at shop"},
                   sop_pack_version=pack_version))
    _note(session, az, ago(40, 3), "Permanent lockout",
          "Reason: device in permanent lockout, client with vehicle.\n"
          "Resolution: appointment confirmed for the same afternoon; override code read one character at a "
          "time; fee waived as a one-time courtesy.", "override_given")

    # C11/H5: balance; the transfer was refused.
    va = ids["300104"]
    _note(session, va, ago(5), "State-to-state transfer",
          "Reason: client moving to North Carolina, asked for a transfer.\n"
          "Resolution: transfer not possible with a $145.50 balance; offered a payment plan.\n"
          "Follow up: client will call back after payday.", "state_transfer")

    # N2: Spanish-only client (critical flag).
    ca = ids["300105"]
    _note(session, ca, ago(30), "Spanish-speaking client",
          "Reason: client only speaks Spanish; call handled in Spanish.\n"
          "Resolution: critical flag added: speaks only Spanish.", "ce_bilingual_requested")

    # P8: open POC request, appointment tomorrow morning client time.
    ok = ids["300106"]
    appt = _local(now, "America/Chicago", 1, 9, 30)
    history.append(session, HistoryDraft(client_id=ok, kind="poc_request", created_at=ago(0, 2), agent=DEMO_AGENT,
                   summary="POC request submitted to CSG", utr="UTR-48213", appointment_at=appt,
                   status="submitted",
                   details={"client_tz": "America/Chicago", "drive_minutes": 40}, sop_pack_version=pack_version))
    _note(session, ok, ago(0, 2), "POC request",
          "Reason: device in permanent lockout.\n"
          "Resolution: POC request submitted, UTR-48213; appointment tomorrow 9:30 AM CST at the Oklahoma "
          "City service center; drive time 40 minutes; CSG will call about 10-15 minutes before the client "
          "must leave.", "poc_request")

    # P8: a POC request changed (the change is a new entry pointing at the old one).
    wa = ids["300107"]
    first = history.append(session, HistoryDraft(client_id=wa, kind="poc_request", created_at=ago(2), agent=DEMO_AGENT,
                           summary="POC request submitted to CSG", utr="UTR-47790",
                           appointment_at=_local(now, "America/Los_Angeles", 0, 8, 0), status="submitted",
                           details={"client_tz": "America/Los_Angeles", "drive_minutes": 25},
                           sop_pack_version=pack_version))
    history.append(session, HistoryDraft(client_id=wa, kind="poc_request", created_at=ago(1), agent=DEMO_AGENT,
                   summary="POC request changed: new appointment time", utr="UTR-47790",
                   appointment_at=_local(now, "America/Los_Angeles", 2, 13, 0), status="changed",
                   corrects_id=first.id, details={"client_tz": "America/Los_Angeles", "drive_minutes": 25},
                   sop_pack_version=pack_version))

    # M8: an M9 override code given and paid; the waiver is still available.
    co = ids["300111"]
    history.append(session, HistoryDraft(client_id=co, kind="override_given", created_at=ago(90), agent=DEMO_AGENT,
                   summary="Override code given, paid after the code (full service)", waived=False,
                   amount=Decimal("45.00"), sop_pack_version=pack_version))

    # C1 with a correction: the credit was entered on the wrong account and withdrawn.
    fl = ids["300112"]
    wrong = history.append(session, HistoryDraft(client_id=fl, kind="courtesy_credit", created_at=ago(20), agent=DEMO_AGENT,
                           summary="Courtesy credit", amount=Decimal("20.00"), sop_pack_version=pack_version))
    history.append(session, HistoryDraft(client_id=fl, kind="correction", created_at=ago(19), agent=DEMO_AGENT,
                   summary="Correction: credit entered on the wrong account; not given to this client",
                   corrects_id=wrong.id))

    # P8: a cancelled POC request.
    ny = ids["300113"]
    req = history.append(session, HistoryDraft(client_id=ny, kind="poc_request", created_at=ago(8), agent=DEMO_AGENT,
                         summary="POC request submitted to CSG", utr="UTR-46002",
                         appointment_at=_local(now, "America/New_York", -7, 10, 0), status="submitted",
                         sop_pack_version=pack_version))
    history.append(session, HistoryDraft(client_id=ny, kind="poc_request", created_at=ago(7, 20), agent=DEMO_AGENT,
                   summary="POC request cancelled: client got a tow to the service center", utr="UTR-46002",
                   status="cancelled", corrects_id=req.id, sop_pack_version=pack_version))

    # C1: more than $35 requested, escalated.
    il = ids["300114"]
    history.append(session, HistoryDraft(client_id=il, kind="credit_decision", created_at=ago(3), agent=DEMO_AGENT,
                   summary="Credit request of $50.00 escalated to a lead", amount=Decimal("50.00"),
                   details={"reason": "above_limit"}, sop_pack_version=pack_version))

    # Routine notes so the panel and note search have something to show everywhere.
    routine = (
        ("Appointment scheduled", "Reason: calibration due.\nResolution: calibration scheduled; "
         "reminded the client to arrive 10 minutes early.", "appointment_scheduled"),
        ("Reset question", "Reason: client asked why a reset was needed.\nResolution: explained the "
         "violation reset; educated on rolling retests.", "reset_question"),
        ("Device troubleshooting", "Reason: handset showed a warning.\nResolution: walked the client "
         "through a restart; device working.", "device_troubleshooting"),
    )
    for n, (_cid, client_id) in enumerate(sorted(ids.items())):
        reason, text, disposition = routine[n % len(routine)]
        _note(session, client_id, ago(100 + n * 3), reason, text, disposition)
