"""Image checks on files the tests make themselves: formats, sizes, ratios, damage, QR codes."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QImageReader

from xhs_editor.engine import Finding, Severity
from xhs_editor.images import ImageFinding, check_image, check_note_images, inspect, ratio_ok
from xhs_editor.images import checks




@pytest.fixture()
def rs(basic_ruleset):
    """The small engine test pack; image-check texts are a foundation pack, always loaded."""
    return basic_ruleset


def blank(path: Path, w: int, h: int, fmt: str | None = None) -> Path:
    """Save a white ``w``×``h`` image."""
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    assert img.save(str(path), fmt)
    return path


def qr_png(path: Path, text: str, scale: int = 10) -> Path:
    """A QR code made with segno, saved as PNG."""
    segno = pytest.importorskip("segno")
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=4)
    path.write_bytes(buf.getvalue())
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(path: Path, w: int = 100_000, h: int = 100_000) -> Path:
    """A tiny PNG whose header declares a huge size."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
                     + _chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + _chunk(b"IEND", b""))
    return path


def rules(findings: list[Finding]) -> list[str]:
    return sorted(f.rule for f in findings)


def test_good_cover_has_no_findings(tmp_path: Path, rs) -> None:
    blank(tmp_path / "a.jpg", 1080, 1440)
    blank(tmp_path / "b.png", 1080, 1080)
    blank(tmp_path / "c.webp", 1440, 1080)
    out = check_note_images(tmp_path / "n.xhsnote", ["a.jpg", "b.png", "c.webp"], rs, ocr=False)
    assert out == []


def test_findings_are_plain_findings_on_the_images_field(tmp_path: Path, rs) -> None:
    blank(tmp_path / "small.png", 300, 400)
    (f,) = check_note_images(tmp_path / "n.xhsnote", ["small.png"], rs, ocr=False)
    assert isinstance(f, Finding) and isinstance(f, ImageFinding)
    assert f.field == "images" and f.matched == "small.png" and f.image == "small.png" and f.index == 0
    assert f.rule == "image.low_resolution" and f.severity == Severity.WARNING
    assert "300×400" in f.message_zh and "720×960" in f.message_en
    d = f.to_dict("en")
    assert d["field"] == "images" and d["image"] == "small.png" and d["box"] == []


@pytest.mark.parametrize("w,h,ok", [(1080, 1440, True), (1080, 1080, True), (1440, 1080, True),
                                    (1080, 1450, True), (1080, 1920, False), (1920, 1080, False),
                                    (1000, 1200, False)])
def test_cover_ratio(w: int, h: int, ok: bool) -> None:
    assert ratio_ok(w, h) is ok


def test_wrong_ratio_only_matters_for_the_cover(tmp_path: Path, rs) -> None:
    blank(tmp_path / "tall.jpg", 1080, 1920)
    blank(tmp_path / "wide.jpg", 1920, 1080)
    out = check_note_images(tmp_path / "n.xhsnote", ["tall.jpg", "wide.jpg"], rs, ocr=False)
    (f,) = out
    assert f.rule == "image.ratio" and f.matched == "tall.jpg" and "9:16" in f.message_zh


def test_resolution_short_and_long_side(tmp_path: Path, rs) -> None:
    blank(tmp_path / "a.jpg", 719, 960)
    blank(tmp_path / "b.jpg", 960, 720)  # landscape 4:3 at the minimum is fine
    blank(tmp_path / "c.jpg", 720, 959)
    out = check_note_images(tmp_path / "n.xhsnote", ["b.jpg", "a.jpg", "c.jpg"], rs, ocr=False)
    assert sorted(f.matched for f in out if f.rule == "image.low_resolution") == ["a.jpg", "c.jpg"]


def test_unsupported_format(tmp_path: Path, rs) -> None:
    blank(tmp_path / "a.bmp", 1080, 1440, "BMP")
    out = check_note_images(tmp_path / "n.xhsnote", ["a.bmp"], rs, ocr=False)
    assert rules(out) == ["image.format"]
    assert "BMP" in out[0].message_zh and out[0].severity == Severity.ERROR


def test_format_is_read_from_content_not_name(tmp_path: Path, rs) -> None:
    blank(tmp_path / "really_png.jpg", 1080, 1440, "PNG")
    assert inspect(tmp_path / "really_png.jpg").format == "png"
    assert check_note_images(tmp_path / "n.xhsnote", ["really_png.jpg"], rs, ocr=False) == []


@pytest.mark.parametrize("name, fmt", [("a.tiff", "TIFF"), ("a.webp", "WEBP"),
                                       ("a.jpg", "JPEG"), ("a.bmp", "BMP")])
def test_each_raster_format_is_named_from_its_first_bytes(tmp_path: Path, name: str, fmt: str) -> None:
    blank(tmp_path / "x", 1080, 1440, fmt)
    (tmp_path / "x").rename(tmp_path / name)
    info = inspect(tmp_path / name)
    assert (info.format, info.width, info.height, info.problem) == (fmt.lower(), 1080, 1440, "")


def test_a_gif_is_named_and_sized(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
                                     b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
    info = inspect(tmp_path / "a.png")
    assert (info.format, info.width, info.height, info.problem) == ("gif", 1, 1, "")


def test_a_phone_photo_in_heic_and_a_drawing_in_svg_are_named_not_called_damaged(tmp_path: Path, rs) -> None:
    (tmp_path / "IMG_0001.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64))
    (tmp_path / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "notes.png").write_text("这不是图片")
    out = check_note_images(tmp_path / "n.xhsnote", ["IMG_0001.heic", "logo.svg", "notes.png"], rs, ocr=False)
    assert [(f.rule, f.matched) for f in out] == [("image.format", "IMG_0001.heic"), ("image.format", "logo.svg"),
                                                  ("image.unreadable", "notes.png")]
    assert "HEIC" in out[0].message_zh and "SVG" in out[1].message_zh


def test_qt_opens_only_the_plugin_of_the_sniffed_format(tmp_path: Path) -> None:
    # Letting Qt ask every plugin (the SVG one among them) whether it can read a file deadlocked the
    # image panel's worker against the UI thread deleting a widget; the reader must never guess.
    from xhs_editor.images.checks import open_reader
    blank(tmp_path / "really_png.jpg", 1080, 1440, "PNG")
    reader = open_reader(inspect(tmp_path / "really_png.jpg"))
    assert (bytes(reader.format().data()), reader.decideFormatFromContent()) == (b"png", False)
    assert reader.read().width() == 1080


def test_file_too_large_against_a_limit_set_in_a_pack(tmp_path: Path) -> None:
    from xhs_editor.engine import load_ruleset

    blank(tmp_path / "big.png", 1080, 1440)
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "tight.yaml").write_text("pack: {name: tight, version: '1', description: d}\n"
                                      "limits: {image_max_mb: 0.001}\n", encoding="utf-8")
    rs = load_ruleset([packs], include_user=False, include_bundled=False)
    (f,) = check_note_images(tmp_path / "n.xhsnote", ["big.png"], rs, ocr=False)
    assert f.rule == "image.too_large" and f.severity == Severity.ERROR


def test_file_over_20_mb_really(tmp_path: Path, rs) -> None:
    path = blank(tmp_path / "pad.png", 1080, 1440)
    with open(path, "ab") as fh:  # trailing bytes after IEND: still a readable PNG
        fh.truncate(21 * 1024 * 1024)
    (f,) = check_note_images(tmp_path / "n.xhsnote", ["pad.png"], rs, ocr=False)
    assert f.rule == "image.too_large" and "20" in f.message_zh


def test_missing_file_is_a_finding(tmp_path: Path, rs) -> None:
    (f,) = check_note_images(tmp_path / "n.xhsnote", ["sub/gone.jpg"], rs, ocr=False)
    assert f.rule == "image.missing" and f.matched == "sub/gone.jpg" and "sub/gone.jpg" in f.message_en


def test_paths_are_relative_to_the_note(tmp_path: Path, rs) -> None:
    (tmp_path / "imgs").mkdir()
    blank(tmp_path / "imgs" / "a.jpg", 1080, 1440)
    assert check_note_images(tmp_path / "n.xhsnote", ["imgs/a.jpg"], rs, ocr=False) == []


@pytest.mark.parametrize("fmt", ["PNG", "JPG"])
def test_truncated_file(tmp_path: Path, rs, fmt: str) -> None:
    src = blank(tmp_path / f"full.{fmt.lower()}", 1080, 1440, fmt)
    data = src.read_bytes()
    cut = tmp_path / f"cut.{fmt.lower()}"
    cut.write_bytes(data[: len(data) // 2])
    out = check_note_images(tmp_path / "n.xhsnote", [cut.name], rs, ocr=False)
    assert rules(out) == ["image.truncated"]


def test_garbage_and_empty_files_are_unreadable(tmp_path: Path, rs) -> None:
    (tmp_path / "junk.jpg").write_bytes(b"this is not an image at all" * 10)
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "header_only.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = check_note_images(tmp_path / "n.xhsnote", ["junk.jpg", "empty.png", "header_only.png"], rs, ocr=False)
    assert [f.rule for f in out] == ["image.unreadable"] * 3


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path, rs, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb_png(tmp_path / "bomb.png")

    def no_decode(*_a: object, **_k: object) -> None:
        raise AssertionError("a hostile image must not be decoded")

    monkeypatch.setattr(checks, "load_image", no_decode)
    info = inspect(tmp_path / "bomb.png")
    assert (info.width, info.height, info.problem) == (100_000, 100_000, "bomb")
    (f,) = check_note_images(tmp_path / "n.xhsnote", ["bomb.png"], rs, ocr=False)
    assert f.rule == "image.decompression_bomb" and "100000×100000" in f.message_zh
    assert QImageReader.allocationLimit() == checks.ALLOCATION_LIMIT_MB


def test_qr_code_is_diversion_with_content_and_box(tmp_path: Path, rs) -> None:
    qr_png(tmp_path / "qr.png", "https://u.wechat.com/abc123", scale=30)
    report = check_image(tmp_path, "qr.png", 1, rs)
    (f,) = [f for f in report.findings if f.rule == "image.qr"]
    assert f.category == "diversion" and f.severity == Severity.ERROR
    assert "https://u.wechat.com/abc123" in f.message_zh and "https://u.wechat.com/abc123" in f.message_en
    assert len(f.box) == 4
    xs = [x for x, _ in f.box]
    assert min(xs) >= 4 * 30 - 2 and max(xs) <= report.info.width - 4 * 30 + 2


def test_qr_codes_are_read_by_workers_side_by_side(tmp_path: Path, rs) -> None:
    """The image panel reads several images at once: each worker still finds its code, and none waits forever."""
    from concurrent.futures import ThreadPoolExecutor

    for i in range(4):
        qr_png(tmp_path / f"q{i}.png", f"https://u.wechat.com/w{i}", scale=20)
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda i: check_image(tmp_path, f"q{i}.png", 1, rs), range(4)))
    for i, report in enumerate(reports):
        assert any(f"w{i}" in f.message_zh for f in report.findings if f.rule == "image.qr")


def test_an_image_too_small_for_any_code_is_not_searched(tmp_path: Path, rs) -> None:
    import numpy as np

    from xhs_editor.images import qr

    assert qr.find_codes(np.full((8, 8), 255, dtype=np.uint8)) == []
    assert qr.find_codes(np.full((8, 400), 255, dtype=np.uint8)) == []  # long enough for a barcode: searched, none


def test_qr_found_in_a_large_image_decoded_scaled(tmp_path: Path, rs) -> None:
    """A big photo is decoded scaled down; the box still comes back in its own pixels."""
    from PySide6.QtGui import QPainter

    code = QImage()
    assert code.load(str(qr_png(tmp_path / "q.png", "weixin://x", scale=40)))
    big = QImage(3000, 4000, QImage.Format.Format_RGB32)
    big.fill(QColor("white"))
    painter = QPainter(big)
    painter.drawImage(1500, 2000, code)
    painter.end()
    big.save(str(tmp_path / "big.jpg"), "JPG", 95)
    report = check_image(tmp_path, "big.jpg", 0, rs)
    (f,) = [f for f in report.findings if f.rule == "image.qr"]
    assert 1500 <= min(x for x, _ in f.box) < 1500 + 6 * 40
    assert 2000 <= min(y for _, y in f.box) < 2000 + 6 * 40


def test_transparent_qr_is_found(tmp_path: Path, rs) -> None:
    segno = pytest.importorskip("segno")
    buf = io.BytesIO()
    segno.make("hello", error="m").save(buf, kind="png", scale=20, border=4, light=None)
    (tmp_path / "t.png").write_bytes(buf.getvalue())
    report = check_image(tmp_path, "t.png", 2, rs)
    assert [f.rule for f in report.findings if f.rule == "image.qr"] == ["image.qr"]


def test_count_is_left_to_the_engine_unless_asked(tmp_path: Path, rs) -> None:
    names = []
    for i in range(19):
        names.append(f"{i}.jpg")
        blank(tmp_path / names[-1], 1080, 1440)
    assert check_note_images(tmp_path / "n.xhsnote", names, rs, ocr=False) == []
    out = check_note_images(tmp_path / "n.xhsnote", names, rs, ocr=False, include_count=True)
    assert [f.rule for f in out] == ["limits.images_max"]
    out = check_note_images(tmp_path / "n.xhsnote", [], rs, ocr=False, include_count=True)
    assert [f.rule for f in out] == ["limits.images_min"]


def test_every_image_message_is_in_the_bundled_pack(rs) -> None:
    for key in ("image.missing", "image.format", "image.too_large", "image.low_resolution", "image.ratio",
                "image.unreadable", "image.truncated", "image.decompression_bomb", "image.qr",
                "image.ocr_text"):
        assert key in rs.messages, key
        text = rs.messages[key][0]
        assert text.zh and text.en


def test_works_without_a_gui_application(tmp_path: Path) -> None:
    """The CLI reads images with no QGuiApplication; run in a fresh interpreter to be sure."""
    import subprocess
    import sys

    qr_png(tmp_path / "qr.png", "weixin://abc", scale=10)
    blank(tmp_path / "ok.jpg", 1080, 1440)
    code = (
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from xhs_editor.images import check_note_images\n"
        f"out = check_note_images(Path({str(tmp_path / 'n.xhsnote')!r}), ['ok.jpg', 'qr.png'], ocr=False)\n"
        "assert QCoreApplication.instance() is None\n"
        "print(sorted(f.rule for f in out))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "image.qr" in res.stdout


def test_trailing_bytes_after_the_end_are_fine(tmp_path: Path, rs) -> None:
    """Phones append data after a JPEG's end marker; that is not damage."""
    path = blank(tmp_path / "a.jpg", 1080, 1440, "JPG")
    with open(path, "ab") as fh:
        fh.write(b"SEFT" + b"\0" * 200_000)
    assert check_note_images(tmp_path / "n.xhsnote", ["a.jpg"], rs, ocr=False) == []


def test_truncated_webp(tmp_path: Path, rs) -> None:
    data = blank(tmp_path / "a.webp", 1080, 1440, "WEBP").read_bytes()
    (tmp_path / "cut.webp").write_bytes(data[: len(data) // 2])
    out = check_note_images(tmp_path / "n.xhsnote", ["cut.webp"], rs, ocr=False)
    assert rules(out) == ["image.truncated"]
