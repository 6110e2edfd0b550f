"""A second vendor's site builds and works: nothing about the demo vendor is hard-coded.

``tests/fixtures/vendor2/vendor.yml`` is another fictional vendor: FastSpring
and Paddle only, a numeric code format with a prefix and a case-sensitive one
with a dot separator, Toronto time, English and Chinese only, phone and
WeChat support. The build uses the repository's own flows, templates and
articles (they refer to products and resellers by looping over
``vendor.yml`` and guard reseller-specific sections with ``if``), minus the
per-reseller pages of resellers this vendor does not use, plus the
fixture's own files (its WeChat QR image). The MkDocs config inherits
``mkdocs.yml`` and changes only paths, the nav and the languages built.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, build_site, builds_site
from tests.serve import serve
from tests.vendorshape import by_id
from wizard import codes
from wizard.vendor import LANGUAGES, load_vendor
from wizardtools.flowlint import load_flows

FIXTURE = ROOT / "tests" / "fixtures" / "vendor2"
VENDOR_FILE = FIXTURE / "vendor.yml"
GENERATED = ("wizard", "writers")  # written by the build itself


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its ``!!python/name`` tags name."""


_Tolerant.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def assemble(dest: Path, vendor: dict) -> Path:
    """docs/ and mkdocs.yml for ``vendor`` under ``dest``; returns the config file."""
    docs = dest / "docs"
    shutil.copytree(ROOT / "docs", docs,
                    ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs"
                                             and n in GENERATED])
    sellers = set(by_id(vendor)["resellers"]) | {p["id"] for p in vendor.get("past_resellers") or []}
    for page in (docs / "resellers").glob("*.md"):
        if page.name.split(".")[0] not in sellers | {"index"}:
            page.unlink()
    shutil.copytree(FIXTURE / "docs", docs, dirs_exist_ok=True)

    base = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Tolerant)
    langs = vendor.get("languages") or list(LANGUAGES)
    plugins = []
    for plugin in base["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            i18n = dict(plugin["i18n"])
            i18n["languages"] = [dict(lang, build=lang["locale"] in langs)
                                 for lang in i18n["languages"]]
            plugin = {"i18n": i18n}
        plugins.append(plugin)
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(docs),
        "hooks": [str(ROOT / "hooks.py")],
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "plugins": plugins,
        "watch": [],
        "nav": _nav(base["nav"], docs),
    }
    path = dest / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _nav(items: list, docs: Path) -> list:
    """The repository's nav without pages this vendor's docs do not have."""
    out = []
    for item in items:
        if isinstance(item, str):
            if (docs / item).is_file():
                out.append(item)
        elif isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, list):
                out.append({title: _nav(value, docs)})
            elif (docs / value).is_file():
                out.append(item)
    return out


@pytest.fixture(scope="module")
def vendor2() -> dict:
    return load_vendor(VENDOR_FILE)


@pytest.fixture(scope="module")
@builds_site
def site2(tmp_path_factory: pytest.TempPathFactory, vendor2: dict) -> Path:
    work = tmp_path_factory.mktemp("vendor2")
    config = assemble(work, vendor2)
    return build_site(work / "site", config=config, env={"KEYGUIDE_VENDOR": str(VENDOR_FILE)})


def test_the_fixture_really_differs_from_the_demo_vendor(vendor2: dict) -> None:
    demo = by_id(load_vendor(ROOT / "vendor.yml"))
    other = by_id(vendor2)
    assert set(other["resellers"]) < set(demo["resellers"])
    assert not set(other["formats"]) & set(demo["formats"])
    assert vendor2["vendor"]["timezone"] != demo["vendor"]["timezone"]
    assert vendor2["languages"] == ["en", "zh"]


def test_every_wizard_page_is_built_in_every_enabled_language_only(site2: Path) -> None:
    for flow_id in load_flows():
        path = "wizard/index.html" if flow_id == "start" else f"wizard/{flow_id}/index.html"
        assert (site2 / path).is_file(), path
        assert (site2 / "zh" / path).is_file(), f"zh/{path}"
    assert not (site2 / "ru").exists()


def test_no_page_mentions_the_demo_vendor(site2: Path) -> None:
    mentions = [
        str(p.relative_to(site2)) for p in site2.rglob("*")
        if p.suffix in (".html", ".json", ".xml", ".js", ".mjs")
        and ("Brightfern" in (text := p.read_text("utf-8", errors="replace"))
             or "brightfern" in text)
    ]
    assert mentions == []
    home = (site2 / "index.html").read_text("utf-8")
    assert "Maplewick" in home


def test_the_contact_page_shows_this_vendors_channels_per_language(site2: Path) -> None:
    en = (site2 / "articles" / "contact-support" / "index.html").read_text("utf-8")
    zh = (site2 / "zh" / "articles" / "contact-support" / "index.html").read_text("utf-8")
    assert 'href="tel:+14165550142"' in en and "MaplewickHelp" not in en
    assert "MaplewickHelp" in zh and "tel:" not in zh
    assert "wechat-qr.svg" in zh
    assert (site2 / "assets" / "wechat-qr.svg").is_file()


def test_the_reseller_pages_are_this_vendors_only(site2: Path) -> None:
    built = {p.parent.name for p in (site2 / "resellers").glob("*/index.html")}
    assert built == {"fastspring", "paddle"}


def test_statement_names_are_left_out_when_the_vendor_gives_none(site2: Path, vendor2: dict) -> None:
    assert not any("statement_names" in r for r in vendor2["resellers"])
    for lang in ("", "zh/"):
        page = (site2 / lang / "resellers" / "fastspring" / "index.html").read_text("utf-8")
        assert "<code>FSPRG</code>" not in page  # (FSPRG stays a search keyword)
        who = (site2 / lang / "resellers" / "index.html").read_text("utf-8")
        assert who.count("<table") == 1  # the receipt senders' table only


@pytest.mark.browser
def test_a_code_of_the_case_sensitive_format_is_valid_in_the_browser(
    site2: Path, vendor2: dict, page
) -> None:
    # pytest-playwright's `page` (Debian Chromium via conftest): a second
    # sync_playwright() inside the same test session is refused.
    from playwright.sync_api import expect

    fmt = by_id(vendor2)["formats"]["tallyloom"]
    code = codes.generate(fmt, random.Random(7))
    assert "." in code and code != code.upper()  # really this vendor's format
    with serve(site2) as url:
        foreign: list[str] = []
        page.on(
            "request",
            lambda r: foreign.append(r.url)
            if not r.url.startswith((url, "data:", "blob:"))
            else None,
        )
        page.goto(f"{url}zh/wizard/code-invalid/")
        # Python in the worker first (a busy machine may need more than the
        # page's own 10 s; late Python still switches the checks on).
        expect(page.locator(".kg-live-status").first).to_have_attribute(
            "data-state", "ready", timeout=90_000
        )
        form = page.locator("[data-live-check='code_format']").first
        form.locator("textarea").fill(code)
        expect(form.locator(".kg-check-result .kg-ok")).to_be_visible(timeout=10_000)
        form.locator("textarea").fill(code.upper())
        expect(form.locator(".kg-check-result .kg-problem")).to_be_visible(timeout=10_000)
        assert foreign == []
