"""Books on network drives and in sync folders are refused read-write, with the reason; backups may go there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import location
from ledgerdesk.persistence.backups import BackupSettings, make_backup
from ledgerdesk.persistence.book import UnsafeLocationError, open_book
from ledgerdesk.persistence.location import (
    mount_of,
    parse_mountinfo,
    sync_folder_in,
    unsafe_for_book,
)

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
61 27 0:51 / /mnt/nas rw,relatime shared:40 - nfs4 nas:/export/books rw,vers=4.2
62 27 0:52 / /mnt/office\\040share rw,relatime - cifs //srv/office rw,vers=3.1.1
63 27 0:53 / /home/an/remote rw,nosuid - fuse.sshfs an@host:/home/an rw,user_id=0
64 61 0:54 / /mnt/nas/local rw - ext4 /dev/sdb1 rw
"""


@pytest.mark.parametrize(
    "folder, kind",
    [
        ("/mnt/nas/Boekhouding", "nfs4"),
        ("/mnt/office share/LedgerDesk", "cifs"),
        ("/home/an/remote/books", "fuse.sshfs"),
    ],
)
def test_network_file_systems_are_refused_with_their_kind(folder, kind):
    problem = unsafe_for_book(Path(folder), parse_mountinfo(MOUNTINFO))
    assert problem is not None and kind in str(problem) and "network drive" in str(problem)


def test_a_local_disk_mounted_inside_a_network_one_is_fine():
    assert mount_of(Path("/mnt/nas/local/books"), parse_mountinfo(MOUNTINFO)).fstype == "ext4"
    assert unsafe_for_book(Path("/mnt/nas/local/books"), parse_mountinfo(MOUNTINFO)) is None
    assert unsafe_for_book(Path("/home/an/books"), parse_mountinfo(MOUNTINFO)) is None


@pytest.mark.parametrize(
    "path, service",
    [
        ("/home/an/OneDrive/LedgerDesk", "OneDrive"),
        ("C:/Users/An/OneDrive - Atelier Janssens/Boeken", "OneDrive - Atelier Janssens"),
        ("/home/an/Dropbox (Personal)/books", "Dropbox (Personal)"),
        ("/Users/an/Library/CloudStorage/GoogleDrive-an@janssens.be/My Drive/b", "CloudStorage"),
        ("/Users/an/Library/Mobile Documents/com~apple~CloudDocs/LedgerDesk", "Mobile Documents"),
        ("G:/My Drive/LedgerDesk", "My Drive"),
        ("/home/an/iCloud Drive/x", "iCloud Drive"),
    ],
)
def test_sync_folders_are_recognised_by_name(path, service):
    assert sync_folder_in(Path(path)) == service


def test_names_that_merely_contain_a_service_are_not_sync_folders():
    assert sync_folder_in(Path("/home/an/dropboxes-archive/megabooks")) is None


def test_a_book_in_a_sync_folder_is_refused_before_anything_is_written(tmp_path):
    paths = BookPaths.in_dir(tmp_path / "Dropbox" / "LedgerDesk")
    with pytest.raises(UnsafeLocationError, match="synchronised by Dropbox") as caught:
        open_book(paths)
    assert not (tmp_path / "Dropbox").exists()
    assert "move the book to a folder" in caught.value.message.template


def test_a_backup_is_not_restored_into_a_sync_folder(book, tmp_path):
    from ledgerdesk.persistence.backups import restore_book

    saved = make_backup(book.paths, "manual").backup
    with pytest.raises(UnsafeLocationError, match="Google Drive"):
        restore_book(BookPaths.in_dir(tmp_path / "Google Drive" / "b"), saved.path)
    assert not (tmp_path / "Google Drive").exists()


def test_backups_may_go_to_a_sync_folder(book, tmp_path):
    folder = tmp_path / "OneDrive"
    folder.mkdir()
    result = make_backup(book.paths, "manual", settings=BackupSettings(second_folder=folder))
    assert result.second_copy is not None and result.second_copy.exists() and not result.problems


@pytest.fixture
def tmpfs(tmp_path):
    """A real tmpfs mount (root only), with a space in its name as mountinfo escapes it."""
    point = tmp_path / "net share"
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "ledgertest", str(point)], check=False, capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield point
    subprocess.run(["umount", str(point)], check=False)


def test_the_real_mount_table_is_read_and_a_network_type_refused(tmpfs, monkeypatch):
    """The tmpfs stands in for a network mount: the app must find it in /proc/self/mountinfo itself."""
    assert unsafe_for_book(tmpfs / "books") is None
    monkeypatch.setattr(location, "NETWORK_TYPES", location.NETWORK_TYPES | {"tmpfs"})
    with pytest.raises(UnsafeLocationError, match="network drive \\(tmpfs\\)"):
        open_book(BookPaths.in_dir(tmpfs / "books"))
    assert not (tmpfs / "books").exists()
    assert unsafe_for_book(tmpfs.parent) is None  # the folder above the mount is the local disk
