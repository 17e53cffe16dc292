"""The legend under the editor: what each underline style (severity) and colour (category) means.

Each key is its own unbreakable widget in a :class:`FlowLayout`, so a narrow window
moves whole keys to the next row and never breaks a label in the middle.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ..engine import Severity
from .findings_store import FindingsStore
from .flow_layout import FlowLayout, fixed
from .i18n import language, tr


def line_sample(severity: Severity, color: QColor, width: int = 22, height: int = 10) -> QPixmap:
    """A short line drawn as the editor underlines ``severity``: wavy, dashed or dotted."""
    pix = QPixmap(width, height)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 1.6)
    mid = height / 2
    if severity is Severity.ERROR:
        path = QPainterPath(QPointF(0, mid))
        for x in range(1, width + 1):
            path.lineTo(QPointF(x, mid + 2.5 * math.sin(x * math.pi / 3)))
        painter.setPen(pen)
        painter.drawPath(path)
    else:
        pen.setStyle(Qt.PenStyle.DashLine if severity is Severity.WARNING else Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(0, mid), QPointF(width, mid))
    painter.end()
    return pix


class LegendKey(QWidget):
    """One key: a sample (line style or colour chip) and its name, never wrapped."""

    def __init__(self, name: str, sample: QPixmap | None = None, color: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.sample = QLabel()
        if sample is not None:
            self.sample.setPixmap(sample)
        else:
            self.sample.setText(f"<span style='color:{color}'>■</span>")
        self.label = QLabel(name)
        self.label.setWordWrap(False)
        layout.addWidget(self.sample)
        layout.addWidget(self.label)
        fixed(self)


class Legend(QWidget):
    """Keys for the severities and categories present in the note's active findings."""

    def __init__(self, store: FindingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self._store = store
        self._flow = FlowLayout(self)
        store.changed.connect(self.refresh)
        self.refresh()

    def keys(self) -> list[QWidget]:
        """The key widgets in order (the first is the title)."""
        return [self._flow.itemAt(i).widget() for i in range(self._flow.count())]

    def text(self) -> str:
        """Every key's text, as one line (for tests and screen readers)."""
        return "  ".join(w.label.text() if isinstance(w, LegendKey) else w.text() for w in self.keys())

    def refresh(self) -> None:
        """Rebuild the keys from the store."""
        while self._flow.count():
            item = self._flow.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        lang = language()
        hits = self._store.visible_hits()
        if not hits:
            self._flow.addWidget(fixed(QLabel(tr("legend.none"))))
            self.updateGeometry()
            return
        self._flow.addWidget(fixed(QLabel(tr("legend.title"))))
        ink = self.palette().windowText().color()
        present = {h.finding.severity for h in hits}
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            if severity in present:
                self._flow.addWidget(LegendKey(tr(f"severity.{severity.value}"), line_sample(severity, ink)))
        categories = {h.finding.category for h in hits}
        for cid in self._store.ruleset.categories:
            if cid in categories:
                cat = self._store.ruleset.category(cid)
                self._flow.addWidget(LegendKey(cat.name.get(lang), color=cat.color))
        self.updateGeometry()
