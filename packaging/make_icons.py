"""Render the app icon from its SVG source into PNG, ICO and ICNS files.

    uv run python packaging/make_icons.py [OUT_DIR]      (default: build/icons)

Writes ``xhs-editor-<size>.png`` for each size, ``xhs-editor.png`` (256 px, the
window icon), ``xhs-editor.ico`` (Windows: PNG entries, 16–256 px) and
``xhs-editor.icns`` (macOS: PNG entries, 16–1024 px).  Only PySide6 is needed:
QtSvg renders the PNGs and the ICO/ICNS containers are written here by hand.
Generated files are build outputs and are not committed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "resources" / "icon.svg"  # one source for the window icon and the installers
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (the @2x types reuse a larger image).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"ic11", 32), (b"icp6", 64), (b"ic12", 64),
    (b"ic07", 128), (b"ic08", 256), (b"ic13", 256), (b"ic09", 512), (b"ic14", 512),
    (b"ic10", 1024),
)


def render_pngs(svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> dict[int, bytes]:
    """PNG bytes of the SVG rendered at each size (transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A full QApplication, so that widgets made later in the same process (tests) still work.
    _app = QApplication.instance() or QApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for QtSvg")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise SystemExit(f"could not encode the {size}px PNG")
        buffer.close()
        out[size] = bytes(data)
    return out


def ico_bytes(pngs: dict[int, bytes], sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows ICO container with one PNG-compressed entry per size (Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An Apple ICNS container with PNG elements (macOS 10.7 and later)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out_dir: Path) -> list[Path]:
    """Write every icon file into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs()
    written = []
    for size, data in pngs.items():
        path = out_dir / f"xhs-editor-{size}.png"
        path.write_bytes(data)
        written.append(path)
    for name, data in (("xhs-editor.png", pngs[256]), ("xhs-editor.ico", ico_bytes(pngs)),
                       ("xhs-editor.icns", icns_bytes(pngs))):
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else HERE.parent / "build" / "icons"
    for path in make_icons(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
