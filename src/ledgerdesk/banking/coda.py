"""CODA 2.x reader (Febelfin coded statements): 128-character windows-1252 records.

Written here rather than wrapping `febelfin-coda`: that parser checks totals with
bare `assert`s (gone under `python -O`, and no line number either), does not check
record lengths, and raises on the first bad field. An import must instead list every
problem with its line and field, so this reader collects them as values. The
differential test runs both parsers on the library's real KBC sample.

Globalisation follows the transaction type (first digit of the transaction code):
types 1 and 2 are totals whose details (types 5, 6, 7) follow — the details are
booked and must add up to the total; type 3 is a single amount whose type 8 details
only break it down (charges) — the amount itself is booked. The globalisation code
digit alone is not reliable: real files put 1 on plain movements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from ..domain import references
from .coda_fields import (
    CONTROL,
    RECORD_LENGTH,
    FieldError,
    amount,
    belgian_iban,
    digits,
    field_date,
    iban_or_raw,
    is_digits,
    join_texts,
    record_lines,
    structured,
)
from .model import (
    COMMUNICATION_CUT,
    BankLine,
    Note,
    Problem,
    Statement,
    StreamReader,
    cut_note,
)

MAX_PROBLEMS = 1000  # a file that is not CODA at all stops being read here
COMMUNICATION_LIMIT = 2000  # characters of one line's texts, as for camt.053
TOTAL_TYPES = "0123"
DETAIL_TYPES = "5678"


@dataclass
class _Move:
    seq: str
    detail: str
    line_no: int
    bank_reference: str
    amount_cents: int
    value_date: date | None
    entry_date: date | None
    code: str
    ogm: str | None = None
    structure: str = ""  # the structured communication's type ('114' a card payment) or ''

    texts: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    end_to_end: str = ""
    bic: str = ""
    iban: str = ""
    name: str = ""
    info_name: str = ""

    @property
    def type(self) -> str:
        return self.code[0]


@dataclass
class _Open:
    line_no: int
    number: str = ""
    account: str = ""
    currency: str = ""
    holder: str = ""
    opening_cents: int = 0
    opening_date: date | None = None
    closing_cents: int | None = None
    closing_date: date | None = None
    moves: list[_Move] = field(default_factory=list)
    records: int = 0
    free_records: int = 0
    free_texts: list[str] = field(default_factory=list)
    account_field: str = ""  # record 1's account and currency, as written: record 8 must repeat it
    failed: set[str] = field(default_factory=set)  # sequences whose record 2.1 was refused
    broken: bool = False


class CodaReader(StreamReader):
    name = "CODA"
    head_size = RECORD_LENGTH + 2  # the first record and its line end

    @staticmethod
    def looks_like(head: bytes) -> bool:
        return head[:5] == b"00000"

    def read_stream(self, stream: BinaryIO, name: str) -> tuple[list[Statement], list[Problem]]:
        """Read record by record: a huge file or a line of a gigabyte is never held whole."""
        problems: list[Problem] = []
        statements: list[Statement] = []
        current: _Open | None = None

        def problem(line_no: int, message: str) -> None:
            problems.append(Problem(name, f"line {line_no}", message))
            if current is not None:
                current.broken = True

        line_no = 0
        previous = ""
        for line_no, data, length in record_lines(stream):
            if len(problems) >= MAX_PROBLEMS:
                problems.append(
                    Problem(
                        name,
                        f"line {line_no}",
                        f"more than {MAX_PROBLEMS} problems: reading stopped (is this a CODA file?)",
                    )
                )
                return [], problems
            try:
                rec = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                problem(line_no, f"byte 0x{data[exc.start]:02X} at column {exc.start + 1} is not windows-1252 text")
                continue
            if length != RECORD_LENGTH:
                hint = ""
                try:
                    if len(data.decode("utf-8")) == RECORD_LENGTH:
                        hint = " (it looks UTF-8 encoded; CODA files are windows-1252)"
                except UnicodeDecodeError:
                    pass
                problem(line_no, f"record is {length:,} characters long, a CODA record has {RECORD_LENGTH}{hint}")
                glued_trailer = len(rec) == length and length % RECORD_LENGTH == 0 and rec[-RECORD_LENGTH] == "9"
                if rec[:1] == "9" or glued_trailer:
                    # Still the trailer (too short or long, or joined to the record before it): the statement
                    # ends here, the file is not truncated.
                    current = None
                continue
            control = CONTROL.search(rec)
            if control is not None:
                problem(
                    line_no,
                    f"character 0x{ord(control.group()):02X} at column {control.start() + 1} is a control "
                    f"character, not text",
                )
                previous = rec
                continue
            if rec == previous and rec[0] != "4":
                # Real files never repeat a record (each carries its sequence); record 4 may repeat a blank line.
                problem(
                    line_no,
                    f"record {rec[0]}{rec[1] if rec[0] in '23' else ''} repeats line {line_no - 1} exactly (doubled?)",
                )
                continue
            previous = rec
            kind = rec[0]
            try:
                if kind == "0":
                    if current is not None:
                        problem(
                            line_no,
                            f"a new header (record 0) starts before the trailer (record 9) "
                            f"of the statement begun on line {current.line_no}",
                        )
                    current = _Open(line_no)
                    if rec[127] != "2":
                        raise FieldError("version", f"CODA version '{rec[127]}' is not supported (only 2.x)")
                    field_date(rec, 5, "creation date")
                    continue
                if (
                    current is not None
                    and rec[2:6] in current.failed
                    and (kind == "3" or kind == "2" and rec[1] != "1")
                ):
                    current.records += 1
                    continue  # the rest of a movement whose record 2.1 was refused: said once, not again
                if current is None:
                    problem(line_no, f"record {kind} comes before any header record 0")
                    continue
                if kind == "1":
                    self._old_balance(rec, current)
                elif kind == "2":
                    self._movement(rec, line_no, current)
                elif kind == "3":
                    self._information(rec, line_no, current)
                elif kind == "4":
                    self._free(rec, current)
                elif kind == "8":
                    current.records += 1
                    current.closing_cents = amount(rec, 41, 42, 57, "new balance")
                    current.closing_date = field_date(rec, 57, "new balance date")
                    account = " ".join(rec[4:41].split())  # padding differs between banks, content must not
                    if current.account_field and account != current.account_field:
                        raise FieldError(
                            "account",
                            f"'{account}' at positions 5-41 is not the account of record 1 ('{current.account_field}')",
                        )
                elif kind == "9":
                    try:
                        done = self._trailer(rec, line_no, current, problem)
                    finally:
                        current = None  # a bad trailer still ends its statement
                    if done is not None:
                        statements.append(done)
                else:
                    problem(line_no, f"'{kind}' is not a CODA record type (0, 1, 2, 3, 4, 8 or 9)")
            except FieldError as exc:
                problem(line_no, f"record {kind}{rec[1] if kind in '23' else ''} {exc}")
        if line_no == 0:
            return [], [Problem(name, "file", "is empty")]
        if current is not None:
            problems.append(
                Problem(
                    name,
                    f"line {line_no}",
                    f"the file ends inside the statement begun on line "
                    f"{current.line_no}: no trailer record 9 (truncated?)",
                )
            )
        if not statements and not problems:
            problems.append(Problem(name, "file", "holds no CODA statement"))
        return ([] if problems else statements), problems

    # --- records -------------------------------------------------------------
    def _old_balance(self, rec: str, st: _Open) -> None:
        st.records += 1
        structure = rec[1]
        if structure == "0":
            st.account = belgian_iban(digits(rec, 5, 17, "account number"))
            st.currency = rec[18:21]
        elif structure in "123":
            st.account = rec[5:21] if structure == "2" else rec[5:39].strip()
            st.currency = rec[39:42]
        else:
            raise FieldError("account structure", f"'{structure}' at position 2 is not 0, 1, 2 or 3")
        st.account_field = " ".join(rec[5:42].split())
        st.number = digits(rec, 2, 5, "statement number")
        st.opening_cents = amount(rec, 42, 43, 58, "old balance")
        st.opening_date = field_date(rec, 58, "old balance date")
        st.holder = rec[64:90].strip()

    def _movement(self, rec: str, line_no: int, st: _Open) -> None:
        st.records += 1
        article = rec[1]
        seq, detail = digits(rec, 2, 6, "sequence number"), digits(rec, 6, 10, "detail number")
        if article == "1":
            try:
                st.moves.append(self._new_movement(rec, line_no, seq, detail))
            except FieldError:
                st.failed.add(seq)  # its 2.2, 2.3 and 3.x records are then skipped, not reported again
                raise
            return
        move = st.moves[-1] if st.moves else None
        if move is None or (move.seq, move.detail) != (seq, detail):
            raise FieldError("sequence", f"movement {seq}/{detail} has no record 2.1 before it")
        if article == "2":
            move.texts.append(rec[10:63])
            move.end_to_end = rec[63:98].strip()
            move.bic = rec[98:109].strip()
        elif article == "3":
            move.iban = iban_or_raw(rec[10:44])
            move.name = rec[47:82].strip()
            move.texts.append(rec[82:125])
        else:
            raise FieldError("article", f"'{article}' at position 2 is not 1, 2 or 3")

    def _new_movement(self, rec: str, line_no: int, seq: str, detail: str) -> _Move:
        code = digits(rec, 53, 61, "transaction code")
        move = _Move(
            seq,
            detail,
            line_no,
            rec[10:31].strip(),
            amount(rec, 31, 32, 47, "amount"),
            field_date(rec, 47, "value date", optional=True),
            field_date(rec, 115, "entry date", optional=True),
            code,
        )
        if code[0] not in TOTAL_TYPES + DETAIL_TYPES + "9":
            raise FieldError("transaction code", f"type '{code[0]}' at position 54 is unknown")
        if rec[61] == "1":
            structure = rec[62:65]
            candidate = rec[65:77]
            if structure in ("101", "102") and is_digits(candidate) and references.is_valid(candidate):
                move.ogm = candidate
            else:
                move.structure = structure
                move.texts.append(rec[65:115])
        elif rec[61] == "0":
            move.texts.append(rec[62:115])
        else:
            raise FieldError("communication type", f"'{rec[61]}' at position 62 is neither 0 nor 1")
        return move

    def _owner(self, st: _Open, seq: str, detail: str) -> _Move | None:
        """The movement an information record belongs to: same sequence and detail, else its total."""
        for move in reversed(st.moves):  # information follows its movement closely: a short walk back
            if move.seq == seq:
                if move.detail == detail or move.type in TOTAL_TYPES:
                    return move  # details come after their total, so reaching the total ends the search
            elif move.seq < seq:
                break
        return None

    def _information(self, rec: str, line_no: int, st: _Open) -> None:
        st.records += 1
        article = rec[1]
        seq, detail = digits(rec, 2, 6, "sequence number"), digits(rec, 6, 10, "detail number")
        owner = self._owner(st, seq, detail)
        if owner is None:
            raise FieldError("sequence", f"information {seq}/{detail} belongs to no movement")
        if article == "1":
            if rec[39] == "1":
                kind = rec[40:43]
                text = rec[43:113]
                if kind in ("001", "008", "009") and not owner.info_name:
                    owner.info_name = text[:35].strip() if kind == "001" else text.strip()
                owner.info.append(text)
            else:
                owner.info.append(rec[40:113])
        elif article == "2":
            owner.info.append(rec[10:115])
        elif article == "3":
            owner.info.append(rec[10:100])
        else:
            raise FieldError("article", f"'{article}' at position 2 is not 1, 2 or 3")

    def _free(self, rec: str, st: _Open) -> None:
        # Record 4 is the bank's free message about the statement (febelfin-coda, pycoda and
        # php-coda-parser keep it there); its sequence numbers do not tie it to a movement.
        st.free_records += 1
        st.free_texts.append(rec[32:112])

    # --- end of a statement: every check before anything is returned -----------
    def _trailer(self, rec: str, line_no: int, st: _Open, problem) -> Statement | None:  # type: ignore[no-untyped-def]
        count = int(digits(rec, 16, 22, "record count"))
        debit = -amount("1" + rec[22:37], 0, 1, 16, "debit total")
        credit = amount("0" + rec[37:52], 0, 1, 16, "credit total")
        if st.broken:
            return None
        if st.closing_cents is None and not st.moves:
            # A statement with no movements may leave record 8 out (febelfin-coda's CODA-empty.txt):
            # nothing moved, so the new balance is the old one.
            st.closing_cents, st.closing_date = st.opening_cents, st.opening_date
        if st.closing_cents is None:
            problem(line_no, f"the statement begun on line {st.line_no} has no new balance (record 8)")
            return None
        if not st.account:
            problem(line_no, f"the statement begun on line {st.line_no} has no old balance (record 1)")
            return None
        # Banks differ on whether free-communication records 4 are counted.
        if count not in (st.records, st.records + st.free_records):
            problem(line_no, f"trailer record count {count} does not match the {st.records} records of the statement")
        totals = [m for m in st.moves if m.type in TOTAL_TYPES]
        got_debit = -sum(m.amount_cents for m in totals if m.amount_cents < 0)
        got_credit = sum(m.amount_cents for m in totals if m.amount_cents > 0)
        if got_debit != debit:
            problem(
                line_no, f"trailer debit total {debit / 100:.2f} does not match the movements ({got_debit / 100:.2f})"
            )
        if got_credit != credit:
            problem(
                line_no,
                f"trailer credit total {credit / 100:.2f} does not match the movements ({got_credit / 100:.2f})",
            )
        if st.opening_cents + got_credit - got_debit != st.closing_cents:
            problem(
                line_no,
                f"old balance {st.opening_cents / 100:.2f} + movements {(got_credit - got_debit) / 100:.2f} "
                f"does not give the new balance {st.closing_cents / 100:.2f}",
            )
        booked = self._booked(st, problem)
        if st.broken:
            return None
        return Statement(
            format="coda",
            account=st.account,
            currency=st.currency,
            number=st.number,
            opening_date=st.opening_date,
            opening_balance_cents=st.opening_cents,
            closing_date=st.closing_date,
            closing_balance_cents=st.closing_cents,
            holder=st.holder,
            lines=tuple(booked),
            free_message=join_texts(st.free_texts),
        )

    def _booked(self, st: _Open, problem) -> list[BankLine]:  # type: ignore[no-untyped-def]
        lines: list[BankLine] = []
        fallback_date = st.closing_date or st.opening_date or date(2000, 1, 1)
        parents = [m for m in st.moves if m.type in TOTAL_TYPES]
        details_of: dict[str, list[_Move]] = {}
        for m in st.moves:
            if m.type in "567":
                details_of.setdefault(m.seq, []).append(m)
        for parent in parents:
            details = details_of.get(parent.seq, [])
            if parent.type in "12" and details:
                total = sum(d.amount_cents for d in details)
                if total != parent.amount_cents:
                    problem(
                        parent.line_no,
                        f"the details of globalised movement {parent.seq} add up to "
                        f"{total / 100:.2f}, the total says {parent.amount_cents / 100:.2f}",
                    )
                    continue
                for d in details:
                    lines.append(self._line(d, f"{d.seq}/{d.detail}", parent.entry_date or fallback_date))
            else:
                lines.append(self._line(parent, parent.seq, fallback_date))
        return lines

    def _line(self, m: _Move, sequence: str, fallback: date) -> BankLine:
        communication = join_texts([structured("".join(m.texts), m.structure)] + m.info)
        notes: tuple[Note, ...] = ()
        if len(communication) > COMMUNICATION_LIMIT:  # hundreds of 3.x records on one movement
            notes = (cut_note(COMMUNICATION_CUT, COMMUNICATION_LIMIT, len(communication)),)
            communication = communication[:COMMUNICATION_LIMIT]
        return BankLine(
            sequence=sequence,
            bank_reference=m.bank_reference,
            booking_date=m.entry_date or fallback,
            value_date=m.value_date,
            amount_cents=m.amount_cents,
            counterparty_name=m.name or m.info_name,
            counterparty_iban=m.iban,
            counterparty_bic=m.bic,
            ogm=m.ogm,
            communication=communication,
            end_to_end=m.end_to_end,
            transaction_code=m.code,
            source=f"line {m.line_no}",
            notes=notes,
        )
