"""Shared books for the storage reliability tests: one demo book (made once), copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .storage_helpers import AS_OF, ForkServer, run


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    """A demo business (2 years, 40 customers) as of 2026-11-30, with its bank statement beside it."""
    folder = tmp_path_factory.mktemp("demo-book")
    code, _, err = run(folder, "demo", "--years", "2", "--customers", "40", "--as-of", AS_OF)
    assert code == 0, err
    code, _, err = run(folder, "export-book", "-o", str(folder.parent / "demo-book.json"))
    assert code == 0, err
    return folder


@pytest.fixture
def demo_copy(demo_folder, tmp_path) -> Path:
    """A fresh copy of the demo book's folder for one test to change."""
    target = tmp_path / "book"
    shutil.copytree(demo_folder, target)
    return target


@pytest.fixture(scope="session")
def fork_server():
    server = ForkServer()
    yield server
    server.close()
