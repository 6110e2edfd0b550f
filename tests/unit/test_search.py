"""Search data built at site-build time: synonyms, Chinese words, per-language indexes."""

from __future__ import annotations

from pathlib import Path

from sitebuild import articles, search
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


def test_chinese_words_come_from_zh_keywords_and_tags_only() -> None:
    pool = [
        articles.Article("a.md", "zh", "A", {"keywords": ["离线激活", "Fernpad"], "tags": ["订单"]}),
        articles.Article("a.md", "ru", "A", {"keywords": ["код"], "tags": []}),
    ]
    words = search.chinese_words(pool)
    assert "离线激活" in words and "订单" in words and "注册码" in words
    assert "Fernpad" not in words and "код" not in words


def test_jieba_keeps_registered_words_whole() -> None:
    import jieba

    word = "许可证密钥"
    search.register_chinese_words([word])
    assert word in list(jieba.cut(f"请输入{word}激活"))


def test_language_index_keeps_one_language_and_relocates_links() -> None:
    index = {
        "config": {"lang": ["en", "ru", "zh"], "separator": "x"},
        "docs": [
            {"location": "", "title": "Home", "text": ""},
            {"location": "articles/a/#s", "title": "A", "text": ""},
            {"location": "ru/articles/a/", "title": "А", "text": ""},
            {"location": "zh/", "title": "首页", "text": ""},
        ],
    }
    en = search.language_index(index, "en", LANGUAGES, "en")
    assert [d["location"] for d in en["docs"]] == ["../../", "../../articles/a/#s"]
    zh = search.language_index(index, "zh", LANGUAGES, "en")
    assert [d["location"] for d in zh["docs"]] == ["../../zh/"]
    assert zh["config"]["lang"] == ["en", "zh"] and zh["config"]["separator"] == "x"


def test_written_index_sits_under_the_search_base(tmp_path: Path) -> None:
    index = {"config": {}, "docs": [{"location": "ru/x/", "title": "X", "text": ""}]}
    path = search.write_language_index(tmp_path, index, "ru", LANGUAGES, "en")
    assert path == tmp_path / search.search_base("ru") / "search" / "search_index.json"
    assert '"../../ru/x/"' in path.read_text("utf-8")
