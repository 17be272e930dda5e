"""File names made from book data (letter and invoice numbers) always name a file inside the chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.user_files import (
    FILE_NAME_LIMIT,
    FileRefused,
    check_output_file,
    file_in,
    safe_file_name,
)


@given(
    text=st.text(max_size=300)
    | st.sampled_from(
        [
            "..",
            ".",
            "/",
            "../../etc/passwd",
            "/etc/passwd",
            "C:\\x",
            "\\\\server\\share",
            "a/../../b",
            "~",
            "...",
            "\x00",
            "CON",
        ]
    )
)
def test_any_number_names_a_file_directly_in_the_folder(text):
    folder = Path("/tmp/ledgerdesk-names/out")
    path = file_in(folder, text, ".eml")
    assert path.parent == folder and path.name.endswith(".eml")
    name = path.name[: -len(".eml")]
    assert name and not name.startswith(".") and ".." not in name and len(name) <= FILE_NAME_LIMIT
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in name)


@pytest.mark.parametrize(
    "number, name",
    [
        ("R2026-0001", "R2026-0001.pdf"),
        ("2026/0001", "2026_0001.pdf"),
        ("../../escaped-letter-0001", "___escaped-letter-0001.pdf"),
        ("", "document.pdf"),
        ("Éé 12", "___12.pdf"),
    ],
)
def test_readable_numbers_keep_their_shape(number, name):
    assert safe_file_name(number, ".pdf") == name


def test_an_output_that_is_a_folder_or_in_no_folder_is_refused_before_any_work(tmp_path):
    with pytest.raises(FileRefused, match="is a folder; give a file name"):
        check_output_file(tmp_path)
    with pytest.raises(FileRefused, match="does not exist"):
        check_output_file(tmp_path / "missing" / "x.pdf")
    with pytest.raises(FileRefused, match="is not a file"):
        check_output_file(Path("/dev/null"))
    check_output_file(tmp_path / "fine.pdf")
