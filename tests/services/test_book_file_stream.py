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

_scalars = st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(max_size=8)
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


def _plain(value):
    """A loaded document with its lists read item by item turned back into plain lists."""
    from ledgerdesk.services.bookfile.fields import LazyItems

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, LazyItems)):
        return [_plain(v) for v in value]
    return value


@given(_members)
def test_a_book_file_read_item_by_item_is_the_document_json_gives(doc):
    from ledgerdesk.services.bookfile import json_text

    raw = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    assert _plain(json_text.loads(raw)) == json.loads(raw)
    # Read twice (the checks, then the sections): the same items again.
    loaded = json_text.loads(raw)
    assert _plain(loaded) == _plain(loaded)


@pytest.mark.parametrize(
    "text",
    [
        '{"invoices": [{"id": "I1"}, {"id": "I2"} {"id": "I3"}]}',
        '{"invoices": [{"id": "I1"},]}',
        '{"a": 1,, "b": []}',
        '{"a": [1, 2]} x',
        '{"a": [1, 2]',
        '[{"a": 1}',
    ],
)
def test_broken_json_is_refused_with_the_line_and_column_json_gives(text):
    from ledgerdesk.services.bookfile import json_text
    from ledgerdesk.services.bookfile.fields import BookFileError

    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(BookFileError) as refused:
        json_text.loads(text.encode())
    said = refused.value.problems[0]
    # json's position, in our words rather than the json module's English
    assert f"line {expected.value.lineno}, column {expected.value.colno}: " in said
    assert expected.value.msg not in said


def test_equal_party_snapshots_are_held_once_and_only_equal_ones():
    from decimal import Decimal

    from ledgerdesk.services.bookfile.core_read import _Snapshots

    snapshots = _Snapshots()
    first = snapshots.shared({"name": "Claes", "vat": "BE0403170701"})
    assert snapshots.shared({"name": "Claes", "vat": "BE0403170701"}) is first
    # Another type, another key order, another value: each its own object, as written.
    for other in ({"name": "Claes", "vat": 403170701}, {"vat": "BE0403170701", "name": "Claes"}, {"x": Decimal("1")}):
        assert snapshots.shared(dict(other)) is not first
        assert list(snapshots.shared(dict(other)).items()) == list(other.items())
    assert snapshots.shared({"x": "1"}) != {"x": Decimal("1")}
