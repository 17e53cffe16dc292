"""The image panel: add, reorder, remove, missing files, findings, QR boxes, OCR controls."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage


from xhs_editor.images import ocr
from xhs_editor.ui.image_panel import ImagePanel, stored_path




@pytest.fixture()
def rs(basic_ruleset):
    """The small engine test pack; image-check texts are a foundation pack, always loaded."""
    return basic_ruleset


def blank(path: Path, w: int, h: int, color: str = "white") -> Path:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    assert img.save(str(path))
    return path


def qr_png(path: Path, text: str) -> Path:
    segno = pytest.importorskip("segno")
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=24, border=4)
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def panel(qtbot, rs, tmp_path: Path) -> ImagePanel:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    p = ImagePanel(rs, settings, auto_ocr=False)
    qtbot.addWidget(p)
    p.resize(420, 720)
    p.show()
    yield p
    p.shutdown()


def settle(qtbot, panel: ImagePanel) -> None:
    qtbot.waitUntil(lambda: panel.pending() == 0, timeout=20000)
    panel.wait()
    qtbot.wait(20)


def rules(panel: ImagePanel) -> list[tuple[str, str]]:
    return sorted((f.rule, f.matched) for f in panel.findings())


def test_add_reorder_remove(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    note_dir = tmp_path / "note"
    (note_dir / "img").mkdir(parents=True)
    a = blank(note_dir / "img" / "a.jpg", 1080, 1440, "#ffcccc")
    b = blank(note_dir / "img" / "b.png", 1920, 1080, "#ccffcc")
    c = blank(tmp_path / "c.png", 1080, 1080, "#ccccff")
    panel.set_images([], note_dir)
    assert [f.rule for f in panel.findings()] == ["limits.images_min"]
    with qtbot.waitSignal(panel.imagesChanged) as sig:
        panel.add_files([str(a), str(b), str(c)])
    assert sig.args[0] == ["img/a.jpg", "img/b.png", "../c.png"]
    settle(qtbot, panel)
    outside = ("image.outside", "../c.png")  # outside the note's folder: flagged, not judged (issue 16)
    assert rules(panel) == [outside]
    assert "封面" in panel.list.item(0).data(Qt.ItemDataRole.AccessibleTextRole)

    with qtbot.waitSignal(panel.imagesChanged) as sig:
        panel.move_image(1, 0)  # the wide image becomes the cover
    assert sig.args[0] == ["img/b.png", "img/a.jpg", "../c.png"]
    assert sorted(rules(panel)) == [outside, ("image.ratio", "img/b.png")]

    panel.add_files([str(a)])  # already there: ignored
    assert panel.images() == ["img/b.png", "img/a.jpg", "../c.png"]

    panel.list.clearSelection()
    panel.list.setCurrentRow(0)
    with qtbot.waitSignal(panel.imagesChanged) as sig:
        panel.remove_selected()
    assert sig.args[0] == ["img/a.jpg", "../c.png"]
    assert rules(panel) == [outside]
    assert b.exists()  # removing from the note never deletes the file


def test_drag_reorder_through_the_model(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    files = [blank(tmp_path / f"{n}.jpg", 1080, 1440) for n in "abc"]
    panel.set_images([f.name for f in files], tmp_path)
    settle(qtbot, panel)
    with qtbot.waitSignal(panel.imagesChanged) as sig:
        # what an internal drag-and-drop does to the list's model
        panel.list.model().moveRow(panel.list.rootIndex(), 2, panel.list.rootIndex(), 0)
    assert sig.args[0] == ["c.jpg", "a.jpg", "b.jpg"]


def test_missing_file_is_shown_as_missing(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    blank(tmp_path / "ok.jpg", 1080, 1440)
    panel.set_images(["ok.jpg", "gone/missing.png"], tmp_path)
    settle(qtbot, panel)
    assert rules(panel) == [("image.missing", "gone/missing.png")]
    item = panel.list.item(1)
    assert "缺失" in item.text() or "Missing" in item.text()
    panel.list.setCurrentRow(1)
    qtbot.wait(50)
    assert panel.preview.image_rect().isNull()


def test_bad_files_do_not_crash(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    (tmp_path / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
                                        + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b""))
    (tmp_path / "junk.jpg").write_bytes(b"junk" * 100)
    data = blank(tmp_path / "full.png", 1080, 1440).read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    panel.set_images(["bomb.png", "junk.jpg", "cut.png"], tmp_path)
    settle(qtbot, panel)
    got = {r for r, _ in rules(panel)}
    assert {"image.decompression_bomb", "image.unreadable", "image.truncated"} <= got
    for row in range(3):
        panel.list.setCurrentRow(row)
        qtbot.wait(30)
    panel.wait()


def test_qr_code_box_is_drawn_on_the_preview(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    qr_png(tmp_path / "qr.png", "weixin://contact/abc")
    blank(tmp_path / "cover.jpg", 1080, 1440)
    panel.set_images(["cover.jpg", "qr.png"], tmp_path)
    settle(qtbot, panel)
    (f,) = [f for f in panel.findings() if f.rule == "image.qr"]
    assert f.category == "diversion" and "weixin://contact/abc" in f.message_zh
    panel.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: len(panel.preview.boxes()) == 1, timeout=10000)
    assert "⛔1" in panel.list.item(1).text()
    panel.grab().save(str(tmp_path / "panel.png"))


def test_file_dialog_remembers_the_last_folder(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    pic = blank(tmp_path / "pics" / "a.jpg", 1080, 1440)
    asked: list[str] = []

    def fake_dialog(start: str) -> list[str]:
        asked.append(start)
        return [str(pic)]

    panel.ask_files = fake_dialog
    panel.set_images([], tmp_path)
    panel.add_dialog()
    panel.add_dialog()
    assert asked[1] == str(pic.parent)
    assert panel.images() == ["pics/a.jpg"]


def test_at_most_18_images(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    files = [str(blank(tmp_path / f"{i:02}.jpg", 8, 8)) for i in range(20)]
    panel.set_images([], tmp_path)
    added = panel.add_files(files)
    assert len(added) == 18 and len(panel.images()) == 18
    assert "18" in panel.status.text()
    assert not panel.add_button.isEnabled()
    settle(qtbot, panel)


def test_dropped_and_pasted_files(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    a = blank(tmp_path / "a.jpg", 1080, 1440)
    b = blank(tmp_path / "b.jpg", 1080, 1440)
    panel.set_images([], tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.list.dropEvent(event)
    assert panel.images() == ["a.jpg"]
    clip = QMimeData()
    clip.setUrls([QUrl.fromLocalFile(str(b))])
    QGuiApplication.clipboard().setMimeData(clip)
    panel.paste()
    assert panel.images() == ["a.jpg", "b.jpg"]
    pixels = QImage(1080, 1440, QImage.Format.Format_RGB32)
    pixels.fill(QColor("gray"))
    QGuiApplication.clipboard().setImage(pixels)
    added = panel.paste()
    assert len(added) == 1 and Path(added[0]).parent == tmp_path.resolve()
    assert panel.images()[-1].startswith("pasted-")
    settle(qtbot, panel)


def test_note_moved_keeps_the_files(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    blank(tmp_path / "x" / "a.jpg", 1080, 1440)
    panel.set_images(["x/a.jpg"], tmp_path)
    (tmp_path / "elsewhere").mkdir()
    panel.set_note_folder(tmp_path / "elsewhere")
    assert panel.images() == ["../x/a.jpg"]
    assert stored_path(tmp_path / "x" / "a.jpg", None).endswith("/x/a.jpg")


def test_ocr_controls(qtbot, panel: ImagePanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the extra the panel says how to install it; with it, OCR runs with progress."""
    monkeypatch.setattr(ocr, "available", lambda: False)
    panel._update_ocr_controls()
    assert "uv sync --extra ocr" in panel.status.text() and not panel.ocr_button.isEnabled()
    monkeypatch.undo()
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QPainter

    img = QImage(900, 1200, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(96)
    painter.setFont(font)
    painter.drawText(QRect(0, 500, 900, 200), Qt.AlignmentFlag.AlignCenter, "加微信")
    painter.end()
    img.save(str(tmp_path / "ad.png"))
    panel.set_images(["ad.png"], tmp_path)
    settle(qtbot, panel)
    panel._update_ocr_controls()
    assert panel.ocr_button.isEnabled()
    with qtbot.waitSignal(panel.jobs.ocrFinished, timeout=60000):
        panel.run_ocr()
    assert ("test.wechat", "加微信") in rules(panel)
    assert not panel.ocr_running()


def test_ocr_can_be_cancelled(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    if not ocr.available():
        pytest.skip("the ocr extra is not installed")
    files = [blank(tmp_path / f"{i}.png", 300, 400, ["white", "gray", "black"][i % 3]) for i in range(6)]
    panel.set_images([f.name for f in files], tmp_path)
    settle(qtbot, panel)
    with qtbot.waitSignal(panel.jobs.ocrFinished, timeout=60000) as sig:
        panel.run_ocr()
        panel.cancel_ocr()
    assert sig.args[1] is True
    assert "取消" in panel.status.text() or "cancel" in panel.status.text()


def test_main_window_shows_image_findings_and_keeps_paths_relative(qtbot, window, tmp_path: Path) -> None:
    """The dock in the editor: image findings reach the findings flow; Save As re-relativizes."""
    from xhs_editor import note as notes

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    blank(tmp_path / "a" / "cover.jpg", 1080, 1440)
    path = tmp_path / "a" / "n.xhsnote"
    notes.save(notes.Note(title="t", images=[{"path": "cover.jpg", "alt": "x"}, {"path": "gone.png"}]), path)
    assert window.open_path(path)
    panel = window.image_panel
    assert window.images_dock.widget() is panel
    settle(qtbot, panel)
    qtbot.waitUntil(lambda: any(h.finding.rule == "image.missing" for h in window.store.hits), timeout=5000)
    hit = next(h for h in window.store.hits if h.finding.rule == "image.missing")
    assert hit.field == "images"
    window.go_to_hit(hit)
    assert panel.list.currentRow() == 1
    panel.move_image(1, 0)
    assert [i["path"] for i in window.note.images] == ["gone.png", "cover.jpg"]
    assert window.note.images[1]["alt"] == "x" and window.is_modified()
    assert window._write(tmp_path / "b" / "n.xhsnote")
    saved = notes.load(tmp_path / "b" / "n.xhsnote")
    assert [i["path"] for i in saved.images] == ["../a/gone.png", "../a/cover.jpg"]


def test_dropping_a_thumbnail_on_another_moves_it_there(qtbot, panel: ImagePanel, tmp_path: Path) -> None:
    files = [blank(tmp_path / f"{n}.jpg", 1080, 1440) for n in "abc"]
    panel.set_images([f.name for f in files], tmp_path)
    settle(qtbot, panel)
    panel.show()
    qtbot.waitExposed(panel)
    target = panel.list.visualItemRect(panel.list.item(2)).center()
    assert panel.list.drop_row(target) == 2
    with qtbot.waitSignal(panel.imagesChanged) as sig:
        panel.list.moveRequested.emit(0, panel.list.drop_row(target))
    assert sig.args[0] == ["b.jpg", "c.jpg", "a.jpg"]
    assert "封面" in panel.list.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
