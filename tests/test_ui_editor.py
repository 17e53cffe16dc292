"""GUI tests: live underlines, quick fixes, ignore/allow, sidebar, navigation and a huge paste."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu

from xhs_editor import note as notes
from xhs_editor.engine import check_text, user_rules_dir
from xhs_editor.ui import highlighter as highlighter_module
from xhs_editor.ui.allowlist import allowlist_path, read_terms

WAVE = QTextCharFormat.UnderlineStyle.WaveUnderline


def wavy_ranges(edit, block_number: int = 0) -> list[tuple[int, int, str]]:
    """(start, length, underline colour) of every wavy underline in a paragraph's layout."""
    block = edit.document().findBlockByNumber(block_number)
    out = []
    for r in block.layout().formats():
        if r.format.underlineStyle() == WAVE:
            out.append((r.start, r.length, r.format.underlineColor().name()))
    return sorted(out)


def color_of(window, category: str) -> str:
    return QColor(window.ruleset.category(category).color).name()


def type_body(qtbot, window, text: str) -> None:
    from conftest import send_text

    window.body_edit.setFocus()
    send_text(window.body_edit, text)


def fix_menu(window, edit, needle: str, occurrence: int = 0) -> tuple[QMenu, dict[str, list]]:
    """The context menu the user would get on ``needle``, with its fix actions by object name."""
    text = edit.toPlainText()
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    cursor = QTextCursor(edit.document())
    cursor.setPosition(len(text[:index + 1].encode("utf-16-le")) // 2)
    rect = edit.cursorRect(cursor)
    hit = edit.hit_at(QPoint(rect.left(), rect.center().y()))
    assert hit is not None, f"no finding under {needle!r}"
    menu = QMenu()
    menu.addAction("Copy")
    actions: dict[str, list] = {}
    for act in edit.build_fix_menu(menu, *hit):
        actions.setdefault(act.objectName(), []).append(act)
    return menu, actions


def test_typing_a_banned_term_underlines_exactly_its_characters(qtbot, window):
    type_body(qtbot, window, "这款极致好用")
    assert wavy_ranges(window.body_edit) == [(2, 2, color_of(window, "extreme"))]


def test_underline_follows_emoji_as_two_utf16_units(qtbot, window):
    window.body_edit.setPlainText("😭好物😭旺财！")
    # 😭 is one Python character but two UTF-16 units: 旺财 starts at Python 4, Qt 6.
    assert wavy_ranges(window.body_edit) == [(6, 2, color_of(window, "superstition"))]


def test_deleting_a_character_removes_the_underline(qtbot, window):
    type_body(qtbot, window, "极致")
    assert wavy_ranges(window.body_edit)
    qtbot.keyClick(window.body_edit, Qt.Key.Key_Backspace)
    assert wavy_ranges(window.body_edit) == []


def test_only_the_changed_paragraph_is_checked(qtbot, window, monkeypatch, type_text):
    window.body_edit.setPlainText("\n".join(f"第{i}段普通的文字" for i in range(200)))
    qtbot.waitUntil(lambda: not window.body_edit.highlighter.pending())
    checked: list[str] = []
    real = highlighter_module.check_text

    def counting(text, ruleset=None, field=None, **where):
        checked.append(text)
        return real(text, ruleset, field, **where)

    monkeypatch.setattr(highlighter_module, "check_text", counting)
    cursor = window.body_edit.textCursor()
    cursor.setPosition(window.body_edit.document().findBlockByNumber(100).position())
    window.body_edit.setTextCursor(cursor)
    type_text(window.body_edit, "微信")
    assert checked and all(t.startswith("微信第100段") or t.startswith("微第100段") for t in checked)
    assert len(checked) == 2  # one check per key, each of one paragraph
    assert wavy_ranges(window.body_edit, 100) == [(0, 2, color_of(window, "diversion"))]


def test_title_and_topics_are_checked_and_counted(qtbot, window, type_text):
    window.title_edit.setFocus()
    type_text(window.title_edit, "极致好物")
    window.topics_edit.setFocus()
    type_text(window.topics_edit, "#旺财 #好物")
    assert wavy_ranges(window.title_edit) == [(0, 2, color_of(window, "extreme"))]
    assert wavy_ranges(window.topics_edit) == [(1, 2, color_of(window, "superstition"))]
    window.publish()
    assert window.title_counter.text() == "4/20"
    assert window.topics_counter.text() == "2/10"
    assert window.title_counter.property("over") is False
    window.title_edit.setPlainText("这是一个非常非常非常非常非常长的标题，超过二十个字")
    window.publish()
    assert window.title_counter.property("over") is True
    assert any(h.finding.category == "limits" and h.field == "title" for h in window.store.hits)


def test_single_line_fields_refuse_line_breaks(qtbot, window, type_text):
    window.title_edit.setFocus()
    type_text(window.title_edit, "标题")
    qtbot.keyClick(window.title_edit, Qt.Key.Key_Return)
    mime = QMimeData()
    mime.setText("一\n二")
    window.title_edit.insertFromMimeData(mime)
    assert window.title_edit.toPlainText() == "标题一 二"


def test_quick_fix_replaces_and_one_undo_restores(qtbot, window):
    type_body(qtbot, window, "这款极致好用")
    _menu, actions = fix_menu(window, window.body_edit, "极致")
    replace = actions["fixReplace"]
    assert [a.text() for a in replace] == ["替换为「非常」", "替换为「很」"]
    replace[0].trigger()
    assert window.body_edit.toPlainText() == "这款非常好用"
    assert wavy_ranges(window.body_edit) == []
    window.body_edit.undo()
    assert window.body_edit.toPlainText() == "这款极致好用"
    assert wavy_ranges(window.body_edit) == [(2, 2, color_of(window, "extreme"))]
    window.body_edit.redo()
    assert window.body_edit.toPlainText() == "这款非常好用"


def test_tooltip_shows_category_message_and_suggestions(qtbot, window):
    type_body(qtbot, window, "极致")
    finding = window.body_edit.highlighter.block_findings(window.body_edit.document().firstBlock())[0]
    html = window.body_edit.tooltip_html(finding)
    assert "极限用语" in html and "非常" in html and "很" in html


def test_advice_is_shown_but_never_offered_as_a_replacement(qtbot, window):
    type_body(qtbot, window, "加我微信")
    _menu, actions = fix_menu(window, window.body_edit, "微信")
    assert "fixReplace" not in actions and actions["fixIgnore"]
    finding = window.body_edit.highlighter.block_findings(window.body_edit.document().firstBlock())[0]
    assert "建议：删除联系方式" in window.body_edit.tooltip_html(finding)


def test_ignore_here_hides_one_occurrence_and_persists(qtbot, window, prompts, tmp_path):
    window.body_edit.setPlainText("旺财第一次。\n然后又说旺财。")
    window.publish()
    assert len(window.store.hits) == 2
    prompts.reason = "品牌名"
    _menu, actions = fix_menu(window, window.body_edit, "旺财", occurrence=0)
    actions["fixIgnore"][0].trigger()
    assert wavy_ranges(window.body_edit, 0) == []
    assert wavy_ranges(window.body_edit, 1) == [(4, 2, color_of(window, "superstition"))]
    assert [h.start for h in window.store.hits] == [window.body_edit.document().findBlockByNumber(1).position() + 4]
    assert window.is_modified()
    prompts.next_save = str(tmp_path / "ignored.xhsnote")
    assert window.save()
    saved = notes.load(tmp_path / "ignored.xhsnote")
    assert [(i.rule, i.matched, i.reason) for i in saved.ignored] == [("t.luck", "旺财", "品牌名")]
    window.new_note()
    assert window.open_path(tmp_path / "ignored.xhsnote")
    assert wavy_ranges(window.body_edit, 0) == []
    assert len(wavy_ranges(window.body_edit, 1)) == 1


def test_ctrl_z_undoes_ignore_here_in_order_with_typing(qtbot, window, prompts):
    type_body(qtbot, window, "旺财")
    prompts.reason = "品牌名"
    _menu, actions = fix_menu(window, window.body_edit, "旺财")
    actions["fixIgnore"][0].trigger()
    assert wavy_ranges(window.body_edit) == [] and len(window.note.ignored) == 1
    window.body_edit.setFocus()
    qtbot.keyClick(window.body_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.note.ignored == [] and window.body_edit.toPlainText() == "旺财"
    assert wavy_ranges(window.body_edit) == [(0, 2, color_of(window, "superstition"))]
    assert [h.finding.matched for h in window.store.hits] == ["旺财"]
    window.action("action_redo").trigger()
    assert [i.reason for i in window.note.ignored] == ["品牌名"] and wavy_ranges(window.body_edit) == []
    # A later edit is undone first, then the ignore.
    window.body_edit.moveCursor(QTextCursor.MoveOperation.Start)
    type_body(qtbot, window, "好")
    assert window.body_edit.toPlainText() == "好旺财"
    qtbot.keyClick(window.body_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.body_edit.toPlainText() == "旺财" and len(window.note.ignored) == 1
    qtbot.keyClick(window.body_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.note.ignored == [] and window.body_edit.toPlainText() == "旺财"


def test_ignored_findings_are_listed_with_reasons_and_can_be_restored(qtbot, window, prompts):
    window.body_edit.setPlainText("旺财第一次。\n然后又说旺财。")
    window.publish()
    prompts.reason = "品牌名"
    _menu, actions = fix_menu(window, window.body_edit, "旺财", occurrence=1)
    actions["fixIgnore"][0].trigger()
    group = window.sidebar.ignored_item()
    assert group is not None and group.childCount() == 1
    line = group.child(0)
    assert "【旺财】" in line.text(0) and "理由：品牌名" in line.text(0)
    assert not window.sidebar.restore_button.isEnabled()
    window.sidebar.tree.setCurrentItem(line)
    assert window.sidebar.restore_button.isEnabled()
    window.sidebar.restore_button.click()
    assert window.note.ignored == [] and window.sidebar.ignored_item() is None
    assert len(window.store.hits) == 2 and len(wavy_ranges(window.body_edit, 1)) == 1


def test_severities_are_underlined_differently(qtbot, window):
    """Errors wavy, warnings dashed: the colour is the category's, the line style the severity's."""
    window.body_edit.setPlainText("极致\n100%有效")
    window.publish()
    styles = {}
    for number in (0, 1):
        block = window.body_edit.document().findBlockByNumber(number)
        styles[number] = {r.format.underlineStyle() for r in block.layout().formats()}
    assert styles[0] == {WAVE}
    assert styles[1] == {QTextCharFormat.UnderlineStyle.DashUnderline}
    marks = {window.sidebar.category_item(c).child(0).text(0)[0] for c in ("extreme", "guarantee")}
    assert marks == {"●", "▲"}


def test_ignore_cancelled_keeps_the_finding(qtbot, window, prompts):
    type_body(qtbot, window, "旺财")
    prompts.reason = None
    _menu, actions = fix_menu(window, window.body_edit, "旺财")
    actions["fixIgnore"][0].trigger()
    assert window.note.ignored == []
    assert len(wavy_ranges(window.body_edit)) == 1


def test_always_allow_writes_the_user_pack_and_applies_at_once(qtbot, window, ui_loader):
    type_body(qtbot, window, "微信联系，旺财")
    _menu, actions = fix_menu(window, window.body_edit, "微信")
    actions["fixAllow"][0].trigger()
    assert read_terms(user_rules_dir()) == ["微信"]
    assert "my-allowlist" in allowlist_path(user_rules_dir()).read_text(encoding="utf-8")
    assert wavy_ranges(window.body_edit) == [(5, 2, color_of(window, "superstition"))]
    assert ui_loader().errors == []
    # A second term keeps the first.
    _menu, actions = fix_menu(window, window.body_edit, "旺财")
    actions["fixAllow"][0].trigger()
    assert read_terms(user_rules_dir()) == ["微信", "旺财"]
    assert wavy_ranges(window.body_edit) == []


def test_sidebar_groups_selects_and_filters(qtbot, window):
    window.body_edit.setPlainText("极致的体验\n加微信，极致好用")
    window.publish()
    sidebar = window.sidebar
    extreme = sidebar.category_item("extreme")
    assert extreme is not None and extreme.childCount() == 2 and "(2)" in extreme.text(0)
    assert "【极致】" in extreme.child(1).text(0)
    sidebar.tree.itemClicked.emit(extreme.child(1), 0)
    cursor = window.body_edit.textCursor()
    assert cursor.selectedText() == "极致"
    assert cursor.selectionStart() == window.body_edit.toPlainText().index("极致好用")
    extreme.setCheckState(0, Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: "extreme" in window.store.hidden)
    assert wavy_ranges(window.body_edit, 0) == []
    assert wavy_ranges(window.body_edit, 1) == [(1, 2, color_of(window, "diversion"))]
    assert window.summary.text() == "1 个错误 · 0 个警告 · 0 条提示"
    sidebar.category_item("extreme").setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: "extreme" not in window.store.hidden)
    assert wavy_ranges(window.body_edit, 0) == [(0, 2, color_of(window, "extreme"))]


def test_status_bar_counts_severities(qtbot, window):
    type_body(qtbot, window, "极致，100%有效")
    window.publish()
    assert window.summary.text() == "1 个错误 · 1 个警告 · 0 条提示"


def test_f8_moves_between_findings(qtbot, window):
    window.body_edit.setPlainText("极致，然后微信，最后旺财")
    window.publish()
    window.body_edit.setFocus()
    window.action("action_next_finding").trigger()
    assert window.body_edit.textCursor().selectedText() == "极致"
    window.action("action_next_finding").trigger()
    assert window.body_edit.textCursor().selectedText() == "微信"
    window.action("action_prev_finding").trigger()
    assert window.body_edit.textCursor().selectedText() == "极致"
    window.action("action_prev_finding").trigger()
    assert window.body_edit.textCursor().selectedText() == "旺财"  # wraps around


def test_huge_paste_is_checked_in_slices_and_completes(qtbot, window):
    paragraph = "今天分享一个好用的东西，质地清爽，适合夏天。" * 4 + "极致"
    lines = [f"第{i}段：{paragraph}" for i in range(1200)]  # distinct paragraphs, so none is cached
    text = "\n".join(lines)[:100_000]
    assert len(text) == 100_000
    mime = QMimeData()
    mime.setText(text)
    window.body_edit.setFocus()
    window.body_edit.insertFromMimeData(mime)
    hl = window.body_edit.highlighter
    doc = window.body_edit.document()
    # The paste returned before every paragraph was checked: the rest waits for later turns.
    assert hl.pending()
    assert wavy_ranges(window.body_edit, 0) != []
    assert wavy_ranges(window.body_edit, doc.blockCount() - 2) == []
    qtbot.waitUntil(lambda: not hl.pending(), timeout=20_000)
    last = doc.findBlockByNumber(doc.blockCount() - 2)
    assert wavy_ranges(window.body_edit, doc.blockCount() - 2) == [(last.text().index("极致"), 2,
                                                                       color_of(window, "extreme"))]
    window.publish()
    assert sum(1 for h in window.store.hits if h.finding.category == "extreme") == text.count("极致")
    assert window.body_counter.property("over") is True


def test_typing_in_a_very_long_paragraph_underlines_as_a_full_check_would(qtbot, window, monkeypatch):
    rechecks = []
    real = highlighter_module.recheck
    monkeypatch.setattr(highlighter_module, "recheck", lambda *a, **k: rechecks.append(1) or real(*a, **k))
    filler = "今天分享一下我的日常护肤步骤，早晚各一次，坚持了一个月。"
    window.body_edit.setPlainText((filler * 700) + "极致" + filler * 10)  # one paragraph of ~20,000 characters
    assert window.body_edit.blockCount() == 1
    qtbot.waitUntil(lambda: len(wavy_ranges(window.body_edit)) == 1, timeout=5000)
    cursor = window.body_edit.textCursor()
    cursor.setPosition(len(filler) * 300)
    window.body_edit.setTextCursor(cursor)
    type_body(qtbot, window, "加我微信")
    text = window.body_edit.toPlainText()
    expected = sorted((f.start, f.end - f.start) for f in check_text(text, window.ruleset))
    qtbot.waitUntil(lambda: sorted((s, n) for s, n, _ in wavy_ranges(window.body_edit)) == expected, timeout=5000)
    assert (len(filler) * 300 + 2, 2) in expected  # 微信, right where it was typed
    assert rechecks  # the keys were re-checked only around the edit


def test_legend_keys_severities_and_never_breaks_a_label(qtbot, window):
    from xhs_editor.engine import Severity
    from xhs_editor.ui.legend import LegendKey, line_sample

    window.body_edit.setPlainText("极致\n100%有效\n加微信\n旺财")
    window.publish()
    keys = [k for k in window.legend.keys() if isinstance(k, LegendKey)]
    names = [k.label.text() for k in keys]
    assert names[:2] == ["错误", "警告"] and {"极限用语", "站外导流", "封建迷信"} <= set(names), names
    samples = {s: line_sample(s, QColor("black")).toImage() for s in Severity}
    assert len({bytes(img.constBits()) for img in samples.values()}) == 3  # wavy, dashed, dotted
    window.show()
    qtbot.waitExposed(window)
    window.legend.setFixedWidth(150)
    qtbot.waitUntil(lambda: all(k.isVisible() for k in keys))
    window.legend.layout().setGeometry(window.legend.rect())
    for key in keys:
        assert not key.label.wordWrap()
        assert key.geometry().width() >= key.sizeHint().width(), key.label.text()
        assert key.geometry().right() <= 150 or key.geometry().x() == 0
    assert len({k.geometry().y() for k in keys}) > 1  # narrow: keys move to new rows, whole
