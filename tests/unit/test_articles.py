"""Article features computed at build time: metadata, dates, related, tags, links."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from pathlib import Path

import pytest

from sitebuild import articles
from sitebuild.articles import Article
from tests.paths import DOCS
from wizard.vendor import LANGUAGES, Vendor


def art(key: str, lang: str = "en", tags=(), keywords=(), **meta) -> Article:
    meta = {"id": f"KB-{key}", "tags": list(tags), "keywords": list(keywords), **meta}
    return Article(key, lang, key.upper(), meta, src=key, url=articles.page_url(key, lang, "en"))


def test_every_label_exists_in_every_language() -> None:
    keys = set(articles.LABELS["en"])
    for lang in LANGUAGES:
        assert set(articles.LABELS[lang]) == keys, lang
        assert all(articles.LABELS[lang][k].strip() for k in keys), lang


def test_labels_are_written_per_language_not_copied() -> None:
    for key in articles.LABELS["en"]:
        assert articles.LABELS["ru"][key] != articles.LABELS["en"][key], key
        assert articles.LABELS["zh"][key] != articles.LABELS["en"][key], key


@pytest.mark.parametrize(
    ("src", "key", "lang"),
    [
        ("articles/refunds.md", "articles/refunds.md", "en"),
        ("articles/refunds.ru.md", "articles/refunds.md", "ru"),
        ("resellers/index.zh.md", "resellers/index.md", "zh"),
        ("notes.v2.md", "notes.v2.md", "en"),
    ],
)
def test_suffix_layout_names_map_to_one_article_per_language(src, key, lang) -> None:
    assert articles.split_suffix(src, LANGUAGES, "en") == (key, lang)


@pytest.mark.parametrize(
    ("value", "lang", "page", "href"),
    [
        ("refund", "en", "articles/refunds/", "../../wizard/refund/"),
        ("refund#trial", "ru", "ru/articles/refunds/", "../../wizard/refund/#trial"),
        ("start", "zh", "zh/articles/x/", "../../wizard/"),
        ("not-received", "zh", "zh/resellers/", "../wizard/not-received/"),
        ("start", "en", "", "wizard/"),
    ],
)
def test_troubleshooter_link_is_relative_and_stays_in_the_language(value, lang, page, href) -> None:
    target = articles.troubleshooter_url(value, lang, "en")
    assert articles.relative_url(target, page) == href


def test_related_prefers_shared_tags_then_keywords_and_stays_in_language() -> None:
    me = art("a", tags=["billing", "orders"], keywords=["invoice", "vat"])
    two_tags = art("b", tags=["billing", "orders"])
    one_tag_two_words = art("c", tags=["orders"], keywords=["invoice", "VAT"])
    one_word = art("d", keywords=["invoice"])
    nothing = art("e", tags=["downloads"])
    other_lang = art("f", lang="ru", tags=["billing", "orders"])
    pool = [nothing, one_word, one_tag_two_words, two_tags, other_lang, me]
    assert [r.key for r in articles.related(me, pool)] == ["b", "c", "d"]


def test_related_is_capped() -> None:
    me = art("a", tags=["t"])
    pool = [me] + [art(f"x{i}", tags=["t"]) for i in range(9)]
    assert len(articles.related(me, pool, limit=4)) == 4


@pytest.mark.parametrize("seed", range(20))
def test_related_through_the_term_index_is_the_plain_ranking(seed: int) -> None:
    # The index ranks in C (the builds of thousands of articles need it); the
    # plain comparison of every pair is the definition. Ties abound: few
    # terms, many articles, ids that repeat and some that are missing.
    rng = random.Random(seed)
    terms = ["billing", "Orders", "orders", "vat", "keys", "refund"]
    pool = []
    for number in range(60):
        meta = {"tags": rng.sample(terms, rng.randint(0, 2)), "keywords": rng.sample(terms, rng.randint(0, 3))}
        if rng.random() < 0.9:
            meta["id"] = f"KB-{rng.randint(1, 30)}"
        key = f"k{rng.randint(0, 40)}"
        pool.append(Article(key, rng.choice(["en", "ru"]), key.upper(), meta, src=f"{key}.{number}"))
    index = articles.TermIndex(pool)
    for me in pool:
        for limit in (1, 5, 100):
            plain = articles.related(me, pool, limit=limit)
            assert articles.related(me, pool, limit=limit, index=index) == plain, (me, limit)


def test_tags_index_groups_articles_of_one_language() -> None:
    pool = [art("a", tags=["Orders", "billing"]), art("b", tags=["orders"]), art("c", "ru", tags=["заказы"])]
    groups = articles.tags_index(pool, "en")
    assert [g["name"] for g in groups] == ["billing", "Orders"]
    assert [a.key for a in groups[1]["articles"]] == ["a", "b"]
    assert [g["slug"] for g in articles.tags_index(pool, "ru")] == ["tag-заказы"]


def test_last_updated_comes_from_git_for_a_committed_file(tmp_path: Path) -> None:
    def git(*args: str, date: str | None = None) -> None:
        env = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {}
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t.example", *args],
            cwd=tmp_path, check=True, capture_output=True, env={**_env(), **env},
        )

    git("init", "-q")
    (tmp_path / "old.md").write_text("---\nupdated: 2020-01-01\n---\n")
    git("add", "old.md")
    git("commit", "-q", "-m", "one", date="2025-03-04T10:00:00+00:00")
    (tmp_path / "old.md").write_text("---\nupdated: 2020-01-01\n---\nmore\n")
    git("commit", "-q", "-am", "two", date="2025-06-07T10:00:00+00:00")
    (tmp_path / "new.md").write_text("---\nupdated: 2026-02-03\n---\n")

    dates = articles.git_dates(tmp_path)
    old = Article("old.md", "en", "Old", {"updated": dt.date(2020, 1, 1)}, src="old.md")
    new = Article("new.md", "en", "New", {"updated": dt.date(2026, 2, 3)}, src="new.md")
    assert articles.last_updated(old, dates) == "2025-06-07"
    assert articles.last_updated(new, dates) == "2026-02-03"


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def test_git_dates_outside_a_repository_is_empty(tmp_path: Path) -> None:
    assert articles.git_dates(tmp_path / "nowhere") == {}


def test_products_all_means_every_product_of_vendor_yml() -> None:
    vendor = Vendor.load()
    expected = [p.name for p in vendor.products.values()]
    assert articles.names(["all"], vendor.products, "x.md") == expected


def test_info_shows_vendor_names_synonyms_and_a_local_date() -> None:
    vendor = Vendor.load()
    first = next(iter(vendor.products.values())).data
    a = Article(
        "articles/x.md", "ru", "X",
        {"id": "KB-9", "products": [first["id"]], "platforms": ["all"],
         "keywords": ["серийный номер"], "tags": ["заказы"], "updated": dt.date(2026, 5, 1)},
        src="articles/x.ru.md",
    )
    catalog = articles.Catalog.__new__(articles.Catalog)
    catalog.langs, catalog.default, catalog.vendor, catalog.dates = LANGUAGES, "en", vendor, {}
    info = catalog.info(a, "ru")
    assert info["products"] == [first["name"]]
    assert info["platforms"] == [articles.LABELS["ru"]["all_platforms"]]
    assert "лицензионный ключ" in info["keywords"]
    assert info["updated"] == "2026-05-01" and info["updated_text"] == "1 мая 2026 г."
    assert info["tags"] == [{"name": "заказы", "url": "../../tags/#tag-заказы"}]


def test_a_page_shown_untranslated_links_no_tags_of_another_language() -> None:
    vendor = Vendor.load()
    a = Article("articles/x.md", "en", "X", {"id": "KB-9", "tags": ["orders"]}, src="articles/x.md")
    catalog = articles.Catalog.__new__(articles.Catalog)
    catalog.langs, catalog.default, catalog.vendor, catalog.dates = LANGUAGES, "en", vendor, {}
    catalog.articles = [a]
    assert catalog.info(a, "zh")["tags"] == [{"name": "orders", "url": None}]
    assert catalog.page_context(a, "zh", "zh/articles/x/")["untranslated"] is True


def test_every_article_in_docs_names_known_products() -> None:
    vendor = Vendor.load()
    catalog = articles.Catalog(DOCS, LANGUAGES, "en", vendor)
    assert catalog.articles, "no articles found"
    for article in catalog.articles:
        assert catalog.info(article, article.lang)["products"], article.src
