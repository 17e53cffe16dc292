"""What the editor does with an error nobody expected: keep the work, log the details, say so plainly.

Qt swallows exceptions raised in slots after printing them to a console the
user of an installed app never sees.  :func:`install` replaces
``sys.excepthook`` for the running editor: the unsaved note is written to the
recovery file, the traceback goes to a log file in the user's config folder,
and the user gets one clear sentence in the UI language.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..engine import config_dir
from .i18n import tr


def log_dir() -> Path:
    """Where the details of unexpected errors are kept."""
    return config_dir() / "logs"


def write_log(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> Path | None:
    """Write the traceback to a new log file; None when even that fails."""
    from .. import __version__

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = log_dir() / f"error-{stamp}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"XHS Editor {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n"
                        + "".join(traceback.format_exception(exc_type, exc, tb)), encoding="utf-8")
    except OSError:
        return None
    return path


class ErrorHandler:
    """The editor's ``sys.excepthook``; keep a reference while it is installed."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.previous = sys.excepthook
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        autosave = getattr(self.window, "autosave", None)
        try:
            if autosave is not None:
                autosave.write_now()
        except Exception:  # noqa: BLE001 - the report below matters more than a failed autosave
            pass
        log = write_log(exc_type, exc, tb)
        if self._showing:  # an error while the message is up: logged, not shown twice
            return
        self._showing = True
        try:
            self.window.prompts.error(tr("error.unexpected", log=str(log) if log else "—"))
        finally:
            self._showing = False

    def uninstall(self) -> None:
        """Give ``sys.excepthook`` back."""
        if sys.excepthook is self:
            sys.excepthook = self.previous


def install(window: Any) -> ErrorHandler:
    """Route unexpected errors of the running editor to ``window`` (see the module docstring)."""
    handler = ErrorHandler(window)
    sys.excepthook = handler
    return handler
