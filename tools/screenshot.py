"""Grab a screenshot of the editor showing the bundled sample note.

Run under a display or a virtual one::

    xvfb-run -a uv run python tools/screenshot.py [docs/screenshot.png] [--lang zh|en]

Settings and recovery files go to a temporary folder, so the user's own are untouched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    """Open the sample note, wait until it is checked, save the window as a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--dock", choices=("checklist", "images"), help="also show this dock")
    parser.add_argument("--note", help="open this note instead of the bundled sample")
    parser.add_argument("--wait", type=int, default=800, help="milliseconds to wait before grabbing")
    args = parser.parse_args()
    os.environ["XHS_EDITOR_CONFIG_DIR"] = tempfile.mkdtemp(prefix="xhs-shot-")

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    from xhs_editor.engine import resources_dir
    from xhs_editor.ui.i18n import install_qt_translations, set_language
    from xhs_editor.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    app.setApplicationName("XHS Editor")
    app.setWindowIcon(QIcon(str(resources_dir() / "icon.svg")))
    font = QFont("Noto Sans CJK SC")
    font.setPointSize(10)
    app.setFont(font)
    set_language(args.lang)
    install_qt_translations(args.lang)
    window = MainWindow()
    if args.note:
        window.open_path(Path(args.note), confirm=False)
    else:
        window.open_sample()
    window.resize(args.width, args.height)
    if args.dock:
        dock = window.checklist_dock if args.dock == "checklist" else window.images_dock
        dock.show()
        dock.raise_()
    window.show()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)

    def grab() -> None:
        window.publish()
        window.grab().save(str(out))
        print(f"wrote {out}")
        window.body_edit.document().setModified(False)
        app.quit()

    QTimer.singleShot(args.wait, grab)
    app.exec()
    return 0 if out.is_file() else 1


if __name__ == "__main__":
    sys.exit(main())
