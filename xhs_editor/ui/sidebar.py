"""The findings sidebar: findings grouped by category, with counts, colour chips and filters."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget
from .findings_store import FindingsStore
from .hits import Hit
from .i18n import language, tr

_HIT_ROLE = Qt.ItemDataRole.UserRole
_CAT_ROLE = Qt.ItemDataRole.UserRole + 1


def color_chip(color: str, size: int = 12) -> QIcon:
    """A small rounded square in ``color``."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pix)


class FindingsSidebar(QWidget):
    """Lists the store's hits by category; clicking one asks to select it in its field.

    Each category line has a check box: unticking it hides that category's
    underlines and lines everywhere (through :attr:`categoryToggled`).
    """

    activated = Signal(object)
    """A :class:`Hit` the user clicked."""
    categoryToggled = Signal(str, bool)
    """(category id, shown)."""

    def __init__(self, store: FindingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsSidebar")
        self._store = store
        self._updating = False
        self.summary = QLabel()
        self.summary.setObjectName("sidebarSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("findingsTree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setIconSize(QSize(12, 12))
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemChanged.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self._expanded: dict[str, bool] = {}
        store.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """Show the store's current hits."""
        lang = language()
        rs = self._store.ruleset
        groups: dict[str, list[Hit]] = {}
        for hit in self._store.hits:
            groups.setdefault(hit.finding.category, []).append(hit)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            self._expanded[item.data(0, _CAT_ROLE)] = item.isExpanded()
        self._updating = True
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        order = {cid: i for i, cid in enumerate(rs.categories)}
        for cid in sorted(groups, key=lambda c: (-max(h.finding.severity.rank for h in groups[c]),
                                                 order.get(c, 999))):
            hits = groups[cid]
            cat = rs.category(cid)
            shown = cid not in self._store.hidden
            head = QTreeWidgetItem([f"{cat.name.get(lang)}  ({len(hits)})"])
            head.setIcon(0, color_chip(cat.color))
            head.setData(0, _CAT_ROLE, cid)
            head.setFlags(head.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            head.setCheckState(0, Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            head.setToolTip(0, cat.description.get(lang))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            for hit in hits[:500]:
                child = QTreeWidgetItem([self._line(hit)])
                child.setData(0, _HIT_ROLE, hit)
                child.setToolTip(0, hit.finding.message(lang))
                if not shown:
                    child.setForeground(0, QBrush(QColor("#999999")))
                head.addChild(child)
            if len(hits) > 500:
                more = QTreeWidgetItem([tr("sidebar.more", count=len(hits) - 500)])
                more.setFlags(Qt.ItemFlag.NoItemFlags)
                head.addChild(more)
            head.setExpanded(self._expanded.get(cid, shown))
        self.tree.setUpdatesEnabled(True)
        self._updating = False
        if not groups:
            self.summary.setText(tr("sidebar.empty"))
        else:
            self.summary.setText(tr("sidebar.summary", count=len(self._store.hits), groups=len(groups)))

    @staticmethod
    def _line(hit: Hit) -> str:
        prefix = "" if hit.field == "body" else f"[{tr('field.' + hit.field)}] "
        return f"{prefix}{hit.context}"

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, _HIT_ROLE)
        if isinstance(hit, Hit):
            self.activated.emit(hit)

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._updating:
            return
        cid = item.data(0, _CAT_ROLE)
        if cid:
            self.categoryToggled.emit(cid, item.checkState(0) == Qt.CheckState.Checked)

    def category_item(self, cid: str) -> QTreeWidgetItem | None:
        """The top-level line of category ``cid`` (for tests and keyboard users)."""
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _CAT_ROLE) == cid:
                return item
        return None
