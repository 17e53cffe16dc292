"""The dialog that asks for a written reason before exporting past a blocked checklist."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..checklist import Gate
from ..i18n import t


class OverrideDialog(QDialog):
    """Shows why export is blocked and takes the reason; OK stays disabled until one is written.

    A prohibited industry shows only the stop and a Close button: it cannot be overridden.
    """

    def __init__(self, gate: Gate, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(t("ui.stop_title" if gate.prohibited else "ui.override_title", lang))
        self.gate = gate
        intro = QLabel(t("ui.override_intro", lang) if not gate.prohibited else "", wordWrap=True)
        why = QLabel(gate.message, wordWrap=True, objectName="overrideWhy")
        why.setStyleSheet("color: #8f1d21; font-weight: bold;")
        self.reason_edit = QPlainTextEdit(objectName="overrideReason")
        self.reason_edit.setPlaceholderText(t("ui.override_reason", lang))
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(t("ui.override_ok", lang), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(t("ui.close" if gate.prohibited else "ui.cancel", lang),
                                        QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("overrideCancel")
        self.ok.setObjectName("overrideOk")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(why)
        if not gate.prohibited:
            layout.addWidget(intro)
            layout.addWidget(self.reason_edit)
        else:
            self.reason_edit.hide()
            self.ok.hide()
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self._update()
        self.resize(460, 260)

    def reason(self) -> str:
        """The reason as written (stripped)."""
        return self.reason_edit.toPlainText().strip()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason()) and self.gate.overridable)

    def accept(self) -> None:  # noqa: D102 - refuses to close without a reason
        if self.reason() and self.gate.overridable:
            super().accept()
