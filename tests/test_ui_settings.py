"""Settings dialog and the two UI languages."""

from __future__ import annotations

from PySide6.QtCore import Qt

from xhs_editor.ui import i18n
from xhs_editor.ui.settings import app_settings, string_list
from xhs_editor.ui.settings_dialog import SettingsDialog


def test_tr_switches_language_and_fills_values():
    i18n.set_language("en")
    assert i18n.tr("status.counts", errors=1, warnings=2, infos=3) == "1 errors · 2 warnings · 3 info"
    i18n.set_language("zh")
    assert i18n.tr("status.counts", errors=1, warnings=2, infos=3) == "1 个错误 · 2 个警告 · 3 条提示"
    assert i18n.tr("no.such.key") == "no.such.key"


def test_english_window_shows_english_menus_and_messages(qtbot, ui_loader, prompts):
    from xhs_editor.ui.main_window import MainWindow

    i18n.set_language("en")
    try:
        win = MainWindow(ruleset=ui_loader(), loader=ui_loader, prompts=prompts, settings=app_settings())
        qtbot.addWidget(win)
        win.body_edit.setPlainText("极致")
        win.publish()
        assert [m.title() for m in win.menuBar().findChildren(type(win.recent_menu))][:1] == ["&File"]
        assert win.summary.text() == "1 errors · 0 warnings · 0 info"
        finding = win.store.hits[0].finding
        assert "An absolute term" in win.body_edit.tooltip_html(finding)
    finally:
        i18n.set_language("zh")


def test_settings_dialog_saves_language_font_and_categories(qtbot, ui_loader):
    settings = app_settings()
    dialog = SettingsDialog(settings, ui_loader())
    qtbot.addWidget(dialog)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    dialog.font_size.setValue(15)
    for i in range(dialog.categories.count()):
        item = dialog.categories.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == "inducement":
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    assert settings.value("language") == "en"
    assert int(settings.value("font_size")) == 15
    assert string_list(settings, "hidden_categories") == ["inducement"]


def test_at_1024_pixels_with_a_side_panel_open_the_note_keeps_half_the_window(qtbot, window):
    window.resize(1024, 720)
    window.show()
    qtbot.waitExposed(window)
    for dock in (window.checklist_dock, window.images_dock):
        dock.show()
        dock.raise_()
        qtbot.waitUntil(lambda: window.centralWidget().width() >= 512, timeout=3000)
        assert window.sidebar_dock.isVisible() and dock.isVisible()
        assert window.body_edit.width() >= 360  # beside the field labels and counters


def test_switching_the_claim_tagger_off_in_settings_removes_its_findings(qtbot, prompts):
    from xhs_editor.engine import load_ruleset
    from xhs_editor.ui.main_window import MainWindow

    settings = app_settings()
    bundled = load_ruleset(include_user=False)
    win = MainWindow(ruleset=bundled, loader=lambda: load_ruleset(include_user=False), prompts=prompts,
                     settings=settings)
    qtbot.addWidget(win)
    win.apply_settings()
    win.body_edit.setPlainText("吃了半年心绞痛再也没发过\n\n热门项目：\n加我微信")
    win.publish()
    assert any(h.finding.rule.startswith("model.") for h in win.store.hits)

    dialog = SettingsDialog(settings, bundled)
    qtbot.addWidget(dialog)
    assert dialog.use_model.isChecked()
    dialog.use_model.setChecked(False)
    dialog.accept()
    win.apply_settings()
    win.publish()
    assert not any(h.finding.rule.startswith("model.") for h in win.store.hits)
    assert win.store.hits  # the rules' own findings stay
