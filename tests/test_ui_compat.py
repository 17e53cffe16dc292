"""The Qt binding must keep Python's singletons alive through many void calls and signal emissions.

PySide6 6.12.0 on CPython < 3.12 drops a reference to None/True on each such call and
the interpreter aborts; pyproject.toml excludes it there. This test fails (aborts) if a
binding with that defect is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    ping = Signal()


def test_void_calls_and_emissions_do_not_steal_references_to_singletons(qapp):
    timer = QTimer()
    emitter = _Emitter()
    for _ in range(100):  # warm up caches that may legitimately hold references
        timer.stop()
        emitter.ping.emit()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20_000):
        timer.stop()
        emitter.ping.emit()
    assert sys.getrefcount(None) >= none_before - 100
    assert sys.getrefcount(True) >= true_before - 100
