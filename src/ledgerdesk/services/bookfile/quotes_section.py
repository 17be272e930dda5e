"""Book-file sections `quotes` and `work_slips`: quotes with their lines, decision, history, the parts
invoices took, their advances and their order confirmations (with the parts invoices took of those);
work slips with their lines, quote and invoice. The quote and order series continue.

Work slips are read here, after the quotes, because a slip may refer to the quote it was taken from.

A quote refers to its customer and, once converted, to the invoice made from it. Its number gives
its place in the year's series (`Q2026-0007`: 2026, 7), so the next quote sent after an import takes
the following number.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain import quotes as rules
from ...domain import references
from ...domain.document import line_columns
from ...domain.errors import DomainError
from ...domain.invoicing import totals_of
from ...persistence.models import (
    NumberSeries,
    OrderConversion,
    Quote,
    QuoteAdvance,
    QuoteConversion,
    QuoteEvent,
    QuoteLine,
    QuoteOrder,
    QuoteOrderLine,
    WorkSlip,
    WorkSlipLine,
)
from . import fields as f
from .core_export import export_line
from .lines import read_lines
from .links import Declared, Ids, Refs, detail_in, detail_out

KEY = "quotes"
SLIPS = "work_slips"
SERIES = "quote"
NUMBER = re.compile(r"Q(\d{4})-(\d{4,5})")  # rules.QUOTE_NUMBER_FORMAT read back
ORDER_SERIES = "order"
ORDER_NUMBER = re.compile(r"OC(\d{4})-(\d{4,5})")  # quote_orders.ORDER_NUMBER_FORMAT read back


def _orders(
    item: dict[str, Any], path: str, problems: f.Problems, declared: Declared, lines: list[Any], numbers: set[str]
) -> list[dict[str, Any]]:
    """Order confirmations of a quote: each takes parts of the quote's lines (never more than a line in all,
    counting what invoices took directly), and invoices take parts of the order's lines."""
    out = []
    ordered: dict[int, Decimal] = {}
    for j, raw in enumerate(f.items(item, "orders", path, problems)):
        opath = f"{path}.orders[{j}]"
        raw = f.obj(raw, opath, problems)
        number = f.text(raw, "number", opath, problems)
        day = f.day(raw, "date", opath, problems)
        created_at = f.moment(raw, "created_at", opath, problems, required=False)
        found = ORDER_NUMBER.fullmatch(number) if number else None
        if number is not None and found is None:
            problems.add(f"{opath}.number", "'{value}' is not an order confirmation number (OC2026-0001)", value=number)
        elif number is not None and number in numbers:
            problems.add(f"{opath}.number", "'{value}' is used twice", value=number)
            found = None
        taking: list[tuple[int, Decimal]] = []
        for k, raw_line in enumerate(f.items(raw, "lines", opath, problems)):
            lpath = f"{opath}.lines[{k}]"
            raw_line = f.obj(raw_line, lpath, problems)
            line = f.integer(raw_line, "line", lpath, problems, low=1, high=max(len(lines), 1))
            quantity = f.decimal(raw_line, "quantity", lpath, problems)
            if line is None or quantity is None or line > len(lines):
                continue
            whole = lines[line - 1].quantity
            ordered[line] = ordered.get(line, Decimal(0)) + quantity
            if quantity == 0 or (quantity > 0) != (whole > 0) or abs(ordered[line]) > abs(whole):
                problems.add(f"{lpath}.quantity", "line {line} is ordered for more than its quantity", line=line)
                continue
            taking.append((line - 1, quantity))
        invoiced = []
        took: dict[int, Decimal] = {}
        for k, conv in enumerate(f.items(raw, "conversions", opath, problems)):
            cpath = f"{opath}.conversions[{k}]"
            conv = f.obj(conv, cpath, problems)
            line = f.integer(conv, "line", cpath, problems, low=1, high=max(len(taking), 1))
            invoice = f.ref(conv, "invoice", cpath, problems, declared.invoices, "invoice")
            quantity = f.decimal(conv, "quantity", cpath, problems)
            if line is None or invoice is None or quantity is None or line > len(taking):
                continue
            whole = taking[line - 1][1]
            took[line] = took.get(line, Decimal(0)) + quantity
            if quantity == 0 or (quantity > 0) != (whole > 0) or abs(took[line]) > abs(whole):
                problems.add(f"{cpath}.quantity", "line {line} is invoiced for more than its quantity", line=line)
                continue
            invoiced.append({"position": line - 1, "invoice": invoice, "quantity": quantity})
        if found is None or day is None or not taking or number is None:
            continue
        numbers.add(number)
        out.append(
            {
                "number": number,
                "year": int(found.group(1)),
                "seq": int(found.group(2)),
                "issue_date": day,
                "created_at": created_at,
                "lines": taking,
                "conversions": invoiced,
            }
        )
    return out


def _events(item: dict[str, Any], path: str, problems: f.Problems) -> list[dict[str, Any]]:
    events = []
    for j, event in enumerate(f.items(item, "history", path, problems)):
        epath = f"{path}.history[{j}]"
        event = f.obj(event, epath, problems)
        row = {
            "at": f.moment(event, "at", epath, problems),
            "on_date": f.day(event, "on", epath, problems),
            "kind": f.text(event, "kind", epath, problems),
            "detail": f.json_value(event, "detail", epath, problems, dict, {}),
        }
        if row["kind"] is not None and len(row["kind"]) > 30:
            problems.add(f"{epath}.kind", "is at most 30 characters")
        elif None not in row.values():
            events.append(row)
    return events


def _conversions(
    item: dict[str, Any], path: str, problems: f.Problems, declared: Declared, lines: list[Any]
) -> list[dict[str, Any]]:
    """What invoices took of each line; never more than the line's quantity in all."""
    out = []
    taken: dict[int, Decimal] = {}
    for j, conv in enumerate(f.items(item, "conversions", path, problems)):
        cpath = f"{path}.conversions[{j}]"
        conv = f.obj(conv, cpath, problems)
        line = f.integer(conv, "line", cpath, problems, low=1, high=max(len(lines), 1))
        invoice = f.ref(conv, "invoice", cpath, problems, declared.invoices, "invoice")
        quantity = f.decimal(conv, "quantity", cpath, problems)
        if line is None or invoice is None or quantity is None or line > len(lines):
            continue
        if declared.invoices[invoice][0] != "invoice":
            problems.add(f"{cpath}.invoice", "'{value}' is a credit note, not an invoice", value=invoice)
            continue
        whole = lines[line - 1].quantity
        taken[line] = taken.get(line, Decimal(0)) + quantity
        if quantity == 0 or (quantity > 0) != (whole > 0) or abs(taken[line]) > abs(whole):
            problems.add(f"{cpath}.quantity", "line {line} is invoiced for more than its quantity", line=line)
            continue
        out.append({"position": line - 1, "invoice": invoice, "quantity": quantity})
    return out


def _number(item: dict[str, Any], path: str, problems: f.Problems, status: str) -> tuple[str, int, int] | None:
    number = f.text(item, "number", path, problems, required=status != "draft")
    if number is None:
        return None
    if status == "draft":
        problems.add(f"{path}.number", "a draft has no number")
        return None
    found = NUMBER.fullmatch(number)
    if found is None:
        problems.add(f"{path}.number", "'{value}' is not a quote number (Q2026-0001)", value=number)
        return None
    return number, int(found.group(1)), int(found.group(2))


def _detail_out(detail: dict[str, Any] | None, refs: Refs) -> dict[str, Any]:
    """Database ids in an event (the invoice made, the payment of the deposit) as the file's ids."""
    result = detail_out(dict(detail or {}), refs)
    value = result.get("invoice_id")
    if isinstance(value, int) and not isinstance(value, bool) and value in refs["invoices"]:
        result["invoice_id"] = refs["invoices"][value]
    return result


def _detail_in(detail: dict[str, Any], ids: Ids) -> dict[str, Any]:
    result = detail_in(detail, ids)
    value = result.get("invoice_id")
    if isinstance(value, str) and value in ids["invoices"]:
        result["invoice_id"] = ids["invoices"][value]
    return result


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, list[dict[str, Any]]]:
    quotes = _read_quotes(root, declared, problems)
    return {"quotes": quotes, "work_slips": _read_slips(root, declared, problems, {q["ref"]: q for q in quotes})}


def _read_slips(
    root: dict[str, Any], declared: Declared, problems: f.Problems, quotes: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(f.items(root, SLIPS, "$", problems)):
        path = f"$.{SLIPS}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, seen)
        customer = f.ref(item, "customer", path, problems, declared.customers, "customer")
        day = f.day(item, "date", path, problems)
        quote = f.ref(item, "quote", path, problems, set(quotes), "quote", required=False)
        invoice = f.ref(item, "invoice", path, problems, declared.invoices, "invoice", required=False)
        lines = read_lines(item, path, problems, declared.regime)
        values = {
            "note": f.free_text(item, "note", path, problems),
            "created_at": f.moment(item, "created_at", path, problems, required=False),
        }
        if ref is None or customer is None or day is None or not lines:
            continue
        seen.add(ref)
        if quote is not None and quotes[quote]["customer"] != customer:
            problems.add(f"{path}.quote", "the quote of a work slip must be one of its customer's")
            continue
        quote_lines: list[int | None] = []
        for j, raw in enumerate(item.get("lines") or []):
            lpath = f"{path}.lines[{j}]"
            position = (
                f.integer(raw, "quote_line", lpath, problems, required=False, low=1) if isinstance(raw, dict) else None
            )
            if position is not None and (quote is None or position > len(quotes[quote]["lines"])):
                problems.add(f"{lpath}.quote_line", "the slip's quote has no line {line}", line=position)
                position = None
            quote_lines.append(position)
        if invoice is not None and (
            declared.invoices[invoice][0] != "invoice" or declared.invoices[invoice][2] != customer
        ):
            problems.add(f"{path}.invoice", "'{value}' is not an invoice of this customer", value=invoice)
            continue
        out.append(
            {
                "ref": ref,
                "customer": customer,
                "day": day,
                "quote": quote,
                "invoice": invoice,
                "lines": lines,
                "quote_lines": quote_lines,
                **values,
            }
        )
    return out


def _read_quotes(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    numbers: set[str] = set()
    ogms: set[str] = set()
    order_numbers: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, seen)
        customer = f.ref(item, "customer", path, problems, declared.customers, "customer")
        status = f.choice(item, "status", path, problems, rules.STORED_STATUSES)
        issue_date = f.day(item, "date", path, problems)
        valid_until = f.day(item, "valid_until", path, problems)
        lines = read_lines(item, path, problems, declared.regime)
        deposit = f.amount(item, "deposit", path, problems, required=False)
        invoice = f.ref(item, "invoice", path, problems, declared.invoices, "invoice", required=False)
        values = {
            "language": f.choice(item, "language", path, problems, ("nl", "fr", "en"), default="nl"),
            "payment_terms_days": f.integer(
                item, "payment_terms_days", path, problems, required=False, low=0, high=365
            ),
            "terms": f.free_text(item, "terms", path, problems),
            "notes": f.free_text(item, "notes", path, problems),
            "refusal_reason": f.free_text(item, "refusal_reason", path, problems),
            "decided_on": f.day(item, "decided_on", path, problems, required=False),
            "created_at": f.moment(item, "created_at", path, problems, required=False),
            "sent_at": f.moment(item, "sent_at", path, problems, required=False),
        }
        history = _events(item, path, problems)
        conversions = _conversions(item, path, problems, declared, lines)
        orders = _orders(item, path, problems, declared, lines, order_numbers)
        planned_month = f.text(item, "planned_month", path, problems, required=False)
        try:
            planned_month = rules.check_planned_month(planned_month)
        except DomainError as exc:
            problems.add(f"{path}.planned_month", str(exc))
        advances = []
        for j, adv in enumerate(f.items(item, "advances", path, problems)):
            apath = f"{path}.advances[{j}]"
            adv = f.obj(adv, apath, problems)
            invoice_ref = f.ref(adv, "invoice", apath, problems, declared.invoices, "invoice")
            deducted = f.ref(adv, "deducted_in", apath, problems, declared.invoices, "invoice", required=False)
            if invoice_ref is None:
                continue
            if not declared.issued_invoice(invoice_ref) or declared.invoices[invoice_ref][2] != customer:
                problems.add(
                    f"{apath}.invoice", "'{value}' is not an advance invoice of this customer", value=invoice_ref
                )
                continue
            advances.append({"invoice": invoice_ref, "deducted_in": deducted})
        if ref is None or customer is None or status is None or issue_date is None or valid_until is None:
            continue
        if not lines:
            continue
        seen.add(ref)
        numbered = _number(item, path, problems, status)
        if status != "draft" and numbered is None:
            continue
        if numbered is not None and numbered[0] in numbers:
            problems.add(f"{path}.number", "'{value}' is used twice", value=numbered[0])
            continue
        try:
            rules.check_validity(issue_date, valid_until)
            rules.check_deposit(deposit, totals_of(lines).total_cents)
        except DomainError as exc:
            problems.add(path, str(exc))
            continue
        if invoice is not None and (
            status not in ("accepted", "converted") or declared.invoices[invoice][0] != "invoice"
        ):  # the last invoice made from it (an accepted quote may be invoiced in parts)
            problems.add(f"{path}.invoice", "only an accepted or converted quote refers to an invoice made from it")
            continue
        ogm = f.text(item, "structured_communication", path, problems, required=False)
        if ogm is not None:
            try:
                ogm = references.validate(ogm)
            except DomainError as exc:
                problems.add(f"{path}.structured_communication", str(exc))
                continue
            if ogm in ogms:
                problems.add(f"{path}.structured_communication", "'{value}' is used twice", value=ogm)
                continue
            ogms.add(ogm)
        parties = {}
        for party in ("seller", "buyer"):
            if item.get(party) is not None:
                if status == "draft":
                    problems.add(f"{path}.{party}", "only an issued document keeps its parties")
                else:
                    parties[party] = f.json_value(item, party, path, problems, dict, None)
        if numbered is not None:
            numbers.add(numbered[0])
        out.append(
            {
                "ref": ref,
                "customer": customer,
                "status": status,
                "issue_date": issue_date,
                "valid_until": valid_until,
                "lines": lines,
                "deposit_cents": deposit,
                "invoice": invoice,
                "numbered": numbered,
                "structured_communication": ogm,
                "history": history,
                "conversions": conversions,
                "advances": advances,
                "orders": orders,
                "planned_month": planned_month,
                **parties,
                **values,
            }
        )
    return out


def write(session: Session, clean: dict[str, list[dict[str, Any]]], ids: Ids, now: datetime) -> dict[str, int]:
    summary = _write_quotes(session, clean["quotes"], ids, now)
    for w in clean["work_slips"]:
        slip = WorkSlip(
            ref=w["ref"],
            customer_id=ids["customers"][w["customer"]],
            day=w["day"],
            note=w["note"],
            quote_id=ids["quotes"][w["quote"]] if w["quote"] else None,
            net_cents=totals_of(w["lines"]).net_cents,
            created_at=w["created_at"] or now,
            lines=[
                WorkSlipLine(
                    **line_columns(line, n),
                    net_cents=line.net_cents,
                    quote_line_id=ids["quote_lines"][f"{w['quote']}#{w['quote_lines'][n] - 1}"]
                    if n < len(w["quote_lines"]) and w["quote_lines"][n]
                    else None,
                )
                for n, line in enumerate(w["lines"])
            ],
        )
        session.add(slip)
        session.flush()  # its lines go in first: the book refuses new lines on an invoiced slip
        if w["invoice"]:
            slip.invoice_id = ids["invoices"][w["invoice"]]
    session.flush()
    return {**summary, "work_slips": len(clean["work_slips"])}


def _write_quotes(session: Session, quotes: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    series: dict[int, int] = {}
    order_series: dict[int, int] = {}
    events: list[dict[str, Any]] = []
    for q in quotes:
        totals = totals_of(q["lines"])
        numbered: tuple[str, int, int] | None = q["numbered"]
        quote = Quote(
            ref=q["ref"],
            status="draft",  # its lines go in first: the book refuses new lines on a sent quote
            customer_id=ids["customers"][q["customer"]],
            number=numbered[0] if numbered else None,
            number_year=numbered[1] if numbered else None,
            number_seq=numbered[2] if numbered else None,
            issue_date=q["issue_date"],
            valid_until=q["valid_until"],
            payment_terms_days=q["payment_terms_days"],
            language=q["language"],
            terms=q["terms"],
            notes=q["notes"],
            deposit_cents=q["deposit_cents"],
            planned_month=q["planned_month"],
            structured_communication=q["structured_communication"],
            net_cents=totals.net_cents,
            vat_cents=totals.vat_cents,
            total_cents=totals.total_cents,
            seller=q.get("seller"),
            buyer=q.get("buyer"),
            decided_on=q["decided_on"],
            refusal_reason=q["refusal_reason"],
            invoice_id=ids["invoices"][q["invoice"]] if q["invoice"] else None,
            created_at=q["created_at"] or now,
            sent_at=q["sent_at"],
            lines=[QuoteLine(**line_columns(line, n), net_cents=line.net_cents) for n, line in enumerate(q["lines"])],
        )
        session.add(quote)
        session.flush()
        quote.status = q["status"]
        session.flush()
        for a in q["advances"]:
            session.add(
                QuoteAdvance(
                    quote_id=quote.id,
                    invoice_id=ids["invoices"][a["invoice"]],
                    deducted_in_id=ids["invoices"][a["deducted_in"]] if a["deducted_in"] else None,
                    created_at=quote.created_at,
                )
            )
        for c in q["conversions"]:
            session.add(
                QuoteConversion(
                    quote_line_id=quote.lines[c["position"]].id,
                    invoice_id=ids["invoices"][c["invoice"]],
                    quantity=c["quantity"],
                    created_at=quote.created_at,
                )
            )
        for o in q["orders"]:
            _write_order(session, quote, o, ids)
            order_series[o["year"]] = max(order_series.get(o["year"], 0), o["seq"])
        ids["quotes"][q["ref"]] = quote.id
        for line in quote.lines:
            ids["quote_lines"][f"{q['ref']}#{line.position}"] = line.id
        events += [{"quote_id": quote.id, **e, "detail": _detail_in(e["detail"], ids)} for e in q["history"]]
        if numbered is not None:
            series[numbered[1]] = max(series.get(numbered[1], 0), numbered[2])
    if events:
        session.execute(insert(QuoteEvent), events)
    for kind, numbered_years in ((SERIES, series), (ORDER_SERIES, order_series)):
        for year, seq in numbered_years.items():  # the next quote or order continues the numbering
            found = session.get(NumberSeries, (kind, year))
            if found is None:
                session.add(NumberSeries(kind=kind, year=year, last_seq=seq))
            else:
                found.last_seq = max(found.last_seq, seq)
    session.flush()
    return {"quotes": len(quotes), "quote_events": len(events)}


def _write_order(session: Session, quote: Quote, o: dict[str, Any], ids: Ids) -> None:
    from dataclasses import replace

    from ...domain.document import line_of

    lines = [(quote.lines[p], replace(line_of(quote.lines[p]), quantity=q)) for p, q in o["lines"]]
    totals = totals_of([line for _, line in lines])
    order = QuoteOrder(
        quote_id=quote.id,
        number=o["number"],
        number_year=o["year"],
        number_seq=o["seq"],
        issue_date=o["issue_date"],
        language=quote.language,
        seller=quote.seller or {},
        buyer=quote.buyer or {},
        net_cents=totals.net_cents,
        vat_cents=totals.vat_cents,
        total_cents=totals.total_cents,
        created_at=o["created_at"] or quote.created_at,
    )
    session.add(order)
    session.flush()
    order_lines = []
    for i, (quote_line, line) in enumerate(lines):
        row = QuoteOrderLine(
            order_id=order.id, quote_line_id=quote_line.id, net_cents=line.net_cents, **line_columns(line, i)
        )
        session.add(row)
        order_lines.append(row)
    session.flush()
    for c in o["conversions"]:
        session.add(
            OrderConversion(
                order_line_id=order_lines[c["position"]].id,
                invoice_id=ids["invoices"][c["invoice"]],
                quantity=c["quantity"],
                created_at=order.created_at,
            )
        )


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    history: dict[int, list[dict[str, Any]]] = {}
    for e in session.scalars(select(QuoteEvent).order_by(QuoteEvent.id)):
        history.setdefault(e.quote_id, []).append(
            {"at": f.iso(e.at), "on": e.on_date.isoformat(), "kind": e.kind, "detail": _detail_out(e.detail, refs)}
        )
    conversions: dict[int, list[dict[str, Any]]] = {}
    query = (
        select(QuoteLine.quote_id, QuoteLine.position, QuoteConversion.invoice_id, QuoteConversion.quantity)
        .join(QuoteConversion, QuoteConversion.quote_line_id == QuoteLine.id)
        .order_by(QuoteConversion.id)
    )
    for quote_id, position, invoice_id, quantity in session.execute(query):
        conversions.setdefault(quote_id, []).append(
            {"line": position + 1, "invoice": refs["invoices"][invoice_id], "quantity": f.dec(quantity)}
        )
    advances: dict[int, list[dict[str, Any]]] = {}
    for a in session.scalars(select(QuoteAdvance).order_by(QuoteAdvance.id)):
        entry = {"invoice": refs["invoices"][a.invoice_id]}
        if a.deducted_in_id is not None:
            entry["deducted_in"] = refs["invoices"][a.deducted_in_id]
        advances.setdefault(a.quote_id, []).append(entry)
    orders = _export_orders(session, refs)
    out = []
    for n, q in enumerate(session.scalars(select(Quote).order_by(Quote.id)), start=1):
        ref = f"Q{n}"  # by position: an import inserts in file order, so a second export gives the same ids
        refs["quotes"][q.id] = ref
        item: dict[str, Any] = {
            "id": ref,
            "customer": refs["customers"][q.customer_id],
            "status": q.status,
            "date": q.issue_date.isoformat(),
            "valid_until": q.valid_until.isoformat(),
            "language": q.language,
            "created_at": f.iso(q.created_at),
            "lines": [export_line(line) for line in q.lines],
            "history": history.get(q.id, []),
        }
        if q.id in conversions:
            item["conversions"] = conversions[q.id]
        if q.id in advances:
            item["advances"] = advances[q.id]
        if q.id in orders:
            item["orders"] = orders[q.id]
        optional = {
            "number": q.number,
            "structured_communication": q.structured_communication,
            "payment_terms_days": q.payment_terms_days,
            "deposit": f.money(q.deposit_cents) if q.deposit_cents else None,
            "planned_month": q.planned_month,
            "terms": q.terms or None,
            "notes": q.notes or None,
            "seller": q.seller,
            "buyer": q.buyer,
            "sent_at": f.iso(q.sent_at) if q.sent_at else None,
            "decided_on": q.decided_on.isoformat() if q.decided_on else None,
            "refusal_reason": q.refusal_reason or None,
            "invoice": refs["invoices"][q.invoice_id] if q.invoice_id else None,
        }
        item.update({key: value for key, value in optional.items() if value is not None})
        out.append(item)
    doc[KEY] = out
    quote_line_position = dict(session.execute(select(QuoteLine.id, QuoteLine.position)).all())
    slips = []
    for n, w in enumerate(session.scalars(select(WorkSlip).order_by(WorkSlip.id)), start=1):
        slip: dict[str, Any] = {
            "id": f"W{n}",
            "customer": refs["customers"][w.customer_id],
            "date": w.day.isoformat(),
            "created_at": f.iso(w.created_at),
            "lines": [
                {**export_line(line), "quote_line": quote_line_position[line.quote_line_id] + 1}
                if line.quote_line_id
                else export_line(line)
                for line in w.lines
            ],
        }
        if w.note:
            slip["note"] = w.note
        if w.quote_id is not None:
            slip["quote"] = refs["quotes"][w.quote_id]
        if w.invoice_id is not None:
            slip["invoice"] = refs["invoices"][w.invoice_id]
        slips.append(slip)
    doc[SLIPS] = slips


def _export_orders(session: Session, refs: Refs) -> dict[int, list[dict[str, Any]]]:
    """Each quote's order confirmations: the quote lines they took and what invoices took of them."""
    quote_position = dict(session.execute(select(QuoteLine.id, QuoteLine.position)).all())
    taken: dict[int, list[dict[str, Any]]] = {}
    query = (
        select(QuoteOrderLine.order_id, QuoteOrderLine.position, OrderConversion.invoice_id, OrderConversion.quantity)
        .join(OrderConversion, OrderConversion.order_line_id == QuoteOrderLine.id)
        .order_by(OrderConversion.id)
    )
    for order_id, position, invoice_id, quantity in session.execute(query):
        taken.setdefault(order_id, []).append(
            {"line": position + 1, "invoice": refs["invoices"][invoice_id], "quantity": f.dec(quantity)}
        )
    out: dict[int, list[dict[str, Any]]] = {}
    for order in session.scalars(select(QuoteOrder).order_by(QuoteOrder.id)):
        entry: dict[str, Any] = {
            "number": order.number,
            "date": order.issue_date.isoformat(),
            "created_at": f.iso(order.created_at),
            "lines": [
                {"line": quote_position[line.quote_line_id] + 1, "quantity": f.dec(line.quantity)}
                for line in order.lines
            ],
        }
        if order.id in taken:
            entry["conversions"] = taken[order.id]
        out.setdefault(order.quote_id, []).append(entry)
    return out
