"""Draft persistence: an unfinished note survives closing the app, without a card number in it (SOP N1)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desktop.models.notes.compose import NoteDraft
from desktop.models.notes.lint import redact_card_numbers

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def draft_key(client_id: int | None) -> str:
    """One draft per client, plus one for notes started with no client open."""
    return f"note:{client_id}" if client_id is not None else "note:none"


def redact_draft(draft: NoteDraft) -> NoteDraft:
    """The draft with every card number masked, as it may be stored."""
    return NoteDraft(
        customer_name=redact_card_numbers(draft.customer_name),
        relationship=redact_card_numbers(draft.relationship),
        reason=redact_card_numbers(draft.reason),
        resolution=[redact_card_numbers(line) for line in draft.resolution],
        additional_info=redact_card_numbers(draft.additional_info),
        follow_up=redact_card_numbers(draft.follow_up),
        disposition=draft.disposition,
        critical=draft.critical,
        flag=redact_card_numbers(draft.flag),
    )


def _memory_drafts(session: Session) -> dict[str, Any] | None:
    """On a read-only store drafts live in memory (shared by its sessions) until the app closes."""
    if not session.info.get("read_only"):
        return None
    memory = session.info.get("memory_drafts")
    return memory if isinstance(memory, dict) else None


DRAFT_REVISION = "revision"  # reserved key in a stored draft's content


def _draft_row(session: Session, key: str) -> Any:
    """The stored row read afresh: another window or process may have written it since."""
    from desktop.models.store.schema import Draft

    return session.get(Draft, key, populate_existing=True)


def save_draft(
    session: Session, key: str, draft: NoteDraft, at: datetime, extra: Mapping[str, Any] | None = None
) -> str:
    """Store (or replace) the draft under ``key``, card numbers masked first; returns its revision.

    ``extra`` carries page settings worth restoring with it (note style, language).
    One upsert statement, not read-then-insert: two writers of the same key (two
    windows, an autosave racing a close) must both succeed, the later one winning.
    The revision names this very write, so saving the note can later delete exactly
    the draft it came from (:func:`discard_draft`).
    """
    from desktop.models.store.schema import Draft

    if at.tzinfo is None:
        raise ValueError("naive datetime")
    revision = uuid.uuid4().hex
    content = {**dict(extra or {}), "draft": redact_draft(draft).to_dict(), DRAFT_REVISION: revision}
    memory = _memory_drafts(session)
    if memory is not None:
        memory[key] = content
        return revision
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(Draft).values(key=key, content=content, updated_at=at)
        session.execute(lite.on_conflict_do_update(index_elements=[Draft.key], set_=_replace(lite.excluded)))
        _forget(session, key)
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(Draft).values(key=key, content=content, updated_at=at)
        session.execute(pg.on_conflict_do_update(index_elements=[Draft.key], set_=_replace(pg.excluded)))
        _forget(session, key)
    else:  # other databases: the ORM's merge (a select then an insert or update)
        session.merge(Draft(key=key, content=content, updated_at=at))
        session.flush()
    return revision


def _replace(excluded: Any) -> dict[str, Any]:
    return {"content": excluded.content, "updated_at": excluded.updated_at}


def _forget(session: Session, key: str) -> None:
    """Drop a loaded copy of the row so the session cannot hand back stale content."""
    from sqlalchemy.orm.util import identity_key

    from desktop.models.store.schema import Draft

    loaded = session.identity_map.get(identity_key(Draft, key))
    if loaded is not None:
        session.expunge(loaded)


def load_draft(session: Session, key: str) -> tuple[NoteDraft, dict[str, Any]] | None:
    """The stored draft and its extra settings, or ``None``; a damaged row counts as none."""
    memory = _memory_drafts(session)
    content = memory.get(key) if memory is not None else None
    if content is None:
        row = _draft_row(session, key)
        content = row.content if row is not None else None
    if not isinstance(content, dict):
        return None
    data = content.get("draft")
    if not isinstance(data, dict):
        return None
    extra = {k: v for k, v in content.items() if k not in ("draft", DRAFT_REVISION)}
    return NoteDraft.from_dict(data), extra


def draft_revision(session: Session, key: str) -> str | None:
    """The revision of the stored draft under ``key`` (``None``: no draft, or one from before revisions)."""
    memory = _memory_drafts(session)
    if memory is not None:
        content = memory.get(key)
    else:
        row = _draft_row(session, key)
        content = row.content if row is not None else None
    if not isinstance(content, dict):
        return None
    value = content.get(DRAFT_REVISION)
    return value if isinstance(value, str) else None


def discard_draft(session: Session, key: str, revision: str | None = None) -> bool:
    """Forget a draft; returns whether one was deleted.

    With ``revision`` (what :func:`save_draft` returned, or :func:`draft_revision`
    read when the draft was loaded) only that very draft is deleted: when the note
    it became is saved, a newer draft that another window wrote under the same key
    stays.  Without it (the agent chose "New note") the key's draft goes whatever
    its revision.  One DELETE statement, so nothing can slip in between a read and it.
    """
    from sqlalchemy import delete

    from desktop.models.store.schema import Draft

    memory = _memory_drafts(session)
    if memory is not None:
        return memory.pop(key, None) is not None
    stmt = delete(Draft).where(Draft.key == key)
    if revision is not None:
        stmt = stmt.where(Draft.content[DRAFT_REVISION].as_string() == revision)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    _forget(session, key)
    return bool(getattr(result, "rowcount", 0))
