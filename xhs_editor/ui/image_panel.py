"""The image panel: the note's images as thumbnails, their findings, QR/OCR boxes, OCR progress.

It shows findings and holds no check logic: the checks live in
:mod:`xhs_editor.images`.  Files are read off the UI thread
(:class:`~xhs_editor.ui.image_jobs.ImageJobs`).  Paths are stored as the note
stores them: relative to the note's folder (absolute while the note is untitled).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QImage, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QListWidgetItem,
                               QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget)

from ..engine import Finding, RuleSet, config_dir, default_ruleset, limit_findings
from ..images import ImageFinding, findings_for, is_outside, ocr, outside_info, qr
from ..images.checks import ImageInfo
from .i18n import language, tr
from .image_jobs import ImageJobs
from .image_list import ImageList
from .image_preview import ImagePreview

PATH_ROLE = Qt.ItemDataRole.UserRole          # the path as stored in the note
ABS_ROLE = Qt.ItemDataRole.UserRole + 1       # the absolute file path
PREVIEW_SIZE = QSize(1000, 1000)
FILE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG *.WEBP);;All files (*)"

def stored_path(path: str | Path, folder: Path | None) -> str:
    """How the note stores ``path``: relative to ``folder`` with forward slashes, else absolute."""
    p = Path(path).resolve()
    if folder is not None:
        try:
            return Path(os.path.relpath(p, Path(folder).resolve())).as_posix()
        except ValueError:  # another drive on Windows
            pass
    return p.as_posix()


class ImagePanel(QWidget):
    """The note's images: add (dialog, drop, paste), reorder, remove; findings and previews.

    ``imagesChanged`` carries the stored paths in order; ``findingsChanged`` fires
    when :meth:`findings` changed.  ``ask_files`` (the file dialog) and
    ``settings`` can be injected, which the tests do.
    """

    imagesChanged = Signal(list)
    findingsChanged = Signal()

    def __init__(self, ruleset: RuleSet | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None, auto_ocr: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("imagePanel")
        self.ruleset = ruleset if ruleset is not None else default_ruleset()
        self.settings = settings
        self.auto_ocr = auto_ocr
        self.ask_files: Callable[[str], list[str]] = self._dialog
        self.folder: Path | None = None
        self._generation = 0
        self._facts: dict[str, tuple[ImageInfo, list[qr.Code]]] = {}
        self._thumbs: dict[str, QImage] = {}
        self._lines: dict[str, list[Any]] = {}
        self._ocr_running = False
        self._findings: list[Finding] = []

        self.jobs = ImageJobs(self)
        self.jobs.analysed.connect(self._analysed)
        self.jobs.preview.connect(self._preview_loaded)
        self.jobs.ocrProgress.connect(self._ocr_progress)
        self.jobs.ocrResult.connect(self._ocr_result)
        self.jobs.ocrFinished.connect(self._ocr_finished)

        self.title = QLabel(objectName="imagesTitle")
        self.add_button = QPushButton(tr("images.add"), objectName="addImages")
        self.add_button.clicked.connect(self.add_dialog)
        self.remove_button = QPushButton(tr("images.remove"), objectName="removeImages")
        self.remove_button.clicked.connect(self.remove_selected)
        self.list = ImageList(self)
        self.list.filesDropped.connect(self.add_files)
        self.list.orderChanged.connect(self._order_changed)
        self.list.moveRequested.connect(self.move_image)
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.preview = ImagePreview(self)
        self.hint = QLabel(tr("images.hint"), objectName="imagesHint", wordWrap=True)
        self.status = QLabel(objectName="imagesStatus", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ocr_button = QPushButton(tr("images.ocr_run"), objectName="ocrButton")
        self.ocr_button.clicked.connect(self._ocr_button_clicked)
        self.progress = QProgressBar(objectName="ocrProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        ocr_row = QHBoxLayout()
        ocr_row.addWidget(self.progress, 1)
        ocr_row.addWidget(self.ocr_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        layout.addLayout(ocr_row)
        layout.addWidget(self.status)
        self._update_ocr_controls()
        self._refresh()

    # --- the list ---------------------------------------------------------------------

    def images(self) -> list[str]:
        """The images' paths as the note stores them, cover first."""
        return [str(self.list.item(i).data(PATH_ROLE)) for i in range(self.list.count())]

    def absolute_paths(self) -> list[str]:
        """The images' absolute file paths, cover first."""
        return [str(self.list.item(i).data(ABS_ROLE)) for i in range(self.list.count())]

    def _absolute(self, stored: str) -> str:
        p = Path(stored)
        if not p.is_absolute() and self.folder is not None:
            p = self.folder / p
        try:
            return str(p.resolve() if p.is_absolute() else p.absolute())
        except (OSError, ValueError):  # a NUL character: the path names no file, the checks say it is missing
            return str(p)

    def set_images(self, paths: list[str], folder: Path | str | None) -> None:
        """Show a note's images (``paths`` relative to ``folder``, the note's folder)."""
        self.jobs.cancel_ocr()
        self._generation += 1
        self.folder = Path(folder) if folder is not None else None
        self.list.clear()
        for stored in paths:
            self._append(stored)
        if paths:
            self.list.setCurrentRow(0)  # show the cover in the preview rather than an empty box
        self._refresh()
        self._start_work()

    def set_note_folder(self, folder: Path | str | None) -> None:
        """The note moved (Save As): keep the same files, stored relative to the new folder."""
        self.folder = Path(folder) if folder is not None else None
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setData(PATH_ROLE, stored_path(item.data(ABS_ROLE), self.folder))
        self._refresh()
        self.imagesChanged.emit(self.images())

    def _append(self, stored: str) -> None:
        item = QListWidgetItem()
        item.setData(PATH_ROLE, stored)
        item.setData(ABS_ROLE, self._absolute(stored))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        self.list.addItem(item)

    def add_files(self, files: list[str]) -> list[str]:
        """Add image files (absolute or relative to the working folder); returns what was added."""
        limit = int(self.ruleset.limits.images_max)
        have = set(self.absolute_paths())
        added: list[str] = []
        refused = 0
        for f in files:
            absolute = str(Path(f).resolve())
            if absolute in have:
                continue
            if self.list.count() >= limit:
                refused += 1
                continue
            self._append(stored_path(absolute, self.folder))
            have.add(absolute)
            added.append(absolute)
        if files and self.settings is not None:
            self.settings.setValue("images/last_folder", str(Path(files[-1]).resolve().parent))
        self.status.setText(tr("images.full", max=limit, n=refused) if refused else "")
        if added:
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
            self._changed()
        return added

    def last_folder(self) -> str:
        """The folder the file dialog opens in: the last one used, else the note's."""
        if self.settings is not None:
            value = self.settings.value("images/last_folder", "")
            if value and Path(str(value)).is_dir():
                return str(value)
        return str(self.folder or Path.home())

    def _dialog(self, start: str) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(self, tr("images.dialog"), start, FILE_FILTER)
        return list(files)

    def add_dialog(self) -> None:
        """Ask for image files and add them."""
        files = self.ask_files(self.last_folder())
        if files:
            self.add_files(files)

    def remove_selected(self) -> None:
        """Remove the selected images from the note (the files stay on disk)."""
        rows = sorted((self.list.row(i) for i in self.list.selectedItems()), reverse=True)
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self._changed()

    def move_image(self, src: int, dst: int) -> None:
        """Move the image at ``src`` to position ``dst`` (what dragging does)."""
        if src == dst or not (0 <= src < self.list.count()) or not (0 <= dst < self.list.count()):
            return
        item = self.list.takeItem(src)
        self.list.insertItem(dst, item)
        self.list.setCurrentRow(dst)
        self._changed()

    def paste(self) -> list[str]:
        """Add images from the clipboard: copied files, or pixels saved as a PNG next to the note."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return []
        if mime.hasUrls():
            files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if files:
                return self.add_files(files)
        if mime.hasImage():
            img = QImage(mime.imageData())
            if img.isNull():
                return []
            folder = self.folder or (config_dir() / "pasted")
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / time.strftime("pasted-%Y%m%d-%H%M%S.png")
            n = 1
            while target.exists():
                target = folder / time.strftime(f"pasted-%Y%m%d-%H%M%S-{n}.png")
                n += 1
            if img.save(str(target), "PNG"):
                return self.add_files([str(target)])
        return []

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.remove_selected()
            return
        super().keyPressEvent(event)

    def _order_changed(self) -> None:
        self._changed(new_files=False)

    def _changed(self, new_files: bool = True) -> None:
        self._refresh()
        self.imagesChanged.emit(self.images())
        if new_files:
            self._start_work()

    # --- background work -------------------------------------------------------------

    def _start_work(self) -> None:
        for path in self.absolute_paths():
            if path not in self._facts:
                self.jobs.analyse(self._generation, path)
        self._show_current()
        if self.auto_ocr:
            self.run_ocr(only_new=True)

    def _analysed(self, generation: int, path: str, info: ImageInfo, thumb: QImage, codes: list[qr.Code]) -> None:
        self._facts[path] = (info, list(codes))
        self._thumbs[path] = thumb
        self._refresh()
        if self._current_path() == path:
            self._show_current()

    def pending(self) -> int:
        """How many images are still being read."""
        return sum(1 for p in self.absolute_paths() if p not in self._facts)

    def reanalyse(self) -> None:
        """Forget what was read and read every image again (files changed on disk)."""
        self._facts.clear()
        self._thumbs.clear()
        self._lines.clear()
        self._generation += 1
        self._start_work()

    # --- OCR ---------------------------------------------------------------------------

    def run_ocr(self, only_new: bool = False) -> None:
        """Read the text in the images in the background (cached results are instant)."""
        if not ocr.available():
            return
        paths = [p for p in dict.fromkeys(self.absolute_paths()) if not (only_new and p in self._lines)]
        if not paths:
            return
        self._ocr_running = True
        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(tr("images.ocr_busy", done=0, total=len(paths)))
        self._update_ocr_controls()
        self.jobs.start_ocr(self._generation, paths)

    def cancel_ocr(self) -> None:
        """Stop reading text after the current image."""
        self.jobs.cancel_ocr()

    def _ocr_button_clicked(self) -> None:
        if self._ocr_running:
            self.cancel_ocr()
        else:
            self.run_ocr()

    def _ocr_progress(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(tr("images.ocr_busy", done=done, total=total))

    def _ocr_result(self, generation: int, path: str, lines: list[Any]) -> None:
        if generation != self._generation:
            return
        self._lines[path] = list(lines)
        self._refresh()
        if self._current_path() == path:
            self.preview.set_findings(self.findings_of(path))

    def _ocr_finished(self, generation: int, cancelled: bool, failure: str = "") -> None:
        if generation != self._generation:
            return
        self._ocr_running = False
        self.progress.hide()
        if failure:
            self.status.setText(tr("images.ocr_failed", reason=failure))
        else:
            self.status.setText(tr("images.ocr_cancelled") if cancelled else tr("images.ocr_done"))
        self._update_ocr_controls()

    def ocr_running(self) -> bool:
        """Whether OCR is reading images now."""
        return self._ocr_running

    def _update_ocr_controls(self) -> None:
        if not ocr.available():
            self.ocr_button.setEnabled(False)
            self.ocr_button.setText(tr("images.ocr_run"))
            self.status.setText(tr("images.ocr_missing") + ("" if qr.available() else "\n" + tr("images.qr_missing")))
            return
        self.ocr_button.setEnabled(True)
        self.ocr_button.setText(tr("images.ocr_cancel") if self._ocr_running else tr("images.ocr_run"))

    # --- findings and display ------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every image finding, including the count limits, in image order."""
        return list(self._findings)

    def findings_of(self, path: str) -> list[ImageFinding]:
        """The findings of the image with absolute path ``path``."""
        return [f for f in self._findings if isinstance(f, ImageFinding)
                and self._absolute(f.image) == path]

    def _compute(self) -> list[Finding]:
        out: list[Finding] = list(limit_findings("", "", "", self.ruleset, image_count=self.list.count()))
        for index in range(self.list.count()):
            item = self.list.item(index)
            stored, path = str(item.data(PATH_ROLE)), str(item.data(ABS_ROLE))
            if self.folder is not None and is_outside(self.folder, stored):
                # As check and the report see it: outside the note's folder, the image itself is not judged.
                out.extend(findings_for(stored, index, outside_info(self.folder, stored), self.ruleset))
                continue
            facts = self._facts.get(path)
            if facts is None:
                continue
            info, codes = facts
            out.extend(findings_for(stored, index, info, self.ruleset, codes, self._lines.get(path)))
        return out

    def _refresh(self) -> None:
        self._findings = self._compute()
        limit = int(self.ruleset.limits.images_max)
        self.title.setText(tr("images.title", n=self.list.count(), max=limit))
        self.add_button.setEnabled(self.list.count() < limit)
        for index in range(self.list.count()):
            self._decorate(index)
        self._update_buttons()
        self.findingsChanged.emit()

    def _decorate(self, index: int) -> None:
        item = self.list.item(index)
        stored, path = str(item.data(PATH_ROLE)), str(item.data(ABS_ROLE))
        facts = self._facts.get(path)
        mine = [f for f in self._findings if isinstance(f, ImageFinding) and f.index == index]
        label = f"{index + 1}"
        errors = sum(1 for f in mine if f.severity.rank >= 2)
        warnings = len(mine) - errors
        if facts is None:
            state = tr("images.pending")
        elif not facts[0].exists:
            state = tr("images.missing")
        elif facts[0].problem in ("unreadable", "bomb"):
            state = tr("images.damaged")
        else:
            state = ""
        badge = " ".join(x for x in (f"⛔{errors}" if errors else "", f"⚠{warnings}" if warnings else "") if x)
        item.setText(f"{label}\n{state or badge or ' '}")  # always two lines: stable item size
        item.setIcon(self._icon(path, state, cover=index == 0))
        item.setForeground(QBrush(QColor("#e5484d")) if errors else QBrush())
        tips = [stored] + [f"• {f.message(language())}" for f in mine]
        item.setToolTip("\n".join(tips))
        cover = f" {tr('images.cover')}" if index == 0 else ""
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label}{cover} {stored} {state}")

    def _icon(self, path: str, state: str, cover: bool = False) -> QIcon:
        thumb = self._thumbs.get(path)
        size = self.list.iconSize()
        pix = QPixmap(size)
        pix.fill(QColor("#f0f0f0"))
        p = QPainter(pix)
        if thumb is not None and not thumb.isNull():
            scaled = thumb.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            p.drawImage((size.width() - scaled.width()) // 2, (size.height() - scaled.height()) // 2, scaled)
        else:
            p.setPen(QColor("#e5484d") if state in (tr("images.missing"), tr("images.damaged")) else QColor("#888888"))
            p.drawRect(0, 0, size.width() - 1, size.height() - 1)
            p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, state or "?")
        if cover:  # the first image is the cover: a ribbon on its thumbnail
            text = tr("images.cover")
            w = p.fontMetrics().horizontalAdvance(text) + 10
            h = p.fontMetrics().height() + 2
            p.fillRect(0, 0, w, h, QColor("#ff2442"))
            p.setPen(QColor("white"))
            p.drawText(0, 0, w, h, Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        return QIcon(pix)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()) or self.list.currentRow() >= 0)

    def _current_path(self) -> str:
        item = self.list.currentItem()
        return str(item.data(ABS_ROLE)) if item is not None else ""

    def _show_current(self) -> None:
        path = self._current_path()
        if not path:
            self.preview.set_message(tr("images.none"))
            return
        facts = self._facts.get(path)
        if facts is None:
            self.preview.set_message(tr("images.pending"))
            return
        info = facts[0]
        if not info.usable and info.problem != "truncated":
            mine = self.findings_of(path)
            self.preview.set_message("\n".join(f.message(language()) for f in mine) or tr("images.damaged"))
            return
        self.jobs.load_preview(path, PREVIEW_SIZE)

    def _preview_loaded(self, path: str, image: QImage) -> None:
        if path != self._current_path():
            return
        facts = self._facts.get(path)
        if image.isNull() or facts is None:
            self.preview.set_message(tr("images.damaged"))
            return
        info = facts[0]
        self.preview.set_image(image, QSize(info.width, info.height), self.findings_of(path))

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """Use ``ruleset``'s messages and limits (after the packs were reloaded)."""
        self.ruleset = ruleset
        self._refresh()

    def select_image(self, stored: str) -> None:
        """Make the image stored as ``stored`` current (from a finding in the sidebar)."""
        for row, path in enumerate(self.images()):
            if path == stored:
                self.list.setCurrentRow(row)
                return

    def wait(self, msecs: int = 30000) -> bool:
        """Wait until background work is done (tests, shutdown)."""
        return self.jobs.wait(msecs)

    def shutdown(self) -> None:
        """Cancel OCR and wait for the workers (call before the window closes)."""
        self.jobs.cancel_ocr()
        self.jobs.wait(10000)
