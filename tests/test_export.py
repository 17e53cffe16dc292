"""Exports: clipboard text, .txt/.md, bundles (folder and zip); atomic, never overwriting unasked."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from xhs_editor import export as ex
from xhs_editor.note import Note, import_text, load


def sample_note(tmp_path: Path) -> Note:
    imgs = tmp_path / "imgs"
    imgs.mkdir()
    (imgs / "b.PNG").write_bytes(b"png-bytes")
    (imgs / "a.jpeg").write_bytes(b"jpeg-bytes")
    (tmp_path / "c.webp").write_bytes(b"webp-bytes")
    return Note(title="春日通勤穿搭🌸", body="第一段：外套很百搭。\n\n第二段：\n裤子显瘦", topics=["穿搭", "#通勤"],
                images=[{"path": "imgs/b.PNG"}, {"path": "imgs/a.jpeg"}, {"path": "c.webp"}])


def test_clipboard_layout(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    assert ex.clipboard_text(note) == "春日通勤穿搭🌸\n\n第一段：外套很百搭。\n\n第二段：\n裤子显瘦\n\n#穿搭 #通勤"
    assert ex.clipboard_text(Note(body="只有正文")) == "只有正文"


def test_txt_round_trip(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    path = ex.save_text(note, tmp_path / "out.txt")
    title, body, topics = ex.parse_txt(path.read_text(encoding="utf-8"))
    assert (title, body, topics) == (note.title, note.body, ["穿搭", "通勤"])


def test_md_round_trip(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    path = ex.save_text(note, tmp_path / "out.md")
    back = load(path)
    assert (back.title, back.body, back.topics) == (note.title, note.body, ["穿搭", "通勤"])
    assert import_text(ex.to_markdown(note)).title == note.title


def test_never_overwrites_without_asking(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    target = tmp_path / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ex.ExportError) as info:
        ex.save_text(note, target)
    assert info.value.kind == "exists" and "already exists" in info.value.message("en")
    assert "已存在" in info.value.message("zh")
    assert target.read_text(encoding="utf-8") == "keep me"
    ex.save_text(note, target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith(note.title)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex.os, "replace", boom)
    with pytest.raises(ex.ExportError) as info:
        ex.write_text_atomic(target, "new", overwrite=True)
    assert info.value.kind == "io" and "No space left" in info.value.message("en")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_bad_suffix(tmp_path: Path) -> None:
    with pytest.raises(ex.ExportError) as info:
        ex.save_text(Note(title="a"), tmp_path / "x.docx")
    assert info.value.kind == "bad_target"


def test_bundle_folder(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    dest = tmp_path / "bundle"
    ex.write_bundle(note, dest, note_dir=tmp_path, reports={"report.html": "<p>报告</p>".encode()})
    names = sorted(p.name for p in dest.iterdir())
    assert names == ["01.png", "02.jpeg", "03.webp", "note.md", "note.txt", "report.html"]
    assert (dest / "01.png").read_bytes() == b"png-bytes"
    assert (dest / "02.jpeg").read_bytes() == b"jpeg-bytes"
    assert ex.parse_txt((dest / "note.txt").read_text(encoding="utf-8"))[0] == note.title
    assert load(dest / "note.md").body == note.body
    with pytest.raises(ex.ExportError):
        ex.write_bundle(note, dest, note_dir=tmp_path)
    (dest / "stale.txt").write_text("x")
    ex.write_bundle(note, dest, note_dir=tmp_path, overwrite=True)
    assert not (dest / "stale.txt").exists() and not (dest / "report.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_bundle_zip(tmp_path: Path) -> None:
    note = sample_note(tmp_path)
    dest = tmp_path / "bundle.zip"
    ex.write_bundle(note, dest, note_dir=tmp_path, reports={"report.pdf": b"%PDF-1.4"})
    with zipfile.ZipFile(dest) as zf:
        assert zf.namelist() == ["note.txt", "note.md", "01.png", "02.jpeg", "03.webp", "report.pdf"]
        assert zf.read("03.webp") == b"webp-bytes"
        assert ex.parse_txt(zf.read("note.txt").decode("utf-8")) == (note.title, note.body, ["穿搭", "通勤"])
        assert zf.read("report.pdf") == b"%PDF-1.4"
    before = dest.read_bytes()
    with pytest.raises(ex.ExportError):
        ex.write_bundle(note, dest, note_dir=tmp_path)
    assert dest.read_bytes() == before


def test_bundle_missing_image(tmp_path: Path) -> None:
    note = Note(title="a", images=[{"path": "gone.jpg"}])
    with pytest.raises(ex.ExportError) as info:
        ex.write_bundle(note, tmp_path / "b.zip", note_dir=tmp_path)
    assert info.value.kind == "missing_image" and "gone.jpg" in info.value.message("en")
    assert os.listdir(tmp_path) == []


def test_image_names() -> None:
    assert ex.image_name(0, "x/IMG_1.JPG") == "01.jpg"
    assert ex.image_name(9, "y.png") == "10.png"
    assert ex.image_name(0, "noext") == "01"
