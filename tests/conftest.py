"""Shared test setup: Qt offscreen, an empty user config folder, fixture rule sets."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user config folder, so no test reads the developer's packs."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XHS_EDITOR_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def basic_ruleset():
    """The small engine test pack plus the bundled category and limit definitions only."""
    from xhs_editor.engine import load_ruleset

    rs = load_ruleset([DATA / "packs_basic"], include_user=False, include_bundled=False)
    assert rs.errors == []
    return rs


# --- GUI fixtures (issue 5) ----------------------------------------------------

UI_PACK = """\
pack: {name: ui-test, version: "1", description: terms for the GUI tests}
rules:
  - id: t.extreme
    category: extreme
    terms: [极致]
    message: {zh: 极限用语, en: An absolute term}
    replacements: [非常, 很]
  - id: t.wechat
    category: diversion
    terms: [微信]
    message: {zh: 站外导流, en: Off-platform contact}
    advice: [删除联系方式]
  - id: t.luck
    category: superstition
    terms: [旺财]
    message: {zh: 迷信用语, en: Superstition}
    replacements: [好运]
  - id: t.sure
    category: guarantee
    severity: warning
    terms: [100%有效]
    message: {zh: 承诺保证, en: A guarantee}
"""


@pytest.fixture
def ui_rules_dir(tmp_path: Path) -> Path:
    """A rules folder with a tiny pack of test terms (categories and limits come from the bundle)."""
    folder = tmp_path / "ui_rules"
    folder.mkdir()
    (folder / "ui_test.yaml").write_text(UI_PACK, encoding="utf-8")
    return folder


@pytest.fixture
def ui_loader(ui_rules_dir: Path):
    """Loads the GUI test rules plus the (isolated) user's own packs."""
    from xhs_editor.engine import load_ruleset

    def load():
        rs = load_ruleset([ui_rules_dir], include_user=True, include_bundled=False)
        assert rs.errors == [], rs.errors
        return rs

    return load


class FakePrompts:
    """Answers the main window's questions without dialogs and records what was asked."""

    def __init__(self) -> None:
        self.parent = None
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.save_answer = "cancel"
        self.restore_answer = True
        self.reason: str | None = ""
        self.next_open: str | None = None
        self.next_save: str | None = None
        self.open_folders: list[str] = []
        self.save_suggestions: list[str] = []

    def ask_save_changes(self, name: str) -> str:
        self.asked.append("save_changes")
        return self.save_answer

    def ask_restore(self, title: str, original: str | None) -> bool:
        self.asked.append("restore")
        return self.restore_answer

    def open_path(self, folder: str) -> str | None:
        self.open_folders.append(folder)
        return self.next_open

    def save_path(self, suggested: str) -> str | None:
        self.save_suggestions.append(suggested)
        return self.next_save

    def ask_reason(self, matched: str) -> str | None:
        self.asked.append("reason")
        return self.reason

    def error(self, message: str) -> None:
        self.errors.append(message)

    def info(self, message: str) -> None:
        self.infos.append(message)


@pytest.fixture
def prompts() -> FakePrompts:
    """Scripted answers for the main window's questions."""
    return FakePrompts()


@pytest.fixture
def window(qtbot, ui_loader, prompts):
    """A main window on the GUI test rules, with scripted prompts and isolated settings."""
    from xhs_editor.ui.i18n import set_language
    from xhs_editor.ui.main_window import MainWindow
    from xhs_editor.ui.settings import app_settings

    set_language("zh")
    settings = app_settings()
    settings.setValue("use_model", False)  # the test rules' words, judged by the rules alone (the models: own tests)
    win = MainWindow(ruleset=ui_loader(), loader=ui_loader, prompts=prompts, settings=settings, autosave_ms=50)
    qtbot.addWidget(win)
    win.show()
    yield win
    win._meta_dirty = False
    for ed in win.editors.values():
        ed.document().setModified(False)


def send_text(widget, text: str) -> None:
    """Type ``text`` into ``widget`` one key event per character, as a keyboard or IME would.

    ``qtbot.keyClicks`` only handles ASCII (Qt's QTest asserts on other characters),
    so CJK text is sent as key events carrying the character.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\n":
            key, ch_text = Qt.Key.Key_Return, "\r"
        else:
            key, ch_text = Qt.Key.Key_unknown, ch
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch_text))


@pytest.fixture
def type_text():
    """``type_text(widget, text)``: key events for any text, CJK included."""
    return send_text


@pytest.fixture
def bundled_window_with(qtbot, prompts):
    """Makes the editor on the bundled rules, with the learned models or without, on an empty note."""
    from xhs_editor.engine import load_ruleset
    from xhs_editor.ui.i18n import set_language
    from xhs_editor.ui.main_window import MainWindow
    from xhs_editor.ui.settings import app_settings

    made = []

    def make(models: bool):  # type: ignore[no-untyped-def]
        set_language("zh")
        rs = load_ruleset(include_user=False, model=models)
        settings = app_settings()
        settings.setValue("use_model", models)
        win = MainWindow(ruleset=rs, loader=lambda: rs, prompts=prompts, settings=settings, autosave_ms=60_000)
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    for win in made:
        for ed in win.editors.values():
            ed.document().setModified(False)


def load_tool(name: str):  # type: ignore[no-untyped-def]
    """A script of ``tools/`` imported as a module (the training scripts are tested through their functions)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent.parent / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[name] = tool
    spec.loader.exec_module(tool)
    return tool
