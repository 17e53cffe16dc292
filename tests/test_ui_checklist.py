"""The checklist sidebar, the override dialog and the export dialog (pytest-qt, offscreen)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit

from xhs_editor import checklist as cl
from xhs_editor import export as ex
from xhs_editor.engine import load_ruleset
from xhs_editor.note import Note
from xhs_editor.ui.checklist_panel import ChecklistPanel
from xhs_editor.ui.export_dialog import ExportAsk, ExportDialog
from xhs_editor.ui.override_dialog import OverrideDialog

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def rs():
    # The checklist reads the rules' findings; the learned models (off the keystroke path, loaded on a thread) would
    # make the test pack's own 微信 rule depend on whether the note gate had loaded yet (it reads 上周去打了水光针
    # as a plain note, and the test pack names no contact detectors).
    ruleset = load_ruleset([DATA / "industries_basic"], include_user=False, include_bundled=False, model=False)
    assert ruleset.errors == []
    return ruleset


class FakeAsk(ExportAsk):
    """Answers the dialog's questions from a script and records them."""

    def __init__(self, paths: dict[str, str] | None = None, reason: str | None = None, overwrite: bool = False):
        super().__init__(None, "en")
        self.paths = paths or {}
        self.reason = reason
        self.overwrite = overwrite
        self.asked: list[str] = []
        self.errors: list[str] = []

    def save_path(self, kind: str, suggested: str) -> str | None:
        self.asked.append(f"path:{kind}")
        return self.paths.get(kind)

    def confirm_overwrite(self, path: str) -> bool:
        self.asked.append(f"overwrite:{Path(path).name}")
        return self.overwrite

    def override_reason(self, gate: cl.Gate) -> str | None:
        self.asked.append("override")
        return self.reason if gate.overridable else None

    def error(self, message: str) -> None:
        self.errors.append(message)


def test_panel_suggests_and_ticks(qtbot, rs) -> None:
    note = Note(title="水光针体验", body="上周去打了水光针")
    panel = ChecklistPanel(rs, note, lang="en")
    qtbot.addWidget(panel)
    changes: list[int] = []
    panel.noteChanged.connect(lambda: changes.append(1))
    assert panel.suggestion.isVisibleTo(panel)
    assert "because the note mentions 水光针" in panel.suggestion.text()
    assert panel.gate().allowed
    qtbot.mouseClick(panel.use_suggestion, Qt.MouseButton.LeftButton)
    assert note.industry == "med_aesthetics" and changes
    assert panel.industry.currentData() == "med_aesthetics"
    assert not panel.suggestion.isVisibleTo(panel)
    assert not panel.gate().allowed and "Export is blocked" in panel.status.text()
    for item_id in ("med_aesthetics.license", "med_aesthetics.review"):
        panel.findChild(QCheckBox, f"item:{item_id}").setChecked(True)
    ref = panel.findChild(QLineEdit, "ref:med_aesthetics.license")
    ref.setText("粤医 123")
    ref.editingFinished.emit()
    assert note.checklist["med_aesthetics.license"] == {"done": True, "reference": "粤医 123"}
    assert panel.gate().allowed and "Ready to export" in panel.status.text()


def test_panel_general_items_follow_findings(qtbot, rs) -> None:
    note = Note(title="好物", body="加我微信")
    panel = ChecklistPanel(rs, note, lang="en")
    qtbot.addWidget(panel)
    assert not panel.checklist().item("general.no_diversion").done
    assert "✗" in panel.findChild(type(panel.status), "mark:general.no_diversion").text()
    note.body = "私信我"
    panel.set_findings(cl.note_findings(note, rs))
    assert panel.checklist().item("general.no_diversion").done
    assert "✓" in panel.findChild(type(panel.status), "mark:general.no_diversion").text()
    assert panel.gate().allowed


def test_panel_prohibited_shows_stop(qtbot, rs) -> None:
    note = Note(title="电子烟", body="电子烟")
    panel = ChecklistPanel(rs, note, lang="zh")
    qtbot.addWidget(panel)
    panel.industry.setCurrentIndex(panel.industry.findData("tobacco"))
    assert note.industry == "tobacco"
    assert panel.stop.isVisibleTo(panel) and "禁止利用互联网发布烟草广告" in panel.stop.text()
    assert panel.gate().prohibited


def test_override_dialog_needs_a_reason(qtbot, rs) -> None:
    gate = cl.export_gate(cl.build_checklist(Note(body="最好"), rs, cl.note_findings(Note(body="最好"), rs)))
    dialog = OverrideDialog(gate, "en")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.reason_edit.setPlainText("  legal approved  ")
    assert dialog.ok.isEnabled() and dialog.reason() == "legal approved"
    prohibited = cl.export_gate(cl.build_checklist(Note(industry="tobacco"), rs, []))
    stop = OverrideDialog(prohibited, "en")
    qtbot.addWidget(stop)
    stop.reason_edit.setPlainText("please")
    assert not stop.ok.isEnabled() and not stop.ok.isVisibleTo(stop)


def test_export_blocked_until_override(qtbot, rs, tmp_path: Path) -> None:
    note = Note(title="面霜", body="全网最好的面霜")
    ask = FakeAsk({"txt": str(tmp_path / "a.txt")}, reason=None)
    dialog = ExportDialog(rs, note, ask=ask, lang="en")
    qtbot.addWidget(dialog)
    assert not dialog.export("txt")  # cancelled the override
    assert ask.asked == ["override"] and not (tmp_path / "a.txt").exists() and note.overrides == {}
    ask.reason = "Legal signed off"
    with qtbot.waitSignal(dialog.noteChanged):
        assert dialog.export("txt")
    assert ex.parse_txt((tmp_path / "a.txt").read_text(encoding="utf-8"))[:2] == ("面霜", "全网最好的面霜")
    log = cl.overrides_of(note)
    assert len(log) == 1 and log[0]["reason"] == "Legal signed off" and log[0]["errors"] == 1
    # the same blocked state is not asked about twice in one dialog
    ask.asked.clear()
    ask.paths["md"] = str(tmp_path / "a.md")
    assert dialog.export("md") and ask.asked == ["path:md"]


def test_export_never_for_prohibited(qtbot, rs, tmp_path: Path) -> None:
    note = Note(title="电子烟", body="口感好", industry="tobacco")
    ask = FakeAsk({"txt": str(tmp_path / "a.txt")}, reason="boss said so")
    dialog = ExportDialog(rs, note, ask=ask, lang="en")
    qtbot.addWidget(dialog)
    assert not dialog.buttons["txt"].isEnabled()
    assert not dialog.export("txt") and not dialog.export("copy")
    assert "override" not in ask.asked and ask.errors and not (tmp_path / "a.txt").exists()
    assert note.overrides == {}
    # the review report is no export of the note: it explains why it may not go out
    assert dialog.buttons["report_html"].isEnabled()
    ask.paths["report_html"] = str(tmp_path / "why.html")
    assert dialog.export("report_html") and "电子烟" in (tmp_path / "why.html").read_text(encoding="utf-8")


def test_review_report_is_written_while_the_gate_is_shut(qtbot, rs, tmp_path: Path) -> None:
    note = Note(title="面霜", body="全网最好的面霜")
    ask = FakeAsk({"report_pdf": str(tmp_path / "r.pdf")}, reason=None)
    dialog = ExportDialog(rs, note, ask=ask, lang="en")
    qtbot.addWidget(dialog)
    assert dialog.export("report_pdf") and "override" not in ask.asked
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF") and note.overrides == {}


def test_export_asks_before_overwriting(qtbot, rs, tmp_path: Path) -> None:
    note = Note(title="春日穿搭", body="今天分享通勤穿搭", topics=["穿搭"])
    target = tmp_path / "a.txt"
    target.write_text("keep", encoding="utf-8")
    ask = FakeAsk({"txt": str(target)}, overwrite=False)
    dialog = ExportDialog(rs, note, ask=ask, lang="en")
    qtbot.addWidget(dialog)
    assert not dialog.export("txt") and target.read_text(encoding="utf-8") == "keep"
    assert ask.asked == ["path:txt", "overwrite:a.txt"]
    ask.overwrite = True
    assert dialog.export("txt") and target.read_text(encoding="utf-8").startswith("春日穿搭")


def test_copy_and_bundle(qtbot, rs, tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(b"img")
    note = Note(title="春日穿搭", body="今天分享通勤穿搭", topics=["穿搭"], images=[{"path": "p.png"}])
    ask = FakeAsk({"bundle_zip": str(tmp_path / "out.zip"), "report_pdf": str(tmp_path / "r")})
    dialog = ExportDialog(rs, note, note_path=tmp_path / "n.xhsnote", ask=ask, lang="zh")
    qtbot.addWidget(dialog)
    assert dialog.export("copy")
    assert QApplication.clipboard().text() == "春日穿搭\n\n今天分享通勤穿搭\n\n#穿搭"
    assert dialog.export("bundle_zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert sorted(zf.namelist()) == ["01.png", "note.md", "note.txt", "report.html", "report.pdf"]
        assert zf.read("report.pdf").startswith(b"%PDF")
    assert dialog.export("report_pdf") and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_install_into_main_window(qtbot, rs, prompts) -> None:
    from xhs_editor.ui.export_features import install_export_features
    from xhs_editor.ui.main_window import MainWindow
    from xhs_editor.ui.settings import app_settings

    win = MainWindow(ruleset=rs, loader=lambda: rs, prompts=prompts, settings=app_settings(), autosave_ms=50)
    qtbot.addWidget(win)
    features = install_export_features(win)
    assert install_export_features(win) is features
    assert win.checklist_dock.widget() is features.panel
    assert win.findChild(type(features.action), "action_export") is features.action
    from xhs_editor.ui.i18n import tr

    menus = [a.text() for a in win.menuBar().actions()]
    assert menus[-1] == tr("menu.help") and menus[-2] == features.action.parent().findChild(
        type(win.menuBar().actions()[0].menu()), "exportMenu").title()
    win.body_edit.setPlainText("上周去打了水光针，加微信")
    qtbot.waitUntil(lambda: features.panel.suggestion.isVisibleTo(features.panel), timeout=2000)
    assert "水光针" in features.panel.suggestion.text()
    # the checklist is refreshed after the same pause as the suggestion, not necessarily first (seen on a busy machine)
    qtbot.waitUntil(lambda: not features.panel.checklist().item("general.no_diversion").done, timeout=2000)
    features.panel.use_suggestion.click()
    assert win.note.industry == "med_aesthetics" and win.is_modified()
    assert win.current_note().industry == "med_aesthetics"
    win.body_edit.setPlainText("上周去打了水光针")
    qtbot.waitUntil(lambda: features.panel.checklist().item("general.no_diversion").done, timeout=2000)
    win._meta_dirty = False
    for ed in win.editors.values():
        ed.document().setModified(False)


def test_using_the_suggested_industry_does_not_suggest_the_runner_up(qtbot) -> None:
    """美白精华 points to special cosmetics first and ordinary cosmetics second: "Use" picks the first and
    then proposes nothing, instead of flipping to the other one and back."""
    rs = load_ruleset(include_user=False)
    note = Note(title="美白精华", body="这款美白精华用着很舒服，淡斑也温和。")
    assert [s.industry_id for s in cl.suggest(note, rs)][:2] == ["special_cosmetics", "cosmetics"]
    panel = ChecklistPanel(rs, note, lang="zh")
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.use_suggestion, Qt.MouseButton.LeftButton)
    assert note.industry == "special_cosmetics"
    assert not panel.use_suggestion.isVisibleTo(panel) and cl.suggestion_to_show(note, rs) is None
    panel.industry.setCurrentIndex(panel.industry.findData("cosmetics"))
    assert panel.use_suggestion.isVisibleTo(panel) and "特殊化妆品" in panel.suggestion.text()
