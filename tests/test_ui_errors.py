"""An unexpected error in the editor keeps the work, logs the details and says so in one sentence."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from xhs_editor.ui import error_handler


def test_an_error_in_a_slot_is_logged_and_reported_and_the_text_kept(qtbot, window, prompts):
    handler = error_handler.install(window)
    try:
        window.body_edit.insertPlainText("还没保存的草稿")  # typed, so the note is modified

        def broken() -> None:
            raise RuntimeError("something deep inside broke")

        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: bool(prompts.errors), timeout=3000)
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler
    [log] = list(error_handler.log_dir().glob("error-*.log"))
    assert "something deep inside broke" in log.read_text(encoding="utf-8")
    assert str(log) in prompts.errors[-1] and "something deep" not in prompts.errors[-1]
    from xhs_editor import note as notes
    from xhs_editor.engine import config_dir

    restored = notes.read_recovery(config_dir())
    assert restored is not None and restored[0].body == "还没保存的草稿"
