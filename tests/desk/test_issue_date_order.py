"""An issue date before the latest issued invoice, or well before today, is asked about, never passed silently."""

from __future__ import annotations

from datetime import date

import pytest
from builders import customer, invoice, new_book, run_cli

from ledgerdesk.domain.issue_date import backdated_warning, out_of_order_warning
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import invoice_forms, invoicing

TODAY = date(2026, 12, 2)


def test_the_rules_of_the_dates():
    latest = ("2026-0011", date(2026, 11, 20))
    assert out_of_order_warning(date(2026, 11, 20), latest) is None  # the same day is in order
    assert out_of_order_warning(date(2026, 12, 1), None) is None
    found = out_of_order_warning(date(2026, 11, 19), latest)
    assert found is not None and "2026-0011" in str(found)
    assert backdated_warning(date(2026, 11, 17), TODAY) is None  # 15 days: entered a little late
    late = backdated_warning(date(2026, 11, 16), TODAY)
    assert late is not None and "16 days" in str(late)


def _book_with_an_old_draft(folder):  # type: ignore[no-untyped-def]
    """A book whose latest invoice is of 20/11/2026, and a draft dated 1 January 2020."""
    book = new_book(folder)
    buyer = customer(book)
    invoice(book, buyer, date(2026, 11, 20))
    return book, invoice(book, buyer, date(2020, 1, 1), issue=False)


def test_the_question_carries_the_date_warnings(tmp_path):
    book, draft = _book_with_an_old_draft(tmp_path / "book")
    with book:
        with book.db.reading() as session:
            data = invoicing.draft_data_of(session.get(Invoice, draft))
            question = invoice_forms.issue_question(session, draft, data, today=TODAY)
    assert len(question.date_warnings) == 2
    assert question.number == "2020-0001"


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Its date 01/01/2020 comes before 2026-0001"),
        ("nl", "De datum 01/01/2020 ligt vóór 2026-0001"),
        ("fr", "Sa date du 01/01/2020 précède 2026-0001"),
    ],
)
def test_the_command_line_refuses_an_old_date_without_force(tmp_path, monkeypatch, language, said):
    folder = tmp_path / "book"
    book, draft = _book_with_an_old_draft(folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, out, err = run_cli("--data-dir", str(folder), "invoice", "issue", str(draft))
    assert code != 0 and said in err, (out, err)
    assert {"en": "Not issued", "nl": "Niet uitgereikt", "fr": "Non émise"}[language] in err and "--force" in err
    code, out, err = run_cli("--data-dir", str(folder), "invoice", "issue", str(draft), "--force")
    assert code == 0, err
    assert "2020-0001" in out
    monkeypatch.setenv("LEDGERDESK_LANG", "en")


def test_the_editor_asks_about_an_old_date_and_issues_only_when_confirmed(qtbot, ctx, book, customer_id, monkeypatch):
    from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
    from ledgerdesk.ui.models.lines import LineDraft
    from ledgerdesk.ui.widgets.dates import qdate

    invoice(book, customer_id, ctx.today())
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or answers.pop(0))
    )
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Consultancy", "8", "95")])
    editor.issue_date.setDate(qdate(date(2020, 1, 1)))
    assert editor.issue() is None  # "Cancel": nothing issued
    assert "comes before" in asked[0] and "days ago" in asked[0]
    assert editor.issue() == "2020-0001"  # the user confirmed
