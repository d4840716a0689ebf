"""Base class of the workflow pages, and the one registry that re-translates widgets live.

Why one registry: agents switch language mid-call, and every widget must
re-set its texts without being rebuilt (so nothing typed is lost).  Each widget
hands its ``retranslate`` method to :func:`translate_ui` once; the registry calls
it now and after every switch, holds only weak references and forgets a widget
when it is destroyed (Frescobaldi's ``app.translateUI``).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from types import MethodType

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.models.store.clients import ClientInfo
from desktop.views.context import AppContext

_Ref = weakref.ReferenceType[QWidget]
_registry: dict[int, tuple[_Ref, Callable[[], Callable[[], object] | None]]] = {}
_keys = itertools.count()


def translate_ui(widget: QWidget, method: Callable[[], object]) -> None:
    """Call ``method`` now and after every language switch, for as long as ``widget`` lives.

    A method bound to ``widget`` is held weakly, so the registry never keeps a
    widget alive; the entry goes when the widget is destroyed.
    """
    key = next(_keys)
    if isinstance(method, MethodType):
        strong: Callable[[], object] | None = None
        getter: Callable[[], Callable[[], object] | None] = weakref.WeakMethod(method)
    else:
        strong = method
        getter = lambda: strong  # noqa: E731
    _registry[key] = (weakref.ref(widget), getter)
    widget.destroyed.connect(lambda *_a, k=key: _registry.pop(k, None))
    method()


def retranslate_all(_language: str = "") -> None:
    """Re-run every live registered method (the i18n module calls this on a switch)."""
    for key, (ref, getter) in list(_registry.items()):
        widget, method = ref(), getter()
        if widget is None or method is None or not shiboken6.isValid(widget):
            _registry.pop(key, None)
            continue
        method()


i18n.add_listener(retranslate_all)


class Page(QWidget):
    """A workflow page.

    Subclasses build widgets in ``__init__``, set every visible text in
    :meth:`retranslate` and call ``self.finish_init()`` last: that registers
    ``retranslate`` with :func:`translate_ui` and shows the current client.
    """

    page_id: str = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.clientChanged.connect(self.on_client_changed)

    def finish_init(self) -> None:
        translate_ui(self, self.retranslate)
        self.on_client_changed(self.ctx.client)

    def retranslate(self) -> None:
        """Set every user-visible text; called again after each language switch."""

    def on_client_changed(self, client: ClientInfo | None) -> None:
        """The agent opened another client (or none)."""
