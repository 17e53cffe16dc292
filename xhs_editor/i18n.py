"""Every zh/en string of XHS Editor, as data, without Qt.

The strings live in ``resources/translations/*.yaml`` (found through
:func:`xhs_editor.engine.resources_dir`, so frozen builds find them too):
``ui.yaml`` for the editor's windows and ``report.yaml`` for the checklist,
export gate, exports and review report.  Each key maps to ``{zh: …, en: …}``.

:func:`t` looks a key up in a given language or, by default, in the current
one (:func:`set_language`).  It fills ``{name}`` placeholders; a missing key
shows as the key itself and a bad placeholder leaves the text unfilled, so a
gap is visible but never fatal.  The command line and the report use it as
well as the editor, so nothing here may import Qt.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from .engine import resources_dir

LANGUAGES = ("zh", "en")
_lang = "zh"


def lang_of(lang: str | None) -> str:
    """Normalise a language code ("en", "en_US", "zh-CN", …) to ``"zh"`` or ``"en"``."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def translation_files() -> list[Path]:
    """The translation files, in a fixed order."""
    return sorted((resources_dir() / "translations").glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    """Every key of every translation file (a key in two files: the first file wins)."""
    table: dict[str, dict[str, str]] = {}
    for path in translation_files():
        for key, entry in _load(path).items():
            if isinstance(entry, dict):
                table.setdefault(str(key), entry)
    return table


def set_language(lang: str) -> None:
    """Switch the current language ("zh" or "en")."""
    global _lang
    _lang = lang_of(lang)


def language() -> str:
    """The current language, "zh" or "en"."""
    return _lang


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string ``key`` in ``lang`` (None: the current language) with ``{name}`` values filled in.

    A missing key shows as the key itself; a placeholder that cannot be filled
    leaves the text as it is.
    """
    code = lang_of(lang) if lang is not None else _lang
    entry = _table().get(key)
    if isinstance(entry, dict):
        other = "en" if code == "zh" else "zh"
        text = str(entry.get(code) or entry.get(other) or key)
    else:
        text = key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def pick(value: Any, lang: str | None = None) -> str:
    """A ``{zh: …, en: …}`` mapping (or a plain string) from a rule pack, in ``lang`` (None: current)."""
    if isinstance(value, Mapping):
        code = lang_of(lang) if lang is not None else _lang
        first = value.get(code)
        other = value.get("zh" if code == "en" else "en")
        return str(first or other or "")
    return "" if value is None else str(value)


def keys() -> list[str]:
    """Every key in the translation tables (for tests)."""
    return list(_table())
