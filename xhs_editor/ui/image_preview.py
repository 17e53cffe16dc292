"""A larger view of one image with the boxes of what the checks found in it."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..images.model import ImageFinding

BOX_COLORS = {"diversion": "#0090ff"}
DEFAULT_BOX = "#e5484d"


class ImagePreview(QWidget):
    """Paints an image scaled to fit, and each finding's ``box`` as a labelled outline.

    Boxes are in the original image's pixels; ``set_image`` takes the decoded
    (possibly scaled) image plus the original size so they can be mapped.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imagePreview")
        self.setMinimumSize(QSize(160, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image = QImage()
        self._original = QSize()
        self._findings: list[ImageFinding] = []
        self._message = ""

    def set_image(self, image: QImage, original: QSize, findings: Sequence[ImageFinding] = ()) -> None:
        """Show ``image`` (decoded from a file of size ``original``) with ``findings``' boxes."""
        self._image = image
        self._original = original
        self._findings = [f for f in findings if f.box]
        self._message = ""
        self.update()

    def set_findings(self, findings: Sequence[ImageFinding]) -> None:
        """Replace the boxes drawn on the current image."""
        self._findings = [f for f in findings if f.box]
        self.update()

    def set_message(self, text: str) -> None:
        """Show ``text`` instead of an image (missing or damaged file, nothing selected)."""
        self._image = QImage()
        self._findings = []
        self._message = text
        self.update()

    def boxes(self) -> list[ImageFinding]:
        """The findings whose boxes are drawn (for tests)."""
        return list(self._findings)

    def image_rect(self) -> QRectF:
        """Where the image is painted inside the widget."""
        if self._image.isNull():
            return QRectF()
        size = QSize(self._image.size()).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        return QRectF(x, y, size.width(), size.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().window())
        if self._image.isNull():
            p.setPen(self.palette().text().color())
            p.drawText(self.rect().adjusted(8, 8, -8, -8),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message)
            return
        target = self.image_rect()
        p.drawImage(target, self._image)
        ow = self._original.width() or self._image.width()
        oh = self._original.height() or self._image.height()
        sx, sy = target.width() / ow, target.height() / oh
        for f in self._findings:
            color = QColor(BOX_COLORS.get(f.category, DEFAULT_BOX))
            poly = QPolygonF([QPointF(target.x() + x * sx, target.y() + y * sy) for x, y in f.box])
            p.setPen(QPen(color, 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolygon(poly)
            label = f.matched if f.rule != "image.qr" else "QR"
            rect = poly.boundingRect()
            metrics = p.fontMetrics()
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(60, int(rect.width())))
            tw, th = metrics.horizontalAdvance(text) + 8, metrics.height() + 4
            ty = rect.top() - th if rect.top() - th >= target.top() else rect.bottom()
            box = QRectF(rect.left(), ty, tw, th)
            p.fillRect(box, color)
            p.setPen(QColor("white"))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
