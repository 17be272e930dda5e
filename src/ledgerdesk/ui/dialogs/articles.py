"""The articles window: the catalogue with search, and the form to add or change an article.

The catalogue is read once and searched in memory at every keystroke (`domain.articles.ArticleIndex`);
it is read again after each change.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.articles import Article, ArticleIndex, ArticleInput, price_text
from ...domain.errors import DomainError
from ...services import articles
from ..context import AppContext
from ..models.lines import VAT_KEYS, decimal_text, unit_label, vat_label
from ..models.rows import Column, RowTableModel
from ..widgets.dialog_parts import close_box, form_of, row_list
from ..widgets.fit import fit_to_screen


class ArticleForm(QDialog):
    """Add or change one article: code, a name per language, unit, price, VAT case, category."""

    def __init__(self, ctx: AppContext, article: Article | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.article = article
        tr = ctx.tr
        self.setWindowTitle(tr("Change article") if article else tr("New article"))
        self.code = QLineEdit(placeholderText=tr("e.g. CONS-H"))
        self.name_nl = QLineEdit()
        self.name_fr = QLineEdit()
        self.name_en = QLineEdit()
        self.unit = QComboBox()
        from ...domain.units import UNITS

        for code in UNITS:
            self.unit.addItem(f"{unit_label(ctx.language, code)} ({code})", code)
        self.price = QLineEdit(placeholderText="65,00")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.vat = QComboBox()
        for key in VAT_KEYS:
            self.vat.addItem(vat_label(tr, key), key)
        self.category = QLineEdit(placeholderText=tr("optional"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        form = form_of(
            (
                (tr("Code"), self.code),
                (tr("Name in Dutch"), self.name_nl),
                (tr("Name in French"), self.name_fr),
                (tr("Name in English"), self.name_en),
                (tr("Unit"), self.unit),
                (tr("Unit price excl. VAT"), self.price),
                (tr("VAT"), self.vat),
                (tr("Revenue category"), self.category),
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.unit.setCurrentIndex(self.unit.findData("HUR"))
        if article is not None:
            self.code.setText(article.code)
            self.name_nl.setText(article.name_nl)
            self.name_fr.setText(article.name_fr)
            self.name_en.setText(article.name_en)
            self.unit.setCurrentIndex(max(self.unit.findData(article.unit), 0))
            self.price.setText(decimal_text(Decimal(price_text(article.unit_price)), ctx.language))
            self.vat.setCurrentIndex(max(self.vat.findData(article.vat), 0))
            self.category.setText(article.category or "")
        self.saved: Article | None = None
        fit_to_screen(self, 520, 360)

    def data(self) -> ArticleInput:
        return ArticleInput(
            code=self.code.text(),
            name_nl=self.name_nl.text(),
            name_fr=self.name_fr.text(),
            name_en=self.name_en.text(),
            unit=str(self.unit.currentData()),
            unit_price=self.price.text() or "0",
            vat=str(self.vat.currentData()),
            category=self.category.text(),
            active=self.article.active if self.article else True,
        )

    def save(self) -> None:
        try:
            if self.article is None or self.article.id is None:
                self.saved = self.ctx.write(articles.add_article, self.data())
            else:
                self.saved = self.ctx.write(articles.edit_article, self.article.id, self.data())
        except DomainError as exc:
            self.problem.setText(self.ctx.say(exc))
            return
        self.accept()


class ArticlesDialog(QDialog):
    """The catalogue: search by code or name (any language), add, change, archive and restore."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Articles"))
        self.index = ArticleIndex([])
        self.search = QLineEdit(placeholderText=tr("Search code or name"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refilter)
        self.archived = QCheckBox(tr("Show archived articles"))
        self.archived.toggled.connect(self.reload)
        language = ctx.language
        self.model: RowTableModel[Article] = RowTableModel(
            [
                Column(tr("Code"), lambda a: a.code, lambda a: a.code),
                Column(tr("Name"), lambda a: a.name(language), lambda a: a.name(language).casefold()),
                Column(tr("Unit"), lambda a: unit_label(language, a.unit)),
                Column(
                    tr("Unit price"),
                    lambda a: decimal_text(Decimal(price_text(a.unit_price)), language),
                    lambda a: a.unit_price,
                    align_right=True,
                ),
                Column(tr("VAT"), lambda a: vat_label(tr, a.vat), tooltip=lambda a: vat_label(tr, a.vat)),
                Column(tr("Revenue category"), lambda a: a.category or ""),
                Column(tr("Status"), lambda a: tr("Active") if a.active else tr("Archived")),
            ],
            parent=self,
        )
        self.view = row_list(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes what is left
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)  # long VAT case names: cut, in full on hover
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(4, 170)
        self.view.setColumnWidth(5, 140)
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(self.edit_article)
        self.view.activated.connect(self.edit_article)
        self.new_button = QPushButton(tr("New article"))
        self.new_button.clicked.connect(self.new_article)
        self.edit_button = QPushButton(tr("Change…"))
        self.edit_button.clicked.connect(self.edit_article)
        self.archive_button = QPushButton(tr("Archive"))
        self.archive_button.clicked.connect(self.toggle_archived)
        self.count = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch()
        buttons.addWidget(self.count)
        close = close_box(tr, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.reload()
        fit_to_screen(self, 980, 560)

    def reload(self) -> None:
        self.index = self.ctx.read(articles.catalogue, include_archived=self.archived.isChecked())
        self.refilter()

    def refilter(self) -> None:
        found = self.index.search(self.search.text(), limit=len(self.index) or 1)
        self.model.set_rows(found)
        self.count.setText(self.ctx.tr("{count} articles", count=len(found)))
        self._selected()

    def current(self) -> Article | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self) -> None:
        article = self.current()
        self.edit_button.setEnabled(article is not None)
        self.archive_button.setEnabled(article is not None)
        tr = self.ctx.tr
        self.archive_button.setText(tr("Restore") if article is not None and not article.active else tr("Archive"))

    def new_article(self) -> ArticleForm:
        form = ArticleForm(self.ctx, None, self)
        form.accepted.connect(lambda: self._saved(form))
        form.open()
        return form

    def edit_article(self) -> ArticleForm | None:
        article = self.current()
        if article is None:
            return None
        form = ArticleForm(self.ctx, article, self)
        form.accepted.connect(lambda: self._saved(form))
        form.open()
        return form

    def _saved(self, form: ArticleForm) -> None:
        self.reload()
        if form.saved is not None:
            self.select(form.saved.code)

    def select(self, code: str) -> None:
        for row, article in enumerate(self.model.rows()):
            if article.code == code:
                self.view.selectRow(row)
                return

    def toggle_archived(self) -> None:
        article = self.current()
        if article is None:
            return
        try:
            self.ctx.write(articles.archive_article, article.code, archived=article.active)
        except DomainError as exc:
            self.count.setText(self.ctx.say(exc))
            return
        self.reload()
        self.select(article.code)
