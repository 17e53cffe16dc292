"""The editor with the learned models on shows the note gate's verdict: a student's diary leaves its ranks
unmarked; typing a line that sells a course underlines them as errors, in every paragraph, and undo takes the
underlines away again."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat

from xhs_editor.engine import Severity
from xhs_editor.note import Note

from test_note_gate import SALE, STUDY, TITLE
from test_ui_note_warning import settle, underline

Style = QTextCharFormat.UnderlineStyle


@pytest.fixture
def model_window(bundled_window_with):
    """The editor with the bundled rules and the learned models, on an empty note."""
    return bundled_window_with(True)


def ranks(win) -> set[Severity]:
    return {h.finding.severity for h in win.store.hits if h.finding.matched == "第一"}


def test_typing_a_sales_line_marks_the_diarys_ranks_as_errors_and_undo_unmarks_them(
        qtbot, model_window, type_text) -> None:
    win = model_window
    win.load_note(Note(title=TITLE, body=STUDY), None)
    settle(qtbot, win)
    assert underline(win.title_edit, "第一") is None and underline(win.body_edit, "第一") is None
    assert ranks(win) == set()
    win.body_edit.setFocus()
    win.body_edit.moveCursor(win.body_edit.textCursor().MoveOperation.End)
    type_text(win.body_edit, SALE.replace("\n", ""))  # typed on the diary's last line
    settle(qtbot, win)
    assert underline(win.title_edit, "第一") is Style.WaveUnderline
    assert ranks(win) == {Severity.ERROR}
    win.body_edit.undo()
    settle(qtbot, win)
    assert win.body_edit.toPlainText() == STUDY
    assert underline(win.title_edit, "第一") is None and underline(win.body_edit, "第一") is None
    assert ranks(win) == set()
