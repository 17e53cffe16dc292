"""Starting the editor: ``run_app(args)`` creates the application and the main window."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(args: list[str]) -> int:
    """Run the editor; ``args`` may name a note to open.  Returns the exit code.

    With no path: after a crash, offer to restore unsaved work; on the first
    launch, show the bundled sample note; otherwise start an empty note.
    """
    import threading

    from .engine import default_ruleset, resources_dir, warm_segmenter

    def warm() -> None:
        warm_segmenter()
        default_ruleset().claim_tagger()
        default_ruleset().note_gate()

    # The segmenter's dictionary, the rule packs and the learned models load while Qt starts, not on the first check.
    threading.Thread(target=warm, name="warm-engine", daemon=True).start()

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .ui import error_handler
    from .ui.i18n import install_qt_translations, language, set_language, system_language
    from .ui.main_window import MainWindow
    from .ui.settings import app_settings

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("XHS Editor")
    app.setOrganizationName("xhs-editor")
    app.setApplicationDisplayName("XHS Editor")
    icon = resources_dir() / "icon.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    settings = app_settings()
    set_language(str(settings.value("language", "") or "") or system_language())
    install_qt_translations(language())

    window = MainWindow(settings=settings)
    window.error_handler = error_handler.install(window)  # type: ignore[attr-defined]
    paths = [a for a in args if not a.startswith("-")]
    if paths:
        window.open_path(Path(paths[0]), confirm=False)
    elif not window.offer_recovery():
        if not bool(settings.value("first_launch_done", False, type=bool)):
            window.open_sample()
    settings.setValue("first_launch_done", True)
    window.show()
    return int(app.exec())
