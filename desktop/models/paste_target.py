"""Which client a pasted or dropped text names: a CID, or the UTR number of a POC request.

Agents copy a CID (or a CSG ticket number) from the CRM and want that client open
here at once.  The clipboard can hold anything, though: a whole page, a CID with
a space in it, a number this cache does not know.  The text is bounded *before*
it is parsed, so a 10 MB clipboard costs a slice, not a scan; every outcome is a
:class:`PasteTarget` with a machine-readable reason the view translates, and only
``CID`` and ``UTR`` carry a client to open.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.store import clients
from desktop.models.store.clients import ClientInfo
from desktop.models.store.schema import HistoryEntry

#: Longest identifier looked up: the UTR column holds 64 characters, a CID 32.
MAX_ID_LEN = 64
#: How much of the raw text is read at all: room for the surrounding blanks a copy brings.
READ_LIMIT = 256
#: How much of a rejected text a message quotes back.
QUOTE_LEN = 24


class PasteReason(StrEnum):
    CID = "cid"  # an exact CID of the cache: open that client
    UTR = "utr"  # the UTR number of a POC request (SOP P5, P8): open its client
    EMPTY = "empty"  # nothing but blanks
    TOO_LONG = "too_long"  # longer than any CID or UTR number
    HAS_SPACES = "has_spaces"  # blanks or line breaks inside the text
    BAD_CHARACTERS = "bad_characters"  # characters no CID or UTR number has
    UNKNOWN = "unknown"  # well formed, but neither a CID nor a UTR number this cache holds


@dataclass(frozen=True)
class PasteTarget:
    reason: PasteReason
    text: str  # what was looked up, cut to QUOTE_LEN characters for messages
    client: ClientInfo | None = None
    utr: str | None = None

    @property
    def found(self) -> bool:
        return self.client is not None


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_LEN else text[: QUOTE_LEN - 1] + "…"


def _allowed(ch: str) -> bool:
    """Letters, digits and the separators CSG tickets use (UTR-48213, 2026/118)."""
    return ch.isascii() and (ch.isalnum() or ch in "-_./#")


def parse(raw: str) -> PasteTarget | str:
    """The identifier in ``raw`` (stripped), or the reason it cannot be one.

    Only the first :data:`READ_LIMIT` characters are ever looked at: anything
    longer than that is not an identifier, whatever follows.
    """
    head = raw[: READ_LIMIT + 1]
    text = head.strip()
    if len(head) > READ_LIMIT or len(text) > MAX_ID_LEN:
        return PasteTarget(PasteReason.TOO_LONG, _quote(text))
    if not text:
        return PasteTarget(PasteReason.EMPTY, "")
    if any(ch.isspace() for ch in text):
        return PasteTarget(PasteReason.HAS_SPACES, _quote(text))
    if not all(_allowed(ch) for ch in text):
        return PasteTarget(PasteReason.BAD_CHARACTERS, _quote(text))
    return text


def utr_client(session: Session, utr: str) -> ClientInfo | None:
    """The client of the newest POC request with this UTR number (case does not matter).

    Any history entry that carries the number counts when no POC request does
    (a credit's UTR ticket names the client just as well).
    """
    wanted = utr.upper()
    for kinds in (("poc_request",), None):
        stmt = select(HistoryEntry.client_id).where(func.upper(HistoryEntry.utr) == wanted)
        if kinds is not None:
            stmt = stmt.where(HistoryEntry.kind.in_(kinds))
        stmt = stmt.order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc()).limit(1)
        client_id = session.scalar(stmt)
        if client_id is not None:
            return clients.get(session, int(client_id))
    return None


def resolve(session: Session, raw: str) -> PasteTarget:
    """What ``raw`` opens: the client with that CID, else the client of that UTR number."""
    parsed = parse(raw)
    if isinstance(parsed, PasteTarget):
        return parsed
    found = clients.get_by_cid(session, parsed)
    if found is not None:
        return PasteTarget(PasteReason.CID, parsed, client=found)
    by_utr = utr_client(session, parsed)
    if by_utr is not None:
        return PasteTarget(PasteReason.UTR, parsed, client=by_utr, utr=parsed)
    return PasteTarget(PasteReason.UNKNOWN, _quote(parsed))
