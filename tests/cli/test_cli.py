"""The command line as a script would use it: exact forms, JSON, exit codes, no tracebacks."""

import json
from datetime import date

import pytest
from builders import invoice, payment, run_cli

from ledgerdesk import cli


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path / "book")


def test_invoices_json_as_of_ignores_later_payments(book, customer_id):
    with book.db.transaction() as s:
        iid = invoice(s, customer_id, date(2026, 1, 5), what="Werk")
        payment(s, iid, date(2026, 3, 1), 12100, method="cash")
    book.close()
    data_dir = str(book.paths.folder)
    code, out, err = run_cli(
        "--data-dir", data_dir, "invoices", "--status", "overdue", "--as-of", "2026-02-15", "--json"
    )
    assert code == 0, err
    [row] = json.loads(out)
    assert row == {
        "id": iid,
        "number": "2026-0001",
        "kind": "invoice",
        "customer": "Bakkerij Peeters",
        "issue_date": "2026-01-05",
        "due_date": "2026-02-04",
        "net": "100.00",
        "total": "121.00",
        "open_amount": "121.00",
        "structured_communication": row["structured_communication"],
        "status": "overdue",
        "days_overdue": 11,
    }
    assert row["structured_communication"].startswith("+++202/6000/0") and row["structured_communication"].endswith(
        "+++"
    )
    code, out, _ = run_cli("--data-dir", data_dir, "invoices", "--status", "paid", "--as-of", "2026-03-01", "--json")
    assert [r["open_amount"] for r in json.loads(out)] == ["0.00"]
    code, out, _ = run_cli("--data-dir", data_dir, "invoices", "--status", "open", "--as-of", "2026-03-01", "--json")
    assert json.loads(out) == []


def test_demo_is_deterministic_and_round_trips(tmp_path):
    a, b, c = (str(tmp_path / n) for n in "abc")
    for d in (a, b):
        assert (
            run_cli(
                "--data-dir", d, "demo", "--years", "2", "--customers", "25", "--seed", "7", "--as-of", "2026-11-23"
            )[0]
            == 0
        )
    exports = []
    for d in (a, b):
        code, out, _ = run_cli("--data-dir", d, "export-book")
        exports.append(out)
    assert exports[0] == exports[1]  # everything, subscriptions' timestamps included, follows from the seed
    doc = json.loads(exports[0])
    assert doc["ledgerdesk_book"] == 2 and len(doc["customers"]) == 25 and doc["invoices"] and doc["payments"]
    (tmp_path / "book.json").write_text(exports[0], encoding="utf-8")
    assert run_cli("--data-dir", c, "import-book", str(tmp_path / "book.json"))[0] == 0
    assert run_cli("--data-dir", c, "export-book")[1] == exports[0]
    code, out, _ = run_cli("--data-dir", c, "invoices", "--status", "overdue", "--as-of", "2026-11-23", "--json")
    assert code == 0 and all(r["status"] == "overdue" for r in json.loads(out))


def test_a_bad_book_file_writes_nothing_and_lists_every_problem(tmp_path, data_dir):
    bad = {
        "ledgerdesk_book": 1,
        "company": {"name": "X BV", "vat": "BE0403170701", "iban": "BE71096123456769"},
        "customers": [
            {"id": "c1", "name": "Klant", "kind": "company"},
            {"id": "c2", "name": "Goed", "vat": "BE0202239951"},
        ],
        "invoices": [
            {
                "id": "i1",
                "customer": "c2",
                "issue_date": "2026-01-05",
                "lines": [{"description": "a", "quantity": "1", "unit_price": "10", "vat_rate": "7"}],
            },
            {
                "id": "i2",
                "customer": "c2",
                "issue_date": "2026-01-06",
                "lines": [{"description": "b", "quantity": "1", "unit_price": "10", "vat_rate": "21"}],
            },
        ],
        "payments": [
            {
                "id": "p1",
                "date": "2026-02-01",
                "amount": "20.00",
                "customer": "c2",
                "allocations": [{"invoice": "i2", "amount": "15.00"}],
            }
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    code, out, err = run_cli("--data-dir", data_dir, "import-book", str(path))
    assert code == 1
    assert "$.customers[0]: a customer is a 'business' or a 'consumer'" in err
    assert "$.invoices[0].lines[0].vat_rate: 7 % is not a Belgian VAT rate" in err
    assert "$.payments[0].allocations[0]: allocating 15.00 exceeds the open amount of invoice 'i2'" in err
    assert "nothing was imported" in err and "Traceback" not in err
    code, out, _ = run_cli("--data-dir", data_dir, "export-book")
    assert json.loads(out)["customers"] == []


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON (line 1, column 2"),
        ('{"ledgerdesk_book": 3}', "$.ledgerdesk_book: must be 1 or 2"),
        ("[]", "$: must be an object"),
    ],
)
def test_unreadable_book_files(tmp_path, data_dir, content, message):
    path = tmp_path / "f.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run_cli("--data-dir", data_dir, "import-book", str(path))
    assert code == 1 and message in err


def test_missing_file_and_bad_arguments_are_one_sentence(tmp_path, data_dir, capsys):
    code, _, err = run_cli("--data-dir", data_dir, "import-book", str(tmp_path / "nope.json"))
    assert code == 1 and "Cannot read" in err
    with pytest.raises(SystemExit) as exc:
        run_cli("--data-dir", data_dir, "invoices", "--as-of", "2026-02-30")
    assert exc.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_the_environment_variable_chooses_the_book(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_DATA_DIR", str(tmp_path / "env"))
    assert run_cli("demo", "--years", "1", "--customers", "3", "--as-of", "2026-06-30")[0] == 0
    assert (tmp_path / "env" / "ledgerdesk.sqlite").exists()


def test_import_refuses_a_book_that_is_not_empty(tmp_path, data_dir):
    run_cli("--data-dir", data_dir, "demo", "--years", "1", "--customers", "3", "--as-of", "2026-06-30")
    code, out, _ = run_cli("--data-dir", data_dir, "export-book")
    (tmp_path / "b.json").write_text(out, encoding="utf-8")
    code, _, err = run_cli("--data-dir", data_dir, "import-book", str(tmp_path / "b.json"))
    assert code == 1 and "import into an empty book" in err


def test_the_demo_leaves_a_bank_statement_that_pays_and_explains(tmp_path):
    d = str(tmp_path / "demo")
    code, out, _ = run_cli("--data-dir", d, "demo", "--years", "1", "--customers", "12", "--as-of", "2026-11-23")
    assert code == 0 and "import-statement" in out
    code, out, err = run_cli(
        "--data-dir", d, "import-statement", str(tmp_path / "demo" / "demo-statement.cod"), "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["new"] == 6 and len(result["matched"]) == 3 and result["to_review"] == 1
    assert run_cli("--data-dir", d, "import-statement", str(tmp_path / "demo" / "demo-statement.cod"))[0] == 0


def test_demo_in_a_book_that_holds_data_says_why_in_the_users_language(tmp_path, capsys, monkeypatch):
    folder = str(tmp_path / "book")
    assert cli.main(["--data-dir", folder, "demo", "--years", "1", "--as-of", "2026-12-02"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    assert cli.main(["--data-dir", folder, "demo", "--years", "1", "--as-of", "2026-12-02"]) == 1
    assert capsys.readouterr().err == (
        "ledgerdesk: Ce livre contient déjà des clients ou des factures ; la démo se crée dans un livre vide : "
        "choisissez un nouveau dossier avec --data-dir.\n"
    )
