"""The book file written piece by piece: the same text as json.dumps of the whole document, and all or nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.atomic import write_atomic_text
from ledgerdesk.services.bookfile.json_out import materialize, write_document

_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
_members = st.dictionaries(st.text(max_size=6), _values | st.lists(_values, max_size=4), min_size=1, max_size=5)


@given(_members, st.data())
def test_streamed_text_is_json_dumps_of_the_whole_document(doc, data):
    # Any list member may come as an iterator (produced row by row): the text is the same either way.
    lazy = {k: iter(v) if isinstance(v, list) and data.draw(st.booleans()) else v for k, v in doc.items()}
    out = io.StringIO()
    write_document(out, lazy.items())
    assert out.getvalue() == json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def test_each_member_is_asked_for_only_after_the_previous_one_is_written():
    written = io.StringIO()
    seen_when_asked = []

    def members():
        yield "a", iter([1, 2])
        seen_when_asked.append(written.getvalue())
        yield "b", []

    write_document(written, members())
    assert seen_when_asked == ['{\n "a": [\n  1,\n  2\n ]']
    assert materialize([("x", iter([{"y": 1}]))]) == {"x": [{"y": 1}]}


def test_a_failed_streamed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "book.json"
    target.write_text("old", encoding="utf-8")

    def produce(out):
        out.write("{" * 10_000)
        raise RuntimeError("the book could not be read")

    with pytest.raises(RuntimeError):
        write_atomic_text(target, produce)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.json"]
    write_atomic_text(target, lambda out: out.write("é\n"))
    assert target.read_bytes() == "é\n".encode()
