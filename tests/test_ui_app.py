"""Starting the editor: sample on first launch, empty afterwards, a path from the command line."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from xhs_editor import note as notes
from xhs_editor.app import run_app
from xhs_editor.ui.main_window import MainWindow


def start(qtbot, monkeypatch, args):
    import xhs_editor.ui.main_window as mw

    created: list[MainWindow] = []

    class Recording(MainWindow):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            created.append(self)

    monkeypatch.setattr(mw, "MainWindow", Recording)
    monkeypatch.setattr(QApplication, "exec", lambda self=None: 0)
    assert run_app(args) == 0
    assert len(created) == 1
    qtbot.addWidget(created[0])
    return created[0]


def test_first_launch_shows_the_sample_then_an_empty_note(qtbot, monkeypatch):
    first = start(qtbot, monkeypatch, [])
    assert "旺财" in first.body_edit.toPlainText() and first.path is None
    assert first.store.hits
    second = start(qtbot, monkeypatch, [])
    assert second.body_edit.toPlainText() == ""


def test_a_path_argument_opens_that_note(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "mine.xhsnote"
    notes.save(notes.Note(title="我的笔记", body="正文"), path)
    win = start(qtbot, monkeypatch, [str(path)])
    assert win.title_edit.toPlainText() == "我的笔记" and win.path == path.resolve()


def test_first_launch_says_the_note_is_the_sample(qtbot, monkeypatch):
    from xhs_editor.ui.settings import app_settings

    app_settings().setValue("language", "zh")
    first = start(qtbot, monkeypatch, [])
    assert first.windowTitle().startswith("示例笔记")
    first.new_note()
    assert first.windowTitle().startswith("未命名")


def test_qt_own_texts_follow_the_chinese_ui(qtbot, monkeypatch):
    """The text box's context menu and standard buttons come from Qt: they speak Chinese too."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from xhs_editor.ui.i18n import install_qt_translations
    from xhs_editor.ui.settings import app_settings

    app_settings().setValue("language", "zh")
    try:
        start(qtbot, monkeypatch, [])
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        texts = " ".join(a.text() for a in menu.actions())
        assert "撤消" in texts and "粘贴" in texts, texts
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
        qtbot.addWidget(buttons)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        install_qt_translations("en")
    edit = QLineEdit()
    qtbot.addWidget(edit)
    assert "Undo" in " ".join(a.text() for a in edit.createStandardContextMenu().actions())


def test_every_top_level_menu_has_an_access_key_in_both_languages(qtbot, prompts):
    import re

    from xhs_editor.ui.i18n import set_language
    from xhs_editor.ui.settings import app_settings

    for lang in ("zh", "en"):
        set_language(lang)
        win = MainWindow(prompts=prompts, settings=app_settings(), autosave_ms=60_000)
        qtbot.addWidget(win)
        titles = [a.text() for a in win.menuBar().actions() if a.menu() is not None]
        assert len(titles) >= 5
        assert all(re.search(r"&[^&\s]", t) for t in titles), (lang, titles)
        keys = [re.search(r"&([^&\s])", t).group(1).lower() for t in titles]
        assert len(set(keys)) == len(keys), (lang, titles)  # no two menus share a key
    set_language("zh")
