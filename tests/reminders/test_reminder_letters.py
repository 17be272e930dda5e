"""Reminder letters read back: PDF text, the QR code decoded from a render, the batch, the e-mail, the CLI."""

from __future__ import annotations

import email
import json
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from builders import customer, invoice_due, run_cli
from pypdf import PdfReader

from ledgerdesk.services import reminder_documents, reminders


def _three_levels(book):
    claes = customer(book, "Bouwbedrijf Claes", street="Industrieweg 12 bus 3", postcode="2800", city="Mechelen")
    for amount, due in (("1000.00", date(2026, 1, 31)), ("500.00", date(2026, 2, 14)), ("250.00", date(2026, 2, 27))):
        invoice_due(book, claes, amount, due)
    # Each level waits for the previous letter's pay-by date and three working days for the bank.
    for on in (date(2026, 2, 10), date(2026, 2, 27), date(2026, 3, 18)):
        with book.db.transaction() as s:
            reminders.confirm(s, on)
    return claes


def _qr_codes(pdf_path: Path, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(str(pdf_path))[page].render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_a_grouped_letter_reads_back_with_every_invoice_and_one_qr_for_the_total(book, artifacts_dir):
    _three_levels(book)
    target = artifacts_dir / "reminder_letter.pdf"
    with book.db.reading() as s:
        assert reminder_documents.print_batch(s, date(2026, 3, 18), target) == 1
    text = PdfReader(str(target)).pages[0].extract_text()
    for expected in (
        "Bouwbedrijf Claes",
        "Industrieweg 12 bus 3",
        "2800 Mechelen",
        "R2026-0003",
        "2026-0001",
        "2026-0002",
        "2026-0003",
        "€ 1.847,83",
        "€ 13,23",
        "€ 4,60",
        "€ 80,00",
        "+++202/6500/00359+++",
        "01/04/2026",
        "Ingebrekestelling",
    ):
        assert expected in text, expected
    flat = " ".join(text.split())
    # How each interest amount was reckoned, as recorded when the letter was confirmed, and why it is due.
    assert (
        "Interest op factuur 2026-0001: € 1.000,00 aan 10,5 % van 01/02/2026 tot en met 18/03/2026 (46 dagen)" in flat
    )
    assert "Interest op factuur 2026-0002: € 500,00 aan 10,5 % van 15/02/2026 tot en met 18/03/2026 (32 dagen)" in flat
    assert "wet van 2 augustus 2002" in flat and "artikel 6" in flat and "Niveau" not in flat
    assert "Geachte heer, mevrouw," in flat and "Te betalen uiterlijk op 01/04/2026" in flat
    assert _qr_codes(target) == [
        "BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Janssens\nBE71096123456769\nEUR1847.83\n\n202650000359"
    ]
    pdfium.PdfDocument(str(target))[0].render(scale=1.5).to_pil().save(artifacts_dir / "reminder_letter.png")


def test_the_address_sits_in_the_right_hand_window_of_a_belgian_envelope(book):
    _three_levels(book)
    with book.db.reading() as s:
        data = reminder_documents.render_letters_of(s, date(2026, 3, 18))
    page = pdfium.PdfDocument(data)[0]
    textpage = page.get_textpage()
    width, height = page.get_size()
    mm = 72 / 25.4
    # The recipient's name must lie inside the window zone: 110–195 mm from the left, 50–86 mm from the top.
    found = textpage.search("Bouwbedrijf Claes").get_next()
    assert found is not None
    left, bottom, right, top = textpage.get_charbox(found[0])
    assert 110 * mm <= left and right <= 195 * mm
    assert 50 * mm <= height - top and height - bottom <= 86 * mm


def test_a_batch_prints_every_letter_of_the_day_in_one_pdf_each_on_its_own_page(book, tmp_path):
    for name, lang in (("Boulangerie Dubois", "fr"), ("Brouwerij Hendrickx", "nl"), ("Harbour Ltd", "en")):
        who = customer(book, name, language=lang)
        invoice_due(book, who, "400.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 2, 12))
    target = tmp_path / "batch.pdf"
    with book.db.reading() as s:
        assert reminder_documents.print_batch(s, date(2026, 2, 12), target) == 3
    pages = [p.extract_text() for p in PdfReader(str(target)).pages]
    assert len(pages) == 3
    assert "Boulangerie Dubois" in pages[0] and "Rappel de paiement" in pages[0]
    assert "Brouwerij Hendrickx" in pages[1] and "Betalingsherinnering" in pages[1]
    assert "Harbour Ltd" in pages[2] and "Payment reminder" in pages[2]
    assert len(_qr_codes(target, 2)) == 1


def test_an_email_reminder_is_an_eml_with_the_letter_attached(book, tmp_path):
    from dataclasses import replace

    from ledgerdesk.domain import dunning_defaults
    from ledgerdesk.domain.dunning import with_level
    from ledgerdesk.services import dunning_setup

    who = customer(book, "Harbour Ltd", language="en", email="accounts@harbour.example")
    invoice_due(book, who, "400.00", due=date(2026, 2, 1))
    emailing = replace(
        with_level(dunning_defaults.business(), 1, channel="email"), code="business-email", name="Business by e-mail"
    )
    with book.db.transaction() as s:
        dunning_setup.save_scenario(s, emailing, as_of=date(2026, 2, 1))
        dunning_setup.set_customer_scenario(s, who, "business-email")
        reminders.confirm(s, date(2026, 2, 12))
    with book.db.reading() as s:
        (path,) = reminder_documents.write_emails(s, date(2026, 2, 12), tmp_path / "mail")
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "accounts@harbour.example"
    assert "Payment reminder R2026-0001" in message["Subject"]
    (attachment,) = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_payload(decode=True).startswith(b"%PDF")


def test_the_command_line_proposes_confirms_and_prints(book, tmp_path):
    _three_levels(book)
    who = customer(book, "Lies Wouters", kind="consumer")
    invoice_due(book, who, "320.00", due=date(2026, 2, 27))
    book.close()
    data_dir = str(book.paths.folder)
    code, out, err = run_cli("--data-dir", data_dir, "reminders", "propose", "--as-of", "2026-03-20", "--json")
    assert code == 0, err
    proposal = json.loads(out)
    (letter,) = proposal["letters"]
    assert letter == {
        "customer": "Lies Wouters",
        "number": "R2026-0004",
        "level": 1,
        "channel": "letter",
        "total": "320.00",
        "structured_communication": "+++202/6500/00460+++",
        "pay_by": "2026-04-07",
        "invoices": [{"number": "2026-0004", "level": 1, "open_amount": "320.00", "fee": "0.00", "interest": "0.00"}],
    }
    assert {s["number"]: s["reason"] for s in proposal["skipped"]} == {
        "2026-0001": "every level of the scenario was sent",
        # Pay by Wednesday 1 April; three working days for the bank skip Easter Monday (6 April).
        "2026-0002": "level 3 waits for the last letter's pay-by date 2026-04-01 and 3 working days for the bank: due from 2026-04-07",
        "2026-0003": "level 2 waits for the last letter's pay-by date 2026-04-01 and 3 working days for the bank: due from 2026-04-07",
    }
    code, out, err = run_cli("--data-dir", data_dir, "reminders", "confirm", "--as-of", "2026-03-20")
    assert (code, out) == (0, "1 reminders confirmed on 2026-03-20, 0 call tasks\n"), err
    code, out, err = run_cli(
        "--data-dir", data_dir, "reminders", "print", "--as-of", "2026-03-20", "-o", str(tmp_path / "r.pdf")
    )
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF"), err
    code, out, err = run_cli(
        "--data-dir", data_dir, "reminders", "print", "--as-of", "2026-03-25", "-o", str(tmp_path / "none.pdf")
    )
    assert code == 1 and err == "ledgerdesk: no reminder letters were confirmed on 2026-03-25\n"


def test_a_long_letter_runs_over_pages_with_its_own_header_and_page_numbers_in_a_batch(book, tmp_path):
    many = customer(book, "Groothandel Verbeke")
    for n in range(45):
        invoice_due(book, many, f"{100 + n}.00", due=date(2026, 1, 20) + timedelta(days=n % 5))
    short = customer(book, "Zonnebloem BV")
    invoice_due(book, short, "80.00", due=date(2026, 1, 25))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 2, 10))
    target = tmp_path / "long.pdf"
    with book.db.reading() as s:
        assert reminder_documents.print_batch(s, date(2026, 2, 10), target) == 2
    pages = [p.extract_text() for p in PdfReader(str(target)).pages]
    assert len(pages) == 3
    assert "1/2" in pages[0] and "2/2" in pages[1] and "1/1" in pages[2]
    assert "Betalingsherinnering R2026-0001" in pages[1]  # running header on the letter's second page
    assert "Zonnebloem BV" in pages[2] and "Groothandel Verbeke" not in pages[2]
    assert len(_qr_codes(target, 1)) == 1 and _qr_codes(target, 0) == []  # one QR, with the total, at the end


def test_the_user_extends_the_interest_rate_table_from_the_command_line(book):
    book.close()
    data_dir = str(book.paths.folder)
    code, out, err = run_cli(
        "--data-dir", data_dir, "reminders", "rates", "--semester", "2026h2", "--rate", "9,75", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["2026H2"] == "9.75" and json.loads(out)["2024H1"] == "12.5"
    code, out, err = run_cli("--data-dir", data_dir, "reminders", "rates", "--semester", "2026 first", "--rate", "9")
    assert code == 1 and "is not a semester" in err


def test_the_first_letter_to_a_consumer_states_what_book_xix_requires(book, tmp_path, artifacts_dir):
    lies = customer(book, "Lies Wouters", kind="consumer", street="Dorpsstraat 3", postcode="9000", city="Gent")
    invoice_due(book, lies, "320.00", due=date(2026, 3, 2), what="Herstelling fiets")
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 3, 12))
    target = tmp_path / "consumer.pdf"
    with book.db.reading() as s:
        reminder_documents.print_batch(s, date(2026, 3, 12), target)
    text = " ".join(PdfReader(str(target)).pages[0].extract_text().split())
    for required in (
        "€ 320,00",  # the balance
        "schadevergoeding van € 47,00",  # the damages claimed if unpaid: 30 + 10 % × 170
        "Atelier Janssens (ondernemingsnummer 0403.170.701)",  # the creditor and its enterprise number
        "onze factuur 2026-0001 van 31/01/2026 (Herstelling fiets)",  # what the debt is for
        "vervallen op 02/03/2026",  # the due date
        "uiterlijk op 30/03/2026",  # the pay-by date: 14 days from the 3rd working day after posting
        "kosteloos",  # the first reminder is free
    ):
        assert required in text, required
    pdfium.PdfDocument(str(target))[0].render(scale=1.5).to_pil().save(artifacts_dir / "reminder_letter_consumer.png")


def test_a_users_own_letter_text_is_what_the_customer_reads_and_a_bad_placeholder_is_refused(book, tmp_path):
    import pytest

    from ledgerdesk.domain.dunning import with_level
    from ledgerdesk.domain.errors import ValidationError
    from ledgerdesk.services import dunning_setup

    with book.db.reading() as s:
        business = dunning_setup.scenarios(s)["business"]
    own = "Beste {customer},\n\nMogen wij u vriendelijk vragen {balance} te betalen tegen {pay_by}?"
    with book.db.transaction() as s:
        with pytest.raises(ValidationError, match=r"level 1 \(nl\): unknown placeholder \{saldo\}"):
            dunning_setup.save_scenario(
                s, with_level(business, 1, overrides={"nl": "Betaal {saldo}."}), as_of=date(2026, 3, 1)
            )
        dunning_setup.save_scenario(s, with_level(business, 1, overrides={"nl": own}), as_of=date(2026, 3, 1))
    claes = customer(book, "Bouwbedrijf Claes")
    invoice_due(book, claes, "1000.00", due=date(2026, 1, 31))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 2, 10))
    target = tmp_path / "own.pdf"
    with book.db.reading() as s:
        reminder_documents.print_batch(s, date(2026, 2, 10), target)
    text = " ".join(PdfReader(str(target)).pages[0].extract_text().split())
    assert "Mogen wij u vriendelijk vragen € 1.000,00 te betalen tegen 24/02/2026?" in text
