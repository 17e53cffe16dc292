"""No file leaves a note's folder unasked, and image paths cannot crash or probe the disk (issue 16)."""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from xhs_editor import export as ex
from xhs_editor.cli import main
from xhs_editor.engine import load_ruleset
from xhs_editor.images import check_note_images
from xhs_editor.note import Note

DATA = Path(__file__).parent / "data"
RULES = ["--no-user-rules", "--no-bundled-rules", "--rules", str(DATA / "packs_basic"), "--lang", "en",
         "--no-ocr"]


@pytest.fixture(scope="module")
def rs():
    return load_ruleset(include_user=False)


def _layout(tmp_path: Path) -> Path:
    """A note folder beside a 'secret' folder holding a passport scan."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "passport.jpg").write_bytes(b"\xff\xd8private")
    folder = tmp_path / "notes"
    folder.mkdir()
    return folder


def _check(note_path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(note_path), *RULES, "--format", "json"], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _image_findings(note_path: Path, images: list[str]) -> list[dict]:
    note_path.write_text(json.dumps({"format_version": 1, "body": "你好", "images": [{"path": p} for p in images]}),
                         encoding="utf-8")
    code, out, err = _check(note_path)
    assert code in (0, 1), err
    return [f for f in json.loads(out)["files"][0]["findings"] if f["line"] == 0 and f["rule"].startswith("image.")]


def test_an_image_outside_the_notes_folder_is_a_finding_and_its_existence_is_not_revealed(tmp_path: Path) -> None:
    folder = _layout(tmp_path)
    secret = str(tmp_path / "secret" / "passport.jpg")
    paths = ["../secret/passport.jpg", "../secret/nothing.jpg", secret, str(tmp_path / "secret" / "nothing.jpg")]
    found = _image_findings(folder / "n.xhsnote", paths)
    assert [f["rule"] for f in found] == ["image.outside"] * 4
    # Whether the file exists or not, the finding reads the same apart from the path.
    messages = {f["message"].replace(f["matched"], "PATH") for f in found}
    assert len(messages) == 1 and {f["severity"] for f in found} == {"warning"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_inside_the_folder_that_points_outside_counts_as_outside(tmp_path: Path, rs) -> None:
    folder = _layout(tmp_path)
    try:
        (folder / "pic.jpg").symlink_to(tmp_path / "secret" / "passport.jpg")
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    (f,) = check_note_images(folder / "n.xhsnote", ["pic.jpg"], rs, ocr=False)
    assert f.rule == "image.outside"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_an_outside_image_is_never_opened(tmp_path: Path, rs) -> None:
    folder = _layout(tmp_path)
    os.mkfifo(tmp_path / "secret" / "pipe.png")  # opening it would block the check
    (f,) = check_note_images(folder / "n.xhsnote", ["../secret/pipe.png"], rs, ocr=False)
    assert f.rule == "image.outside"


def test_an_image_path_with_a_nul_character_is_a_missing_image_not_a_crash(tmp_path: Path) -> None:
    found = _image_findings(tmp_path / "n.xhsnote", ["a\x00b.jpg"])
    assert [f["rule"] for f in found] == ["image.missing"]


def test_a_bundle_refuses_an_outside_image_unless_the_user_allowed_it(tmp_path: Path) -> None:
    folder = _layout(tmp_path)
    (folder / "ok.png").write_bytes(b"png")
    note = Note(title="t", body="b", images=[{"path": "ok.png"}, {"path": "../secret/passport.jpg"}])
    assert ex.outside_images(note, folder) == ["../secret/passport.jpg"]
    with pytest.raises(ex.ExportError) as info:
        ex.write_bundle(note, tmp_path / "out.zip", note_dir=folder)
    assert info.value.kind == "outside_image" and "outside the note's folder" in info.value.message("en")
    assert not (tmp_path / "out.zip").exists()
    ex.write_bundle(note, tmp_path / "out.zip", note_dir=folder, allow_outside=True)
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert zf.read("02.jpg") == b"\xff\xd8private"


@pytest.mark.parametrize("allow", [False, True])
def test_the_editor_asks_before_putting_an_outside_image_into_a_bundle(qtbot, tmp_path: Path, allow: bool) -> None:
    from xhs_editor.ui.export_dialog import ExportAsk, ExportDialog

    class Ask(ExportAsk):
        def __init__(self) -> None:
            super().__init__(None, "en")
            self.asked: list[list[str]] = []
            self.errors: list[str] = []

        def save_path(self, kind: str, suggested: str) -> str | None:
            return str(tmp_path / "out.zip")

        def confirm_outside(self, paths) -> bool:
            self.asked.append(list(paths))
            return allow

        def error(self, message: str) -> None:
            self.errors.append(message)

    folder = _layout(tmp_path)
    rs = load_ruleset([DATA / "industries_basic"], include_user=False, include_bundled=False)
    note = Note(title="春日穿搭", body="今天分享通勤穿搭", images=[{"path": "../secret/passport.jpg"}])
    ask = Ask()
    dialog = ExportDialog(rs, note, note_path=folder / "n.xhsnote", ask=ask, lang="en")
    qtbot.addWidget(dialog)
    assert dialog.export("bundle_zip") is allow
    assert ask.asked == [["../secret/passport.jpg"]]
    if allow:
        with zipfile.ZipFile(tmp_path / "out.zip") as zf:
            assert "01.jpg" in zf.namelist()
    else:
        assert not (tmp_path / "out.zip").exists()
        assert ask.errors and "outside the note's folder" in ask.errors[0]


# --- memory: huge images -------------------------------------------------------------------------------

def test_the_text_reader_is_handed_at_most_the_capped_pixels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QColor, QImage

    from xhs_editor.images import checks, ocr

    img = QImage(3000, 2000, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    assert img.save(str(tmp_path / "big.png"))
    handed: list[tuple[int, ...]] = []

    def fake_recognize(path, pixels, scale=1.0):
        arr = pixels()
        handed.append((arr.shape[0], arr.shape[1], round(arr.shape[1] / scale)))
        return []

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "recognize", fake_recognize)
    checks.analyse(checks.inspect(tmp_path / "big.png"), codes=False, ocr=True)
    [(h, w, original_w)] = handed
    assert h * w <= checks.OCR_MAX_PIXELS and original_w == 3000  # boxes still map to the original's pixels


# The child's own peak (VmHWM, in kB): its ru_maxrss would also count the pytest process's peak, which Linux
# carries over the exec of a child that subprocess starts with vfork.
SHRINK_SCRIPT = """
import sys
from pathlib import Path
from xhs_editor.images import checks
img, scale = checks.load_image(checks.inspect(Path(sys.argv[1])))
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(img.width(), img.height(), peak)
"""

MAKE_SCRIPT = """
import sys
from PySide6.QtGui import QColor, QImage
img = QImage(7745, 7745, QImage.Format.Format_ARGB32)
img.fill(QColor(0, 0, 0, 0))
img.save(sys.argv[1])
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the peak is read from /proc")
def test_a_huge_transparent_png_is_decoded_with_one_full_size_copy_at_most(tmp_path: Path) -> None:
    import subprocess

    png = tmp_path / "t.png"
    subprocess.run([sys.executable, "-c", MAKE_SCRIPT, str(png)], check=True, timeout=300)
    assert png.stat().st_size < 300_000  # 233 KB on disk, 240 MB of pixels
    done = subprocess.run([sys.executable, "-c", SHRINK_SCRIPT, str(png)], check=True, timeout=300,
                          capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    w, h, peak_kb = map(int, done.stdout.split())
    assert max(w, h) <= 2400
    assert peak_kb < 420_000  # Qt's own scaled read peaked at 550 MB (two full-size copies)


def test_the_editor_shows_a_nul_path_as_missing_and_an_outside_image_as_outside(qtbot, rs, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from xhs_editor.ui.image_panel import ImagePanel

    folder = _layout(tmp_path)
    panel = ImagePanel(rs, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), auto_ocr=False)
    qtbot.addWidget(panel)
    panel.set_images(["a\x00b.jpg", "../secret/passport.jpg"], folder)
    qtbot.waitUntil(lambda: panel.pending() == 0, timeout=20000)
    panel.wait()
    found = sorted((f.rule, f.matched) for f in panel.findings() if f.rule.startswith("image."))
    assert found == [("image.missing", "a\x00b.jpg"), ("image.outside", "../secret/passport.jpg")]
