"""The demo book's articles: what a small Belgian studio sells, each with its name in nl/fr/en.

The consulting hour is the catalogue's price for the demo's consulting lines; the others show a
day rate, kilometres, a 6 % renovation by the m², a book at 6 % and an art. 44 training.
"""

from __future__ import annotations

from typing import Any

CONSULTING_CODE = "ADV-U"
CONSULTING_PRICE = "95.00"

DEMO_ARTICLES: list[dict[str, Any]] = [
    {
        "code": CONSULTING_CODE,
        "name_nl": "Advies en analyse",
        "name_fr": "Conseil et analyse",
        "name_en": "Consulting and analysis",
        "unit": "HUR",
        "unit_price": CONSULTING_PRICE,
        "vat": "21",
        "category": "consulting",
    },
    {
        "code": "ADV-D",
        "name_nl": "Consultancy (dag)",
        "name_fr": "Consultance (journée)",
        "name_en": "Consultancy (day)",
        "unit": "DAY",
        "unit_price": "720.00",
        "vat": "21",
        "category": "consulting",
    },
    {
        "code": "WEB-U",
        "name_nl": "Webdesign en ontwikkeling",
        "name_fr": "Conception et développement web",
        "name_en": "Web design and development",
        "unit": "HUR",
        "unit_price": "80.00",
        "vat": "21",
        "category": "web",
    },
    {
        "code": "HOST-M",
        "name_nl": "Hosting en onderhoud (maand)",
        "name_fr": "Hébergement et maintenance (mois)",
        "name_en": "Hosting and maintenance (month)",
        "unit": "MON",
        "unit_price": "45.00",
        "vat": "21",
        "category": "web",
    },
    {
        "code": "KM",
        "name_nl": "Verplaatsingskosten",
        "name_fr": "Frais de déplacement",
        "name_en": "Travel costs",
        "unit": "KMT",
        "unit_price": "0.4269",
        "vat": "21",
    },
    {
        "code": "RENO-M2",
        "name_nl": "Renovatie vloer woning (m²)",
        "name_fr": "Rénovation sol habitation (m²)",
        "name_en": "Home floor renovation (m²)",
        "unit": "MTK",
        "unit_price": "38.50",
        "vat": "6/renovation",
        "category": "renovation",
    },
    {
        "code": "BOEK",
        "name_nl": "Vakboek bedrijfsbeheer",
        "name_fr": "Livre de gestion",
        "name_en": "Management handbook",
        "unit": "C62",
        "unit_price": "39.00",
        "vat": "6",
    },
    {
        "code": "OPL-EX",
        "name_nl": "Erkende opleiding (vrijgesteld)",
        "name_fr": "Formation agréée (exonérée)",
        "name_en": "Accredited training (exempt)",
        "unit": "HUR",
        "unit_price": "60.00",
        "vat": "0/art44",
        "category": "training",
        "active": False,
    },
]
