"""A realistic Belgian demo business, deterministic for a seed; also the benchmark generator.

It writes a book document (the JSON book format) and loads it with the importer,
so the demo exercises the same validation and insert path as a user's import.
Customers have a payment habit (punctual, a bit late, late, very late, never)
so receivables, reminders and KPIs have something real to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from ..domain.cash import CASH_LIMIT_CENTS
from ..domain.invoicing import LineInput, totals_of
from ..domain.money import fmt_cents
from ..domain.vat import Exemption
from .book_io import import_book
from .demo_articles import CONSULTING_PRICE, DEMO_ARTICLES

FIRST = [
    "Jan",
    "Els",
    "Pieter",
    "Sofie",
    "Luc",
    "Marie",
    "Tom",
    "Julie",
    "Koen",
    "Nathalie",
    "Bart",
    "Camille",
    "Wim",
    "Lotte",
    "Didier",
    "Ann",
    "Jeroen",
    "Sarah",
    "Olivier",
    "Inge",
    "Maxime",
    "Hilde",
    "Thomas",
    "Léa",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Leclercq",
    "Vermeulen",
    "Van den Broeck",
    "Desmet",
    "Hermans",
    "Renard",
    "François",
    "Simon",
    "Lemaire",
    "Van Damme",
]
TRADES = [
    "Bakkerij",
    "Brouwerij",
    "Architectenbureau",
    "Tandartspraktijk",
    "Garage",
    "Bloemen",
    "Boekhandel",
    "Immo",
    "Schrijnwerkerij",
    "Kapsalon",
    "Boulangerie",
    "Cabinet",
    "Atelier",
    "Menuiserie",
    "Consult",
    "Design",
    "Transport",
    "Elektro",
    "Hotel",
    "Brasserie",
]
FORMS = ["BV", "NV", "CommV", "SRL", "SA", "VOF", ""]
CITIES_NL = [
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("3000", "Leuven"),
    ("8000", "Brugge"),
    ("2800", "Mechelen"),
    ("3500", "Hasselt"),
    ("9300", "Aalst"),
    ("8500", "Kortrijk"),
    ("1000", "Brussel"),
    ("2300", "Turnhout"),
]
CITIES_FR = [
    ("4000", "Liège"),
    ("5000", "Namur"),
    ("6000", "Charleroi"),
    ("7000", "Mons"),
    ("1300", "Wavre"),
    ("1000", "Bruxelles"),
    ("6700", "Arlon"),
    ("1400", "Nivelles"),
]
STREETS_NL = [
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Kouter",
    "Markt",
    "Veldstraat",
    "Schoolstraat",
    "Lindenlaan",
]
STREETS_FR = [
    "Rue de la Station",
    "Rue de l'Église",
    "Avenue Louise",
    "Chaussée de Namur",
    "Rue Haute",
    "Place du Marché",
    "Rue des Champs",
]
FOREIGN = [
    ("NL", "Amsterdam", "1012 AB", "NL", "en"),
    ("FR", "Lille", "59000", "FR", "fr"),
    ("DE", "Aachen", "52062", "DE", "en"),
    ("LU", "Luxembourg", "L-1111", "LU", "fr"),
]
BANKS = [1, 68, 96, 103, 363, 645, 734, 735, 751, 979]

# (description per language, unit, unit price range in euro, VAT rate)
CATALOG = [
    (
        {
            "nl": "Webdesign en ontwikkeling",
            "fr": "Conception et développement web",
            "en": "Web design and development",
        },
        "HUR",
        (65, 95),
        "21",
    ),
    (
        {
            "nl": "Hosting en onderhoud (maand)",
            "fr": "Hébergement et maintenance (mois)",
            "en": "Hosting and maintenance (month)",
        },
        "MON",
        (25, 60),
        "21",
    ),
    ({"nl": "Advies en analyse", "fr": "Conseil et analyse", "en": "Consulting and analysis"}, "HUR", (80, 120), "21"),
    ({"nl": "Fotografie reportage", "fr": "Reportage photo", "en": "Photo shoot"}, "DAY", (450, 900), "21"),
    (
        {"nl": "Renovatiewerken woning", "fr": "Travaux de rénovation habitation", "en": "Home renovation works"},
        "HUR",
        (45, 60),
        "6",
    ),
    ({"nl": "Vakboek bedrijfsbeheer", "fr": "Livre de gestion", "en": "Management handbook"}, "C62", (25, 49), "6"),
    (
        {"nl": "Opleiding (halve dag)", "fr": "Formation (demi-journée)", "en": "Training (half day)"},
        "C62",
        (350, 650),
        "21",
    ),
    ({"nl": "Drukwerk folders", "fr": "Impression de dépliants", "en": "Printed leaflets"}, "C62", (1, 3), "21"),
    ({"nl": "Catering receptie", "fr": "Service traiteur réception", "en": "Reception catering"}, "IE", (18, 35), "12"),
]

RENOVATION_ITEM = 4  # to a private customer: the 6 % renovation case with its mandatory statement
ABROAD_INSTEAD = 2  # home renovation is not sold abroad: a business in another EU country gets consulting
HOSTING_ITEM = 1  # billed per month: an invoice with it names the month served (its service period)


def _month_before(day: date) -> tuple[date, date]:
    """The first and last day of the calendar month before `day`."""
    last = day.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def _requires_order_number(i: int) -> bool:
    """A few Belgian businesses (public bodies, large buyers) want their order number on each invoice.
    Chosen by position, not by the random stream, so that the rest of the demo stays as it was."""
    return i % 9 == 4


def _foreign_case(unit: str) -> str:
    """To a business in another EU country: goods are an intra-EU supply, services reverse-charged."""
    return "intra_eu" if unit == "C62" else "eu_services"


HABITS = [  # (weight, days after due date the payment arrives: (min, max), chance never paid)
    ("punctual", 45, (-12, 0), 0.0),
    ("a_bit_late", 25, (1, 15), 0.0),
    ("late", 18, (10, 45), 0.02),
    ("very_late", 9, (35, 110), 0.08),
    ("bad", 3, (60, 180), 0.45),
]


@dataclass(frozen=True)
class DemoSpec:
    years: int = 2
    customers: int = 40
    seed: int = 1
    as_of: date = date(2026, 11, 23)
    franchise: bool = False
    quotes: bool = False  # a few quotes at every step and work slips (services.demo_quotes)


def enterprise_number(rng: random.Random) -> str:
    first8 = rng.randint(2_000_000, 9_999_999)  # leading 0: 0200.000.000 … 0999.999.999
    return f"BE0{first8:07d}{97 - (first8 % 97):02d}"


def belgian_iban(rng: random.Random) -> str:
    from stdnum import iban

    b10 = f"{rng.choice(BANKS):03d}{rng.randint(0, 9_999_999):07d}"
    bban = b10 + f"{(int(b10) % 97) or 97:02d}"
    return "BE" + iban.calc_check_digits("BE00" + bban) + bban


def _customer(rng: random.Random, i: int, start: date) -> dict[str, Any]:
    # a few businesses in other EU countries (intra-EU goods, reverse-charged services), whatever the seed
    foreign = rng.random() < 0.04 or i % 32 == 21
    consumer = not foreign and rng.random() < 0.3
    lang = "fr" if rng.random() < 0.32 else ("en" if rng.random() < 0.06 else "nl")
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if foreign:
        code, city, postcode, country, lang = rng.choice(FOREIGN)
        name = f"{last} {rng.choice(['Trading', 'Consulting', 'Media', 'Solutions'])} {rng.choice(['BV', 'SARL', 'GmbH', 'SA'])}"
        street = f"{rng.choice(['Hoofdweg', 'Rue Nationale', 'Hauptstraße', 'Grand-Rue'])} {rng.randint(1, 200)}"
    else:
        postcode, city = rng.choice(CITIES_FR if lang == "fr" else CITIES_NL)
        street = f"{rng.choice(STREETS_FR if lang == 'fr' else STREETS_NL)} {rng.randint(1, 180)}"
        if rng.random() < 0.1:
            street += f" bus {rng.randint(1, 12)}"
        country = "BE"
        name = f"{first} {last}" if consumer else f"{rng.choice(TRADES)} {last} {rng.choice(FORMS)}".strip()
    item: dict[str, Any] = {
        "id": f"C{i:05d}",
        "name": name,
        "kind": "consumer" if consumer else "business",
        "language": lang,
        "email": f"{last.lower().replace(' ', '').replace('ç', 'c').replace('é', 'e')}{i}@example.be",
        "address": {"street": street, "postcode": postcode, "city": city, "country": country},
        "created_on": start.isoformat(),
    }
    if foreign:
        item["vat"] = {"NL": "NL004495445B01", "FR": "FR40303265045", "DE": "DE136695976", "LU": "LU15027442"}[country]
    elif not consumer:
        item["vat"] = enterprise_number(rng)
        if rng.random() < 0.5:
            item["receives_einvoice"] = True
        if _requires_order_number(i):
            item["requires_buyer_reference"] = True
    if rng.random() < 0.2:
        item["payment_terms_days"] = rng.choice([14, 15, 45, 60])
    return item


def build_document(spec: DemoSpec) -> dict[str, Any]:
    """The demo book as a book-format document (deterministic for the spec)."""
    rng = random.Random(spec.seed)
    start = date(spec.as_of.year - spec.years + 1, 1, 1)
    if spec.years == 1:
        start = spec.as_of - timedelta(days=364)
    company = {
        "name": "Studio Vermeulen" if not spec.franchise else "Atelier Claes",
        "vat": "BE0403170701" if not spec.franchise else "BE0202239951",
        "vat_regime": "franchise" if spec.franchise else "standard",
        "iban": "BE71096123456769",
        "bic": "GKCCBEBB",
        "address": {"street": "Kortrijksesteenweg 112", "postcode": "9000", "city": "Gent", "country": "BE"},
        "email": "hallo@studiovermeulen.be",
        "phone": "+32 9 123 45 67",
        "language": "nl",
        "payment_terms_days": 30,
        "late_payment_terms": True,
    }
    customers = [_customer(rng, i + 1, start) for i in range(spec.customers)]
    habits = {c["id"]: rng.choices(HABITS, weights=[h[1] for h in HABITS])[0] for c in customers}
    ibans = {c["id"]: belgian_iban(rng) for c in customers}
    weights = [rng.paretovariate(1.3) for _ in customers]  # a few customers bring most of the work

    days = (spec.as_of - start).days + 1
    count = max(1, int(spec.customers * 2.5 * days / 365))
    issue_days = sorted(start + timedelta(days=rng.randrange(days)) for _ in range(count))
    invoices, credit_notes, payments = [], [], []
    pid = 0
    for n, day in enumerate(issue_days, 1):
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)
            day = max(day, start)
        cust = rng.choices(customers, weights=weights)[0]
        lang = cust["language"]
        lines, inputs = [], []
        for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]):
            item = rng.choice(CATALOG)
            if item is CATALOG[RENOVATION_ITEM] and cust["address"]["country"] != "BE":
                item = CATALOG[ABROAD_INSTEAD]  # (the random draws stay the same: the rest of the demo does too)
            names, unit, (lo, hi), rate = item
            qty = (
                Decimal(rng.choice([1, 1, 1, 2, 3, 4, 5, 8, 10])) if unit != "HUR" else Decimal(rng.randint(2, 40)) / 2
            )
            price = Decimal(rng.randint(lo * 100, hi * 100)) / 100
            if item is CATALOG[ABROAD_INSTEAD]:
                price = Decimal(CONSULTING_PRICE)  # the catalogue's article, as the editor fills it in
            exemption = None
            country = cust["address"]["country"]
            if spec.franchise:
                rate, exemption = "0", "franchise"
            elif country != "BE":
                rate, exemption = "0", _foreign_case(unit)
            elif item is CATALOG[RENOVATION_ITEM] and cust["kind"] == "consumer":
                exemption = "renovation"
            line = {
                "description": names[lang],
                "quantity": str(qty),
                "unit_price": str(price),
                "vat_rate": rate,
                "unit": unit,
            }
            if exemption:
                line["vat_exemption"] = exemption
            if rng.random() < 0.08:
                line["discount_pct"] = str(rng.choice([5, 10, 15]))
            lines.append(line)
            inputs.append(
                LineInput.of(
                    names[lang], qty, price, rate, exemption=exemption, discount_pct=line.get("discount_pct", 0)
                )
            )
        if any(i.vat.exemption is Exemption.RENOVATION for i in inputs):
            # the renovation rate and a plain 6 % cannot share one invoice (one UBL breakdown per category and rate)
            keep = [k for k, i in enumerate(inputs) if not (i.vat.rate == 6 and i.vat.exemption is None)]
            lines, inputs = [lines[k] for k in keep], [inputs[k] for k in keep]
        total = totals_of(inputs).total_cents
        draft = day > spec.as_of - timedelta(days=4) and rng.random() < 0.3
        inv = {"id": f"I{n:06d}", "customer": cust["id"], "issue_date": day.isoformat(), "lines": lines}
        if any(line["unit"] == CATALOG[HOSTING_ITEM][1] for line in lines):
            served_from, served_to = _month_before(day)
            inv["period_start"], inv["period_end"] = served_from.isoformat(), served_to.isoformat()
        if cust.get("requires_buyer_reference"):
            inv["order_reference"] = f"PO-{day.year}-{n:05d}"
        if draft:
            inv["status"] = "draft"
            invoices.append(inv)
            continue
        invoices.append(inv)
        terms = cust.get("payment_terms_days", 30)
        due = day + timedelta(days=terms)
        credited = 0
        if rng.random() < 0.02:
            cn_day = min(day + timedelta(days=rng.randint(1, 20)), spec.as_of)
            full = rng.random() < 0.5
            cn_lines = lines if full else lines[:1]
            credit_notes.append(
                {"id": f"CN{n:06d}", "invoice": inv["id"], "issue_date": cn_day.isoformat(), "lines": cn_lines}
            )
            credited = totals_of(inputs if full else inputs[:1]).total_cents
        to_pay = total - credited
        if to_pay <= 0:
            continue
        _habit, _w, (lo_d, hi_d), never = habits[cust["id"]]
        if rng.random() < never:
            continue
        pay_day = due + timedelta(days=rng.randint(lo_d, hi_d))
        pay_day = max(pay_day, day)
        parts = [to_pay]
        if rng.random() < 0.25 and to_pay > 200_00:
            first = (to_pay // 2 // 100) * 100
            parts = [first, to_pay - first]
        cash_paid = 0
        for k, part in enumerate(parts):
            when = pay_day + timedelta(days=21 * k)
            if when > spec.as_of:
                break
            pid += 1
            # No sale takes EUR 3,000 or more in cash, at once or in parts (each part alone was checked, and
            # a large book then held two cash halves of one invoice, which its own import refuses).
            bank = rng.random() < 0.93 or cash_paid + part >= CASH_LIMIT_CENTS
            cash_paid += 0 if bank else part
            payment = {
                "id": f"P{pid:06d}",
                "date": when.isoformat(),
                "amount": fmt_cents(part),
                "customer": cust["id"],
                "method": "bank" if bank else "cash",
                "allocations": [{"invoice": inv["id"], "amount": fmt_cents(part)}],
            }
            if bank:
                payment["counterparty_name"] = cust["name"]
                payment["counterparty_iban"] = ibans[cust["id"]]
            invoices_ogm_hint = rng.random() < 0.85
            payment["communication"] = "(structured)" if invoices_ogm_hint else f"factuur {n}"
            payments.append(payment)
    return {
        "ledgerdesk_book": 1,
        "company": company,
        "customers": customers,
        "invoices": invoices,
        "credit_notes": credit_notes,
        "payments": payments,
        "articles": DEMO_ARTICLES,
    }


def _recurring(session: Session, spec: DemoSpec) -> int:
    """A few subscriptions (hosting monthly, maintenance quarterly, a yearly licence) that started this
    month, so the demo shows MRR and something still to invoice. Through the recurring service."""
    from sqlalchemy import select

    from ..persistence.models import Customer
    from . import recurring

    rng = random.Random(spec.seed + 1)
    businesses = list(session.scalars(select(Customer).where(Customer.kind == "business").order_by(Customer.id)))
    plans = [
        ("monthly", 0, (25, 60)),
        ("monthly", 0, (25, 60)),
        ("monthly", 0, (25, 60)),
        ("quarterly", 2, (150, 300)),
        ("yearly", 6, (400, 900)),
    ]
    made = 0
    for (frequency, item, (lo, hi)), customer in zip(
        plans, rng.sample(businesses, min(len(plans), len(businesses))), strict=False
    ):
        names, unit, _range, rate = CATALOG[1 if frequency == "monthly" else item]
        exemption = None
        if spec.franchise:
            rate, exemption = "0", "franchise"
        elif customer.country != "BE":
            rate, exemption = "0", _foreign_case(unit)
        line = LineInput.of(
            names[customer.language], 1, Decimal(rng.randint(lo, hi)), rate, unit=unit, exemption=exemption
        )
        recurring.create_template(
            session,
            recurring.TemplateData(
                customer_id=customer.id, frequency=frequency, start_date=spec.as_of.replace(day=1), lines=[line]
            ),
            now=datetime.combine(spec.as_of.replace(day=1), datetime.min.time()),
        )  # same seed, same book
        made += 1
    return made


def generate(session: Session, spec: DemoSpec) -> dict[str, int]:
    """Fill an empty book with the demo business; returns what was created."""
    from ..persistence.book_marks import DEMO_KEY
    from . import demo_purchases
    from .company import set_setting

    summary = import_book(session, build_document(spec))
    summary["recurring"] = _recurring(session, spec)
    if spec.quotes:
        from .demo_quotes import add_quotes

        summary.update(add_quotes(session, spec.as_of, franchise=spec.franchise))
    rng = random.Random(spec.seed + 3)
    summary["bills"] = demo_purchases.add_bills(
        session,
        spec.as_of,
        seed=spec.seed,
        ibans=[belgian_iban(rng) for _ in demo_purchases.SUPPLIERS],
        vats=[enterprise_number(rng) for _ in demo_purchases.SUPPLIERS],
    )
    set_setting(session, DEMO_KEY, True)  # the window marks it as the demo, never to be taken for the user's own
    return summary


def sample_statement(session: Session, as_of: date) -> bytes:
    """A CODA statement of the demo company's account for `as_of` that a new user can import: three
    transfers with an open invoice's structured communication (one paying half), one with the invoice
    number typed in the text, money from an unknown payer and the bank's costs."""
    from ..banking.samples import Stmt, Tx, coda
    from ..persistence.queries import list_invoices
    from .company import get_company

    company = get_company(session)
    rows = sorted(
        (r for r in list_invoices(session, as_of, status="open") if r.structured_communication),
        key=lambda r: (r.due_date or r.issue_date, r.id),
    )
    txs = []
    for n, row in enumerate(rows[:4]):
        cents = row.open_cents if n != 1 else row.open_cents // 2
        if n == 3:
            txs.append(Tx(cents, text=f"factuur {row.number}", name=row.customer, ref=f"DEMO{n}", day=as_of))
        else:
            txs.append(Tx(cents, ogm=row.structured_communication, name=row.customer, ref=f"DEMO{n}", day=as_of))
    txs.append(Tx(12_500, text="voorschot", name="Onbekende Betaler", ref="DEMO8", day=as_of))
    txs.append(Tx(-1_250, text="kosten rekening", ref="DEMO9", day=as_of))
    account = (company.iban or "BE71096123456769").replace(" ", "")
    number = f"{as_of.timetuple().tm_yday:03d}"
    return coda(
        [Stmt(account=account, number=number, opening_cents=0, txs=txs, day=as_of, holder=company.name)], created=as_of
    )


def holds_data(session: Session) -> bool:
    """Whether the book already has customers or invoices: the demo business is only made in an empty book."""
    from sqlalchemy import func, select

    from ..persistence.models import Customer, Invoice

    return any(session.scalar(select(func.count()).select_from(model)) for model in (Customer, Invoice))
