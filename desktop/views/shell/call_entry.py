"""How a call's history entry shows its inside: length, whether its summary was copied, its workflows.

A small function the history panel calls for the detail rows of a "call" entry,
so the panel needs no knowledge of what a call keeps in its details.
"""

from __future__ import annotations

from desktop.i18n import _
from desktop.models.store.history import HistoryItem
from desktop.views.shell.call import elapsed_text, workflow_label


def call_rows(entry: HistoryItem) -> list[tuple[str, str]]:
    """Label and value rows for a call entry (none for any other kind)."""
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
        link = f"#{entry_id}" if isinstance(entry_id, int) else ""
        rows.append((name, " ".join(part for part in (link, text) if part)))
    return rows
