"""Every article exists in en, ru and zh with the same front matter, or says it is untranslated.

A language file may carry ``untranslated: true`` (its text is still the
original); the page then shows a notice in that language. Fields that are
facts rather than prose (id, products, platforms, troubleshooter) must be
equal in every language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import articles
from tests.paths import DOCS
from wizard.vendor import LANGUAGES
from wizardtools.flowlint import load_flows

DEFAULT = "en"
# The topics of issue 6: these must exist whatever else is added.
TOPICS = [
    "articles/code-not-received.md",
    "articles/code-invalid.md",
    "articles/lost-code.md",
    "articles/register-and-activate.md",
    "articles/license-scope.md",
    "articles/offline-activation.md",
    "articles/activation-failed.md",
    "articles/invoices.md",
    "articles/refunds.md",
    "articles/order-declined.md",
    "articles/payment-methods.md",
    "articles/downloads.md",
    "articles/contact-support.md",
    "resellers/index.md",
    "resellers/2checkout.md",
    "resellers/digitalriver.md",
    "resellers/fastspring.md",
    "resellers/paddle.md",
]
SAME_VALUE = ("id", "category", "section", "products", "platforms", "troubleshooter")


def source(key: str, lang: str) -> Path:
    stem = key[: -len(".md")]
    return DOCS / (key if lang == DEFAULT else f"{stem}.{lang}.md")


def meta(key: str, lang: str) -> dict:
    return articles.front_matter(source(key, lang).read_text("utf-8"))


def all_keys() -> list[str]:
    found = {a.key for a in articles.scan(DOCS, LANGUAGES, DEFAULT)}
    return sorted(found | set(TOPICS))


@pytest.mark.parametrize("key", all_keys())
def test_article_exists_in_every_language(key: str) -> None:
    missing = [lang for lang in LANGUAGES if not source(key, lang).is_file()]
    assert missing == [], f"{key}: no {', '.join(missing)} file (write it, or add one with untranslated: true)"


@pytest.mark.parametrize("key", all_keys())
def test_translations_have_the_same_front_matter_keys(key: str) -> None:
    english = meta(key, DEFAULT)
    assert set(articles.REQUIRED_FIELDS) <= set(english), f"{key}: missing fields"
    for lang in LANGUAGES[1:]:
        if not source(key, lang).is_file():
            continue
        other = meta(key, lang)
        if other.get("untranslated") is True:
            continue
        assert set(other) - {"untranslated"} == set(english) - {"untranslated"}, f"{key} ({lang})"
        for field in SAME_VALUE:
            assert other.get(field) == english.get(field), f"{key} ({lang}): {field}"


@pytest.mark.parametrize("key", all_keys())
def test_troubleshooter_names_an_existing_flow_and_step(key: str) -> None:
    value = meta(key, DEFAULT).get("troubleshooter")
    if not value:
        return
    flow_id, _, step = str(value).partition("#")
    flows = load_flows()
    assert flow_id in flows, f"{key}: troubleshooter {value!r}: no such flow"
    if step:
        assert step in flows[flow_id].steps, f"{key}: troubleshooter {value!r}: no such step"


def test_untranslated_is_a_boolean_when_present() -> None:
    for article in articles.scan(DOCS, LANGUAGES, DEFAULT):
        if "untranslated" in article.meta:
            assert isinstance(article.meta["untranslated"], bool), article.src


def test_a_page_marked_untranslated_gets_the_notice_in_its_language() -> None:
    page = articles.Article(
        "articles/x.md", "ru", "X", {"id": "KB-1", "untranslated": True}, src="articles/x.ru.md"
    )
    catalog = articles.Catalog.__new__(articles.Catalog)
    catalog.langs, catalog.default, catalog.vendor, catalog.dates = LANGUAGES, DEFAULT, {}, {}
    catalog.articles = [page]
    context = catalog.page_context(page, "ru", "ru/articles/x/")
    assert context["untranslated"] is True
    assert context["labels"]["untranslated"] == articles.LABELS["ru"]["untranslated"]
    translated = articles.Article("articles/y.md", "ru", "Y", {"id": "KB-2"}, src="articles/y.ru.md")
    assert catalog.page_context(translated, "ru", "ru/articles/y/")["untranslated"] is False
