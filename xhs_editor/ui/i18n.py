"""The editor's view of :mod:`xhs_editor.i18n`: ``tr`` and the system language.

All strings and the language state live in the Qt-free :mod:`xhs_editor.i18n`
(data in ``resources/translations/*.yaml``); ``tr`` is its ``t``.  Only
:func:`system_language` is here, because it asks Qt for the locale.
"""

from __future__ import annotations

from ..i18n import LANGUAGES, keys, language, set_language, t

tr = t

__all__ = ["LANGUAGES", "keys", "language", "set_language", "system_language", "t", "tr"]


def system_language() -> str:
    """"zh" when the system locale is Chinese, otherwise "en"."""
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"
