"""The one-line count of a roster report ("5 rows read: 4 ready to import, 1 with problems")."""

from __future__ import annotations

from desktop import i18n
from desktop.i18n import _
from desktop.models.store.roster import RosterReport


def summary_line(report: RosterReport) -> str:
    """"5 rows read: 4 ready to import, 1 with problems (not imported)." with plural forms per count."""
    rows = i18n.ngettext("{count} row read", "{count} rows read", report.total_rows)
    ready = i18n.ngettext("{count} ready to import", "{count} ready to import", report.ready_count)
    bad = i18n.ngettext(
        "{count} with problems (not imported)", "{count} with problems (not imported)", report.bad_row_count
    )
    return _("{rows}: {ready}, {bad}.").format(
        rows=rows.format(count=i18n.format_number(report.total_rows)),
        ready=ready.format(count=i18n.format_number(report.ready_count)),
        bad=bad.format(count=i18n.format_number(report.bad_row_count)),
    )
