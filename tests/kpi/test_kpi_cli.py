"""`ledgerdesk kpi --json` prints the tab's figures; `recurring run` lists, then creates once."""

from __future__ import annotations

import io
import json
from datetime import date

from builders import customer

from ledgerdesk.cli import main
from ledgerdesk.services import kpis

from .test_kpis import small_book  # noqa: F401  (fixture)


def run(book, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    book_dir = str(book.paths.folder)
    book.close()  # the CLI opens the book itself (and takes its lock)
    code = main(["--data-dir", book_dir, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_kpi_json_has_every_key_with_decimal_strings(small_book):  # noqa: F811
    with small_book.db.reading() as s:
        expected = kpis.compute(s, date(2026, 3, 15))
    code, out, err = run(small_book, "kpi", "--as-of", "2026-03-15", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2026-03-15"
    assert data["revenue_this_month"] == "1900.00"
    assert data["revenue_last_month"] == "500.00"
    assert data["revenue_same_month_last_year"] == "300.00"
    assert data["outstanding"] == "2825.00" == f"{expected.outstanding / 100:.2f}"
    assert data["overdue"] == "405.00"
    assert data["aging"] == {
        "not_due": "2420.00",
        "1_30": "284.00",
        "31_60": "0.00",
        "61_90": "0.00",
        "over_90": "121.00",
    }
    assert data["dso"] == 61.8
    assert data["avg_days_to_pay"] == 36.4 and data["avg_days_late"] == 8.5
    assert data["mrr"] == "0.00" and data["recurring_to_invoice"] == "0.00" and data["forecast_month"] == "1900.00"
    assert [a["code"] for a in data["next_actions"]] == ["reminders_small", "fine"]  # € 405 overdue: named gently


def test_kpi_dso_is_null_on_an_empty_book(book):
    code, out, _ = run(book, "kpi", "--as-of", "2026-03-15", "--json")
    assert code == 0 and json.loads(out)["dso"] is None


def test_recurring_add_run_and_confirm_once(book):
    with book.db.transaction() as s:
        customer(s, "Hosting client", since=date(2020, 1, 1))
    book_dir = str(book.paths.folder)
    book.close()

    def cli(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(["--data-dir", book_dir, *args], out=out, err=err), out.getvalue(), err.getvalue()

    code, out, err = cli(
        "recurring",
        "add",
        "--customer",
        "Hosting client",
        "--description",
        "Hosting",
        "--price",
        "99.50",
        "--start",
        "2026-01-31",
        "--mode",
        "issued",
    )
    assert code == 0, err
    code, out, _ = cli("recurring", "run", "--as-of", "2026-03-31", "--json")
    listed = json.loads(out)["occurrences"]
    assert [o["period_start"] for o in listed] == ["2026-01-31", "2026-02-28", "2026-03-31"]
    code, out, _ = cli("recurring", "run", "--as-of", "2026-03-31", "--confirm", "--json")
    assert [o["number"] for o in json.loads(out)["occurrences"]] == ["2026-0001", "2026-0002", "2026-0003"]
    code, out, _ = cli("recurring", "run", "--as-of", "2026-03-31", "--confirm")
    assert code == 0 and "0 invoice(s) created" in out
    code, out, _ = cli("kpi", "--as-of", "2026-03-31", "--json")
    data = json.loads(out)
    assert data["mrr"] == "99.50" and data["revenue_this_month"] == "298.50"
    code, _, err = cli(
        "recurring", "add", "--customer", "Nobody", "--description", "x", "--price", "1", "--start", "2026-01-01"
    )
    assert code == 1 and "no customer is named 'Nobody'" in err
