"""The binding work-around: many void calls and signal emissions must not abort the interpreter."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal

import xhs_editor.ui  # noqa: F401 - applies the work-around


class _Emitter(QObject):
    ping = Signal()


def test_many_void_calls_and_emissions_keep_singletons_alive():
    timer = QTimer()
    emitter = _Emitter()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        timer.stop()
        emitter.ping.emit()
    # Without the work-around CPython 3.11 aborts ("deallocating None") long before this.
    assert sys.getrefcount(None) > 0 and sys.getrefcount(True) > 0
    assert before > 0
