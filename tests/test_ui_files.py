"""GUI tests: save/open round trip, corrupt files, import, autosave recovery, close prompts, settings."""

from __future__ import annotations

import json

from PySide6.QtGui import QCloseEvent

from xhs_editor import note as notes
from xhs_editor.engine import config_dir
from xhs_editor.ui.main_window import MainWindow
from xhs_editor.ui.settings import app_settings, string_list


def user_types(edit, text: str) -> None:
    """Replace a field's text as the user would (an undoable edit that marks the note modified)."""
    edit.selectAll()
    edit.insertPlainText(text)


def full_note() -> notes.Note:
    return notes.Note(
        title="夏日好物✨", body="第一段，极致清爽。\n\n第二段😭旺财", topics=["护肤", "好物分享"],
        images=[{"path": "img/01.jpg"}, {"path": "img/02.png", "alt": "细节"}], industry="cosmetics",
        checklist={"cover": True, "disclosure": False},
        ignored=[notes.IgnoredFinding("body", "t.extreme", "极致", "第一段，极致清爽。", "品牌名")],
        overrides={"hidden": ["inducement"]}, extra={"future_field": {"kept": 1}})


def test_save_and_reopen_round_trips_every_field(qtbot, window, prompts, tmp_path):
    path = tmp_path / "note.xhsnote"
    notes.save(full_note(), path)
    assert window.open_path(path)
    assert window.title_edit.toPlainText() == "夏日好物✨"
    assert window.topics_edit.toPlainText() == "#护肤 #好物分享"
    assert not window.is_modified()
    assert window.windowTitle().startswith("note.xhsnote")
    window.body_edit.setFocus()
    cursor = window.body_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.body_edit.setTextCursor(cursor)
    window.body_edit.insertPlainText("！")
    assert window.is_modified() and window.isWindowModified()
    assert window.save()
    assert not window.is_modified()
    again = notes.load(path)
    expected = full_note()
    expected.body += "！"
    assert again == expected
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == 1 and data["future_field"] == {"kept": 1}
    assert string_list(app_settings(), "recent_files")[0] == str(path.resolve())


def test_save_as_asks_for_a_path_in_the_last_folder_and_adds_the_suffix(qtbot, window, prompts, tmp_path):
    window.settings.setValue("last_folder", str(tmp_path))
    user_types(window.title_edit, "我的/笔记")
    prompts.next_save = str(tmp_path / "out")
    assert window.save()
    assert prompts.save_suggestions == [str(tmp_path / "我的_笔记.xhsnote")]
    assert (tmp_path / "out.xhsnote").is_file()
    assert window.path == (tmp_path / "out.xhsnote").resolve()
    prompts.next_save = None
    user_types(window.title_edit, "改了")
    assert window.save()  # saves in place, no dialog
    assert len(prompts.save_suggestions) == 1
    assert notes.load(tmp_path / "out.xhsnote").title == "改了"


def test_open_dialog_starts_in_the_last_folder(qtbot, window, prompts, tmp_path):
    sub = tmp_path / "notes"
    sub.mkdir()
    notes.save(notes.Note(title="甲"), sub / "a.xhsnote")
    prompts.next_open = str(sub / "a.xhsnote")
    window.open_dialog()
    assert window.title_edit.toPlainText() == "甲"
    prompts.next_open = None
    window.open_dialog()
    assert prompts.open_folders[-1] == str(sub.resolve())


def test_corrupt_and_future_files_show_a_clear_message_and_change_nothing(qtbot, window, prompts, tmp_path):
    user_types(window.body_edit, "我正在写的内容")
    bad = tmp_path / "bad.xhsnote"
    bad.write_bytes(b'{"format_version": 1, "title": ')
    future = tmp_path / "future.xhsnote"
    future.write_bytes(b'{"format_version": 99, "title": "x"}')
    assert not window.open_path(bad, confirm=False)
    assert not window.open_path(future, confirm=False)
    assert bad.read_bytes() == b'{"format_version": 1, "title": '
    assert future.read_bytes() == b'{"format_version": 99, "title": "x"}'
    assert window.body_edit.toPlainText() == "我正在写的内容"
    assert len(prompts.errors) == 2
    assert "已损坏" in prompts.errors[0] and "没有被修改" in prompts.errors[0]
    assert "更新版本" in prompts.errors[1]
    assert "Traceback" not in "".join(prompts.errors)


def test_import_markdown_makes_an_untitled_modified_note(qtbot, window, tmp_path):
    md = tmp_path / "draft.md"
    md.write_text("# 标题在这\n\n正文第一行\n正文第二行\n\n#护肤 #好物\n", encoding="utf-8")
    assert window.open_path(md, confirm=False)
    assert window.title_edit.toPlainText() == "标题在这"
    assert window.body_edit.toPlainText() == "正文第一行\n正文第二行"
    assert window.topics_edit.toPlainText() == "#护肤 #好物"
    assert window.path is None and window.is_modified()


def test_autosave_writes_recovery_after_idle_and_a_new_window_restores_it(qtbot, window, prompts,
                                                                           ui_loader, type_text):
    window.body_edit.setFocus()
    type_text(window.body_edit, "没保存的极致内容")
    recovery = notes.recovery_file(config_dir())
    qtbot.waitUntil(recovery.is_file, timeout=5000)
    # Simulated crash: the window is never closed; a new one starts.
    second = MainWindow(ruleset=ui_loader(), loader=ui_loader, prompts=prompts, settings=app_settings())
    qtbot.addWidget(second)
    assert second.offer_recovery()
    assert prompts.asked[-1] == "restore"
    assert second.body_edit.toPlainText() == "没保存的极致内容"
    assert second.is_modified()
    second._meta_dirty = False
    for ed in second.editors.values():
        ed.document().setModified(False)


def test_declining_recovery_deletes_it(qtbot, window, prompts):
    notes.write_recovery(notes.Note(body="旧的"), config_dir(), None)
    prompts.restore_answer = False
    assert not window.offer_recovery()
    assert not notes.recovery_file(config_dir()).exists()
    assert window.body_edit.toPlainText() == ""


def test_saving_removes_the_recovery_file(qtbot, window, prompts, tmp_path):
    user_types(window.body_edit, "内容")
    assert window.autosave.write_now()
    assert notes.recovery_file(config_dir()).is_file()
    prompts.next_save = str(tmp_path / "saved.xhsnote")
    assert window.save()
    assert not notes.recovery_file(config_dir()).exists()


def test_closing_with_unsaved_changes_asks_first(qtbot, window, prompts, tmp_path):
    user_types(window.body_edit, "未保存")
    prompts.save_answer = "cancel"
    event = QCloseEvent()
    window.closeEvent(event)
    assert prompts.asked == ["save_changes"] and not event.isAccepted()
    prompts.save_answer = "save"
    prompts.next_save = str(tmp_path / "closing.xhsnote")
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted()
    assert notes.load(tmp_path / "closing.xhsnote").body == "未保存"
    user_types(window.body_edit, "再改")
    prompts.save_answer = "discard"
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted() and prompts.asked.count("save_changes") == 3


def test_closing_a_saved_note_does_not_ask(qtbot, window, prompts):
    event = QCloseEvent()
    window.closeEvent(event)
    assert event.isAccepted() and prompts.asked == []


def test_new_note_asks_about_unsaved_changes(qtbot, window, prompts):
    user_types(window.body_edit, "写了一半")
    prompts.save_answer = "cancel"
    window.action("action_new").trigger()
    assert window.body_edit.toPlainText() == "写了一半"
    prompts.save_answer = "discard"
    window.action("action_new").trigger()
    assert window.body_edit.toPlainText() == "" and not window.is_modified()


def test_sample_note_shows_findings_at_once(qtbot, ui_loader, prompts):
    from xhs_editor.engine import default_ruleset, reset_default_ruleset

    reset_default_ruleset()
    win = MainWindow(ruleset=default_ruleset(), prompts=prompts, settings=app_settings())
    qtbot.addWidget(win)
    win.open_sample()
    assert win.path is None and not win.is_modified()
    assert win.title_edit.toPlainText()
    assert "旺财" in win.body_edit.toPlainText() and "138 1234 5678" in win.body_edit.toPlainText()
    assert len(win.store.hits) >= 1


def test_hidden_categories_and_font_size_come_from_settings(qtbot, ui_loader, prompts):
    settings = app_settings()
    settings.setValue("hidden_categories", ["extreme"])
    settings.setValue("font_size", 17)
    win = MainWindow(ruleset=ui_loader(), loader=ui_loader, prompts=prompts, settings=settings)
    qtbot.addWidget(win)
    win.body_edit.setPlainText("极致和微信")
    win.publish()
    assert [h.finding.category for h in win.store.visible_hits()] == ["diversion"]
    assert win.body_edit.font().pointSize() == 17
    win.body_edit.document().setModified(False)


def test_rule_pack_errors_are_shown_without_crashing(qtbot, ui_loader, prompts):
    (config_dir() / "rules").mkdir(parents=True, exist_ok=True)
    (config_dir() / "rules" / "broken.yaml").write_text("pack: [oops\n", encoding="utf-8")
    from xhs_editor.engine import load_ruleset

    def loader():
        return load_ruleset(include_user=True)

    win = MainWindow(ruleset=loader(), loader=loader, prompts=prompts, settings=app_settings())
    qtbot.addWidget(win)
    assert not win.pack_errors_button.isHidden()
    win.pack_errors_button.click()
    assert "broken.yaml" in prompts.infos[-1]


def test_user_pack_change_reloads_live(qtbot, window):
    window.body_edit.setPlainText("这个词叫做好棒棒")
    window.publish()
    assert window.store.hits == []
    (config_dir() / "rules").mkdir(parents=True, exist_ok=True)
    (config_dir() / "rules" / "mine.yaml").write_text(
        "pack: {name: mine, version: '1', description: mine}\n"
        "rules:\n  - id: my.rule\n    category: hard_ad\n    terms: [好棒棒]\n"
        "    message: {zh: 我的规则, en: My rule}\n", encoding="utf-8")
    qtbot.waitUntil(lambda: any(h.finding.rule == "my.rule" for h in window.store.hits), timeout=5000)
