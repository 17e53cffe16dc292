"""``xhs-editor --self-test``: check that an installed or frozen build works.

It opens the main window (offscreen unless a display is asked for with
``XHS_EDITOR_SELFTEST_DISPLAY=1``) on the bundled sample note and closes it,
loads every bundled rule pack (any pack error fails), and checks the sample
note for its known findings.  Prints one line per step and exits 0, or prints
what failed and exits 1.  Nothing in the user's own folders is read or written:
the steps run with a temporary configuration folder.

The window step comes first and reports the start-up time: seconds from the
start of the process to the main window shown, with the sample checked.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

_IMPORTED = time.perf_counter()

# The sample note (resources/sample.xhsnote) must give at least one error-level
# finding in each of these categories.  Counts are deliberately not pinned:
# rule packs grow, the sample's known problems stay.
EXPECTED_CATEGORIES = ("extreme", "diversion", "guarantee", "superstition")
SAMPLE_NOTE = "sample.xhsnote"
WINDOW_TIMEOUT_S = 15.0


class SelfTestFailure(Exception):
    """A step found a problem; the message says what."""


def process_age() -> tuple[float, str]:
    """Seconds since this process started, and how that was measured."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            start_ticks = int(fields[19])  # field 22 (starttime), counted after "pid (comm) "
            with open("/proc/uptime", encoding="ascii") as fh:
                uptime = float(fh.read().split()[0])
            return uptime - start_ticks / os.sysconf("SC_CLK_TCK"), "process start"
        except (OSError, ValueError, IndexError):
            pass
    elif sys.platform == "win32":
        try:
            import ctypes
            from ctypes import wintypes

            creation, exit_, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
            k32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            if k32.GetProcessTimes(k32.GetCurrentProcess(), ctypes.byref(creation), ctypes.byref(exit_),
                                   ctypes.byref(kernel), ctypes.byref(user)):
                k32.GetSystemTimeAsFileTime(ctypes.byref(now))

                def ticks(ft: wintypes.FILETIME) -> int:
                    return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

                return (ticks(now) - ticks(creation)) / 1e7, "process start"
        except (OSError, AttributeError, ValueError):
            pass
    return time.perf_counter() - _IMPORTED, "self-test start (process start not measurable here)"


def _isolate_config() -> tempfile.TemporaryDirectory[str]:
    """Point the app's configuration folder at a fresh temporary one."""
    tmp = tempfile.TemporaryDirectory(prefix="xhs-editor-selftest-")
    os.environ["XHS_EDITOR_CONFIG_DIR"] = tmp.name
    return tmp


def check_rule_packs() -> str:
    """Every bundled pack loads without an error."""
    from .engine import bundled_rules_dir, load_ruleset

    rules_dir = bundled_rules_dir()
    if not rules_dir.is_dir():
        raise SelfTestFailure(f"the bundled rules folder is missing: {rules_dir}")
    ruleset = load_ruleset(include_user=False)
    if ruleset.errors:
        raise SelfTestFailure("rule pack errors:\n" + "\n".join(f"    {e}" for e in ruleset.errors))
    files = sorted(p.name for p in rules_dir.glob("*.yaml"))
    if not ruleset.rules:
        raise SelfTestFailure(f"no rules loaded from {rules_dir}")
    return (f"{len(ruleset.packs)} packs from {len(files)} files, {len(ruleset.rules)} rules, "
            f"{ruleset.term_count()} terms, {len(ruleset.detectors)} detectors")


def check_sample() -> str:
    """The sample note gives an error-level finding in each expected category."""
    from . import note as notes
    from .engine import Severity, check_note, load_ruleset, resources_dir

    path = resources_dir() / SAMPLE_NOTE
    if not path.is_file():
        raise SelfTestFailure(f"the sample note is missing: {path}")
    sample = notes.load(path)
    ruleset = load_ruleset(include_user=False)
    findings = check_note(sample.title, sample.body, sample.topics_text(), ruleset)
    errors = {f.category for f in findings if f.severity == Severity.ERROR}
    missing = [c for c in EXPECTED_CATEGORIES if c not in errors]
    if missing:
        raise SelfTestFailure(f"{path.name}: no error finding in {', '.join(missing)} "
                              f"(found errors in: {', '.join(sorted(errors)) or 'none'})")
    return (f"{len(findings)} findings, errors in {len(errors)} categories "
            f"(expected {', '.join(EXPECTED_CATEGORIES)}: present)")


def check_window() -> str:
    """The main window opens on the sample note, shows its findings, and closes."""
    if os.environ.get("XHS_EDITOR_SELFTEST_DISPLAY") != "1":
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from .ui.main_window import MainWindow
        from .ui.prompts import Prompts
    except ImportError as exc:
        if getattr(exc, "name", "") and "main_window" in str(exc.name):
            return "skipped: xhs_editor.ui.main_window is not there yet"
        raise
    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from .engine import load_ruleset

    problems: list[str] = []

    class QuietPrompts(Prompts):
        """Answers every question without a dialog; an error message is a failure."""

        def ask_save_changes(self, name: str) -> str:
            return "discard"

        def ask_restore(self, title: str, original: str | None) -> bool:
            return False

        def open_path(self, folder: str) -> str | None:
            return None

        def save_path(self, suggested: str) -> str | None:
            return None

        def error(self, message: str, *args: object, **kwargs: object) -> None:
            problems.append(str(message))

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("XHS Editor")
    settings = QSettings(str(Path(os.environ["XHS_EDITOR_CONFIG_DIR"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    ruleset = load_ruleset(include_user=False)
    window = MainWindow(ruleset=ruleset, loader=lambda: load_ruleset(include_user=False),
                        prompts=QuietPrompts(), settings=settings, autosave_ms=60_000)
    window.open_sample()
    window.show()
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    hits: list[object] = []
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if window.isVisible():
            hits = list(window.collect_hits())
            if hits:
                break
        time.sleep(0.01)
    age, measured_from = process_age()
    visible = window.isVisible()
    for ed in window.editors.values():
        ed.document().setModified(False)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)
    app.processEvents()
    if problems:
        raise SelfTestFailure("the window reported: " + "; ".join(problems))
    if not visible:
        raise SelfTestFailure(f"the main window was not shown within {WINDOW_TIMEOUT_S:.0f} s")
    if not hits:
        raise SelfTestFailure(f"the window showed no findings for the sample within {WINDOW_TIMEOUT_S:.0f} s")
    platform = QApplication.platformName()
    return (f"shown ({platform}) with {len(hits)} findings and closed; "
            f"start-up to window shown: {age:.2f} s since {measured_from}")


STEPS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("main window", check_window),
    ("rule packs", check_rule_packs),
    ("sample note", check_sample),
)


class _Report:
    """Prints each line and, when asked, appends it to a report file.

    A windowed Windows build has no standard output (``sys.stdout`` is None and
    ``print`` does nothing), so CI reads the report file instead.
    """

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None
        if self.path is not None:
            self.path.write_text("", encoding="utf-8")

    def __call__(self, line: str) -> None:
        print(line, flush=True)
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")


def run_self_test(report_file: str | None = None) -> int:
    """Run every step; 0 when all pass, else 1 (each failure is printed).

    ``report_file``, if given, receives the same lines as standard output.
    """
    from . import __version__
    from .engine.paths import data_root

    out = _Report(report_file)
    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    out(f"xhs-editor {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, "
        f"{sys.platform}; data: {data_root()})")
    keep_config = os.environ.get("XHS_EDITOR_CONFIG_DIR")
    tmp = _isolate_config()
    failed = 0
    try:
        for name, step in STEPS:
            started = time.perf_counter()
            try:
                detail = step()
            except SelfTestFailure as exc:
                failed += 1
                out(f"FAIL {name}: {exc}")
            except Exception:  # noqa: BLE001 - a self-test reports every crash
                failed += 1
                out(f"FAIL {name}: crashed\n{traceback.format_exc()}")
            else:
                out(f"ok   {name}: {detail} [{time.perf_counter() - started:.2f} s]")
    finally:
        if keep_config is None:
            os.environ.pop("XHS_EDITOR_CONFIG_DIR", None)
        else:
            os.environ["XHS_EDITOR_CONFIG_DIR"] = keep_config
        try:
            tmp.cleanup()
        except OSError:
            pass
    if failed:
        out(f"self-test FAILED: {failed} of {len(STEPS)} steps")
        return 1
    out(f"self-test passed: {len(STEPS)} steps")
    return 0
