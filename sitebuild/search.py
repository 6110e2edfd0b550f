"""Search per language: synonyms, and what Material's search box is handed.

Search itself is Pagefind's (``sitebuild/fragments.py``): one index per
language, from each page's ``<html lang>``, fetched in chunks. Material's
search box stays; each page's ``__config.base`` for search points at
``search/<lang>/`` (``overrides/main.html``), where the build writes a stub
``search_index.json`` holding only the page's language for the worker
(``assets/kg-search-worker.js``, put in place of Material's lunr worker by
:func:`use_pagefind_worker`). mkdocs-static-i18n's merged all-languages
index is deleted (:func:`drop_merged_index`).

>>> expand_keywords(["serial number", "refund"], "en")[:3]
['serial number', 'refund', 'license code']
>>> language_of("ru/articles/x/", ("en", "ru", "zh"), "en"), language_of("articles/x/", ("en", "ru", "zh"), "en")
('ru', 'en')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SYNONYMS: dict[str, list[list[str]]] = {
    "en": [
        [
            "license code",
            "license key",
            "registration code",
            "activation code",
            "serial number",
            "product key",
            "licence key",
        ],
    ],
    "ru": [
        [
            "лицензионный код",
            "лицензионный ключ",
            "регистрационный код",
            "код активации",
            "серийный номер",
            "ключ продукта",
        ],
    ],
    "zh": [
        ["注册码", "激活码", "许可证密钥", "序列号", "授权码", "产品密钥"],
    ],
}
"""Groups of words readers use for the same thing; one group per concept."""

SEARCH_DIR = "search"


def expand_keywords(keywords: Iterable[str], lang: str) -> list[str]:
    """``keywords`` plus every synonym of any of them (order kept, no duplicates).

    >>> expand_keywords(["激活码"], "zh")
    ['激活码', '注册码', '许可证密钥', '序列号', '授权码', '产品密钥']
    >>> expand_keywords(["refund"], "en")
    ['refund']
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)

    words = [str(k) for k in keywords]
    for word in words:
        add(word)
    for group in SYNONYMS.get(lang, []):
        folded = {g.casefold() for g in group}
        if any(w.casefold() in folded for w in words):
            for synonym in group:
                add(synonym)
    return out


def language_of(location: str, langs: Iterable[str], default: str) -> str:
    """The language of an index entry, from its location's first segment."""
    first = location.split("/", 1)[0]
    return first if first in langs and first != default else default


def search_base(lang: str) -> str:
    """Where the index of ``lang`` lives, relative to the site root.

    >>> search_base("ru")
    'search/ru/'
    """
    return f"{SEARCH_DIR}/{lang}/"


def language_index(index: dict[str, Any], lang: str, langs: Iterable[str], default: str) -> dict[str, Any]:
    """The stub index Material's search loads for a page in ``lang``: its language, no documents.

    Search runs on Pagefind (``sitebuild/fragments.py``): Material hands this
    file to its worker (``assets/kg-search-worker.js``), which only reads the
    page's language from ``config.kg_lang``. The documents stay out: lunr's
    whole index of a language was 2-3.4 MB raw at 1,000 articles.

    >>> idx = {"config": {"lang": ["en", "ru"], "separator": "[ ]"}, "docs": [
    ...     {"location": "a/", "title": "A", "text": ""},
    ...     {"location": "ru/a/#x", "title": "А", "text": ""}]}
    >>> language_index(idx, "ru", ("en", "ru"), "en")
    {'config': {'lang': ['en', 'ru'], 'separator': '[ ]', 'kg_lang': 'ru'}, 'docs': []}
    """
    config = dict(index.get("config") or {})
    config["lang"] = sorted({"en", lang}, key=["en", lang].index)
    config["kg_lang"] = lang
    return {"config": config, "docs": []}


def write_language_index(
    site_dir: Path, index: dict[str, Any], lang: str, langs: Iterable[str], default: str
) -> Path:
    """Write ``search/<lang>/search/search_index.json``; returns its path."""
    path = site_dir / search_base(lang) / SEARCH_DIR / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = language_index(index, lang, langs, default)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


_MATERIAL_WORKER = re.compile(r'("search": ")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
WORKER = "assets/kg-search-worker.js"


def use_pagefind_worker(html: str) -> str:
    """Point Material's search at :data:`WORKER` in a page's ``__config``.

    >>> use_pagefind_worker('{"search": "../assets/javascripts/workers/search.a7633da7.min.js"}')
    '{"search": "../assets/kg-search-worker.js"}'
    """
    return _MATERIAL_WORKER.sub(lambda m: f'{m.group(1)}{m.group(2)}{WORKER}"', html, count=1)


def drop_merged_index(site_dir: Path) -> bool:
    """Delete the all-languages ``search/search_index.json`` once the per-language ones exist.

    mkdocs-static-i18n merges every language's entries into it after the last
    language is built; no page loads it (each page's search base points at its
    language's index), and at 1,000 articles × 3 it was 15.8 MB that the
    build also compressed. Returns whether a file was removed.

    >>> import tempfile
    >>> site = Path(tempfile.mkdtemp())
    >>> merged = site / SEARCH_DIR / "search_index.json"
    >>> merged.parent.mkdir(); _ = merged.write_text("{}")
    >>> drop_merged_index(site)  # no language index yet: keep it
    False
    >>> (site / SEARCH_DIR / "en" / SEARCH_DIR).mkdir(parents=True)
    >>> _ = (site / SEARCH_DIR / "en" / SEARCH_DIR / "search_index.json").write_text("{}")
    >>> drop_merged_index(site), merged.exists()
    (True, False)
    """
    merged = site_dir / SEARCH_DIR / "search_index.json"
    languages = list((site_dir / SEARCH_DIR).glob(f"*/{SEARCH_DIR}/search_index.json"))
    if not merged.is_file() or not languages:
        return False
    merged.unlink()
    return True


def current_index(config: Any) -> dict[str, Any] | None:
    """The search plugin's entries of the language being built (``None`` without one)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return json.loads(plugin.search_index.generate_search_index(None))
    return None
