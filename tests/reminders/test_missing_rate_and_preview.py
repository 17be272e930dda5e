"""Where letters are confirmed: a semester without its published rate is said, with a way to enter it;
a preview without a PDF viewer says so in the words of the invoice preview."""

from __future__ import annotations

import io
from datetime import date

import pytest
from builders import customer, invoice_due

from ledgerdesk import cli
from ledgerdesk.services import dunning_setup, reminders
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.reminders_tab import RemindersTab

RUN = date(2026, 12, 21)  # 2026H2 has no published rate in the shipped table


@pytest.fixture
def tab(qtbot, book, monkeypatch):
    claes = customer(book, "Bouwbedrijf Claes")
    invoice_due(book, claes, "1000.00", due=date(2026, 11, 1))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 11, 11))  # level 1, pay by 25 November
    ctx = AppContext(book, language="en", today=lambda: RUN)
    monkeypatch.setattr(
        ctx, "read_async", lambda query, *a, done, failed=None, owner=None, **k: done(ctx.read(query, *a, **k))
    )
    widget = RemindersTab(ctx)
    said: list[str] = []
    monkeypatch.setattr(widget, "_say", said.append)
    widget.said = said
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_missing_semester_is_said_with_the_rate_used_and_the_table_date_and_can_be_entered(
    tab, book, monkeypatch, artifacts_dir
):
    assert tab.rate_box.isVisibleTo(tab)
    text = tab.rate_warning.text()
    assert "No published late-payment rate for 2026H2" in text and "10.5 %, the rate of 2026H1" in text
    assert "last updated on 23/11/2026" in text
    tab.resize(1100, 500)
    tab.grab().save(str(artifacts_dir / "reminders-missing-rate.png"))
    before = tab.letters.rows()[0].items[0].interest_cents

    # Confirming asks first; saying no confirms nothing.
    monkeypatch.setattr(tab, "ask_use_rate", lambda gap: False)
    tab.confirm()
    assert len(tab.letters.rows()) == 1

    monkeypatch.setattr(tab, "ask_rate", lambda semester, suggested: "9,5")
    tab.enter_rate()
    assert not tab.rate_box.isVisibleTo(tab)
    after = tab.letters.rows()[0].items[0].interest_cents
    assert after < before  # 2026H2 now at the published 9.5 %
    with book.db.reading() as s:
        assert dunning_setup.rates_updated_on(s) == RUN


def test_a_rate_that_is_not_a_rate_is_refused_in_one_sentence(tab, monkeypatch):
    monkeypatch.setattr(tab, "ask_rate", lambda semester, suggested: "ten")
    tab.enter_rate()
    assert tab.said[-1] == "'ten' is not an interest rate" and tab.rate_box.isVisibleTo(tab)


def test_preview_without_a_pdf_viewer_says_so_like_the_invoice_preview(tab, monkeypatch):
    monkeypatch.setattr(tab, "open_url", lambda url: False)
    tab.letters_view.selectRow(0)
    path = tab.preview_letter()
    assert path.exists() and tab.said[-1] == f"The system has no PDF viewer to open {path}."


def test_the_command_line_confirm_names_the_semester_and_the_rate_used(book):
    claes = customer(book, "Bouwbedrijf Claes")
    invoice_due(book, claes, "1000.00", due=date(2026, 11, 1))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 11, 11))
    book.close()
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["--data-dir", str(book.paths.folder), "reminders", "confirm", "--as-of", RUN.isoformat(), "--ignore-bank-age"],
        out=out,
        err=err,
    )
    assert code == 0
    assert (
        "the letters charge interest for 2026H2 at 10.5 %, the rate of 2026H1: no rate for 2026H2 is in the table "
        "(last updated 2026-11-23)"
    ) in err.getvalue()
