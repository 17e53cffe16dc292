"""Every question the main window asks the user, in one replaceable object.

Tests pass their own :class:`Prompts` subclass, so no modal dialog ever blocks them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from .i18n import tr


class Prompts:
    """Asks with standard Qt dialogs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_save_changes(self, name: str) -> str:
        """"save", "discard" or "cancel" for a note with unsaved changes."""
        box = QMessageBox(QMessageBox.Icon.Warning, tr("app.name"),
                          tr("prompt.unsaved", name=name), parent=self.parent)
        box.setInformativeText(tr("prompt.unsaved_detail"))
        save = box.addButton(tr("button.save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("button.discard"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(tr("button.cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return "save"
        if clicked is discard:
            return "discard"
        return "cancel"

    def ask_restore(self, title: str, original: str | None) -> bool:
        """Whether to restore unsaved work found after a crash."""
        where = original or tr("prompt.untitled")
        answer = QMessageBox.question(self.parent, tr("app.name"),
                                      tr("prompt.restore", title=title or tr("prompt.untitled"), where=where))
        return answer == QMessageBox.StandardButton.Yes

    def open_path(self, folder: str) -> str | None:
        """A file to open, or None."""
        path, _ = QFileDialog.getOpenFileName(self.parent, tr("dialog.open"), folder, tr("dialog.open_filter"))
        return path or None

    def save_path(self, suggested: str) -> str | None:
        """Where to save, or None."""
        path, _ = QFileDialog.getSaveFileName(self.parent, tr("dialog.save_as"), suggested, tr("dialog.save_filter"))
        return path or None

    def ask_reason(self, matched: str) -> str | None:
        """An optional reason for "Ignore here"; None when the user cancels."""
        text, ok = QInputDialog.getText(self.parent, tr("prompt.ignore_title"),
                                        tr("prompt.ignore_reason", matched=matched))
        return text.strip() if ok else None

    def error(self, message: str) -> None:
        """Tell the user something went wrong, in a sentence."""
        QMessageBox.warning(self.parent, tr("app.name"), message)

    def info(self, message: str) -> None:
        """Tell the user something, in a sentence."""
        QMessageBox.information(self.parent, tr("app.name"), message)
