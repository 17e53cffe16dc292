"""Packaging: the icon files, the self-test, and (slow) the frozen Linux build with its self-test."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import make_icons  # noqa: E402
from version import project_version  # noqa: E402


def test_version_comes_from_pyproject() -> None:
    from xhs_editor import __version__

    assert project_version() == __version__


def test_icons_are_valid_containers(tmp_path: Path) -> None:
    written = {p.name: p for p in make_icons.make_icons(tmp_path)}
    png = written["xhs-editor.png"].read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (256, 256)

    ico = written["xhs-editor.ico"].read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    for i, size in enumerate(make_icons.ICO_SIZES):
        w, h, _c, _r, planes, bpp, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i:22 + 16 * i])
        assert (w or 256, h or 256, planes, bpp) == (size, size, 1, 32)
        entry = ico[offset:offset + length]
        assert entry.startswith(b"\x89PNG") and struct.unpack(">II", entry[16:24]) == (size, size)

    icns = written["xhs-editor.icns"].read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    pos, kinds = 8, []
    while pos < len(icns):
        kind, length = icns[pos:pos + 4], struct.unpack(">I", icns[pos + 4:pos + 8])[0]
        assert icns[pos + 8:pos + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        pos += length
    assert pos == len(icns)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(kinds)


def test_self_test_passes_from_source(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XHS_EDITOR_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.run([sys.executable, "-m", "xhs_editor", "--self-test", str(report)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert report.read_text(encoding="utf-8").splitlines()[-1].startswith("self-test passed")
    assert "start-up to window shown" in proc.stdout
    assert not (tmp_path / "cfg").exists() or not any((tmp_path / "cfg").iterdir())


def test_self_test_reports_a_broken_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xhs_editor import selftest

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "broken.yaml").write_text("pack: {name: broken}\nrules:\n  - id: x\n    category: nope\n",
                                       encoding="utf-8")
    monkeypatch.setattr("xhs_editor.engine.paths.data_root", lambda: tmp_path)
    with pytest.raises(selftest.SelfTestFailure, match="broken.yaml"):
        selftest.check_rule_packs()


def _pyinstaller_installable() -> bool:
    """Whether uv can bring in PyInstaller (it needs the package index or its cache)."""
    if shutil.which("uv") is None:
        return False
    proc = subprocess.run(["uv", "run", "--no-project", "--with", "pyinstaller>=6.10", "python", "-c",
                           "import PyInstaller"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    return proc.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="build.sh is checked on Linux here; CI builds the rest")
def test_frozen_linux_build_passes_its_self_test(tmp_path: Path) -> None:
    if not _pyinstaller_installable():
        pytest.skip("PyInstaller cannot be installed (no network and not in uv's cache)")
    build_dir = tmp_path / "build"
    env = {**os.environ, "BUILD_DIR": str(build_dir), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(["bash", str(PACKAGING / "build.sh")], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=1800)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    report = (build_dir / "selftest.txt").read_text(encoding="utf-8")
    assert "(frozen," in report.splitlines()[0]
    assert report.splitlines()[-1].startswith("self-test passed"), report
    app = build_dir / "dist" / "xhs-editor"
    assert (app / "xhs-editor").is_file() and os.access(app / "xhs-editor", os.X_OK)
    assert (app / "_internal" / "rules" / "categories.yaml").is_file()
    assert (app / "_internal" / "resources" / "sample.xhsnote").is_file()
    version = project_version()
    assert (build_dir / "installers" / f"XHS-Editor-{version}-linux-{os.uname().machine}.tar.gz").is_file() or \
        any((build_dir / "installers").glob(f"XHS-Editor-{version}-linux-*.tar.gz"))
