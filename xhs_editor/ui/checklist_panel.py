"""The export checklist sidebar: industry selector, suggestion, stop banner and items.

It only *shows* what :mod:`xhs_editor.checklist` decides.  The user's choices
(industry, ticks, reference numbers) are written into the note through
``checklist.set_industry``/``set_item`` and announced with :attr:`noteChanged`.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from .. import checklist as cl
from ..engine import Finding, RuleSet
from ..findings import NoteFindings, resolve
from ..i18n import language, t

_OK, _OPEN, _NA = "✓", "✗", "—"


def _ui_language() -> str:
    """The editor's current language, "zh" or "en"."""
    return language()


class _ManualRow(QWidget):
    """A user-ticked item: check box, reference field, explanation and basis."""

    def __init__(self, item: cl.ItemState, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item.id
        self.box = QCheckBox(item.label, objectName=f"item:{item.id}")
        self.box.setToolTip(item.explain)
        self.reference = QLineEdit(objectName=f"ref:{item.id}")
        self.reference.setPlaceholderText(t("ui.reference_wanted" if item.wants_reference else "ui.reference", lang))
        self.reference.setClearButtonEnabled(True)
        self.hint = QLabel(wordWrap=True, objectName="itemHint")
        self.hint.setStyleSheet("color: palette(mid);")
        parts = [p for p in (item.explain, t("ui.basis", lang, basis=item.basis) if item.basis else "") if p]
        self.hint.setText("\n".join(parts))
        self.hint.setVisible(bool(parts))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(self.box)
        inner = QVBoxLayout()
        inner.setContentsMargins(24, 0, 0, 0)
        inner.addWidget(self.reference)
        inner.addWidget(self.hint)
        layout.addLayout(inner)
        self.show_state(item)

    def show_state(self, item: cl.ItemState) -> None:
        """Show ``item``'s tick and reference without emitting anything."""
        self.box.blockSignals(True)
        self.box.setChecked(item.done)
        self.box.blockSignals(False)
        if not self.reference.hasFocus() and self.reference.text() != item.reference:
            self.reference.setText(item.reference)


class _AutoRow(QWidget):
    """An item ticked from the findings: a mark, the label and why it is open."""

    def __init__(self, item: cl.ItemState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item.id
        self.mark = QLabel(objectName=f"mark:{item.id}")
        self.mark.setFixedWidth(18)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.label = QLabel(wordWrap=True, objectName=f"item:{item.id}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 1, 0, 1)
        layout.addWidget(self.mark)
        layout.addWidget(self.label, 1)
        self.show_state(item)

    def show_state(self, item: cl.ItemState) -> None:
        """Show ``item``'s state."""
        if not item.applicable:
            mark, color = _NA, "#888888"
        elif item.done:
            mark, color = _OK, "#1a7f37"
        else:
            mark, color = _OPEN, "#c62828"
        self.mark.setText(f'<b style="color:{color}">{mark}</b>')
        detail = "" if item.done or not item.detail else f'<br/><span style="color:#777777">{_esc(item.detail)}</span>'
        self.label.setText(f"{_esc(item.label)}{detail}")
        self.setProperty("done", item.done)


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


class ChecklistPanel(QWidget):
    """The checklist for one note; usable on its own or in a dock.

    Construct it with the rule set, the note (a :class:`xhs_editor.note.Note`
    or alike) and the engine's findings for it; call :meth:`set_findings`
    when they change and :meth:`set_note` for another note.
    """

    noteChanged = Signal()
    """The note's industry or checklist was changed by the user."""
    gateChanged = Signal(object)
    """The new :class:`xhs_editor.checklist.Gate`, after every refresh."""

    def __init__(self, ruleset: RuleSet, note: cl.NoteLike, findings: NoteFindings | Sequence[Finding] | None = None,
                 lang: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistPanel")
        self.setMinimumWidth(220)
        self.ruleset = ruleset
        self.note = note
        self.lang = lang or _ui_language()
        self.findings: NoteFindings = resolve(note, ruleset, findings)
        self._rows: dict[str, _ManualRow | _AutoRow] = {}
        self._row_ids: tuple[str, ...] = ()
        self._checklist: cl.Checklist | None = None
        self._gate: cl.Gate | None = None

        self.industry_label = QLabel(t("ui.industry", self.lang))
        self.industry = QComboBox(objectName="industryCombo")
        self.industry_label.setBuddy(self.industry)
        self.industry.currentIndexChanged.connect(self._industry_picked)
        self.suggestion = QLabel(wordWrap=True, objectName="industrySuggestion")
        self.use_suggestion = QPushButton(t("ui.use", self.lang), objectName="useSuggestion")
        self.use_suggestion.clicked.connect(self._use_suggestion)
        self.stop = QLabel(wordWrap=True, objectName="stopBanner")
        self.stop.setStyleSheet("QLabel { background: #fde7e9; color: #8f1d21; border: 1px solid #e5484d;"
                                " border-radius: 4px; padding: 6px; font-weight: bold; }")
        self.warning = QLabel(wordWrap=True, objectName="industryWarning")
        self.warning.setStyleSheet("color: #ab6400;")
        self.status = QLabel(wordWrap=True, objectName="gateStatus")
        self.status.setStyleSheet("QLabel { border-radius: 4px; padding: 6px; }")

        self._items_host = QWidget()
        self._items_layout = QVBoxLayout(self._items_host)
        self._items_layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._items_host)

        top = QHBoxLayout()
        top.addWidget(self.industry_label)
        top.addWidget(self.industry, 1)
        sugg = QHBoxLayout()
        sugg.addWidget(self.suggestion, 1)
        sugg.addWidget(self.use_suggestion, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(sugg)
        layout.addWidget(self.warning)
        layout.addWidget(self.stop)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self._fill_industries()
        self.refresh()

    # --- public -----------------------------------------------------------------------

    def set_findings(self, findings: NoteFindings | Sequence[Finding]) -> None:
        """The note's findings changed (the text was edited)."""
        self.findings = resolve(self.note, self.ruleset, findings)
        self.refresh()

    def set_note(self, note: cl.NoteLike, findings: NoteFindings | Sequence[Finding] | None = None) -> None:
        """Show another note."""
        self.note = note
        self.findings = resolve(note, self.ruleset, findings)
        self.refresh()

    def set_ruleset(self, ruleset: RuleSet, findings: NoteFindings | Sequence[Finding] | None = None) -> None:
        """The rule packs were reloaded."""
        self.ruleset = ruleset
        self.findings = resolve(self.note, ruleset, findings)
        self._fill_industries()
        self.refresh()

    def checklist(self) -> cl.Checklist:
        """The checklist as shown."""
        assert self._checklist is not None
        return self._checklist

    def gate(self) -> cl.Gate:
        """The export gate as shown."""
        assert self._gate is not None
        return self._gate

    def refresh(self) -> None:
        """Recompute the checklist from the note and findings and show it."""
        lang = self.lang
        self._checklist = checklist = cl.build_checklist(self.note, self.ruleset, self.findings, lang)
        self._gate = gate = cl.export_gate(checklist, lang)
        self._select(self.note.industry if checklist.warning == "" else None)
        self._suggested = cl.suggestion_to_show(self.note, self.ruleset, lang)
        self.suggestion.setText(self._suggested.explanation if self._suggested else "")
        self.suggestion.setVisible(self._suggested is not None)
        self.use_suggestion.setVisible(self._suggested is not None)
        self.warning.setText(checklist.warning)
        self.warning.setVisible(bool(checklist.warning))
        self.stop.setText("⊘ " + checklist.stop_reason + "\n" + t("stop.no_override", lang)
                          if checklist.prohibited else "")
        self.stop.setVisible(checklist.prohibited)
        self._show_items(checklist)
        color = ("#e6f4ea", "#1a7f37") if gate.allowed else ("#fde7e9", "#8f1d21")
        self.status.setStyleSheet(f"QLabel {{ background: {color[0]}; color: {color[1]}; border-radius: 4px;"
                                  " padding: 6px; }")
        self.status.setText(gate.message)
        self.gateChanged.emit(gate)

    # --- internals ----------------------------------------------------------------------

    def _fill_industries(self) -> None:
        self.industry.blockSignals(True)
        self.industry.clear()
        last_kind = "general"
        for iid, name, kind in cl.industry_choices(self.ruleset, self.lang):
            if kind != last_kind:
                self.industry.insertSeparator(self.industry.count())
                last_kind = kind
            label = f"⊘ {name}" if kind == "prohibited" else name
            self.industry.addItem(label, iid)
        self.industry.blockSignals(False)

    def _select(self, iid: str | None) -> None:
        index = self.industry.findData(iid) if iid else 0
        if index < 0:
            index = 0
        if self.industry.currentIndex() != index:
            self.industry.blockSignals(True)
            self.industry.setCurrentIndex(index)
            self.industry.blockSignals(False)

    def _industry_picked(self, index: int) -> None:
        iid = self.industry.itemData(index)
        if (iid or None) == (self.note.industry or None):
            return
        cl.set_industry(self.note, iid)
        self.noteChanged.emit()
        self.refresh()

    def _use_suggestion(self) -> None:
        if self._suggested is not None:
            cl.set_industry(self.note, self._suggested.industry_id)
            self.noteChanged.emit()
            self.refresh()

    def _show_items(self, checklist: cl.Checklist) -> None:
        ids = tuple(i.id for i in checklist.items)
        if ids != self._row_ids:
            while self._items_layout.count():
                w = self._items_layout.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
            self._rows.clear()
            self._items_layout.addWidget(self._heading(t("ui.general_items", self.lang)))
            manual_heading = False
            for item in checklist.items:
                if item.auto:
                    row: _AutoRow | _ManualRow = _AutoRow(item)
                else:
                    if not manual_heading:
                        self._items_layout.addWidget(self._heading(
                            f'{t("ui.industry_items", self.lang)} — {checklist.industry_name}'))
                        manual_heading = True
                    row = _ManualRow(item, self.lang)
                    row.box.toggled.connect(lambda _on, r=row: self._manual_changed(r))
                    row.reference.editingFinished.connect(lambda r=row: self._manual_changed(r))
                self._rows[item.id] = row
                self._items_layout.addWidget(row)
            self._items_layout.addStretch(1)
            self._row_ids = ids
        else:
            for item in checklist.items:
                self._rows[item.id].show_state(item)  # type: ignore[arg-type]

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{_esc(text)}</b>", wordWrap=True)
        label.setContentsMargins(0, 6, 0, 2)
        return label

    def _manual_changed(self, row: _ManualRow) -> None:
        done, ref = cl.item_record(self.note, row.item_id)
        new_done, new_ref = row.box.isChecked(), row.reference.text().strip()
        if (done, ref) == (new_done, new_ref):
            return
        cl.set_item(self.note, row.item_id, new_done, new_ref)
        self.noteChanged.emit()
        self.refresh()
