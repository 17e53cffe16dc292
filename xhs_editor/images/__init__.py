"""Checks on a note's images; they return engine findings (``field == "images"``).

No widgets here: only ``QtGui.QImageReader``/``QImage``, which work without a
``QGuiApplication``.  The messages are in ``rules/images.yaml``; the numbers are
constants in :mod:`xhs_editor.images.checks`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..engine import Finding, RuleSet, default_ruleset, limit_findings
from . import ocr as ocr
from . import qr as qr
from .checks import (ImageInfo, ImageReport, analyse, check_image, findings_for, inspect, is_outside, load_image,
                     outside_info, ratio_ok, resolve_image)
from .model import ImageFinding

__all__ = [
    "ImageFinding", "ImageInfo", "ImageReport", "analyse", "check_image", "findings_for", "check_note_images", "inspect",
    "is_outside", "load_image", "ocr", "outside_info", "qr", "ratio_ok", "resolve_image",
]


def check_note_images(note_path: Path, image_paths: list[str], ruleset: RuleSet | None = None,
                      ocr: bool = True, *, include_count: bool = False,
                      cancelled: Callable[[], bool] | None = None) -> list[Finding]:
    """Findings for every image of the note at ``note_path`` (paths relative to its folder).

    Format, file size, resolution, cover ratio, damaged or hostile files, QR
    codes/barcodes, and (with ``ocr`` and the OCR extra installed) the text in the
    images checked by the engine.  The image count limits are left to
    ``engine.check_note(..., image_count=n)`` unless ``include_count`` is set.
    Findings are :class:`ImageFinding` objects (plain Findings plus image/box).
    """
    rs = ruleset if ruleset is not None else default_ruleset()
    folder = Path(note_path).parent
    out: list[Finding] = []
    if include_count:
        out.extend(limit_findings("", "", "", rs, image_count=len(image_paths)))
    for index, rel in enumerate(image_paths):
        if cancelled is not None and cancelled():
            break
        out.extend(check_image(folder, rel, index, rs, codes=True, ocr=ocr, cancelled=cancelled).findings)
    return out
