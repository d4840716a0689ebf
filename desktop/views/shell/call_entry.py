"""How a call's history entry shows its inside: length, whether its summary was copied, its workflows.

A small function the history panel calls for the detail rows of a "call" entry,
so the panel needs no knowledge of what a call keeps in its details.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from desktop.i18n import _
from desktop.models.store.history import HistoryItem
from desktop.views.shell.call import elapsed_text, workflow_label


def workflows_text(names: Iterable[str]) -> str:
    """The workflows a call ran, by name, in one line ("Courtesy credit, POC request").

    The same words in the history's row of a call and in the Today panel's.
    """
    return ", ".join(workflow_label(n) for n in names) or _("no workflow")


def call_rows(entry: HistoryItem, listed: Collection[int] = ()) -> list[tuple[str, str]]:
    """Label and value rows for a call entry (none for any other kind).

    ``listed``: ids of the workflows' entries the caller shows in full itself,
    left out here so none is said twice.
    """
    if entry.kind != "call":
        return []
    details = entry.details
    rows: list[tuple[str, str]] = []
    seconds = details.get("seconds")
    if isinstance(seconds, int):
        rows.append((_("Call length"), elapsed_text(seconds)))
    if isinstance(details.get("copied"), bool):
        rows.append((_("Summary copied"), _("yes") if details["copied"] else _("no")))
    records = details.get("workflows")
    for record in records if isinstance(records, list) else []:
        if not isinstance(record, dict):
            continue
        name = workflow_label(str(record.get("workflow", "")))
        text = str(record.get("summary") or "")
        entry_id = record.get("entry_id")
        if entry_id in listed:
            continue
        link = f"#{entry_id}" if isinstance(entry_id, int) else ""
        rows.append((name, " ".join(part for part in (link, text) if part)))
    return rows
