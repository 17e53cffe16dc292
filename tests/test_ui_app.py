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
