"""The leads' state SOP pack editor: a thin dialog and one module per part."""

from desktop.views.lead.pack_editor.dialog import PackEditorDialog, open_editor

__all__ = ["PackEditorDialog", "open_editor"]
