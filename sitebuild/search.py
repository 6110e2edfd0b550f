"""Search per language: synonyms, Chinese words for jieba, one index per language.

Material's search plugin writes one ``search/search_index.json`` holding
every language (mkdocs-static-i18n merges them), so a Russian reader would
get English and Chinese hits too. The site build therefore also writes
``search/<lang>/search/search_index.json`` with only that language's pages,
their locations made relative to ``search/<lang>/``, and each page's
``__config.base`` for search points there (``overrides/main.html``):
Material resolves both the index and the result links against that base.

>>> expand_keywords(["serial number", "refund"], "en")[:3]
['serial number', 'refund', 'license code']
>>> language_of("ru/articles/x/", ("en", "ru", "zh"), "en"), language_of("articles/x/", ("en", "ru", "zh"), "en")
('ru', 'en')
"""

from __future__ import annotations

import json
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


def chinese_words(articles: Iterable[Any]) -> list[str]:
    """Chinese keywords, tags and synonyms: the words jieba must keep whole.

    jieba's general dictionary splits domain words (``注册码`` can come out as
    ``注册`` + ``码``), and a query typed as ``注册码`` would then miss.
    """
    words = {w for group in SYNONYMS["zh"] for w in group}
    for article in articles:
        if article.lang == "zh":
            words.update(str(w) for w in article.keywords + article.tags)
    return sorted(w for w in words if w and " " not in w and _has_han(w))


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def register_chinese_words(words: Iterable[str]) -> int:
    """Add ``words`` to jieba's dictionary (build time); returns how many."""
    try:
        import jieba  # the search plugin segments with it when installed
    except ImportError:
        return 0
    count = 0
    for word in words:
        jieba.add_word(word, freq=None)
        count += 1
    return count


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
    """The entries of ``index`` in ``lang``, located relative to ``search_base(lang)``.

    >>> idx = {"config": {"lang": ["en", "ru"]}, "docs": [
    ...     {"location": "a/", "title": "A", "text": ""},
    ...     {"location": "ru/a/#x", "title": "А", "text": ""}]}
    >>> language_index(idx, "ru", ("en", "ru"), "en")["docs"]
    [{'location': '../../ru/a/#x', 'title': 'А', 'text': ''}]
    """
    langs = tuple(langs)
    up = "../" * search_base(lang).count("/")
    docs = [
        {**doc, "location": up + doc["location"]}
        for doc in index.get("docs", [])
        if language_of(doc["location"], langs, default) == lang
    ]
    config = dict(index.get("config") or {})
    # English stays in every language: product names and terms are English.
    config["lang"] = sorted({"en", lang}, key=["en", lang].index)
    return {"config": config, "docs": docs}


def write_language_index(
    site_dir: Path, index: dict[str, Any], lang: str, langs: Iterable[str], default: str
) -> Path:
    """Write ``search/<lang>/search/search_index.json``; returns its path."""
    path = site_dir / search_base(lang) / SEARCH_DIR / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = language_index(index, lang, langs, default)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


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
