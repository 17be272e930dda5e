"""Article commands: `articles list [--search TEXT] [--json]`, `articles add ...`, `articles archive CODE`."""

from __future__ import annotations

import argparse

from ..domain.articles import Article, price_text
from . import parse_number
from .text import say, word


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("articles", help="the articles catalogue: list, add, archive")
    asub = top.add_subparsers(dest="articles_command", metavar="ACTION", required=True, parser_class=type(top))

    p = asub.add_parser("list", help="the articles in code order, or those a search finds (best first)")
    p.add_argument("--search", help="code or words of a name in any language (prefixes are enough)")
    p.add_argument("--all", action="store_true", help="archived articles too")
    p.add_argument("--json", action="store_true", help="print JSON (prices as decimal strings)")
    p.set_defaults(func=cmd_list)

    p = asub.add_parser("add", help="add an article")
    p.add_argument("--code", required=True, help="the article's own code, e.g. CONS-H")
    p.add_argument("--name-nl", default="", help="name in Dutch")
    p.add_argument("--name-fr", default="", help="name in French")
    p.add_argument("--name-en", default="", help="name in English")
    p.add_argument("--unit", default="C62", help="UN/ECE Rec. 20 unit code: HUR, DAY, C62, KMT, MTK ... (default C62)")
    p.add_argument("--price", required=True, type=parse_number, help="unit price excl. VAT, e.g. 65.00")
    p.add_argument(
        "--vat",
        default="21",
        help="VAT rate or case code: 21, 12, 6, 0, renovation, eu_services, art44 ... (default 21)",
    )
    p.add_argument("--category", default="", help="revenue category (free text)")
    p.set_defaults(func=cmd_add)

    p = asub.add_parser("archive", help="archive an article: no longer offered, kept for the record")
    p.add_argument("code", metavar="CODE")
    p.add_argument("--restore", action="store_true", help="bring an archived article back")
    p.set_defaults(func=cmd_archive)


def article_json(article: Article) -> dict[str, object]:
    return {
        "code": article.code,
        "name_nl": article.name_nl,
        "name_fr": article.name_fr,
        "name_en": article.name_en,
        "unit": article.unit,
        "unit_price": price_text(article.unit_price),
        "vat": article.vat,
        "category": article.category,
        "active": article.active,
    }


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..i18n.user import cli_language
    from ..services import articles

    with ctx.book.db.reading() as session:
        if args.search is not None:
            found = articles.search_articles(session, args.search, include_archived=args.all, limit=10_000)
        else:
            found = articles.list_articles(session, include_archived=args.all)
    if args.json:
        ctx.print_json({"articles": [article_json(a) for a in found]})
        return 0
    from ..domain.units import unit_name

    language = cli_language()
    for a in found:
        archived = "  (" + word("archived") + ")" if not a.active else ""
        # The price with its own precision (0.125 stays), the decimal sign of the language; English as before.
        price = price_text(a.unit_price) if language == "en" else price_text(a.unit_price).replace(".", ",")
        unit = a.unit if language == "en" else unit_name(a.unit, language)
        ctx.out.write(f"{a.code:<12} {price:>10} {unit:<{3 if language == 'en' else 6}} {a.vat:<16} ")
        ctx.out.write(f"{a.name(language)}{archived}\n")
    ctx.out.write(say("{count} article(s)", count=len(found)) + "\n")
    return 0


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import articles

    data = articles.ArticleInput(
        code=args.code,
        name_nl=args.name_nl,
        name_fr=args.name_fr,
        name_en=args.name_en,
        unit=args.unit,
        unit_price=args.price,
        vat=args.vat,
        category=args.category,
    )
    with ctx.book.db.transaction() as session:
        article = articles.add_article(session, data)
    ctx.out.write(say("article {code} added", code=article.code) + "\n")
    return 0


def cmd_archive(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import articles

    with ctx.book.db.transaction() as session:
        article = articles.archive_article(session, args.code, archived=not args.restore)
    template = "article {code} restored" if args.restore else "article {code} archived"
    ctx.out.write(say(template, code=article.code) + "\n")
    return 0
