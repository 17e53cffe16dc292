"""A find bar under the editor (Ctrl/⌘+F)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget
from .i18n import tr


class FindBar(QWidget):
    """Searches the body text forwards and backwards; Esc closes it."""

    closed = Signal()

    def __init__(self, target: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._target = target
        self.field = QLineEdit()
        self.field.setPlaceholderText(tr("find.placeholder"))
        self.field.returnPressed.connect(self.find_next)
        self.status = QLabel()
        prev = QToolButton()
        prev.setText("▲")
        prev.setToolTip(tr("find.previous"))
        prev.clicked.connect(self.find_previous)
        nxt = QToolButton()
        nxt.setText("▼")
        nxt.setToolTip(tr("find.next"))
        nxt.clicked.connect(self.find_next)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(tr("find.close"))
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel(tr("find.label")))
        layout.addWidget(self.field, 1)
        layout.addWidget(prev)
        layout.addWidget(nxt)
        layout.addWidget(self.status)
        layout.addWidget(close)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.close_bar)

    def open_bar(self) -> None:
        """Show the bar with the current selection as the search text."""
        selected = self._target.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar and return to the editor."""
        self.hide()
        self._target.setFocus()
        self.closed.emit()

    def find_next(self) -> bool:
        """Select the next occurrence (wrapping around)."""
        return self._find(QTextDocument.FindFlag(0))

    def find_previous(self) -> bool:
        """Select the previous occurrence (wrapping around)."""
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        text = self.field.text()
        if not text:
            return False
        found = self._target.find(text, flags)
        if not found:
            cursor = self._target.textCursor()
            backward = bool(flags & QTextDocument.FindFlag.FindBackward)
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self._target.setTextCursor(cursor)
            found = self._target.find(text, flags)
        self.status.setText("" if found else tr("find.not_found"))
        return found
