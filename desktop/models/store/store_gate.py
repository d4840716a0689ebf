"""The one gate every write to the store passes: secrets are redacted before SQL is built.

Why at the engine and not in each model: a card number or the call's override
code can arrive in any text column — a draft saved while the agent types, a
UTR ticket field, a waiver reason inside a JSON column, a client name from a
roster — and every new write path would otherwise have to remember to redact.
SQLAlchemy's ``before_execute`` event sees every statement the code runs
through a ``Connection``: ORM flushes, ORM bulk inserts and updates, Core
``insert()``/``update()`` and ``text()`` statements, with their parameters still
as Python values.  So every string is redacted and every JSON value is walked,
while dates, amounts and flags (not strings yet at this point) are left alone.

Only statements that write (INSERT, UPDATE, REPLACE) are touched; a search for
a number is never rewritten.  ``exec_driver_sql`` bypasses the event, so it is
used only for pragmas and schema statements, never with user text.

Registered for every engine of the process when this module is imported
(:mod:`desktop.models.store.schema` imports it, so no table can be written without it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.sql import visitors
from sqlalchemy.sql.dml import Insert, Update
from sqlalchemy.sql.elements import BindParameter, TextClause

from desktop.models.card_numbers import may_hold_card
from desktop.models.redaction import CALL_SECRETS, redact_value

_WRITE_VERBS = ("insert", "update", "replace")

#: Tables holding text caught while the agent types (saved on a timer), where a
#: card whose last digits are not typed yet must be masked too.
IN_PROGRESS_TABLES = frozenset({"drafts"})


def _writes(statement: object) -> bool:
    if isinstance(statement, Insert | Update):
        return True
    if isinstance(statement, TextClause):
        return statement.text.lstrip().lower().startswith(_WRITE_VERBS)
    return False


def _in_progress(statement: object) -> bool:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None) in IN_PROGRESS_TABLES


def redact_parameters(params: Any, *, in_progress: bool = False) -> Any:
    """One parameter set (a mapping, or a positional sequence) with its values redacted.

    The set itself comes back when nothing changed: a roster import sends
    hundreds of thousands of rows through here.
    """
    if isinstance(params, Mapping):
        out: dict[Any, Any] | None = None
        codes = bool(CALL_SECRETS)
        for key, value in params.items():
            if type(value) is str:
                if not codes and not may_hold_card(value):
                    continue  # the common case, decided without a further call
            elif value is None or isinstance(value, int | float | Decimal | datetime | date):
                continue
            redacted = redact_value(value, in_progress=in_progress)
            if redacted is not value:
                if out is None:
                    out = dict(params)
                out[key] = redacted
        return params if out is None else out
    if isinstance(params, Sequence) and not isinstance(params, str | bytes):
        return redact_value(params, in_progress=in_progress)
    return params


def _redact_bound_values(
    statement: visitors.ExternallyTraversible, *, in_progress: bool
) -> visitors.ExternallyTraversible:
    """The statement with values bound inside it (``insert(t).values(name=...)``) redacted."""
    changed: dict[int, Any] = {}
    for element in visitors.iterate(statement):
        if isinstance(element, BindParameter) and element.value is not None and not element.callable:
            value = redact_value(element.value, in_progress=in_progress)
            if value != element.value:
                changed[id(element)] = value
    if not changed:
        return statement

    def replace(element: Any, **_kw: Any) -> Any:
        if isinstance(element, BindParameter) and id(element) in changed:
            return element._with_value(changed[id(element)], maintain_key=True)
        return None

    return visitors.replacement_traverse(statement, {}, replace)


@event.listens_for(Engine, "before_execute", retval=True)
def _redact_writes(
    conn: Connection,
    statement: Any,
    multiparams: Any,
    params: Any,
    execution_options: Any,
) -> tuple[Any, Any, Any]:
    if not _writes(statement):
        return statement, multiparams, params
    in_progress = _in_progress(statement)
    multiparams = [redact_parameters(p, in_progress=in_progress) for p in multiparams]
    params = redact_parameters(params, in_progress=in_progress)
    return _redact_bound_values(statement, in_progress=in_progress), multiparams, params
