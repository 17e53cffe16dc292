"""Text in images: OCR with RapidOCR (ONNX Runtime), results cached by file content.

Optional: install the ``ocr`` extra (``uv sync --extra ocr`` or
``pip install xhs-editor[ocr]``).  The models ship inside the
``rapidocr_onnxruntime`` wheel; nothing is downloaded at run time.  The
recognised text is checked by the same engine as the note's text
(:func:`xhs_editor.engine.check_text`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..engine import RuleSet, check_text, config_dir
from ..note import write_text_atomic
from .model import ImageFinding, Point

OCR_PACKAGE = "rapidocr_onnxruntime"
CACHE_VERSION = 1
INSTALL_HINT = "uv sync --extra ocr  /  pip install xhs-editor[ocr]"
MIN_SCORE = 0.5  # lines recognised with less confidence are ignored

_lock = threading.Lock()
_engine: Any = None


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: its text, its polygon in the original image's pixels, its confidence."""

    text: str
    box: tuple[Point, ...]
    score: float


def available() -> bool:
    """Whether the OCR extra is installed."""
    return importlib.util.find_spec(OCR_PACKAGE) is not None


def cache_dir() -> Path:
    """Where recognised text is cached: ``config_dir()/cache/ocr``."""
    return config_dir() / "cache" / "ocr"


def file_hash(path: Path) -> str:
    """The sha256 of the file's content."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class OcrFailed(RuntimeError):
    """The OCR engine could not run (a damaged install, missing model files); the reason is in English."""


def _engine_instance() -> Any:
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR()
    return _engine


def _read_cache(digest: str) -> list[OcrLine] | None:
    try:
        data = json.loads((cache_dir() / f"{digest}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return None
    try:
        return [OcrLine(str(x["text"]), tuple((float(p[0]), float(p[1])) for p in x["box"]), float(x["score"]))
                for x in data["lines"]]
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _write_cache(digest: str, lines: list[OcrLine]) -> None:
    data = {"version": CACHE_VERSION,
            "lines": [{"text": ln.text, "box": [list(p) for p in ln.box], "score": ln.score} for ln in lines]}
    try:
        write_text_atomic(cache_dir() / f"{digest}.json", json.dumps(data, ensure_ascii=False))
    except Exception:  # a read-only config folder only costs speed
        pass


def cached(path: Path) -> list[OcrLine] | None:
    """The cached lines for this file's content, or None when it was never read."""
    try:
        return _read_cache(file_hash(path))
    except OSError:
        return None


def recognize(path: Path, pixels: Callable[[], Any], scale: float = 1.0) -> list[OcrLine]:
    """The text lines in the image file ``path``.

    ``pixels`` returns the decoded image (BGR numpy array), called only on a cache
    miss; ``scale`` is decoded/original size, so boxes come back in the original's
    pixels.  Calls are serialised (one model in memory).
    """
    digest = file_hash(path)
    hit = _read_cache(digest)
    if hit is not None:
        return hit
    arr = pixels()
    try:
        with _lock:
            result, _elapsed = _engine_instance()(arr)
    except Exception as exc:  # the model or its files are broken: say so instead of crashing
        raise OcrFailed(f"{type(exc).__name__}: {exc}") from exc
    lines: list[OcrLine] = []
    for box, text, score in result or ():
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        lines.append(OcrLine(str(text), tuple((float(x) / scale, float(y) / scale) for x, y in box), float(score)))
    _write_cache(digest, lines)
    return lines


def _union_box(boxes: list[tuple[Point, ...]]) -> tuple[Point, ...]:
    if len(boxes) == 1:
        return boxes[0]
    xs = [x for b in boxes for x, _ in b]
    ys = [y for b in boxes for _, y in b]
    return ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))


def text_findings(rel: str, index: int, lines: list[OcrLine], rs: RuleSet) -> list[ImageFinding]:
    """The engine's findings in the recognised text, reported on the image.

    Lines are joined with newlines and checked as one text; each finding's
    ``matched`` is the recognised line(s) it lies in and its ``box`` their polygon.
    Category, severity, rule and suggestions are the engine's.
    """
    if not lines:
        return []
    spans: list[tuple[int, int]] = []
    pos = 0
    for ln in lines:
        spans.append((pos, pos + len(ln.text)))
        pos += len(ln.text) + 1
    text = "\n".join(ln.text for ln in lines)
    out: list[ImageFinding] = []
    for f in check_text(text, rs):
        hit = [i for i, (s, e) in enumerate(spans) if s < f.end and f.start < e] or [0]
        snippet = " ".join(lines[i].text for i in hit)
        wrapper = rs.message_finding("image.ocr_text", matched=snippet, field="images", text=snippet,
                                     message="{message}")
        zh = wrapper.message_zh.replace("{message}", f.message_zh)
        en = wrapper.message_en.replace("{message}", f.message_en)
        out.append(ImageFinding.wrap(f, rel, index, _union_box([lines[i].box for i in hit]),
                                     matched=snippet, start=0, end=0, message_zh=zh, message_en=en))
    return out
