"""Reminder texts are templates, not format strings: known {name}s only, the rest literally, bounded."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.dunning import PLACEHOLDERS, text_problems
from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.letter_template import MAX_OUTPUT_CHARS, problems, render

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_known_placeholders_are_filled_and_doubled_braces_stay_single():
    assert render("Dear {customer}, pay {total} by {pay_by}. {{literal}}", VALUES) == (
        "Dear <customer>, pay <total> by <pay_by>. {literal}"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "Dear {customer:>1000000000}",
        "Dear {customer:>200000000}",
        "{customer.__class__.__mro__}",
        "{customer[0]}",
        "{0}",
        "{}",
        "{customer!r}",
        "{__import__}",
    ],
)
def test_format_string_tricks_are_printed_as_written_at_once(hostile):
    started = time.perf_counter()
    assert render(hostile, VALUES) == hostile
    assert time.perf_counter() - started < 0.1
    assert text_problems(hostile)  # and saving such a text is refused, with a sentence


def test_a_text_that_would_grow_beyond_the_cap_is_refused_with_a_sentence():
    with pytest.raises(ValidationError, match="too long once filled in"):
        render("{customer}" * 50, {"customer": "x" * 5000})
    assert len(render("{customer}" * 10, {"customer": "x" * 100})) == 1000


def test_saving_refuses_unknown_names_open_braces_and_too_many_placeholders():
    assert text_problems("Pay {balance} by {pay_by}.") == []
    assert "unknown placeholder {custmer}" in text_problems("Dear {custmer},")[0]
    assert "not closed" in text_problems("Dear {customer,")[0]
    assert "at most" in text_problems("{total} " * 61)[0]
    assert "longer than" in problems("x" * 20_001, PLACEHOLDERS)[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("{}:>.![]0_ab") + ["customer", "total", "\n", "é"]), max_size=120).map("".join))
def test_any_text_renders_in_bounded_size_and_never_runs_a_format_program(text):
    out = render(text, VALUES)
    assert len(out) <= len(text) * 12  # each {name} (>= 4 chars) becomes at most its value (<= 19 chars)
    assert len(out) <= MAX_OUTPUT_CHARS
    # Without any placeholder, the text is itself (bar doubled braces).
    if not any("{" + n + "}" in text for n in PLACEHOLDERS):
        assert out.replace("{", "").replace("}", "") == text.replace("{", "").replace("}", "")
