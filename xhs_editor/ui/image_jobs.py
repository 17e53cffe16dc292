"""Background work for the image panel: thumbnails, checks and OCR off the UI thread.

Workers are ``QRunnable``s in a private ``QThreadPool``; they report through the
signals of :class:`ImageJobs`, which Qt delivers on the UI thread (queued).
Only ``QImage`` crosses threads (never ``QPixmap``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage

from ..images import checks, ocr, qr
from ..images.checks import ImageInfo

THUMB_SIZE = QSize(160, 160)


def read_scaled(info: ImageInfo, box: QSize) -> QImage:
    """The image decoded directly at a size fitting ``box`` (null for unusable files)."""
    if not info.usable:
        return QImage()
    reader = checks.open_reader(info)
    reader.setAutoTransform(True)
    raw = reader.size()
    if raw.isValid() and (raw.width() > box.width() or raw.height() > box.height()):
        reader.setScaledSize(raw.scaled(box, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class _Relay(QObject):
    """Signals for runnables (a QRunnable cannot have signals itself)."""

    analysed = Signal(int, str, object, QImage, object)   # generation, path, info, thumbnail, codes
    preview = Signal(str, QImage)                          # path, scaled image
    ocr_progress = Signal(int, int, int)                   # generation, done, total
    ocr_result = Signal(int, str, object)                  # generation, path, lines
    ocr_finished = Signal(int, bool, str)                  # generation, cancelled, failure reason or ""


class _AnalyseJob(QRunnable):
    def __init__(self, relay: _Relay, generation: int, path: str) -> None:
        super().__init__()
        self.relay, self.generation, self.path = relay, generation, path

    def run(self) -> None:
        info = checks.inspect(Path(self.path))
        thumb = QImage()
        codes: list[qr.Code] = []
        try:
            thumb = read_scaled(info, THUMB_SIZE)
            codes, _lines, error = checks.analyse(info, codes=True)
            if error:
                info.problem, info.reason = "unreadable", error
        except Exception as exc:  # a worker must never die silently
            info.problem, info.reason = "unreadable", str(exc)
        self.relay.analysed.emit(self.generation, self.path, info, thumb, codes)


class _PreviewJob(QRunnable):
    def __init__(self, relay: _Relay, path: str, size: QSize) -> None:
        super().__init__()
        self.relay, self.path, self.size = relay, path, size

    def run(self) -> None:
        info = checks.inspect(Path(self.path))
        try:
            img = read_scaled(info, self.size)
        except Exception:
            img = QImage()
        self.relay.preview.emit(self.path, img)


class _OcrJob(QRunnable):
    def __init__(self, relay: _Relay, generation: int, paths: list[str], cancel: threading.Event) -> None:
        super().__init__()
        self.relay, self.generation, self.paths, self.cancel = relay, generation, paths, cancel

    def run(self) -> None:
        total = len(self.paths)
        failures: list[str] = []
        for done, path in enumerate(self.paths):
            if self.cancel.is_set():
                break
            self.relay.ocr_progress.emit(self.generation, done, total)
            info = checks.inspect(Path(path))
            lines: list[Any] = []
            errors: list[str] = []
            try:
                cached = ocr.cached(Path(path)) if info.usable else None
                if cached is not None:
                    lines = cached
                elif info.usable:
                    _codes, got, _err = checks.analyse(info, codes=False, ocr=True, cancelled=self.cancel.is_set,
                                                       ocr_errors=errors)
                    lines = got or []
            except Exception as exc:  # one broken file must not stop the others
                errors.append(f"{type(exc).__name__}: {exc}")
            failures.extend(errors)
            if not self.cancel.is_set():
                self.relay.ocr_result.emit(self.generation, path, lines)
        else:
            self.relay.ocr_progress.emit(self.generation, total, total)
        self.relay.ocr_finished.emit(self.generation, self.cancel.is_set(), failures[0] if failures else "")


class ImageJobs(QObject):
    """Runs the panel's background work and reports results on the UI thread.

    ``generation`` numbers let the panel drop results of work it no longer wants.
    """

    analysed = Signal(int, str, object, QImage, object)
    preview = Signal(str, QImage)
    ocrProgress = Signal(int, int, int)
    ocrResult = Signal(int, str, object)
    ocrFinished = Signal(int, bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._relay = _Relay()
        self._relay.analysed.connect(self.analysed)
        self._relay.preview.connect(self.preview)
        self._relay.ocr_progress.connect(self.ocrProgress)
        self._relay.ocr_result.connect(self.ocrResult)
        self._relay.ocr_finished.connect(self.ocrFinished)
        self._ocr_cancel: threading.Event | None = None

    def analyse(self, generation: int, path: str) -> None:
        """Read the header, a thumbnail and any QR codes of ``path`` (absolute)."""
        self.pool.start(_AnalyseJob(self._relay, generation, path))

    def load_preview(self, path: str, size: QSize) -> None:
        """Decode ``path`` scaled to fit ``size`` for the preview."""
        self.pool.start(_PreviewJob(self._relay, path, size))

    def start_ocr(self, generation: int, paths: list[str]) -> None:
        """Read the text in ``paths`` one after the other (cached ones are instant)."""
        self.cancel_ocr()
        self._ocr_cancel = threading.Event()
        self.pool.start(_OcrJob(self._relay, generation, list(paths), self._ocr_cancel))

    def cancel_ocr(self) -> None:
        """Stop the running OCR after the image it is reading."""
        if self._ocr_cancel is not None:
            self._ocr_cancel.set()
            self._ocr_cancel = None

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for all workers (tests, shutdown)."""
        return self.pool.waitForDone(msecs)
