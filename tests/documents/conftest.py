"""Fixtures for document tests."""

from __future__ import annotations

import pytest

from ledgerdesk.domain.invoicing import LineInput


@pytest.fixture
def simple_lines():
    return [
        LineInput.of("Consultancy", "10", "85", "21", unit="h"),
        LineInput.of("Travel costs", "1", "40", "6"),
    ]
