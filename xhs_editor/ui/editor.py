"""A text field that shows its findings: underlines, tooltips and a fix-it context menu."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QTextCursor, QTextOption
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget
from typing import Callable

from ..engine import Finding, RuleSet
from .highlighter import FindingHighlighter
from .i18n import language, tr
from .positions import from_utf16, to_utf16


class NoteEdit(QPlainTextEdit):
    """One field of the note (title, body or topics) with live findings.

    With ``single_line`` it behaves like a line edit: no line breaks, no wrapping.
    It never decides what is a finding; it asks its highlighter, which asks the engine.
    """

    ignoreRequested = Signal(str, object, str)
    """(field, Finding, context key): the user chose "Ignore here"."""
    allowRequested = Signal(str)
    """The user chose "Always allow this term" for this text."""

    def __init__(self, field: str, ruleset: RuleSet, single_line: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.single_line = single_line
        self.setObjectName(f"{field}Edit")
        self.highlighter = FindingHighlighter(self.document(), field, ruleset)
        self.undo_hook: Callable[[NoteEdit], bool] | None = None
        """Asked first on Undo: True when it undid a step of its own (an "Ignore here")."""
        self.redo_hook: Callable[[NoteEdit], bool] | None = None
        """Asked first on Redo: True when it redid a step of its own."""
        if single_line:
            self.setWordWrapMode(QTextOption.WrapMode.NoWrap)
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setTabChangesFocus(True)
            self.document().setDocumentMargin(4)
            self._fit_height()

    # --- single-line behaviour --------------------------------------------------

    def _fit_height(self) -> None:
        line = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        doc_margin = int(self.document().documentMargin())
        self.setFixedHeight(line + 2 * doc_margin + margins.top() + margins.bottom() + 4)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Keep a single-line field one line high when the font changes."""
        super().changeEvent(event)
        if self.single_line and event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def undo(self) -> None:
        """Undo the last step in this field: an edit, or an "Ignore here" made after it."""
        if self.undo_hook is None or not self.undo_hook(self):
            super().undo()

    def redo(self) -> None:
        """Redo the last undone step in this field."""
        if self.redo_hook is None or not self.redo_hook(self):
            super().redo()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Undo and Redo go through :meth:`undo`/:meth:`redo`; a single-line field ignores Enter
        so the dialog or window can use it."""
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.redo()
            return
        if self.single_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        """Pasting into a single-line field joins the lines with spaces."""
        if self.single_line and source.hasText():
            self.textCursor().insertText(" ".join(source.text().split("\n")).replace("\r", ""))
            return
        super().insertFromMimeData(source)

    # --- findings at a position ---------------------------------------------------

    def hit_at(self, pos: QPoint) -> tuple[QTextCursor, Finding] | None:
        """The visible finding under the viewport point ``pos`` and a cursor on its paragraph."""
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        text = block.text()
        index = from_utf16(text, cursor.positionInBlock())
        rect = self.cursorRect(cursor)
        if abs(rect.center().y() - pos.y()) > rect.height():
            return None
        for f in self.highlighter.block_findings(block):
            if f.start <= index <= f.end and f.start < f.end and self.highlighter.is_visible(f, text):
                if index == f.end and index == f.start:
                    continue
                return cursor, f
        return None

    def finding_span(self, cursor: QTextCursor, finding: Finding) -> tuple[int, int]:
        """The Qt document positions of ``finding`` in the paragraph under ``cursor``."""
        block = cursor.block()
        text = block.text()
        return block.position() + to_utf16(text, finding.start), block.position() + to_utf16(text, finding.end)

    def event(self, event: QEvent) -> bool:
        """Show a finding's category, message, replacements and advice when hovering it."""
        if event.type() == QEvent.Type.ToolTip:
            pos = self.viewport().mapFromGlobal(event.globalPos())  # type: ignore[attr-defined]
            hit = self.hit_at(pos)
            if hit is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_html(hit[1]), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def tooltip_html(self, finding: Finding) -> str:
        """The rich-text tooltip for ``finding``."""
        lang = language()
        cat = self.highlighter.ruleset.category(finding.category)
        parts = [
            f"<p><span style='color:{cat.color}'>■</span> <b>{html.escape(cat.name.get(lang))}</b>"
            f" · {html.escape(tr('severity.' + finding.severity.value))}</p>",
            f"<p><b>{html.escape(finding.matched)}</b>：{html.escape(finding.message(lang))}</p>",
        ]
        sep = "、" if lang == "zh" else ", "
        for key, items in (("tooltip.suggestions", finding.replacements), ("tooltip.advice", finding.advice)):
            if items:
                parts.append(f"<p>{html.escape(tr(key))}{sep.join(html.escape(s) for s in items)}</p>")
        parts.append(f"<p style='color:gray'>{html.escape(tr('tooltip.hint'))}</p>")
        return "".join(parts)

    # --- fixing -------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        """Offer the finding's replacements, "Ignore here" and "Always allow" above the usual menu."""
        menu = self.createStandardContextMenu(event.pos())
        hit = self.hit_at(event.pos())
        if hit is not None:
            self.build_fix_menu(menu, *hit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_fix_menu(self, menu: QMenu, cursor: QTextCursor, finding: Finding) -> list:
        """Insert the fix actions for ``finding`` at the top of ``menu``; returns them."""
        first = menu.actions()[0] if menu.actions() else None
        actions = []
        title = menu.addSection(tr("menu.fix_title", matched=finding.matched))
        menu.removeAction(title)
        menu.insertAction(first, title)
        actions.append(title)
        start, end = self.finding_span(cursor, finding)
        for suggestion in finding.replacements:  # advice is never pasted in
            act = menu.addAction(tr("menu.replace_with", text=suggestion))
            menu.removeAction(act)
            menu.insertAction(first, act)
            act.setObjectName("fixReplace")
            act.triggered.connect(lambda _=False, s=suggestion: self.replace_span(start, end, s))
            actions.append(act)
        text = cursor.block().text()
        key = FindingHighlighter.ignore_key(text, finding)
        ignore = menu.addAction(tr("menu.ignore_here"))
        menu.removeAction(ignore)
        menu.insertAction(first, ignore)
        ignore.setObjectName("fixIgnore")
        ignore.triggered.connect(lambda: self.ignoreRequested.emit(self.field, finding, key))
        allow = menu.addAction(tr("menu.always_allow", matched=finding.matched))
        menu.removeAction(allow)
        menu.insertAction(first, allow)
        allow.setObjectName("fixAllow")
        allow.triggered.connect(lambda: self.allowRequested.emit(finding.matched))
        actions += [ignore, allow]
        if first is not None:
            menu.insertSeparator(first)
        return actions

    def replace_span(self, start: int, end: int, text: str) -> None:
        """Replace document positions [start, end) with ``text`` as one undo step."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def select_span(self, start: int, end: int) -> None:
        """Select document positions [start, end), scroll to them and take the focus."""
        cursor = QTextCursor(self.document())
        size = self.document().characterCount() - 1
        cursor.setPosition(min(start, size))
        cursor.setPosition(min(end, size), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
