"""What a pasted or dropped text opens: a CID, a POC request's UTR number, or a reason it opens nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from desktop.models.paste_target import MAX_ID_LEN, QUOTE_LEN, PasteReason, resolve
from desktop.models.store import history
from tests.conftest import make_client


@pytest.fixture
def filled(session: Session, now: datetime) -> Session:
    maria = make_client(session, cid="300101", name="Maria Lopez")
    rosa = make_client(session, cid="M90001", name="Rosa Vega", brand="m9")
    history.append(session, history.HistoryDraft(client_id=maria.id, kind="poc_request", created_at=now - timedelta(days=2),
                   summary="POC request submitted", utr="UTR-48213", status="submitted"))
    history.append(session, history.HistoryDraft(client_id=rosa.id, kind="courtesy_credit", created_at=now, summary="credit", utr="UTR-555"))
    session.flush()
    return session


@pytest.mark.parametrize("text", ["300101", " 300101\n", "\t300101  "])
def test_a_cid_opens_its_client_with_the_blanks_a_copy_brings(filled: Session, text: str) -> None:
    target = resolve(filled, text)
    assert target.reason == PasteReason.CID and target.client is not None and target.client.cid == "300101"


def test_a_lower_case_cid_opens_its_client(filled: Session) -> None:
    target = resolve(filled, "m90001")
    assert target.reason == PasteReason.CID and target.client is not None and target.client.name == "Rosa Vega"


@pytest.mark.parametrize("text", ["UTR-48213", "utr-48213"])
def test_a_utr_number_opens_the_client_of_that_poc_request(filled: Session, text: str) -> None:
    target = resolve(filled, text)
    assert target.reason == PasteReason.UTR and target.utr == text
    assert target.client is not None and target.client.cid == "300101"


def test_a_utr_number_on_another_entry_still_names_its_client(filled: Session) -> None:
    target = resolve(filled, "UTR-555")
    assert target.reason == PasteReason.UTR and target.client is not None and target.client.cid == "M90001"


def test_ten_megabytes_are_refused_without_being_read(filled: Session) -> None:
    target = resolve(filled, "300101" + "x" * 10_000_000)
    assert target.reason == PasteReason.TOO_LONG and target.client is None
    assert len(target.text) <= QUOTE_LEN


def test_ten_megabytes_of_blanks_around_a_cid_are_still_too_long(filled: Session) -> None:
    assert resolve(filled, " " * 5_000_000 + "300101" + " " * 5_000_000).reason == PasteReason.TOO_LONG


def test_one_character_over_the_longest_id_is_too_long(filled: Session) -> None:
    assert resolve(filled, "A" * MAX_ID_LEN).reason == PasteReason.UNKNOWN
    assert resolve(filled, "A" * (MAX_ID_LEN + 1)).reason == PasteReason.TOO_LONG


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", PasteReason.EMPTY),
        (" \n\t ", PasteReason.EMPTY),
        ("300 101", PasteReason.HAS_SPACES),
        ("300101\n300103", PasteReason.HAS_SPACES),
        ("300\u00a0101", PasteReason.HAS_SPACES),
        ("<b>300101</b>", PasteReason.BAD_CHARACTERS),
        ("３００１０１", PasteReason.BAD_CHARACTERS),
        ("999999", PasteReason.UNKNOWN),
        ("UTR-00000", PasteReason.UNKNOWN),
    ],
)
def test_junk_opens_nothing_and_says_why(filled: Session, text: str, reason: PasteReason) -> None:
    target = resolve(filled, text)
    assert target.reason == reason
    assert target.client is None and not target.found
