"""Article search among 5,000 articles, as the user feels it: from a keystroke in a line's description
to the popup showing its rows (search, model filled, popup laid out and painted).

Run: QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_articles.py
Target: every keystroke under 16 ms (one frame); the catalogue read once when an editor opens, under 150 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from ledgerdesk.paths import BookPaths  # noqa: E402
from ledgerdesk.persistence.book import open_book  # noqa: E402
from ledgerdesk.services import articles  # noqa: E402
from ledgerdesk.ui.widgets.article_search import ArticleCompleter  # noqa: E402

COUNT = 5_000
WORDS = {
    "nl": "plaatsen herstellen levering renovatie schilderwerk tegels vloer dak elektriciteit sanitair advies uur "
    "dag verplaatsing onderhoud hosting ontwerp opleiding kabel buis verf isolatie raam deur".split(),
    "fr": "pose réparation livraison rénovation peinture carrelage sol toit électricité sanitaire conseil heure "
    "jour déplacement entretien hébergement conception formation câble tuyau isolation fenêtre porte".split(),
    "en": "fitting repair delivery renovation painting tiles floor roof electricity plumbing advice hour day "
    "travel maintenance hosting design training cable pipe paint insulation window door".split(),
}
UNITS = ["HUR", "DAY", "C62", "KMT", "MTK", "MTR", "LS", "KGM"]
QUERIES = [
    "r",
    "re",
    "ren",
    "reno",
    "renov",
    "renovation",
    "renovation t",
    "renovation ti",
    "c",
    "ca",
    "cab",
    "A0",
    "A01",
    "A012",
    "A0123",
    "xyz",
    "porte",
    "porte f",
]


def fill(book) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    with book.db.transaction() as s:
        for n in range(COUNT):
            picks = rng.sample(range(min(len(w) for w in WORDS.values())), 3)
            names = {lang: " ".join(WORDS[lang][p] for p in picks).capitalize() + f" {n}" for lang in WORDS}
            articles.add_article(
                s,
                articles.ArticleInput(
                    f"A{n:04d}",
                    names["nl"],
                    names["fr"],
                    names["en"],
                    rng.choice(UNITS),
                    f"{rng.randint(100, 99_999) / 100:.2f}",
                    rng.choice(["21", "6", "12", "renovation"]),
                ),
                now=None,
            )


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[int(len(values) * 0.95) - 1] if len(values) > 1 else values[0]
    return (
        f"median {statistics.median(values) * 1000:6.2f} ms, p95 {p95 * 1000:6.2f} ms, max {values[-1] * 1000:6.2f} ms"
    )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="ledgerdesk-bench-articles-"))
    book = open_book(BookPaths.in_dir(folder / "book"))
    t = time.perf_counter()
    fill(book)
    print(f"{COUNT} articles added in {time.perf_counter() - t:.1f} s")

    loads = []
    for _ in range(5):
        t = time.perf_counter()
        with book.db.reading() as s:
            index = articles.catalogue(s)
        loads.append(time.perf_counter() - t)
    print(f"catalogue read and indexed (once per editor): {ms(loads)}")

    searches = []
    for _ in range(20):
        for query in QUERIES:
            t = time.perf_counter()
            index.search(query, 12)
            searches.append(time.perf_counter() - t)
    print(f"search alone ({len(QUERIES)} queries x 20):             {ms(searches)}")

    cell = QLineEdit()
    cell.resize(300, 24)
    cell.show()
    completer = ArticleCompleter(cell, index, [], "fr", lambda article, text: None)
    keystrokes = []
    for _ in range(10):
        for query in QUERIES:
            t = time.perf_counter()
            completer.refresh(query)
            popup = completer.popup()
            if popup is not None and popup.isVisible():
                popup.repaint()
            app.processEvents()
            keystrokes.append(time.perf_counter() - t)
    print(f"keystroke to popup rows painted:                  {ms(keystrokes)}")

    with book.db.reading() as s:
        t = time.perf_counter()
        found = articles.search_articles(s, "renovation", limit=50)
        print(
            f"`articles list --search` path (read + search):    {(time.perf_counter() - t) * 1000:6.2f} ms, "
            f"{len(found)} rows"
        )
    book.close()


if __name__ == "__main__":
    main()
