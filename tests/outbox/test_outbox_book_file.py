"""The outbox travels in the book file: export → import into an empty book → the same export; a changed copy is refused."""

from __future__ import annotations

import io
import json

from ledgerdesk.cli import main

from .conftest import make_book


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def sent_book(tmp_path, smtp):  # type: ignore[no-untyped-def]
    folder = tmp_path / "book"
    numbers = make_book(folder, 2)
    cli(
        folder,
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        str(smtp.port),
        "--security",
        "none",
        "--from",
        "f@janssens.be",
    )
    assert cli(folder, "send", numbers[0])[0] == 0
    assert cli(folder, "send", numbers[1], "--via", "post")[0] == 0
    return folder


def test_deliveries_round_trip_through_the_book_file(tmp_path, smtp):
    folder = sent_book(tmp_path, smtp)
    code, exported, err = cli(folder, "export-book")
    assert code == 0, err
    doc = json.loads(exported)
    assert [d["channel"] for d in doc["deliveries"]] == ["email", "post"]
    (tmp_path / "book.json").write_text(exported)
    assert cli(tmp_path / "copy", "import-book", str(tmp_path / "book.json"))[0] == 0
    again = cli(tmp_path / "copy", "export-book")[1]
    assert json.loads(again)["deliveries"] == doc["deliveries"]
    assert json.loads(cli(tmp_path / "copy", "outbox", "--json")[1]) == json.loads(cli(folder, "outbox", "--json")[1])


def test_a_changed_copy_of_a_sent_message_is_refused_by_its_path(tmp_path, smtp, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    folder = sent_book(tmp_path, smtp)
    doc = json.loads(cli(folder, "export-book")[1])
    import base64

    message = base64.b64decode(doc["deliveries"][0]["message_base64"]).replace(b"Factuur", b"Fxctuur")
    doc["deliveries"][0]["message_base64"] = base64.b64encode(message).decode()
    doc["deliveries"][1]["state"] = "lost"
    (tmp_path / "book.json").write_text(json.dumps(doc))
    code, _, err = cli(tmp_path / "copy", "import-book", str(tmp_path / "book.json"))
    assert code == 1
    assert "$.deliveries[0].message_sha256" in err and "does not match the message" in err
    assert "$.deliveries[1].state" in err
