"""Edit a reminder level's letter text in each language (nl, fr, en), placeholders checked before it is kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from ...domain.dunning import PLACEHOLDERS, Level, text_problems
from ...i18n import LANGUAGES
from ...services.dunning_setup import level_text
from ..widgets.fit import fit_to_screen

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


class LevelTextsDialog(QDialog):
    """One text box per language, starting from the text in use; a text equal to the shipped
    translation is not stored as the user's own (so later translation fixes still reach it)."""

    def __init__(self, tr, level: Level, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.tr_, self.level = tr, level
        self.setWindowTitle(tr("Letter text: {title}", title=tr(level.title)))
        fit_to_screen(self, 640, 420)
        self.tabs = QTabWidget()
        self.editors: dict[str, QPlainTextEdit] = {}
        for language in LANGUAGES:
            editor = QPlainTextEdit(level_text(level, language)[1])
            self.editors[language] = editor
            self.tabs.addTab(editor, LANGUAGE_NAMES.get(language, language))
        hint = QLabel(tr("Placeholders: {names}", names=" ".join("{" + n + "}" for n in PLACEHOLDERS)))
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def value(self) -> Level:
        """The level with the user's own texts (only where they differ from the shipped ones)."""
        shipped = replace(self.level, overrides={})
        overrides = {}
        for language, editor in self.editors.items():
            text = editor.toPlainText().strip()
            if text and text != level_text(shipped, language)[1].strip():
                overrides[language] = text
        return replace(self.level, overrides=overrides)

    def accept(self) -> None:
        for n, (language, editor) in enumerate(self.editors.items()):
            problems = text_problems(editor.toPlainText())
            if problems:
                self.tabs.setCurrentIndex(n)
                self.error.setText(f"{LANGUAGE_NAMES.get(language, language)}: {problems[0]}")
                return
        super().accept()
