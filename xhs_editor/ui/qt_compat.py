"""A work-around for a reference-counting defect in the Qt binding on CPython 3.10/3.11.

PySide6 6.12.0 (an ``abi3`` wheel) returns ``None`` from every void method and
``True`` from ``SignalInstance.emit()`` without taking a reference, which is
only correct on CPython ≥ 3.12 where these objects are immortal.  On older
Pythons each call steals a reference, and after a few hundred to a few
thousand calls the interpreter aborts ("deallocating None" / "True").

:func:`pin_singletons` checks whether the running binding has the defect and,
if so, gives ``None``, ``True`` and ``False`` a reference count so large that
they can never reach zero, which is what CPython 3.12 does itself.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = False
_HUGE = 1 << 40


def binding_steals_references() -> bool:
    """Whether void calls or signal emissions in this binding drop references to singletons."""
    from PySide6.QtCore import QObject, QTimer, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    timer = QTimer()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(4):
        timer.stop()
        probe.ping.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def pin_singletons() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal if the binding needs it.

    Returns True when the work-around was applied.  Safe to call repeatedly.
    """
    global _PINNED
    if _PINNED:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if not binding_steals_references():
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _HUGE
    _PINNED = True
    return True
