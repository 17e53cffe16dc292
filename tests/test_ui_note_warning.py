"""The editor judges a note that warns its readers, or tells of the writer's own care, as ``check`` does: a warning
word typed anywhere, the title included, turns the scam it quotes into hints in every paragraph; deleting it brings
the warnings back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from xhs_editor.cli import main
from xhs_editor.engine import Severity
from xhs_editor.note import Note, save
from xhs_editor.ui import highlighter as highlighter_module

from test_note_warning import QUOTED, SCAM_STORY

Style = QTextCharFormat.UnderlineStyle
SERIOUS = {Style.WaveUnderline, Style.DashUnderline}  # errors and warnings


@pytest.fixture
def bundled_window(bundled_window_with):
    """The editor with the bundled rules (no learned models), on an empty note."""
    return bundled_window_with(False)


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: not any(ed.highlighter.pending() for ed in win.editors.values()), timeout=10_000)
    win.publish()


def underline(edit, needle: str):
    """The underline style under ``needle`` in ``edit`` (None when it is not underlined)."""
    doc = edit.document()
    index = edit.toPlainText().index(needle)
    block = doc.findBlock(index)
    at = index - block.position()
    for r in block.layout().formats():
        if r.start <= at < r.start + r.length and r.format.underlineStyle() != Style.NoUnderline:
            return r.format.underlineStyle()
    return None


def shown(win) -> dict[str, Severity]:
    """What the sidebar, status bar and checklist are fed: the store's active findings."""
    return {h.finding.matched: h.finding.severity for h in win.store.hits if h.finding.matched in QUOTED}


def test_a_scam_warning_leaves_what_it_quotes_unmarked(qtbot, bundled_window) -> None:
    win = bundled_window
    win.load_note(Note(title="反诈提醒", body=SCAM_STORY, topics=["防骗"]), None)
    settle(qtbot, win)
    assert {w: underline(win.body_edit, w) for w in QUOTED} == {w: None for w in QUOTED}
    assert shown(win) == {}


def test_the_same_sentences_without_a_warning_word_still_warn(qtbot, bundled_window) -> None:
    win = bundled_window
    win.load_note(Note(title="兼职日记", body=SCAM_STORY), None)
    settle(qtbot, win)
    assert all(underline(win.body_edit, w) in SERIOUS for w in QUOTED)
    assert all(sev in (Severity.WARNING, Severity.ERROR) for sev in shown(win).values())


def test_typing_a_warning_word_in_the_title_changes_the_body_and_deleting_it_brings_the_warning_back(
        qtbot, bundled_window, type_text) -> None:
    win = bundled_window
    win.load_note(Note(title="", body=SCAM_STORY), None)
    settle(qtbot, win)
    before_counts = win.store.counts()
    assert underline(win.body_edit, "拉人头") is Style.WaveUnderline
    win.title_edit.setFocus()
    type_text(win.title_edit, "反诈")
    settle(qtbot, win)
    assert underline(win.body_edit, "拉人头") is None
    assert shown(win) == {}
    assert f"{win.store.counts()[Severity.ERROR]} 个错误" in win.summary.text()
    win.export_features.refresh()
    assert win.export_features.panel.checklist().errors == win.store.counts()[Severity.ERROR] \
        < before_counts[Severity.ERROR]
    for _ in range(2):
        qtbot.keyClick(win.title_edit, Qt.Key.Key_Backspace)
    settle(qtbot, win)
    assert win.title_edit.toPlainText() == ""
    assert underline(win.body_edit, "拉人头") is Style.WaveUnderline
    assert win.store.counts() == before_counts
    win.export_features.refresh()
    assert win.export_features.panel.checklist().errors == before_counts[Severity.ERROR]


def test_the_editor_shows_what_check_reports_for_the_same_note(qtbot, bundled_window, type_text,
                                                               tmp_path: Path) -> None:
    win = bundled_window
    win.load_note(Note(title="", body=SCAM_STORY), None)
    win.title_edit.setFocus()
    type_text(win.title_edit, "反诈提醒")
    settle(qtbot, win)
    path = tmp_path / "typed.xhsnote"
    save(win.current_note(), path)
    out = io.StringIO()
    main(["check", str(path), "--no-user-rules", "--no-model", "--format", "json"], out=out, err=io.StringIO())
    cli = [(f["matched"], f["rule"], f["severity"]) for f in json.loads(out.getvalue())["files"][0]["findings"]]
    gui = [(h.finding.matched, h.finding.rule, h.finding.severity.value) for h in win.store.hits]
    assert cli == gui


def test_typing_that_leaves_the_note_context_alone_checks_only_its_paragraph(qtbot, bundled_window, type_text,
                                                                             monkeypatch) -> None:
    win = bundled_window
    win.load_note(Note(title="反诈提醒", body=SCAM_STORY), None)
    settle(qtbot, win)
    checked: list[str] = []
    real = highlighter_module.check_text
    monkeypatch.setattr(highlighter_module, "check_text",
                        lambda text, *a, **k: checked.append(text) or real(text, *a, **k))
    win.title_edit.setFocus()
    type_text(win.title_edit, "！")
    settle(qtbot, win)
    assert checked == [win.title_edit.toPlainText()] and "！" in checked[0]


def test_typing_a_third_care_word_clears_a_prescribed_drug(qtbot, bundled_window, type_text) -> None:
    """A patient's diary (note_clinic): with 医院 and 挂号 in the body, typing 门诊 in the title clears the body's
    抗生素, as check reports it; deleting it brings the error back."""
    from test_note_clinic import NAMED

    win = bundled_window
    win.load_note(Note(title="", body="周一去医院挂号\n" + NAMED), None)
    settle(qtbot, win)
    assert underline(win.body_edit, "抗生素") is Style.WaveUnderline
    win.title_edit.setFocus()
    type_text(win.title_edit, "门诊")
    settle(qtbot, win)
    assert underline(win.body_edit, "抗生素") is None
    assert "抗生素" not in {h.finding.matched for h in win.store.hits}
    for _ in range(2):
        qtbot.keyClick(win.title_edit, Qt.Key.Key_Backspace)
    settle(qtbot, win)
    assert underline(win.body_edit, "抗生素") is Style.WaveUnderline


def test_typing_an_admitted_gift_in_the_title_underlines_the_body_s_denial(qtbot, bundled_window, type_text) -> None:
    """A sense that asks the whole note (``in_note``): 纯分享，没收任何好处 is silent until the title says a brand
    sent the product; then it is a warning, as ``check`` reports it, and deleting the title makes it silent again."""
    win = bundled_window
    win.load_note(Note(title="", body="穿一天脚都不累\n纯分享，没收任何好处"), None)
    settle(qtbot, win)
    assert underline(win.body_edit, "没收任何好处") is None
    win.title_edit.setFocus()
    type_text(win.title_edit, "品牌寄的")
    settle(qtbot, win)
    assert underline(win.body_edit, "没收任何好处") is Style.DashUnderline  # a warning
    assert [(h.finding.matched, h.finding.severity) for h in win.store.hits
            if h.finding.rule == "disclosure.denied_deal"] == [("没收任何好处", Severity.WARNING)]
    for _ in range(4):
        qtbot.keyClick(win.title_edit, Qt.Key.Key_Backspace)
    settle(qtbot, win)
    assert underline(win.body_edit, "没收任何好处") is None
