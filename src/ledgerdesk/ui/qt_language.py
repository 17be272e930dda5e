"""Qt's own words (file dialogs, Close, Cancel, context menus) in the interface language.

Qt ships its translations as qtbase_<lang>.qm beside PySide6; one QTranslator per application is
swapped when the user changes the language. The QLocale default follows too, so Qt's own date and
number widgets read the Belgian way of the same language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..i18n import LOCALES

_installed: dict[str, QTranslator] = {}  # the one translator in use (kept alive: Qt does not own it)


def use_language(language: str) -> bool:
    """Install Qt's translations for `language` (replacing the previous ones); False when Qt has none."""
    app = QCoreApplication.instance()
    QLocale.setDefault(QLocale(LOCALES.get(language, "en_BE")))
    if app is None:
        return False
    old = _installed.pop("qtbase", None)
    if old is not None:
        app.removeTranslator(old)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    app.installTranslator(translator)
    _installed["qtbase"] = translator
    return True


def qt_says(context: str, text: str) -> str:
    """What Qt itself shows for one of its strings now (tests)."""
    return QCoreApplication.translate(context, text)
