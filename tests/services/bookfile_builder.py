"""A book with every kind of object, made through the real services (for the book-file round trip)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from builders import customer, invoice
from sqlalchemy import func, select

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain import dunning_defaults
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence import models
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import (
    bank_import,
    collection,
    company,
    dunning_setup,
    einvoicing,
    invoicing,
    payments,
    recurring,
    reminders,
)
from ledgerdesk.services.reminders import Edits

# Every table a user's work lands in (receivable_closings is derived by triggers and checked too).
TABLES = [
    models.Customer,
    models.Invoice,
    models.InvoiceLine,
    models.Payment,
    models.Allocation,
    models.Setting,
    models.RecurringTemplate,
    models.RecurringLine,
    models.RecurringOccurrence,
    models.DunningScenario,
    models.DunningLevel,
    models.ReminderRun,
    models.ReminderLetter,
    models.ReminderLetterItem,
    models.CallTask,
    models.PaymentPromise,
    models.PaymentPlan,
    models.PlanInstalment,
    models.PlanInvoice,
    models.Dispute,
    models.PaymentReference,
    models.PaymentReferenceItem,
    models.InvoiceEvent,
    models.ImportBatch,
    models.BankStatement,
    models.BankLine,
    models.EInvoiceArchive,
    models.ReceivableClosing,
    models.NumberSeries,
]


def counts(session) -> dict[str, int]:
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def _customer(s, name: str, **fields) -> int:
    return customer(s, name, **{"vat": None, "since": date(2025, 6, 1), **fields})


def _invoice(s, customer_id: int, amount: str, day: date, *, issue: bool = True, now=None) -> int:
    return invoice(s, customer_id, day, amount, what="Werken", terms=30, issue=issue, now=now)


def build(book, tmp_path: Path) -> dict[str, int]:
    """Fill `book` (with its company) and return a few ids."""
    now = datetime(2026, 1, 2, 9, 30)
    with book.db.transaction() as s:
        peppol = _customer(s, "Bakkerij Peeters", vat="BE0202239951", receives_einvoice=True)
        shop = _customer(s, "Drukkerij Claes", vat="BE0403170701", language="fr", email="claes@example.be")
        person = _customer(s, "Jan Janssens", kind="consumer", language="nl")
        a = _invoice(s, shop, "100", date(2026, 1, 5), now=now)
        b = _invoice(s, shop, "200", date(2026, 1, 10), now=now)
        c = _invoice(s, person, "300", date(2026, 1, 12), now=now)
        d = _invoice(s, shop, "400", date(2026, 1, 15), now=now)
        _invoice(s, person, "50", date(2026, 1, 20), issue=False, now=now)  # a draft
        note = invoicing.create_credit_note(
            s, d, issue_date=date(2026, 1, 25), lines=[LineInput.of("Korting", 1, "40", "21")]
        )
        invoicing.issue(s, note, on=date(2026, 1, 25), now=now)
        two = invoicing.create_draft(
            s,
            invoicing.DraftData(
                shop,
                date(2026, 1, 16),
                [LineInput.of("Ontwerp", 2, "60", "21"), LineInput.of("Drukwerk", 1, "80", "21")],
            ),
            now=now,
        )
        invoicing.issue(s, two, on=date(2026, 1, 16), now=now)
        second_line = s.get(Invoice, two).lines[1].id
        by_line = invoicing.create_credit_note(s, two, issue_date=date(2026, 1, 26), line_ids=[second_line])
        invoicing.issue(s, by_line, on=date(2026, 1, 26), now=now)
        payments.register_payment(
            s,
            payments.PaymentData(date(2026, 1, 28), 6050, "cash", customer_id=person, note="half in cash"),
            [(c, 6050)],
            now=now,
        )
        # Reminder set-up: an edited scenario with its own Dutch text, a rate, thresholds, a customer's choice.
        base = dunning_defaults.shipped()["business"]
        first = base.levels[1]
        mine = replace(
            base,
            code="mine",
            name="Mijn scenario",
            levels=tuple(
                replace(lv, overrides={"nl": "Beste {customer}, betaal {total} voor {pay_by}."}) if lv is first else lv
                for lv in base.levels
            ),
        )
        dunning_setup.set_interest_rate(s, "2027H1", "9.5")
        dunning_setup.save_scenario(s, mine, as_of=date(2026, 2, 1))
        dunning_setup.set_customer_scenario(s, shop, "mine")
        dunning_setup.save_reminder_settings(
            s, max_bank_age=20, new_customer_scenario="business-strict", new_customer_paid=2
        )
        company.set_setting(s, "documents.envelope_window", "left")
        # Recurring: a monthly template that made two invoices.
        template = recurring.create_template(
            s,
            recurring.TemplateData(
                customer_id=peppol,
                frequency="monthly",
                start_date=date(2026, 1, 1),
                mode="draft",
                lines=[LineInput.of("Onderhoud", 1, "75", "21")],
                notes="maandelijks",
            ),
            now=now,
        )
        recurring.generate(s, date(2026, 2, 3), now=now)
        # E-invoice: an issued invoice to the Peppol customer, archived.
        e = invoicing.create_draft(
            s, invoicing.DraftData(peppol, date(2026, 2, 4), [LineInput.of("Brood", 10, "3.5", "6")]), now=now
        )
        einvoicing.issue_with_einvoice(s, e, on=date(2026, 2, 4), now=now)
    # Bank: a statement paying invoice a by its OGM, one unknown transfer, one outgoing.
    with book.db.reading() as s:
        ogm_a = s.get(Invoice, a).structured_communication
    path = tmp_path / "statement.cod"
    path.write_bytes(
        coda(
            [
                Stmt(
                    day=date(2026, 2, 20),
                    txs=[
                        Tx(
                            12100,
                            ogm=ogm_a,
                            ref="R1",
                            name="Drukkerij Claes",
                            iban="BE68539007547034",
                            day=date(2026, 2, 20),
                        ),
                        Tx(5000, text="gift", ref="R2", name="Iemand", day=date(2026, 2, 20)),
                        Tx(
                            24200,
                            text="factuur januari",
                            ref="R4",
                            name="Drukkerij Claes",
                            iban="BE68539007547034",
                            day=date(2026, 2, 20),
                        ),
                        Tx(-2500, text="rent", ref="R3", name="Verhuur", day=date(2026, 2, 20)),
                    ],
                )
            ],
            created=date(2026, 2, 20),
        )
    )
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=date(2026, 2, 21), now=datetime(2026, 2, 21, 10))
    # Collection: reminders, a promise, a plan, a dispute, a call task.
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 3, 20), Edits(override_bank_check=True), now=datetime(2026, 3, 20, 8))
        collection.add_promise(
            s, b, made_on=date(2026, 3, 21), promised_date=date(2026, 4, 1), amount_cents=10000, note="belooft"
        )
        collection.add_plan(
            s,
            [c],
            made_on=date(2026, 3, 22),
            instalments=[(date(2026, 4, 1), 15000), (date(2026, 5, 1), 15300)],
            note="plan",
        )
        dispute = collection.open_dispute(s, d, on=date(2026, 3, 23), reason="te duur")
        collection.resolve_dispute(s, dispute, on=date(2026, 3, 25), resolution="korting gegeven")
        task = collection.add_call_task(
            s, shop, due=date(2026, 3, 30), note="bellen", invoice_id=b, today=date(2026, 3, 24)
        )
        collection.complete_call_task(s, task, on=date(2026, 3, 30), note="gebeld")
    return {
        "peppol": peppol,
        "shop": shop,
        "person": person,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "e": e,
        "template": template,
    }
