"""The editor's view of :mod:`xhs_editor.i18n`: ``tr``, the system language and Qt's own strings.

All strings and the language state live in the Qt-free :mod:`xhs_editor.i18n`
(data in ``resources/translations/*.yaml``); ``tr`` is its ``t``.  Here is only
what needs Qt: :func:`system_language` asks Qt for the locale, and
:func:`install_qt_translations` loads the translations PySide6 ships for Qt's
own texts (a text box's context menu, standard buttons, the file dialog).
"""

from __future__ import annotations

from ..i18n import LANGUAGES, keys, language, set_language, t

tr = t

__all__ = ["LANGUAGES", "install_qt_translations", "keys", "language", "set_language", "system_language", "t", "tr"]

_installed: list[object] = []


def system_language() -> str:
    """"zh" when the system locale is Chinese, otherwise "en"."""
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_qt_translations(lang: str) -> bool:
    """Make Qt's own texts speak ``lang`` ("zh" or "en") in this application; True when loaded.

    Chinese loads ``qtbase_zh_CN`` from the translations PySide6 ships (found
    through ``QLibraryInfo``, so a frozen build finds its bundled copy) and
    sets the default locale, which the file dialog follows.  English removes
    them again.
    """
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())  # type: ignore[arg-type]
    if not lang.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = True
            break
    return loaded
