"""Book format 2: a wrong field in any section is refused with its JSON path and nothing is written;
version-1 files still import."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from bookfile_builder import build, counts
from builders import new_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ledgerdesk.persistence.models import BankLine
from ledgerdesk.services import book_io
from ledgerdesk.services.demo import DemoSpec, build_document


@pytest.fixture(scope="module")
def full_doc(tmp_path_factory):
    """The export of a book with every kind of object (built once: it takes a few seconds)."""
    folder = tmp_path_factory.mktemp("full")
    book = new_book(folder / "data")
    build(book, folder)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    book.close()
    return doc


class _Rollback(Exception):
    pass


def _refusal(book, doc) -> list[str] | None:
    """The problems of importing `doc`, or None when it was accepted (then rolled back anyway)."""
    try:
        with book.db.transaction() as s:
            book_io.import_book(s, doc)
            raise _Rollback
    except book_io.BookFileError as exc:
        return exc.problems
    except _Rollback:
        return None


def _draft(doc) -> str:
    return next(i["id"] for i in doc["invoices"] if i["status"] == "draft")


def _set(doc, path, value):
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


LETTER = ["reminder_runs", 0, "letters", 0]
LINE = ["bank_imports", 0, "statements", 0, "lines", 0]
CASES = [
    (["credit_notes", 1, "lines", 0, "credits_line"], 5, "$.credit_notes[1].lines[0].credits_line"),
    (["recurring_invoices", 0, "frequency"], "weekly", "$.recurring_invoices[0].frequency"),
    (["recurring_invoices", 0, "occurrences", 0, "invoice"], "nope", "$.recurring_invoices[0].occurrences[0].invoice"),
    (["recurring_invoices", 0, "lines", 0, "vat_rate"], "7", "$.recurring_invoices[0].lines[0].vat_rate"),
    (["recurring_invoices", 0, "customer"], "C404", "$.recurring_invoices[0].customer"),
    (["settings", "reminders.max_bank_import_age_days"], 9999, "$.settings.reminders.max_bank_import_age_days"),
    (["settings", "reminders.interest_rates"], {"2026X1": "5"}, "$.settings.reminders.interest_rates"),
    (["settings", "reminders.new_customer_scenario"], "gone", "$.settings.reminders.new_customer_scenario"),
    (["reminder_scenarios", 0, "levels", 0, "channel"], "fax", "$.reminder_scenarios[0].levels[0].channel"),
    (["reminder_scenarios", 0, "interest_rate"], 1.5, "$.reminder_scenarios[0].interest_rate"),
    (["reminder_scenarios", 0, "levels", 1, "texts"], {"de": "Hallo"}, "$.reminder_scenarios[0].levels[1].texts"),
    (["customers", 1, "reminder_scenario"], "unknown", "$.customers[1].reminder_scenario"),
    (["customers", 1, "reminder_scenario"], "consumer", "$.customers[1].reminder_scenario"),
    ([*LETTER, "items", 0, "invoice"], "nope", "$.reminder_runs[0].letters[0].items[0].invoice"),
    ([*LETTER, "structured_communication"], "123", "$.reminder_runs[0].letters[0].structured_communication"),
    ([*LETTER, "total"], "12.345", "$.reminder_runs[0].letters[0].total"),
    (["reminder_runs", 0, "confirmed_at"], "noon", "$.reminder_runs[0].confirmed_at"),
    (["payment_references", 0, "invoices"], [], "$.payment_references[0].invoices"),
    (["call_tasks", 0, "due_date"], "tomorrow", "$.call_tasks[0].due_date"),
    (["call_tasks", 0, "letter"], "R1999-0001", "$.call_tasks[0].letter"),
    (["payment_promises", 0, "amount"], "-5.00", "$.payment_promises[0].amount"),
    (["payment_promises", 0, "status"], "maybe", "$.payment_promises[0].status"),
    (["payment_plans", 0, "instalments", 0, "amount"], "1.001", "$.payment_plans[0].instalments[0].amount"),
    (["payment_plans", 0, "invoices"], [], "$.payment_plans[0]"),
    (["disputes", 0, "invoice"], _draft, "$.disputes[0].invoice"),
    (["invoice_events", 0, "at"], "yesterday", "$.invoice_events[0].at"),
    (["invoice_events", 0, "invoice"], "nope", "$.invoice_events[0].invoice"),
    (["invoice_events", 0, "detail"], "paid", "$.invoice_events[0].detail"),
    ([*LINE, "status"], "weird", "$.bank_imports[0].statements[0].lines[0].status"),
    ([*LINE, "payment"], "nope", "$.bank_imports[0].statements[0].lines[0].payment"),
    ([*LINE, "amount"], 121.0, "$.bank_imports[0].statements[0].lines[0].amount"),
    (["bank_imports", 0, "imported_at"], None, "$.bank_imports[0].imported_at"),
    (
        LINE[:-1] + [1],
        lambda doc: dict(doc["bank_imports"][0]["statements"][0]["lines"][0]),
        "$.bank_imports[0].statements[0].lines[1]",
    ),
    (["einvoices", 0, "sha256"], "0" * 64, "$.einvoices[0].sha256"),
    (["einvoices", 0, "xml_base64"], "!!!", "$.einvoices[0].xml_base64"),
    (["einvoices", 0, "invoice"], _draft, "$.einvoices[0].invoice"),
]


@pytest.mark.parametrize(
    "path, value, where", CASES, ids=[c[2] + "=" + (repr(c[1])[:12] if not callable(c[1]) else "copy") for c in CASES]
)
def test_a_wrong_field_is_refused_with_its_path_and_nothing_is_written(empty_book, full_doc, path, value, where):
    doc = copy.deepcopy(full_doc)
    _set(doc, path, value(doc) if callable(value) else value)
    problems = _refusal(empty_book, doc)
    assert problems, "the file was accepted"
    assert any(p.startswith(where + ":") for p in problems), problems
    with empty_book.db.reading() as s:
        assert not any(counts(s).values())


def test_the_unchanged_file_is_accepted(empty_book, full_doc):
    assert _refusal(empty_book, copy.deepcopy(full_doc)) is None


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FUZZED = [
    "company",
    "customers",
    "invoices",
    "credit_notes",
    "payments",
    "recurring_invoices",
    "reminder_scenarios",
    "reminder_runs",
    "payment_references",
    "call_tasks",
    "payment_promises",
    "payment_plans",
    "disputes",
    "invoice_events",
    "bank_imports",
    "einvoices",
]


def _fields(value, path):
    """Every (path, key) inside a JSON value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path, key
            yield from _fields(inner, [*path, key])
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _fields(inner, [*path, i])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_junk_in_any_section_is_refused_cleanly_or_accepted_whole(empty_book, full_doc, data):
    """Never a traceback: junk in any field is a listed problem, and a refusal writes nothing."""
    section = data.draw(st.sampled_from(FUZZED))
    doc = copy.deepcopy(full_doc)
    spots = list(_fields(doc[section], [section]))
    path, key = data.draw(st.sampled_from(spots))
    _set(doc, [*path, key], data.draw(JUNK))
    problems = _refusal(empty_book, doc)
    if problems is not None:
        assert problems and all(p.startswith("$") for p in problems)
    with empty_book.db.reading() as s:
        assert not any(counts(s).values())


def test_a_version_1_file_still_imports_and_gets_its_history(empty_book):
    doc = build_document(DemoSpec(years=1, customers=6, seed=3, as_of=date(2026, 11, 23)))
    assert doc["ledgerdesk_book"] == 1
    with empty_book.db.transaction() as s:
        summary = book_io.import_book(s, json.loads(json.dumps(doc)))
    assert summary["customers"] == 6 and summary["invoices"] > 0
    with empty_book.db.reading() as s:
        again = book_io.export_book(s)
        kinds = {e["kind"] for e in again["invoice_events"]}
    assert again["ledgerdesk_book"] == 2 and {"imported", "issued"} <= kinds
    assert [c["id"] for c in again["customers"]] == [c["id"] for c in doc["customers"]]


def test_a_clash_only_the_database_sees_is_refused_and_rolled_back(book, full_doc, tmp_path):
    """The book has no customers yet but already a bank import with the same lines: the unique key of
    bank lines refuses the file while it is being written, and the rows written before are rolled back."""
    from ledgerdesk.banking.samples import Stmt, Tx, coda
    from ledgerdesk.services import bank_import

    statement = full_doc["bank_imports"][0]["statements"][0]
    line = statement["lines"][1]
    path = tmp_path / "same.cod"
    path.write_bytes(
        coda(
            [
                Stmt(
                    number=statement["number"],
                    day=date(2026, 2, 20),
                    txs=[Tx(5000, text="gift", ref=line["bank_reference"], name="Iemand", day=date(2026, 2, 20))],
                )
            ],
            created=date(2026, 2, 20),
        )
    )
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=date(2026, 2, 21), accept_account=True)
    with book.db.reading() as s:
        before = counts(s)
        existing = s.scalar(select(BankLine.sequence))
    doc = copy.deepcopy(full_doc)
    doc["bank_imports"][0]["statements"][0]["lines"][1]["sequence"] = existing
    problems = _refusal(book, doc)
    assert problems and problems[0].startswith("$: the book refused the file") and "UNIQUE" in problems[0]
    with book.db.reading() as s:
        assert counts(s) == before
