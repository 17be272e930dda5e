"""write_atomic: a file is replaced whole or not at all, and a failed write leaves no temporary file."""

from __future__ import annotations

import os

import pytest

from ledgerdesk.atomic import write_atomic
from ledgerdesk.persistence.faults import StorageError

from .storage_helpers import small_disk


def test_a_written_file_has_the_users_usual_permissions_and_replaces_the_old_one(tmp_path):
    target = tmp_path / "book.json"
    target.write_text("old")
    mask = os.umask(0o022)
    try:
        write_atomic(target, "new ✓")
    finally:
        os.umask(mask)
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.json"]


def test_a_folder_in_the_way_is_said_plainly(tmp_path):
    (tmp_path / "out.pdf").mkdir()
    with pytest.raises(StorageError, match="is a folder"):
        write_atomic(tmp_path / "out.pdf", b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        target = disk / "letters.pdf"
        target.write_bytes(b"old letters")
        with pytest.raises(StorageError, match=r"The disk is full: writing .*letters\.pdf needs about 3 MB"):
            write_atomic(target, b"x" * (3 * 1024 * 1024))
        assert target.read_bytes() == b"old letters"
        assert sorted(p.name for p in disk.iterdir()) == ["letters.pdf"]


def test_a_streamed_file_appears_only_when_its_block_ends(tmp_path):
    from ledgerdesk.atomic import atomic_file

    target = tmp_path / "pack.zip"
    target.write_bytes(b"old pack")
    with pytest.raises(RuntimeError), atomic_file(target) as sink:
        sink.write(b"half a pack")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"old pack" and sorted(p.name for p in tmp_path.iterdir()) == ["pack.zip"]
    with atomic_file(target) as sink:
        sink.write(b"new pack")
        sink.seek(0)
        assert sink.read() == b"new pack"  # readable before it replaces the target
        assert target.read_bytes() == b"old pack"
    assert target.read_bytes() == b"new pack" and sorted(p.name for p in tmp_path.iterdir()) == ["pack.zip"]


def test_a_streamed_file_on_a_full_disk_is_said_and_leaves_nothing(tmp_path):
    from ledgerdesk.atomic import atomic_file

    with small_disk(tmp_path / "disk", "1m") as disk:
        target = disk / "pack.zip"
        with pytest.raises(StorageError, match=r"The disk is full: writing .*pack\.zip"), atomic_file(target) as sink:
            for _ in range(3):
                sink.write(b"x" * (1024 * 1024))
        assert sorted(p.name for p in disk.iterdir()) == []
