"""The merged translation catalog is cached between starts and parsed again when a .po file changes."""

from __future__ import annotations

import json
import os

from ledgerdesk import i18n


def _po(folder, name: str, pairs: dict[str, str]) -> None:
    body = "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in pairs.items())
    (folder / name).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, encoding="utf-8"
    )


def test_the_catalog_is_cached_and_follows_changed_files(tmp_path, monkeypatch):
    resources, cache = tmp_path / "resources", tmp_path / "cache"
    (resources / "i18n" / "nl").mkdir(parents=True)
    _po(resources / "i18n" / "nl", "ui.po", {"Invoice": "Factuur"})
    monkeypatch.setattr(i18n, "resources_dir", lambda: resources)
    monkeypatch.setenv("LEDGERDESK_CACHE_DIR", str(cache))
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("nl") == {"Invoice": "Factuur"}
        stored = json.loads((cache / "catalog-nl.json").read_text(encoding="utf-8"))
        assert stored["messages"] == {"Invoice": "Factuur"}

        stored["messages"] = {"Invoice": "from the cache"}  # the next start reads the cache, not the .po
        (cache / "catalog-nl.json").write_text(json.dumps(stored), encoding="utf-8")
        i18n.catalog.cache_clear()
        assert i18n.catalog("nl") == {"Invoice": "from the cache"}

        _po(resources / "i18n" / "nl", "kpi.po", {"Overdue": "Vervallen"})  # a new or changed file: parsed again
        i18n.catalog.cache_clear()
        assert i18n.catalog("nl") == {"Invoice": "Factuur", "Overdue": "Vervallen"}

        (cache / "catalog-nl.json").write_text("{half a fi", encoding="utf-8")  # a broken cache is ignored
        i18n.catalog.cache_clear()
        assert i18n.catalog("nl")["Overdue"] == "Vervallen"
        assert not [p for p in os.listdir(cache) if p.endswith(".tmp")]
    finally:
        i18n.catalog.cache_clear()
