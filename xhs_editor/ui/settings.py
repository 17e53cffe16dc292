"""The application's persistent settings (an INI file in the config folder) and recent files."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ..engine import config_dir

MAX_RECENT = 8


def app_settings() -> QSettings:
    """The settings store; ``XHS_EDITOR_CONFIG_DIR`` moves it (tests)."""
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def string_list(settings: QSettings, key: str) -> list[str]:
    """A list of strings stored under ``key`` (QSettings returns str for one item)."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def add_recent(settings: QSettings, path: str) -> list[str]:
    """Put ``path`` first in the recent files; returns the new list."""
    recent = [p for p in string_list(settings, "recent_files") if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    settings.setValue("recent_files", recent)
    return recent
