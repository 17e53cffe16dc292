"""The Export dialog: the checklist, the gate, and the export formats.

Every export passes the gate first (:meth:`ExportDialog.pass_gate`): blocked
exports need a written override (recorded in the note), and a prohibited
industry never exports.  Files are written by :mod:`xhs_editor.export` and
:mod:`xhs_editor.report`, which refuse to overwrite; the dialog asks first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QFileDialog, QGridLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from .. import checklist as cl
from .. import export as ex
from ..engine import Finding, RuleSet
from ..findings import NoteFindings
from ..i18n import t
from .checklist_panel import ChecklistPanel, _ui_language
from .override_dialog import OverrideDialog

KINDS = ("copy", "txt", "md", "bundle_folder", "bundle_zip", "report_pdf", "report_html")
_SUFFIX = {"txt": ".txt", "md": ".md", "bundle_zip": ".zip", "report_pdf": ".pdf", "report_html": ".html",
           "bundle_folder": ""}
_FILTER = {"txt": "ui.filter_txt", "md": "ui.filter_md", "bundle_zip": "ui.filter_zip",
           "report_pdf": "ui.filter_pdf", "report_html": "ui.filter_html", "bundle_folder": "ui.filter_folder"}


class ExportAsk:
    """Every question the export dialog asks; tests replace it so no modal dialog blocks them."""

    def __init__(self, parent: QWidget | None = None, lang: str = "zh") -> None:
        self.parent = parent
        self.lang = lang

    def save_path(self, kind: str, suggested: str) -> str | None:
        """Where to write export ``kind``; None when cancelled.  Overwriting is asked separately."""
        path, _ = QFileDialog.getSaveFileName(self.parent, t("ui.export_title", self.lang), suggested,
                                              t(_FILTER[kind], self.lang),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        return path or None

    def confirm_overwrite(self, path: str) -> bool:
        """Whether to replace the existing ``path``."""
        answer = QMessageBox.question(self.parent, t("ui.overwrite_title", self.lang),
                                      t("ui.overwrite", self.lang, path=path))
        return answer == QMessageBox.StandardButton.Yes

    def override_reason(self, gate: cl.Gate) -> str | None:
        """The written reason to export past ``gate``; None when cancelled (always for a prohibited industry)."""
        dialog = OverrideDialog(gate, self.lang, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and gate.overridable:
            return dialog.reason()
        return None

    def confirm_outside(self, paths: Sequence[str]) -> bool:
        """Whether images outside the note's folder (``paths``, as the note stores them) may go into a bundle."""
        answer = QMessageBox.question(self.parent, t("ui.outside_title", self.lang),
                                      t("ui.outside_images", self.lang, paths="\n".join(paths)))
        return answer == QMessageBox.StandardButton.Yes

    def error(self, message: str) -> None:
        """Tell the user an export failed, in a sentence."""
        QMessageBox.warning(self.parent, t("ui.error_title", self.lang), message)


class ExportDialog(QDialog):
    """Export one note.  Changes to the note (industry, ticks, overrides) are made in
    place and announced with :attr:`noteChanged`."""

    noteChanged = Signal()
    exported = Signal(str, str)
    """(kind, path) after a successful export; path is "" for the clipboard."""

    def __init__(self, ruleset: RuleSet, note: cl.NoteLike, findings: NoteFindings | Sequence[Finding] | None = None,
                 note_path: str | Path | None = None, ask: ExportAsk | None = None, lang: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.lang = lang or _ui_language()
        self.setWindowTitle(t("ui.export_title", self.lang))
        self.ruleset = ruleset
        self.note = note
        self.note_path = Path(note_path) if note_path else None
        self.ask = ask or ExportAsk(self, self.lang)
        self._overridden: tuple[int, tuple[str, ...]] | None = None
        self.panel = ChecklistPanel(ruleset, note, findings, self.lang)
        self.panel.noteChanged.connect(self.noteChanged)
        self.message = QLabel(wordWrap=True, objectName="exportMessage")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        labels = {"copy": "ui.copy", "txt": "ui.save_txt", "md": "ui.save_md", "bundle_folder": "ui.bundle_folder",
                  "bundle_zip": "ui.bundle_zip", "report_pdf": "ui.report_pdf", "report_html": "ui.report_html"}
        for i, kind in enumerate(KINDS):
            button = QPushButton(t(labels[kind], self.lang), objectName=f"export_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.export(k))
            self.buttons[kind] = button
            grid.addWidget(button, i // 2, i % 2)
        close = QPushButton(t("ui.close", self.lang), objectName="exportClose")
        close.clicked.connect(self.accept)
        grid.addWidget(close, (len(KINDS) + 1) // 2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        self.panel.gateChanged.connect(self._gate_changed)
        self._gate_changed(self.panel.gate())
        self.resize(520, 680)

    def _gate_changed(self, gate: cl.Gate) -> None:
        for kind, button in self.buttons.items():
            button.setEnabled(kind.startswith("report") or not gate.prohibited)

    # --- the gate -----------------------------------------------------------------------

    def pass_gate(self) -> bool:
        """True when export may go ahead, asking for (and recording) an override if needed."""
        self.panel.refresh()
        gate = self.panel.gate()
        if gate.allowed:
            return True
        if gate.prohibited:
            self.ask.error(gate.message)
            return False
        if self._overridden == (gate.errors, gate.open_items):
            return True  # already overridden in this dialog for exactly this state
        reason = self.ask.override_reason(gate)
        if not reason:
            return False
        try:
            cl.record_override(self.note, gate, reason, self.lang)
        except cl.OverrideRefused as exc:
            self.ask.error(str(exc))
            return False
        self._overridden = (gate.errors, gate.open_items)
        self.noteChanged.emit()
        return True

    # --- exports --------------------------------------------------------------------------

    def export(self, kind: str) -> bool:
        """Run export ``kind`` (one of :data:`KINDS`); True when done.

        The note itself leaves only through the gate.  The review report does not
        publish anything: it documents the open problems for whoever signs off,
        so it can always be written.
        """
        if not kind.startswith("report") and not self.pass_gate():
            return False
        if kind == "copy":
            from PySide6.QtGui import QGuiApplication

            QGuiApplication.clipboard().setText(ex.clipboard_text(self.note))
            self.message.setText(t("ui.copied", self.lang))
            self.exported.emit(kind, "")
            return True
        path = self.ask.save_path(kind, self._suggested(kind))
        if not path:
            return False
        target = Path(path)
        if kind != "bundle_folder" and not target.suffix:
            target = target.with_suffix(_SUFFIX[kind])
        overwrite = False
        if target.exists():
            if not self.ask.confirm_overwrite(str(target)):
                return False
            overwrite = True
        try:
            self._write(kind, target, overwrite)
        except ex.ExportError as exc:
            self.ask.error(exc.message(self.lang))
            return False
        self.message.setText(t("ui.saved", self.lang, path=str(target)))
        self.exported.emit(kind, str(target))
        return True

    def _suggested(self, kind: str) -> str:
        base = self.note_path.with_suffix("") if self.note_path else Path.home() / (self.note.title.strip()[:20] or "note")
        if kind.startswith("report"):
            base = base.with_name(base.name + "-report")
        elif kind.startswith("bundle"):
            base = base.with_name(base.name + "-export")
        return str(base) + _SUFFIX[kind]

    def _write(self, kind: str, target: Path, overwrite: bool) -> None:
        from .. import report

        if kind in ("txt", "md"):
            ex.save_text(self.note, target, overwrite)
        elif kind in ("report_pdf", "report_html"):
            report.write_report(self.note, self.ruleset, target, self.lang, self.panel.findings, overwrite,
                                str(self.note_path) if self.note_path else None)
        else:
            html = report.report_html(self.note, self.ruleset, self.panel.findings, self.lang,
                                      note_path=str(self.note_path) if self.note_path else None)
            reports = {"report.html": html.encode("utf-8"), "report.pdf": report.render_pdf(html, self.note.title)}
            if kind == "bundle_zip" and target.suffix.lower() != ".zip":
                target = target.with_suffix(".zip")
            note_dir = self.note_path.parent if self.note_path else None
            outside = ex.outside_images(self.note, note_dir)
            if outside and not self.ask.confirm_outside(outside):
                raise ex.ExportError("outside_image", outside[0])
            ex.write_bundle(self.note, target, note_dir, reports, overwrite, allow_outside=bool(outside))
