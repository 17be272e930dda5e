"""Matching is linear in the text: long communications without spaces are scanned once (issue 24.1)."""

from __future__ import annotations

import re
import time
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import references
from ledgerdesk.domain.matching import (
    LineFacts,
    Matcher,
    OpenItem,
    invoice_number_tokens,
)

OLD_PATTERN = re.compile(r"[a-z0-9][a-z0-9/\-_.]*[0-9]")  # the backtracking scan it replaces


@given(st.text(alphabet="ab9/-_. 0x", max_size=40))
def test_the_linear_scan_finds_the_words_the_old_pattern_found(text):
    assert list(invoice_number_tokens(text)) == OLD_PATTERN.findall(text)


def _matcher() -> Matcher:
    ogm = references.for_document(2026, 0, 1)
    return Matcher([OpenItem(1, "2026-0001", 7, "Bakkerij Peeters", date(2026, 1, 5), date(2026, 2, 4), 12100, ogm)])


def test_a_megabyte_of_text_without_spaces_matches_in_a_fraction_of_a_second():
    matcher = _matcher()
    for text in ("a" * 1_000_000, "2026-0001abc" * 80_000, "123" + " " * 1_000_000 + "4567 89012", "1/" * 500_000):
        start = time.perf_counter()
        matcher.match(LineFacts(12100, communication=text))
        assert time.perf_counter() - start < 0.5, text[:20]


def test_the_invoice_number_is_still_found_at_the_end_of_a_long_text():
    outcome = _matcher().match(LineFacts(12100, communication="x" * 200_000 + " 2026-0001"))
    assert outcome.status == "review" and outcome.candidates[0].allocations == ((1, 12100),)
