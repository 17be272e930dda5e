"""Qt's own words (file dialogs, Close, Cancel, context menus) in the interface language.

Qt ships its translations as qtbase_<lang>.qm beside PySide6; one QTranslator per application is
swapped when the user changes the language. The QLocale default follows too, so Qt's own date and
number widgets read the Belgian way of the same language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..i18n import LOCALES

_installed: dict[str, QTranslator] = {}  # the translators in use (kept alive: Qt does not own them)

# Words Qt's own catalogs leave in English (its file dialog's labels, checked by tests/desk/test_firsthour_walk).
GAPS: dict[str, dict[tuple[str, str], str]] = {
    "nl": {("QFileDialog", "&Look in:"): "&Zoeken in:", ("QFileDialog", "Files of &type:"): "Bestands&type:"},
    "fr": {("QFileDialog", "&Look in:"): "&Voir dans :", ("QFileDialog", "Files of &type:"): "&Type de fichier :"},
}


class _Gaps(QTranslator):
    """Fills the few gaps of Qt's catalogs for one language; everything else is Qt's own translation."""

    def __init__(self, language: str, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.words = GAPS.get(language, {})

    def isEmpty(self) -> bool:
        return not self.words

    def translate(self, context, source, disambiguation=None, n=-1):  # type: ignore[no-untyped-def,override]
        return self.words.get((context, source), "")


def use_language(language: str) -> bool:
    """Install Qt's translations for `language` (replacing the previous ones); False when Qt has none."""
    app = QCoreApplication.instance()
    QLocale.setDefault(QLocale(LOCALES.get(language, "en_BE")))
    if app is None:
        return False
    for old in (_installed.pop("qtbase", None), _installed.pop("gaps", None)):
        if old is not None:
            app.removeTranslator(old)
    if GAPS.get(language):
        gaps = _Gaps(language, app)
        app.installTranslator(gaps)
        _installed["gaps"] = gaps
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
