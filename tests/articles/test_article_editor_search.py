"""Article search in the invoice and quote editors, keyboard only; and the Articles window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ledgerdesk.services import articles
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.articles import ArticlesDialog
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.dialogs.quote_editor import QuoteEditor
from ledgerdesk.ui.models.lines import DESCRIPTION, LineDraft
from ledgerdesk.ui.preferences import Preferences

ARTIFACTS = Path("artifacts/articles")
TODAY = date(2026, 3, 2)


def _type_in_description(qtbot, editor, row, text):  # type: ignore[no-untyped-def]
    """Focus the row's description cell and type, as a user does; returns the cell's line edit."""
    delegate = editor.table.itemDelegate()
    qtbot.waitUntil(lambda: len(delegate.articles) > 0)
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.lines.index(row, DESCRIPTION))
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)  # edit the cell
    cell = editor.table.focusWidget()
    assert isinstance(cell, QLineEdit)
    qtbot.keyClicks(cell, text)
    return cell


@pytest.mark.parametrize(("language", "name"), [("fr", "Consultance à l'heure"), ("nl", "Consultancy per uur")])
def test_typing_offers_articles_and_picking_one_fills_the_line_in_the_documents_language(
    qtbot, ctx, customer_id, language, name
):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.language.setCurrentIndex(editor.language.findData(language))
    cell = _type_in_description(qtbot, editor, 0, "heure" if language == "fr" else "per uu")
    popup = cell.article_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown[0] == f"{name}  ·  CONS-H"
    if language == "fr":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        editor.grab().save(str(ARTIFACTS / "editor-search-fr.png"))
        popup.grab().save(str(ARTIFACTS / "editor-search-popup-fr.png"))
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.lines.drafts()[0].description == name)
    draft = editor.lines.drafts()[0]
    assert (draft.unit, draft.unit_price, draft.vat, draft.quantity) == ("HUR", "65.00", "21", "1")
    assert editor.lines.parsed()[0][0].net_cents == 6500
    assert editor.table.currentIndex().column() == DESCRIPTION + 1  # on to the quantity


def test_a_free_line_stays_possible_and_a_renovation_article_brings_its_case(qtbot, ctx, customer_id):
    editor = QuoteEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.language.setCurrentIndex(editor.language.findData("en"))
    cell = _type_in_description(qtbot, editor, 0, "Something nobody sells")
    assert not cell.article_completer.popup().isVisible()
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.lines.drafts()[0].description == "Something nobody sells")
    assert editor.lines.drafts()[0].unit_price == ""
    editor.lines.add_line(LineDraft(quantity="12"))
    cell = _type_in_description(qtbot, editor, 1, "reno")
    popup = cell.article_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.lines.drafts()[1].description == "Floor renovation (m²)")
    line = editor.lines.drafts()[1]
    assert (line.quantity, line.unit, line.unit_price, line.vat) == ("12", "MTK", "38.50", "6/renovation")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_articles_window_searches_adds_and_archives(qtbot, catalogue_book, tmp_path, language):
    ctx = AppContext(
        catalogue_book, language=language, today=lambda: TODAY, preferences=Preferences.in_file(tmp_path / "p.ini")
    )
    window = ArticlesDialog(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 4
    qtbot.keyClicks(window.search, "depl")  # Déplacement, without typing its accent
    assert [a.code for a in window.model.rows()] == ["KM"]
    window.search.clear()
    form = window.new_article()
    form.code.setText("PAINT")
    form.name_nl.setText("Schilderwerk")
    form.name_fr.setText("Peinture")
    form.unit.setCurrentIndex(form.unit.findData("MTK"))
    form.price.setText("12,50")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    form.grab().save(str(ARTIFACTS / f"article-form-{language}.png"))
    form.save()
    assert window.current() is not None and window.current().code == "PAINT"
    window.toggle_archived()
    assert "PAINT" not in [a.code for a in window.model.rows()]
    window.archived.setChecked(True)
    assert "PAINT" in [a.code for a in window.model.rows()]
    window.grab().save(str(ARTIFACTS / f"articles-window-{language}.png"))
    with ctx.book.db.reading() as s:
        painted = articles.find_article(s, "PAINT")
    assert (painted.name_fr, str(painted.unit_price), painted.active) == ("Peinture", "12.5", False)


def test_a_vat_case_chosen_for_the_customer_stays_when_an_article_only_names_a_rate(qtbot, ctx, customer_id):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.lines.set_drafts([LineDraft(vat="0/eu_services"), LineDraft(vat="0/eu_services")])
    delegate = editor.table.itemDelegate()
    qtbot.waitUntil(lambda: len(delegate.articles) > 0)
    hour, renovation = delegate.articles.search("CONS-H")[0], delegate.articles.search("RENO")[0]
    delegate.apply_article(0, hour)
    delegate.apply_article(1, renovation)
    assert [d.vat for d in editor.lines.drafts()] == ["0/eu_services", "6/renovation"]
    assert editor.lines.drafts()[0].unit_price == "65.00"
