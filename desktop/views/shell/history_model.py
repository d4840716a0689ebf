"""The history list as a lazy model: rows are read and formatted only when the view asks.

Why a model and not a list widget: a client with 10,000 entries made the list
widget read, format (babel dates and money) and lay out every entry before the
first one showed, and again on every language switch.  This model holds the
outline of the entries (id, kind, correction link), reads whole entries a page
at a time for the rows the view paints, and keeps each formatted text per
language, so a switch re-formats only the rows on screen.  The delegate gives
every row the same height (three lines), so the view never measures rows it
does not paint.

Why it stands on ``QStringListModel`` (a list of empty strings, one per row)
rather than ``QAbstractListModel``: to lay rows out, Qt asks the model for an
index of every row, and each of those asks ``rowCount``.  Written in Python,
that was 20,000 calls into Python per layout of 10,000 rows (the bulk of opening
such a client, and again at a language switch); the string list answers them in
C++, and Python is asked only for the rows' data, which the view asks only for
the rows it paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QStringListModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop import i18n
from desktop.models.store.history import HistoryItem
from desktop.models.store.history_pages import PAGE, Outline

Index = QModelIndex | QPersistentModelIndex
#: The entry id of a row (what tests and the details pane read without formatting anything).
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole
#: Lines every row is tall: when and kind, headline, short facts.
ROW_LINES = 3
#: What a row can do: be chosen, never edited or dragged (the history is append-only).
ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

Loader = Callable[[Sequence[int]], dict[int, HistoryItem]]
Formatter = Callable[[HistoryItem], str]


class HistoryListModel(QStringListModel):
    """Rows of the shown entries; ``load`` reads whole entries, ``format_entry`` writes a row's text."""

    def __init__(self, load: Loader, format_entry: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._format = format_entry
        self._rows: list[Outline] = []
        self._items: dict[int, HistoryItem] = {}
        self._texts: dict[str, dict[int, str]] = {}  # language -> entry id -> row text
        self._muted: set[int] = set()
        self.muted_brush: QBrush | None = None
        #: How many row texts were formatted (the panel formats only what is painted).
        self.formatted = 0

    # -- contents --------------------------------------------------------
    def set_rows(self, rows: Sequence[Outline], muted: set[int]) -> None:
        """Show ``rows`` (already filtered); entries read before are kept for reuse."""
        self._rows = list(rows)
        self._muted = muted
        self.setStringList([""] * len(self._rows))  # resets the model

    def forget(self) -> None:
        """Drop every entry read and text formatted (another client, or the history changed)."""
        self._items.clear()
        self._texts.clear()

    def retranslate(self, first: int, last: int) -> None:
        """The language changed: rows ``first``..``last`` (those on screen) are asked for again.

        Why not every row: each row's text is kept per language and looked up
        when painted, so only the rows on screen need telling (telling all 10,000
        made the view walk every row).
        """
        last = min(last, len(self._rows) - 1)
        if 0 <= first <= last:
            self.dataChanged.emit(self.index(first), self.index(last), [Qt.ItemDataRole.DisplayRole])

    def rows(self) -> list[Outline]:
        return list(self._rows)

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def row_of(self, entry_id: int | None) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == entry_id), -1)

    def item(self, row: int) -> HistoryItem | None:
        """The whole entry of ``row``, reading its page first if needed."""
        if not 0 <= row < len(self._rows):
            return None
        entry_id = self._rows[row].id
        if entry_id not in self._items:
            page = [r.id for r in self._rows[row : row + PAGE] if r.id not in self._items]
            self._items.update(self._load(page))
        return self._items.get(entry_id)

    def entry(self, entry_id: int) -> HistoryItem | None:
        """Any entry of this client by id (e.g. the original a correction names)."""
        return self.entries([entry_id]).get(entry_id)

    def entries(self, ids: Sequence[int]) -> dict[int, HistoryItem]:
        """Entries of this client by id, those not read yet in one read (e.g. the ones inside a call)."""
        missing = [i for i in ids if i not in self._items]
        if missing:
            self._items.update(self._load(missing))
        return {i: self._items[i] for i in ids if i in self._items}

    def text(self, row: int) -> str:
        entry_id = self._rows[row].id
        texts = self._texts.setdefault(i18n.current_language(), {})
        found = texts.get(entry_id)
        if found is None:
            item = self.item(row)
            found = self._format(item) if item is not None else f"#{entry_id}"
            texts[entry_id] = found
            self.formatted += 1
        return found

    # -- the string list's rows, with the entries' data ------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role == ENTRY_ID_ROLE:
            return self._rows[row].id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row)
        if role == Qt.ItemDataRole.ForegroundRole and self._rows[row].id in self._muted:
            return self.muted_brush  # and the text says "corrected by", never colour alone
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False  # append-only: a row is never edited


class FixedRowsDelegate(QStyledItemDelegate):
    """Every row is :data:`ROW_LINES` lines tall, so the view lays out without reading rows."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        lines = option.fontMetrics.lineSpacing() * ROW_LINES
        return QSize(max(0, option.rect.width()), lines + 8)
