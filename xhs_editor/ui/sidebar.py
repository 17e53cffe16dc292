"""The findings sidebar: findings grouped by category, with counts, colour chips, severity marks and
filters, and the findings ignored in this note with their reasons (each can be restored)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QHeaderView, QLabel, QMenu, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)
from ..engine import Severity
from .findings_store import FindingsStore
from .hits import Hit
from .i18n import language, tr

_HIT_ROLE = Qt.ItemDataRole.UserRole
_CAT_ROLE = Qt.ItemDataRole.UserRole + 1
_IGNORED = "__ignored__"

SEVERITY_MARKS = {Severity.ERROR: "●", Severity.WARNING: "▲", Severity.INFO: "○"}
"""The mark before each finding line: errors, warnings and info look different, not only by colour."""


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
    restoreRequested = Signal(object)
    """The note's record of an ignored finding the user wants shown again."""

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
        self.tree.currentItemChanged.connect(lambda *_: self._update_restore())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.restore_button = QPushButton(tr("sidebar.restore"), objectName="restoreIgnored")
        self.restore_button.setToolTip(tr("sidebar.restore_tip"))
        self.restore_button.clicked.connect(self.restore_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(self.restore_button)
        self._expanded: dict[str, bool] = {}
        store.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        """Show the store's current hits."""
        lang = language()
        rs = self._store.ruleset
        groups: dict[str, list[Hit]] = {}
        for hit in [*self._store.hits, *self._store.hidden_hits]:
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
        self._add_ignored(lang)
        self.tree.setUpdatesEnabled(True)
        self._updating = False
        active = {h.finding.category for h in self._store.hits}
        if not active:
            self.summary.setText(tr("sidebar.empty"))
        else:
            self.summary.setText(tr("sidebar.summary", count=len(self._store.hits), groups=len(active)))
        self._update_restore()

    def _add_ignored(self, lang: str) -> None:
        ignored = self._store.ignored_hits
        if not ignored:
            return
        head = QTreeWidgetItem([tr("sidebar.ignored", count=len(ignored))])
        head.setData(0, _CAT_ROLE, _IGNORED)
        font = head.font(0)
        font.setBold(True)
        head.setFont(0, font)
        self.tree.addTopLevelItem(head)
        for hit in ignored:
            reason = str(getattr(hit.ignored, "reason", "") or "")
            why = tr("sidebar.reason", reason=reason) if reason else tr("sidebar.no_reason")
            child = QTreeWidgetItem([f"{self._line(hit)} — {why}"])
            child.setData(0, _HIT_ROLE, hit)
            child.setToolTip(0, hit.finding.message(lang))
            child.setForeground(0, QBrush(QColor("#888888")))
            head.addChild(child)
        head.setExpanded(self._expanded.get(_IGNORED, True))

    @staticmethod
    def _line(hit: Hit) -> str:
        prefix = "" if hit.field == "body" else f"[{tr('field.' + hit.field)}] "
        return f"{SEVERITY_MARKS[hit.finding.severity]} {prefix}{hit.context}"

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, _HIT_ROLE)
        if isinstance(hit, Hit):
            self.activated.emit(hit)

    def _ignored_hit(self, item: QTreeWidgetItem | None) -> Hit | None:
        hit = item.data(0, _HIT_ROLE) if item is not None else None
        return hit if isinstance(hit, Hit) and hit.ignored is not None else None

    def _update_restore(self) -> None:
        self.restore_button.setVisible(bool(self._store.ignored_hits))
        self.restore_button.setEnabled(self._ignored_hit(self.tree.currentItem()) is not None)

    def restore_current(self) -> None:
        """Ask to show the selected ignored finding again."""
        hit = self._ignored_hit(self.tree.currentItem())
        if hit is not None:
            self.restoreRequested.emit(hit.ignored)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if self._ignored_hit(item) is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(tr("sidebar.restore"), self.restore_current)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def ignored_item(self) -> QTreeWidgetItem | None:
        """The top-level line of the ignored findings (for tests and keyboard users)."""
        return self.category_item(_IGNORED)

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
