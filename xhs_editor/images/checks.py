"""Checks on one image file: format, file size, resolution, cover ratio, damage, QR codes.

Only ``QtGui.QImageReader``/``QImage`` are used (no widgets, no application object
needed).  Memory stays bounded: the declared size is read from the header before
anything is decoded, huge images are refused, Qt's allocation limit is set, and
images are decoded at most ``ANALYSIS_MAX_SIDE`` pixels on their long side.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from ..engine import Limits, RuleSet
from . import qr
from .model import ImageFinding

# --- The platform's limits on images (XiaoHongShu creator guidelines). ------------------
# Kept here rather than in rules/limits.yaml, whose ``limits:`` keys are fixed; the
# messages themselves are in rules/images.yaml.  The count limits (1–18) are
# ``limits.images_min``/``images_max`` and are checked by engine.limit_findings.

# --- Safety limits (not platform rules). ------------------------------------------------
MAX_DECLARED_PIXELS = 60_000_000                # refuse to decode more (60 MP ≈ 240 MB as RGBA)
MAX_DECLARED_SIDE = 30_000                      # or a side longer than this
ALLOCATION_LIMIT_MB = 256                       # QImageReader.setAllocationLimit for every read
ANALYSIS_MAX_SIDE = 2400                        # decode for QR/OCR at most this long side
OCR_MAX_PIXELS = 1080 * 1440                    # the text reader gets at most this many pixels (its memory grows
                                                # with them: a 2400² image cost it 400 MB)


@dataclass
class ImageInfo:
    """What the header of an image file says, read without decoding the pixels.

    ``width``/``height`` are as displayed (EXIF rotation applied).  ``problem`` is
    ``""`` for a usable image, else ``"missing"``, ``"unreadable"``, ``"bomb"``,
    ``"truncated"`` or ``"outside"`` (outside the note's folder: never looked at); ``reason`` explains it in English (technical detail).
    """

    path: Path
    exists: bool = False
    size_bytes: int = 0
    format: str = ""
    width: int = 0
    height: int = 0
    problem: str = ""
    reason: str = ""

    @property
    def usable(self) -> bool:
        """Whether the pixels can safely be decoded."""
        return self.exists and not self.problem


@dataclass
class ImageReport:
    """The result of checking one image: its header facts and its findings."""

    rel: str
    index: int
    info: ImageInfo
    findings: list[ImageFinding] = field(default_factory=list)
    codes: list[qr.Code] = field(default_factory=list)
    ocr_done: bool = False


def resolve_image(note_dir: Path | str, rel: str) -> Path:
    """The file a note's image path refers to (relative to the note's folder; absolute kept)."""
    return Path(note_dir) / Path(rel)


def is_outside(note_dir: Path | str, rel: str) -> bool:
    """Whether a note's image path leads outside the note's folder (after ``..``, absolute paths and symlinks).

    Such an image is not checked, read or bundled unasked: a note received from
    someone else must not make the app reveal or copy ``/home/me/photos/id.jpg``.
    """
    if "\x00" in rel:
        return False  # cannot name a file at all; reported as missing without asking the system
    base = os.path.realpath(note_dir)
    target = os.path.realpath(os.path.join(base, rel))
    try:
        return os.path.commonpath([base, target]) != base
    except ValueError:  # another drive on Windows
        return True


def outside_info(note_dir: Path | str, rel: str) -> ImageInfo:
    """The facts of an image outside the note's folder: none, whether it exists or not."""
    return ImageInfo(resolve_image(note_dir, rel), problem="outside", reason="outside the note's folder")


def _limit_allocation() -> None:
    if QImageReader.allocationLimit() != ALLOCATION_LIMIT_MB:
        QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def _rotated(reader: QImageReader) -> bool:
    try:
        return bool(reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90)
    except (AttributeError, TypeError):  # pragma: no cover - older bindings
        return False


def _png_cut(fh: Any, size: int) -> str:
    """Walk the PNG chunks: the file must reach its IEND chunk (trailing bytes are fine)."""
    pos = 8
    while True:
        fh.seek(pos)
        head = fh.read(8)
        if len(head) < 8:
            return "PNG end chunk (IEND) missing: the file is cut off"
        length = int.from_bytes(head[:4], "big")
        if head[4:8] == b"IEND":
            return ""
        pos += 12 + length
        if pos > size:
            return "a PNG chunk runs past the end of the file: the file is cut off"


def _jpeg_cut(fh: Any, size: int) -> str:
    """Walk the JPEG segments to the image data, then look for its end marker (FFD9)."""
    pos = 2
    while True:
        fh.seek(pos)
        head = fh.read(4)
        if len(head) < 2 or head[0] != 0xFF:
            return "JPEG segments broken: the file is damaged or cut off"
        marker = head[1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):
            pos += 2
            continue
        if marker == 0xD9:
            return ""
        if len(head) < 4:
            return "JPEG end marker missing: the file is cut off"
        pos += 2 + int.from_bytes(head[2:4], "big")
        if marker == 0xDA:
            break
        if pos > size:
            return "a JPEG segment runs past the end of the file: the file is cut off"
    fh.seek(pos)
    carry = b""
    for block in iter(lambda: fh.read(1 << 20), b""):
        if b"\xff\xd9" in carry + block:
            return ""
        carry = block[-1:]
    return "JPEG end marker missing: the file is cut off"


def _truncation(path: Path, fmt: str, size: int) -> str:
    """A reason when the file stops before its image data ends (a cut-off download), else ``""``."""
    try:
        with open(path, "rb") as fh:
            if fmt == "png":
                return _png_cut(fh, size)
            if fmt == "jpeg":
                return _jpeg_cut(fh, size)
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF":
                return "no RIFF header"
            declared = int.from_bytes(head[4:8], "little") + 8
            return f"file ends at byte {size}, RIFF declares {declared}" if declared > size else ""
    except OSError as exc:
        return exc.strerror or str(exc)


# Leading bytes of the formats a note's image may be in, with Qt's name for each.  Naming the
# format lets Qt open its one plugin instead of asking every plugin whether it can read the
# file: that probe (the SVG plugin's among them) runs Qt code that takes Qt's signal mutex
# while the worker holds Python's lock, and deadlocks against the UI thread deleting a widget.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (8, b"WEBP", "webp"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (0, b"BM", "bmp"),
    (0, b"II*\x00", "tiff"),
    (0, b"MM\x00*", "tiff"),
    (0, b"\x00\x00\x01\x00", "ico"),
)
_FTYP_BRANDS = {b"heic": "heic", b"heix": "heic", b"mif1": "heif", b"msf1": "heif", b"avif": "avif"}
UNREAD_FORMATS = ("heic", "heif", "avif", "svg")  # recognised, but never handed to Qt


def sniff_format(head: bytes) -> str:
    """The format of a file from its first bytes (``""`` when it is none this app reads)."""
    for offset, magic, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return name
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    return ""


def open_reader(info: ImageInfo) -> QImageReader:
    """A reader bound to the plugin of the sniffed format (see ``_MAGIC`` for why it is never guessed)."""
    reader = QImageReader(str(info.path), info.format.encode("ascii"))
    reader.setDecideFormatFromContent(False)
    return reader


def inspect(path: Path | str) -> ImageInfo:
    """Read an image's header: existence, byte size, format from content, declared size."""
    p = Path(path)
    info = ImageInfo(p)
    try:
        st = p.stat()
    except (OSError, ValueError):  # ValueError: a NUL character in the path
        info.problem, info.reason = "missing", "file not found"
        return info
    if not p.is_file():
        info.problem, info.reason = "missing", "not a file"
        return info
    info.exists = True
    info.size_bytes = st.st_size
    try:
        with open(p, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        info.problem, info.reason = "unreadable", exc.strerror or str(exc)
        return info
    info.format = sniff_format(head)
    if not info.format:
        info.problem, info.reason = "unreadable", "not an image format this app reads"
        return info
    if info.format in UNREAD_FORMATS:
        info.problem, info.reason = "unreadable", f"{info.format.upper()} is not read by this app"
        return info
    _limit_allocation()
    reader = open_reader(info)
    size = reader.size()
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        info.problem = "unreadable"
        info.reason = reader.errorString() or "no image size in the header"
        return info
    w, h = size.width(), size.height()
    if _rotated(reader):
        w, h = h, w
    info.width, info.height = w, h
    if w * h > MAX_DECLARED_PIXELS or max(w, h) > MAX_DECLARED_SIDE:
        info.problem, info.reason = "bomb", f"declared size {w}x{h}"
        return info
    if info.format in ("png", "jpeg", "webp"):
        cut = _truncation(p, info.format, st.st_size)
        if cut:
            info.problem, info.reason = "truncated", cut
    return info


def load_image(info: ImageInfo, max_side: int = ANALYSIS_MAX_SIDE) -> tuple[QImage, float]:
    """Decode a usable image at most ``max_side`` long; returns (image, decoded/original scale).

    Raises ``ValueError`` when the pixels cannot be decoded.
    """
    if not info.usable:
        raise ValueError(info.reason or info.problem)
    _limit_allocation()
    reader = open_reader(info)
    reader.setAutoTransform(True)
    raw = reader.size()
    scale = 1.0
    if max(raw.width(), raw.height()) > max_side:
        if not reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
            # Qt would decode the whole image and then scale a second full-size copy (a 7745² PNG: 480 MB);
            # decoding once and averaging blocks row by row keeps one full-size copy only.
            img = reader.read()
            if img.isNull():
                raise ValueError(reader.errorString() or "the image data cannot be decoded")
            return _shrink(img, max_side)
        scale = max_side / max(raw.width(), raw.height())
        reader.setScaledSize(QSize(max(1, round(raw.width() * scale)), max(1, round(raw.height() * scale))))
    img = reader.read()
    if img.isNull():
        raise ValueError(reader.errorString() or "the image data cannot be decoded")
    return img, scale


def _shrink(img: QImage, max_side: int) -> tuple[QImage, float]:
    """``img`` reduced by a whole factor to at most ``max_side`` long (block averages); (image, scale)."""
    import numpy as np

    w, h = img.width(), img.height()
    k = -(-max(w, h) // max_side)
    if img.format() != QImage.Format.Format_ARGB32:
        img = img.convertToFormat(QImage.Format.Format_ARGB32)
    bpl = img.bytesPerLine()
    arr = np.frombuffer(img.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)[:, : w * 4]
    w2, h2 = max(1, w // k), max(1, h // k)
    out = np.empty((h2, w2, 4), dtype=np.uint8)
    for row in range(h2):
        block = arr[row * k:(row + 1) * k, : w2 * k * 4].reshape(-1, w2, k, 4)
        out[row] = block.mean(axis=(0, 2))
    small = QImage(out.data, w2, h2, w2 * 4, QImage.Format.Format_ARGB32).copy()
    return small, w2 / w


def ocr_input(img: QImage, scale: float) -> tuple[Callable[[], Any], float]:
    """What the text reader is handed: the decoded image with at most ``OCR_MAX_PIXELS``, and its scale."""
    factor = min(1.0, (OCR_MAX_PIXELS / max(1, img.width() * img.height())) ** 0.5)
    if factor >= 1.0:
        return (lambda: bgr_array(img)), scale
    size = QSize(max(1, round(img.width() * factor)), max(1, round(img.height() * factor)))
    return (lambda: bgr_array(img.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))), scale * factor


def gray_array(img: QImage) -> Any:
    """The image as a 2-D ``uint8`` numpy array, transparent parts on white."""
    import numpy as np

    rgba = img.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h, bpl = rgba.width(), rgba.height(), rgba.bytesPerLine()
    arr = np.frombuffer(rgba.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)[:, : w * 4]
    arr = arr.reshape(h, w, 4).astype(np.uint16)
    alpha = arr[..., 3]
    gray = (arr[..., 0] * 77 + arr[..., 1] * 150 + arr[..., 2] * 29) >> 8
    gray = (gray * alpha + 255 * (255 - alpha)) // 255
    return gray.astype(np.uint8)


def bgr_array(img: QImage) -> Any:
    """The image as an H×W×3 ``uint8`` numpy array in BGR order (OpenCV's), on white."""
    import numpy as np

    rgba = img.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h, bpl = rgba.width(), rgba.height(), rgba.bytesPerLine()
    arr = np.frombuffer(rgba.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)[:, : w * 4]
    arr = arr.reshape(h, w, 4).astype(np.uint16)
    alpha = arr[..., 3:4]
    rgb = (arr[..., :3] * alpha + 255 * (255 - alpha)) // 255
    return np.ascontiguousarray(rgb[..., ::-1].astype(np.uint8))


def _ratio_text(w: int, h: int) -> str:
    frac = Fraction(w, h).limit_denominator(20)
    return f"{frac.numerator}:{frac.denominator}"


def ratio_ok(w: int, h: int, limits: Limits | None = None) -> bool:
    """Whether ``w``×``h`` is close enough to a recommended cover ratio (``rules/limits.yaml``)."""
    lim = limits or Limits()
    if w <= 0 or h <= 0:
        return False
    r = w / h
    return any(abs(r / (a / b) - 1) <= lim.cover_ratio_tolerance for a, b in lim.cover_ratios)


def _mb(n: float) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def header_findings(rel: str, index: int, info: ImageInfo, rs: RuleSet) -> list[ImageFinding]:
    """Findings that need only the header: missing, damaged, format, size, resolution, ratio."""

    def make(key: str, **values: object) -> ImageFinding:
        return ImageFinding.wrap(rs.message_finding(key, matched=rel, field="images", path=rel, **values),
                                 rel, index)

    if info.problem == "outside":
        return [make("image.outside")]
    if not info.exists:
        return [make("image.missing")]
    lim = rs.limits
    out: list[ImageFinding] = []
    max_bytes = lim.image_max_mb * 1024 * 1024
    if info.size_bytes > max_bytes:
        out.append(make("image.too_large", size=_mb(info.size_bytes), max=_mb(max_bytes)))
    if info.problem == "bomb":
        out.append(make("image.decompression_bomb", width=info.width, height=info.height))
        return out
    if info.problem == "unreadable":
        if info.format and info.format not in lim.image_formats:
            out.append(make("image.format", format=info.format.upper()))
        else:
            out.append(make("image.unreadable", reason=info.reason))
        return out
    if info.problem == "truncated":
        out.append(make("image.truncated", reason=info.reason))
    if info.format not in lim.image_formats:
        out.append(make("image.format", format=info.format.upper() or "?"))
    w, h = info.width, info.height
    if min(w, h) < lim.image_min_short_side or max(w, h) < lim.image_min_long_side:
        out.append(make("image.low_resolution", width=w, height=h,
                        min_width=lim.image_min_short_side, min_height=lim.image_min_long_side))
    if index == 0 and not ratio_ok(w, h, lim):
        out.append(make("image.ratio", ratio=_ratio_text(w, h), width=w, height=h))
    return out


def findings_for(rel: str, index: int, info: ImageInfo, rs: RuleSet, codes: Sequence[qr.Code] = (),
                 lines: Sequence[Any] | None = None) -> list[ImageFinding]:
    """All findings of one image from what was learnt about it (header, codes, OCR lines).

    The editor keeps these facts per file and rebuilds the findings when the
    order changes (only the cover's ratio depends on the position).
    """
    out = header_findings(rel, index, info, rs)
    for code in codes:
        out.append(ImageFinding.wrap(
            rs.message_finding("image.qr", matched=rel, field="images", path=rel,
                               format=code.format, content=code.text),
            rel, index, code.box))
    if lines:
        from . import ocr as ocr_mod

        out.extend(ocr_mod.text_findings(rel, index, lines, rs))
    return out


def analyse(info: ImageInfo, codes: bool = True, ocr: bool = False,
            cancelled: Callable[[], bool] | None = None,
            ocr_errors: list[str] | None = None) -> tuple[list[qr.Code], list[Any] | None, str]:
    """Decode a usable image once and look for codes and (optionally) text.

    Returns (codes, OCR lines or None when OCR did not run, decode error or "").
    When OCR fails, its reason is appended to ``ocr_errors`` (if given).
    """
    if not info.usable or not (codes or ocr):
        return [], None, ""
    try:
        img, scale = load_image(info)
    except ValueError as exc:
        return [], None, str(exc)
    found = qr.find_codes(gray_array(img), scale) if codes and qr.available() else []
    lines = None
    if ocr and not (cancelled is not None and cancelled()):
        from . import ocr as ocr_mod

        if ocr_mod.available():
            try:
                pixels, ocr_scale = ocr_input(img, scale)
                lines = ocr_mod.recognize(info.path, pixels, ocr_scale)
            except ocr_mod.OcrFailed as exc:
                if ocr_errors is not None:
                    ocr_errors.append(str(exc))
    return found, lines, ""


def check_image(note_dir: Path | str, rel: str, index: int, rs: RuleSet, *, codes: bool = True,
                ocr: bool = False, cancelled: Callable[[], bool] | None = None) -> ImageReport:
    """Check one image of a note; never raises for a bad file (it becomes a finding).

    ``codes`` looks for QR codes and barcodes, ``ocr`` reads the text in the image
    (when the OCR extra is installed) and checks it with the engine.
    """
    if is_outside(note_dir, rel):
        info = outside_info(note_dir, rel)
        return ImageReport(rel, index, info, header_findings(rel, index, info, rs))
    info = inspect(resolve_image(note_dir, rel))
    if cancelled is not None and cancelled():
        return ImageReport(rel, index, info, header_findings(rel, index, info, rs))
    ocr_errors: list[str] = []
    found, lines, error = analyse(info, codes, ocr, cancelled, ocr_errors)
    if error:
        info.problem, info.reason = "unreadable", error
    report = ImageReport(rel, index, info, findings_for(rel, index, info, rs, found, lines))
    for reason in ocr_errors:
        report.findings.append(ImageFinding.wrap(
            rs.message_finding("image.ocr_failed", matched=rel, field="images", path=rel, reason=reason),
            rel, index))
    report.codes = found
    report.ocr_done = lines is not None
    return report
