"""Search data built at site-build time: synonyms, the per-language stub index, the worker swap."""

from __future__ import annotations

from pathlib import Path

from sitebuild import search
from wizard.vendor import LANGUAGES


def test_every_language_has_the_license_code_synonyms() -> None:
    for lang in LANGUAGES:
        group = search.SYNONYMS[lang][0]
        assert len(group) >= 4, lang
        assert len({w.casefold() for w in group}) == len(group), lang


def test_any_synonym_expands_to_the_whole_group_in_its_language() -> None:
    for lang in LANGUAGES:
        group = search.SYNONYMS[lang][0]
        for word in group:
            expanded = search.expand_keywords([word.upper()], lang)
            assert {w.casefold() for w in group} <= {w.casefold() for w in expanded}, word
        assert search.expand_keywords(["something else"], lang) == ["something else"]


def test_synonyms_do_not_cross_languages() -> None:
    assert search.expand_keywords(["serial number"], "ru") == ["serial number"]


def test_the_stub_index_names_the_language_and_holds_no_documents() -> None:
    index = {
        "config": {"lang": ["en", "ru", "zh"], "separator": "x"},
        "docs": [{"location": "ru/articles/a/", "title": "А", "text": "много текста"}],
    }
    zh = search.language_index(index, "zh", LANGUAGES, "en")
    assert zh == {"config": {"lang": ["en", "zh"], "separator": "x", "kg_lang": "zh"}, "docs": []}


def test_written_index_sits_under_the_search_base(tmp_path: Path) -> None:
    index = {"config": {}, "docs": [{"location": "ru/x/", "title": "X", "text": ""}]}
    path = search.write_language_index(tmp_path, index, "ru", LANGUAGES, "en")
    assert path == tmp_path / search.search_base("ru") / "search" / "search_index.json"
    assert '"kg_lang":"ru"' in path.read_text("utf-8") and "ru/x/" not in path.read_text("utf-8")


def test_pages_point_material_at_the_pagefind_worker() -> None:
    page = '<script id="__config" type="application/json">{"search": "../../assets/javascripts/workers/search.a7633da7.min.js"}</script>'
    assert '"search": "../../assets/kg-search-worker.js"' in search.use_pagefind_worker(page)
    assert search.use_pagefind_worker("<p>no config</p>") == "<p>no config</p>"
