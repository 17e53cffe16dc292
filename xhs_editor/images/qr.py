"""QR code and barcode detection with zxing-cpp (optional: without it nothing is detected)."""

from __future__ import annotations

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


def available() -> bool:
    """Whether zxing-cpp is installed."""
    return _zxing is not None


def find_codes(gray: Any, scale: float = 1.0) -> list[Code]:
    """Codes in a 2-D ``uint8`` numpy array; boxes are divided by ``scale`` (decoded/original)."""
    if _zxing is None:
        return []
    out: list[Code] = []
    for res in _zxing.read_barcodes(gray):
        pos = res.position
        pts = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
        box = tuple((p.x / scale, p.y / scale) for p in pts)
        out.append(Code(str(res.text), str(res.format), box))
    return out
