"""The import wizard shows the bank's statement message and the texts it cut, in the user's language."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.import_statement import ImportStatementDialog


@pytest.mark.parametrize(
    "language, message, cut",
    [
        ("nl", "Bericht van de bank (001): Nieuwe tarieven vanaf 1 april", "[de mededeling ingekort tot 2000 tekens"),
        (
            "fr",
            "Message de la banque (001): Nieuwe tarieven vanaf 1 april",
            "[la communication raccourcie à 2000 caractères",
        ),
    ],
)
def test_the_wizard_shows_the_banks_message_and_the_cut_texts(
    qtbot, book, tmp_path, artifacts_dir, language, message, cut
):
    path = tmp_path / "statement.cod"
    long_info = "x" * 268  # 3.1-3.3 full; many movements' information makes a long communication
    txs = [Tx(100, ref="A", info=long_info, free="Nieuwe tarieven vanaf 1 april")]
    data = coda([Stmt(txs=txs)])
    recs = data.split(b"\r\n")[:-1]
    # repeat the 3.2 information record of movement 0001 (each 105 characters) past the 2,000 limit
    at = next(i for i, r in enumerate(recs) if r.startswith(b"32"))
    more = [recs[at][:10] + (b"%03d" % n) + recs[at][13:] for n in range(25)]
    recs = recs[:at] + more + recs[at + 1 :]
    trailer = recs[-1]
    recs[-1] = trailer[:16] + b"%06d" % (int(trailer[16:22]) + len(more) - 1) + trailer[22:]
    path.write_bytes(b"\r\n".join(recs) + b"\r\n")
    ctx = AppContext(book, language=language, today=lambda: date(2026, 3, 5))
    wizard = ImportStatementDialog(ctx, path)
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    text = wizard.summary.text()
    assert message in text, text
    assert wizard.model.rowCount() == 1
    assert cut in wizard.model.row_at(0).reason
    wizard.resize(1000, 360)
    wizard.grab().save(str(artifacts_dir / f"import_wizard_notes_{language}.png"))
