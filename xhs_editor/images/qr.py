"""QR code and barcode detection with zxing-cpp (optional: without it nothing is detected)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from .model import Point

try:  # zxing-cpp ships as a wheel; keep the editor usable if it is absent.
    import zxingcpp as _zxing
except ImportError:  # pragma: no cover - exercised only without the dependency
    _zxing = None


@dataclass(frozen=True)
class Code:
    """One decoded QR code or barcode: its text, format name and corner points."""

    text: str
    format: str
    box: tuple[Point, ...]


_ONE_AT_A_TIME = threading.Lock()
"""zxing-cpp releases the GIL while it reads, and its authors do not test parallel reads; the image panel's
workers once hung in it during a test run, so reads take turns (each is a few milliseconds)."""
SMALLEST = 21
"""Fewer pixels than this on the longer side, and an image holds no code (a QR code of version 1 is 21 modules wide;
a barcode is wider still)."""


def available() -> bool:
    """Whether zxing-cpp is installed."""
    return _zxing is not None


def find_codes(gray: Any, scale: float = 1.0) -> list[Code]:
    """Codes in a 2-D ``uint8`` numpy array; boxes are divided by ``scale`` (decoded/original)."""
    if _zxing is None or max(gray.shape[:2]) < SMALLEST:
        return []
    with _ONE_AT_A_TIME:
        found = _zxing.read_barcodes(gray)
    out: list[Code] = []
    for res in found:
        pos = res.position
        pts = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
        box = tuple((p.x / scale, p.y / scale) for p in pts)
        out.append(Code(str(res.text), str(res.format), box))
    return out
