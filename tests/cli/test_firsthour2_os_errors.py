"""Operating-system errors are said in our own words, in the user's language, never the system's English."""

from __future__ import annotations

import errno
import io
import os

import pytest

from ledgerdesk import cli
from ledgerdesk.domain import os_errors
from ledgerdesk.i18n import catalog, gettext


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOENT, os_errors.NOT_FOUND),
        (errno.EACCES, os_errors.NO_PERMISSION),
        (errno.ENOSPC, os_errors.DISK_FULL),
        (errno.EROFS, os_errors.READ_ONLY),
        (errno.ENOTDIR, os_errors.NOT_FOLDER),
        (errno.EIO, os_errors.DEVICE),
        (errno.EPIPE, os_errors.OTHER),
    ],
)
def test_each_kind_of_error_has_our_sentence(code, said):  # type: ignore[no-untyped-def]
    assert os_errors.reason(OSError(code, os.strerror(code))) == said


def test_every_reason_is_translated_and_a_sentence_holding_one_translates_it():
    for language in ("nl", "fr"):
        assert os_errors.REASONS <= set(catalog(language)), language
    assert gettext("fr")("cannot read {file}: {reason}", file="x.json", reason=os_errors.DISK_FULL).endswith(
        "le disque est plein"
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "une partie du chemin est un fichier, pas un dossier"),
        ("nl", "een deel van het pad is een bestand, geen map"),
        ("en", "a part of the path is a file, not a folder"),
    ],
)
def test_the_command_line_says_why_a_file_cannot_be_read(tmp_path, monkeypatch, language, said):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    for command in ("import-book", "import-statement"):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(
            ["--data-dir", str(tmp_path / "book"), command, str(tmp_path / "notes.txt" / "x")], out=out, err=err
        )
        assert code != 0 and err.getvalue().rstrip().endswith(said), err.getvalue()
        assert "Not a directory" not in err.getvalue()
