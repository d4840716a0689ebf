"""Client flags: facts that matter for the life of the account (SOP N2).

Why flags and not only a note: a critical note scrolls away in the history,
while "Client only speaks Spanish" has to be in front of every agent on every
call.  An agent records one with a critical note; it is shown on the client card
beside the CRM's own flags and stated in the note.  Flags are append-only (the
note that set one stays in the history), and their text is redacted like every
other text the store keeps (SOP N1).
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.redaction import redact_text
from desktop.models.store.schema import Base
from desktop.models.store.types import UtcDateTime

#: Longest flag: a fact for the card, not a second note.
MAX_FLAG_LENGTH = 200


class ClientFlag(Base):
    __tablename__ = "client_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuidlib.uuid4()))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    history_uuid: Mapped[str | None] = mapped_column(String(36))
    change_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)


def clean_flag(text: str) -> str:
    """One line, redacted, at most :data:`MAX_FLAG_LENGTH` characters."""
    return redact_text(" ".join(text.split()))[:MAX_FLAG_LENGTH]


def add_flag(
    session: Session, client_id: int, text: str, *, at: datetime, by: str = "", history_uuid: str | None = None
) -> str | None:
    """Record a flag; returns its stored text, or ``None`` when it is empty or already on the client."""
    if at.tzinfo is None:
        raise ValueError("naive datetime")
    flag = clean_flag(text)
    if not flag or flag.casefold() in {f.casefold() for f in flags_for(session, client_id)}:
        return None
    session.add(ClientFlag(client_id=client_id, text=flag, created_at=at, created_by=by, history_uuid=history_uuid))
    session.flush()
    return flag


def flags_for(session: Session, client_id: int) -> list[str]:
    """The client's recorded flags, oldest first, each once.

    Why the reader drops repeats although :func:`add_flag` refuses them: in team
    mode two desks may record the same fact while neither has seen the other's.
    """
    rows = session.scalars(
        select(ClientFlag.text).where(ClientFlag.client_id == client_id).order_by(ClientFlag.created_at, ClientFlag.id)
    )
    seen: set[str] = set()
    found = []
    for text in rows:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            found.append(text)
    return found
