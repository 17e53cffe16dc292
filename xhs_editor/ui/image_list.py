"""The image strip: thumbnails that can be reordered by dragging and that accept dropped files."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QWidget


class ImageList(QListWidget):
    """A ``QListWidget`` in icon mode: internal moves reorder, dropped files are offered.

    ``filesDropped`` carries local file paths dropped from outside; ``orderChanged``
    fires after the user moved an image.
    """

    filesDropped = Signal(list)
    orderChanged = Signal()
    moveRequested = Signal(int, int)
    """(from row, to row): the user dragged a thumbnail onto another position."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageList")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setIconSize(QSize(96, 128))
        self.setGridSize(QSize(124, 176))
        self.setSpacing(4)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.model().rowsMoved.connect(lambda *_: self.orderChanged.emit())

    @staticmethod
    def _files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if event.source() is not None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._files(event):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if self._files(event) or event.source() is self:
            # Our own thumbnails may be dropped anywhere in the list: dropEvent reorders them.
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def drop_row(self, pos: QPoint) -> int:
        """The position a thumbnail dropped at ``pos`` (viewport coordinates) moves to."""
        index = self.indexAt(pos)
        return index.row() if index.isValid() else self.count() - 1

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = self._files(event)
        if files:
            event.acceptProposedAction()
            self.filesDropped.emit(files)
            return
        if event.source() is self:
            # In icon mode Qt would only move the picture on the grid, not change the order:
            # reorder ourselves, and report a copy so that Qt does not delete the dragged item.
            rows = sorted(i.row() for i in self.selectedIndexes())
            if rows:
                self.moveRequested.emit(rows[0], self.drop_row(event.position().toPoint()))
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dropEvent(event)
