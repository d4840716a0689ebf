"""State SOP packs kept in the database: every imported version, one of them active.

Why versions are never overwritten: each workflow decision records the pack
version it used (``HistoryEntry.sop_pack_version``), so that version's content
must stay readable forever.  A lead fixes a pack by importing a new version.
Validation is :func:`desktop.models.sop.load_pack`'s job; a rejected pack never
reaches the table, so the active pack is untouched by a bad import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.models import sop, sop_extras
from desktop.models.sop import SopPack
from desktop.models.store.schema import SopPackRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackInfo:
    """One stored pack version, without its content (what the lead's list shows)."""

    id: int
    name: str
    version: str
    effective_date: date
    source: str
    imported_at: datetime
    imported_by: str
    is_active: bool

    @property
    def ref(self) -> str:
        """Same text as :attr:`SopPack.ref`: what decisions record."""
        return f"{self.name} {self.version}"


class DuplicatePackVersionError(ValueError):
    """This name and version are already stored; a changed pack needs a new version."""

    code = "duplicate_version"

    def __init__(self, name: str, version: str) -> None:
        super().__init__(f"pack {name!r} version {version!r} is already stored")
        self.name = name
        self.version = version


def _info(row: SopPackRecord) -> PackInfo:
    return PackInfo(
        id=row.id,
        name=row.name,
        version=row.version,
        effective_date=row.effective_date,
        source=row.source,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        is_active=row.is_active,
    )


def import_pack(session: Session, text: str, *, at: datetime, by: str) -> PackInfo:
    """Validate and store a new pack version (not activated: a lead does that on purpose).

    Raises :class:`desktop.models.sop.PackValidationError` listing every problem,
    or :class:`DuplicatePackVersionError`; nothing is stored in either case.
    """
    if at.tzinfo is None:
        raise ValueError("naive datetime")
    body = text.lstrip("\ufeff \t\r\n")
    if not body.startswith(("{", "[")):
        # sop.load_pack would take this for a file name; here it is always content.
        raise sop.PackValidationError([sop.PackProblem(sop.ROOT, "invalid_json", "line 1, column 1")])
    pack = sop.load_pack(body)
    if _find(session, pack.name, pack.version) is not None:
        raise DuplicatePackVersionError(pack.name, pack.version)
    row = SopPackRecord(
        name=pack.name,
        version=pack.version,
        effective_date=pack.effective_date,
        source=pack.source,
        imported_at=at,
        imported_by=by,
        # The normalised dump, not the file as typed: export gives back exactly what is used
        # (with the de-install notes and sources only people read).
        content=sop_extras.with_extras(sop.dump_pack(pack), body),
        is_active=False,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # another workstation stored it a moment ago; caller rolls back
        raise DuplicatePackVersionError(pack.name, pack.version) from exc
    return _info(row)


def _find(session: Session, name: str, version: str) -> SopPackRecord | None:
    return session.scalar(
        select(SopPackRecord).where(SopPackRecord.name == name, SopPackRecord.version == version)
    )


def list_packs(session: Session) -> list[PackInfo]:
    """Newest import first."""
    rows = session.scalars(select(SopPackRecord).order_by(SopPackRecord.imported_at.desc(), SopPackRecord.id.desc()))
    return [_info(r) for r in rows]


def activate(session: Session, pack_id: int) -> PackInfo:
    """Make this version the one every workflow reads; ``KeyError`` if it does not exist."""
    row = session.get(SopPackRecord, pack_id)
    if row is None:
        raise KeyError(pack_id)
    session.execute(update(SopPackRecord).where(SopPackRecord.id != pack_id).values(is_active=False))
    row.is_active = True
    session.flush()
    return _info(row)


def use_shipped_pack(session: Session) -> None:
    """Deactivate every stored version: the app falls back to the pack it ships with."""
    session.execute(update(SopPackRecord).values(is_active=False))
    session.flush()


def export_pack(session: Session, pack_id: int) -> str:
    """The stored JSON of a version, ready to edit and import as a new version."""
    row = session.get(SopPackRecord, pack_id)
    if row is None:
        raise KeyError(pack_id)
    return row.content


def get_pack(session: Session, pack_id: int) -> SopPack:
    row = session.get(SopPackRecord, pack_id)
    if row is None:
        raise KeyError(pack_id)
    return sop.load_pack(row.content)


def active_info(session: Session) -> PackInfo | None:
    row = session.scalar(select(SopPackRecord).where(SopPackRecord.is_active.is_(True)).limit(1))
    return _info(row) if row else None


def active_pack(session: Session) -> SopPack | None:
    """The activated pack, or None (the caller then uses the shipped default).

    A stored pack that no longer validates (e.g. after a schema change in a new
    app version) is logged and skipped rather than stopping the app.
    """
    row = session.scalar(select(SopPackRecord).where(SopPackRecord.is_active.is_(True)).limit(1))
    if row is None:
        return None
    try:
        return sop.load_pack(row.content)
    except sop.PackValidationError as exc:
        log.error("active SOP pack %s %s no longer validates: %s", row.name, row.version, exc)
        return None
