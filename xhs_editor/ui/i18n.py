"""UI strings as data: ``resources/translations/ui.yaml`` holds zh/en per key."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ..engine import resources_dir

LANGUAGES = ("zh", "en")
_lang = "zh"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    path = resources_dir() / "translations" / "ui.yaml"
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def system_language() -> str:
    """"zh" when the system locale is Chinese, otherwise "en"."""
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def set_language(lang: str) -> None:
    """Switch the language used by :func:`tr` ("zh" or "en")."""
    global _lang
    _lang = "en" if lang.startswith("en") else "zh"


def language() -> str:
    """The current UI language, "zh" or "en"."""
    return _lang


def tr(key: str, **values: object) -> str:
    """The UI string ``key`` in the current language, with ``{name}`` values filled in.

    A missing key shows as the key itself, so a gap is visible but never fatal.
    """
    entry = _table().get(key)
    text = key if not isinstance(entry, dict) else str(entry.get(_lang) or entry.get("en") or key)
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def keys() -> list[str]:
    """Every key in the translation table (for tests)."""
    return list(_table())
