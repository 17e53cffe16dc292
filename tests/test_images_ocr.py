"""Text inside images: OCR (the ``ocr`` extra) checked by the same engine, offline, cached."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from xhs_editor.engine import Severity
from xhs_editor.images import check_image, check_note_images, ocr

pytest.importorskip("rapidocr_onnxruntime")  # CI installs the ocr extra, so this runs there




@pytest.fixture()
def rs(basic_ruleset):
    """The small engine test pack; image-check texts are a foundation pack, always loaded."""
    return basic_ruleset


def text_image(path: Path, text: str, w: int = 900, h: int = 1200) -> Path:
    """Black ``text`` in a large CJK font on white, in the middle of a 3:4 image."""
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(96)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(QRect(0, 500, w, 200), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    assert img.save(str(path))
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: the models must be local."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_text_in_an_image_goes_through_the_engine(tmp_path: Path, rs, qapp, no_network) -> None:
    text_image(tmp_path / "ad.png", "加微信领取")
    report = check_image(tmp_path, "ad.png", 0, rs, ocr=True)
    assert report.ocr_done
    (f,) = [f for f in report.findings if f.rule == "test.wechat"]
    assert f.category == "diversion" and f.severity == Severity.ERROR and f.field == "images"
    assert "微信" in f.matched and f.image == "ad.png"
    assert f.message_zh.startswith("图中文字") and "导流" in f.message_zh
    xs = [x for x, _ in f.box]
    ys = [y for _, y in f.box]
    assert len(f.box) == 4 and 100 < min(xs) < max(xs) < 800 and 450 < min(ys) < max(ys) < 750


def test_results_are_cached_by_content(tmp_path: Path, rs, qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    path = text_image(tmp_path / "a.png", "加微信")
    first = check_note_images(tmp_path / "n.xhsnote", ["a.png"], rs, ocr=True)
    assert [f.rule for f in first] == ["test.wechat"]
    assert ocr.cached(path) is not None
    assert list(ocr.cache_dir().glob("*.json")) == [ocr.cache_dir() / f"{ocr.file_hash(path)}.json"]

    def no_engine() -> None:
        raise AssertionError("a cached image must not be read again")

    monkeypatch.setattr(ocr, "_engine_instance", no_engine)
    copy = tmp_path / "sub" / "copy.png"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    again = check_note_images(tmp_path / "n.xhsnote", ["sub/copy.png"], rs, ocr=True)
    assert [(f.rule, f.box) for f in again] == [(f.rule, f.box) for f in first]


def test_clean_text_and_no_ocr_flag(tmp_path: Path, rs, qapp) -> None:
    text_image(tmp_path / "ok.png", "今天天气很好")
    assert check_note_images(tmp_path / "n.xhsnote", ["ok.png"], rs, ocr=True) == []
    text_image(tmp_path / "ad.png", "加微信")
    assert check_note_images(tmp_path / "n.xhsnote", ["ad.png"], rs, ocr=False) == []


def test_models_ship_in_the_package() -> None:
    import rapidocr_onnxruntime

    models = list((Path(rapidocr_onnxruntime.__file__).parent / "models").glob("*.onnx"))
    assert len(models) >= 3


def test_a_broken_ocr_engine_becomes_a_finding_not_a_crash(tmp_path: Path, rs, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QColor, QImage

    img = QImage(900, 1200, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    assert img.save(str(tmp_path / "a.png"))

    def broken() -> None:
        raise FileNotFoundError("config.yaml is missing")

    monkeypatch.setattr(ocr, "_engine_instance", broken)
    monkeypatch.setattr(ocr, "cache_dir", lambda: tmp_path / "cache")
    found = check_note_images(tmp_path / "n.xhsnote", ["a.png"], rs, ocr=True)
    [failed] = [f for f in found if f.rule == "image.ocr_failed"]
    assert failed.severity is Severity.WARNING and "config.yaml is missing" in failed.message("en")
