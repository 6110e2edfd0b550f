"""Built pages: article furniture (breadcrumbs, "Still stuck?", the feedback
note's links) and the reseller and seed facts issue 15 asked for, in every
language."""

from __future__ import annotations

import html as html_text

import re
from pathlib import Path

import pytest
import yaml

from sitebuild.variables import lookup_fields
from tests.paths import ROOT
from wizard.vendor import LANGUAGES, load_vendor, local_text

VENDOR = load_vendor()
SELLERS = {r["id"]: r for r in VENDOR["resellers"]}
CONFIG = yaml.safe_load(
    re.sub(r"!!python/\S+", "", (ROOT / "mkdocs.yml").read_text("utf-8"))
)


def root(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def article_pages(site: Path, lang: str) -> list[Path]:
    base = root(site, lang)
    pages = sorted((base / "articles").glob("*/index.html"))
    pages += sorted((base / "resellers").glob("*/index.html")) + [base / "resellers" / "index.html"]
    return pages


def feedback_no_note(lang: str) -> str:
    if lang == "en":
        extra = CONFIG["extra"]
    else:
        plugin = next(p["i18n"] for p in CONFIG["plugins"] if isinstance(p, dict) and "i18n" in p)
        extra = next(x for x in plugin["languages"] if x["locale"] == lang)["extra"]
    return next(r["note"] for r in extra["analytics"]["feedback"]["ratings"] if r["data"] == 0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_article_has_breadcrumbs_still_stuck_and_a_no_note_whose_links_exist(
    site_dir: Path, lang: str
) -> None:
    pages = article_pages(site_dir, lang)
    assert len(pages) >= 17
    targets = re.findall(r'href="#([^"]+)"', feedback_no_note(lang))
    assert targets, "the 'No' note points at something on the page"
    for page in pages:
        html = page.read_text("utf-8")
        assert '<nav class="md-path"' in html, page
        stuck = re.search(r'<aside class="kg-stuck" id="kg-stuck".*?</aside>', html, re.S)
        assert stuck, page
        assert "kg-stuck__button" in stuck.group(0) and "kg-stuck__contact" in stuck.group(0)
        for target in targets:
            assert f'id="{target}"' in html, (page, target)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_2checkout_facts_are_the_same_on_every_page(site_dir: Path, lang: str) -> None:
    seller = SELLERS["2checkout"]
    subject = local_text(seller, "email_subject", lang)
    fields = lookup_fields(seller, lang)
    base = root(site_dir, lang)
    pages = {name: (base / name / "index.html").read_text("utf-8") for name in
             ("articles/code-not-received", "articles/lost-code", "resellers/2checkout",
              "articles/invoices")}
    for name, html in pages.items():
        assert fields in html, (name, fields)
        if name != "articles/invoices":
            assert seller["email_from_name"] in html, name
    for name in ("articles/code-not-received", "resellers/2checkout", "resellers"):
        html = (base / name / "index.html").read_text("utf-8")
        assert subject in html, (name, subject)
    other = {lang_: local_text(seller, "email_subject", lang_) for lang_ in LANGUAGES if lang_ != lang}
    assert not any(s in pages["articles/code-not-received"] for s in other.values())
    minutes = {"en": "{n} minutes", "ru": "{n} минут", "zh": "{n} 分钟"}[lang]
    for name in ("articles/code-not-received", "resellers/2checkout", "articles/invoices"):
        assert minutes.format(n=seller["access_link_minutes"]) in pages[name], name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_digital_river_is_a_past_reseller_only(site_dir: Path, lang: str) -> None:
    assert "digitalriver" not in SELLERS
    base = root(site_dir, lang)
    past = (base / "resellers" / "digitalriver" / "index.html").read_text("utf-8")
    assert 'class="kg-routing" data-problem="lost_code"' in past
    assert VENDOR["vendor"]["download_page"] in past
    for page in base.rglob("index.html"):
        html = page.read_text("utf-8")
        assert "digitalriver.com" not in html, page  # no link to its gone store
    wizard = (base / "wizard" / "not-received" / "index.html").read_text("utf-8")
    assert 'value="digitalriver"' not in wizard


@pytest.mark.parametrize("lang", LANGUAGES)
def test_activation_article_gives_cache_folders_per_system_and_no_risky_cleanup(
    site_dir: Path, lang: str
) -> None:
    html = (root(site_dir, lang) / "articles" / "activation-failed" / "index.html").read_text("utf-8")
    cache = html[html.index('id="cache"'):html.index('id="reinstall"')]
    dirs = VENDOR["vendor"]["cache_dirs"]
    for product in VENDOR["products"]:
        for system in ("windows", "macos", "linux"):
            shown = dirs[system].replace("{product}", product["id"])
            # As the reader sees it: vendor values reach Markdown with its
            # characters (\\, [, {, ...) as references.
            assert shown in html_text.unescape(cache), (system, product["id"])
    # the old step told readers to run Windows' Temporary files clean-up
    assert "Remove files" not in cache and "Удалить файлы" not in cache and "删除文件" not in cache
    status = html[html.index('id="status"'):]
    assert VENDOR["vendor"]["support"]["status_page"] in status
    assert VENDOR["vendor"]["support"]["announcements"] in status


@pytest.mark.parametrize("lang", LANGUAGES)
def test_refunds_qualify_the_policy_with_reseller_terms_and_statutory_rights(
    site_dir: Path, lang: str
) -> None:
    html = (root(site_dir, lang) / "articles" / "refunds" / "index.html").read_text("utf-8")
    rights = html[html.index('id="your-rights"'):html.index('id="trial"')]
    assert "14" in rights
    for seller in SELLERS.values():
        assert seller["support_url"] in rights
    assert 'href="#your-rights"' in html  # the "in short" paragraph points there
