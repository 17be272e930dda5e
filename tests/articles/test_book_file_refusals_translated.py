"""A refused book file is explained in the user's language, the domain's own sentences included."""

from __future__ import annotations

import io
import json

from ledgerdesk import cli


def test_domain_sentences_and_amounts_in_a_refused_file_are_said_in_french(tmp_path, monkeypatch):
    doc = {
        "ledgerdesk_book": 1,
        "company": {"name": "X", "vat": "BE0403170701", "iban": "BE71096123456769"},
        "customers": [{"id": "C1", "name": "Marie", "kind": "consumer", "language": "fr"}],
        "invoices": [
            {
                "id": "I1",
                "customer": "C1",
                "issue_date": "2026-11-20",
                "lines": [
                    {
                        "description": "Conseil",
                        "quantity": "1",
                        "unit_price": "4000",
                        "vat_rate": "0",
                        "vat_exemption": "eu_services",
                    }
                ],
            },
            {
                "id": "I2",
                "customer": "C1",
                "issue_date": "2026-11-20",
                "lines": [{"description": "Conseil", "quantity": "1", "unit_price": "4000", "vat_rate": "21"}],
            },
        ],
        "payments": [
            {
                "id": "P1",
                "date": "2026-11-25",
                "amount": "3500.00",
                "customer": "C1",
                "method": "cash",
                "allocations": [{"invoice": "I2", "amount": "3500.00"}],
            }
        ],
        "articles": [{"code": "A", "name_fr": "a", "unit": "HUR", "unit_price": "1", "vat": "cadeau"}],
    }
    path = tmp_path / "book.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    err = io.StringIO()
    assert cli.main(["--data-dir", str(tmp_path / "b"), "import-book", str(path)], out=io.StringIO(), err=err) == 1
    said = err.getvalue()
    assert "$.invoices[0].lines : le cas de TVA 'eu_services' demande le numéro de TVA du client" in said
    assert "$.payments[0].amount : un paiement en espèces de EUR 3\u202f500,00 n'est pas autorisé" in said or (
        "$.payments[0].amount : un paiement en espèces de EUR 3 500,00 n'est pas autorisé" in said
    )
    assert "$.articles[0].vat : 'cadeau' n'est pas un taux de TVA ni un code de cas de TVA" in said
    assert "needs the customer" not in said and "3 500,00 €" not in said
