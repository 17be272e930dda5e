"""The accountant's period pack e-mailed through the outbox: the zip byte for byte, recognised by its SHA-256."""

from __future__ import annotations

import io
from email import message_from_bytes, policy

from ledgerdesk.cli import main

from .conftest import make_book


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_pack_goes_to_the_accountant_with_the_zip_attached_and_the_address_is_remembered(tmp_path, smtp):
    folder = tmp_path / "book"
    make_book(folder, 2)
    cli(folder, "mail", "setup", "--host", "127.0.0.1", "--port", str(smtp.port), "--security", "none", "--from",
        "f@janssens.be")  # fmt: skip
    zip_file = tmp_path / "pack.zip"
    code, _, err = cli(folder, "pack", "--period", "2026-03", "-o", str(zip_file))
    assert code == 0, err
    code, out, err = cli(folder, "outbox", "pack", str(zip_file), "--to", "kantoor@boekhouder.be")
    assert code == 0, err
    assert "2026-03" in out and "sent" in out
    mail = message_from_bytes(smtp.recorder.messages[0], policy=policy.default)
    assert mail["To"] == "kantoor@boekhouder.be" and "2026-03" in mail["Subject"]
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content() == zip_file.read_bytes()
    assert cli(folder, "outbox", "pack", str(zip_file))[0] == 0  # the address remembered
    assert smtp.recorder.envelopes[1][1] == ["kantoor@boekhouder.be"]


def test_a_file_that_is_no_pack_of_this_book_is_refused(tmp_path, smtp, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    folder = tmp_path / "book"
    make_book(folder, 1)
    other = tmp_path / "other.zip"
    other.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    code, _, err = cli(folder, "outbox", "pack", str(other), "--to", "kantoor@boekhouder.be")
    assert code == 1
    assert "Le fichier other.zip n’est pas un dossier fait à partir de ce livre" in err
    assert smtp.recorder.messages == []
