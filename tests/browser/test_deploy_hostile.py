"""Hostile input: flow files, vendor.yml values and whatever a visitor types.

- A hostile flow file fails ``python -m wizard lint`` and the site build with file:line.
- Hostile vendor.yml values reach every page as text, never as markup.

What a visitor types is in test_hostile_typing.py (it needs no site of its
own, so it can run on the other worker while this file builds one).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import build_site, builds_site
from tests.paths import ROOT
from wizardtools.cli import main as cli_main
from wizardtools.paths import FLOWS_DIR

FLOWS = FLOWS_DIR


# -- flow files ---------------------------------------------------------------------


def _mutate_markup(text: str) -> str:
    return text.replace("en: Why would you like a refund?", "en: Why <script>alert(1)</script>?", 1)


def _mutate_huge(text: str) -> str:
    return text.replace("en: Why would you like a refund?", "en: " + "refund " * 40_000, 1)


def _mutate_missing(text: str) -> str:
    return text.replace("      zh: 您为什么想要退款？\n", "", 1)


def _mutate_cycle(text: str) -> str:
    """``wrong-purchase`` and ``details`` lead only to each other: no way out."""
    blocks = re.split(r"(?m)^(?=  [a-z-]+:\n)", text)
    for i, block in enumerate(blocks):
        if block.startswith("  wrong-purchase:"):
            blocks[i] = re.sub(r"(?m)^    next: [a-z-]+$", "    next: details", block)
        if block.startswith("  details:"):
            blocks[i] = re.sub(r"(?m)^    next: contact$", "    next: wrong-purchase", block)
    return "".join(blocks)


HOSTILE_FLOWS = {
    "markup": (_mutate_markup, r"markup"),
    "huge-string": (_mutate_huge, r"characters long"),
    "missing-translation": (_mutate_missing, r"missing zh"),
    "cycle": (_mutate_cycle, r"dead end"),
}


@pytest.fixture(params=HOSTILE_FLOWS)
def hostile_flows(request, tmp_path: Path) -> tuple[Path, str]:
    mutate, reason = HOSTILE_FLOWS[request.param]
    folder = tmp_path / "flows"
    shutil.copytree(FLOWS, folder)
    target = folder / "refund.yaml"
    original = target.read_text("utf-8")
    changed = mutate(original)
    assert changed != original, "the mutation must apply to refund.yaml"
    target.write_text(changed, "utf-8")
    return folder, reason


def test_lint_names_file_and_line_of_a_hostile_flow(
    hostile_flows: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, reason = hostile_flows
    code = cli_main(["lint", "--flows", str(folder)])
    out = "".join(capsys.readouterr())
    assert code == 1, out
    assert re.search(rf"refund\.yaml:\d+: .*{reason}", out), out


# The build runs the very lint above (in-process, every hostile kind); one
# hostile file is enough to show the build stops on it with file and line.
@pytest.mark.site
@pytest.mark.parametrize("hostile_flows", ["markup"], indirect=True)
def test_the_build_refuses_a_hostile_flow_with_file_and_line(
    hostile_flows: tuple[Path, str], tmp_path: Path
) -> None:
    folder, reason = hostile_flows
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEYGUIDE_FLOWS": str(folder)},
    )
    assert result.returncode != 0
    assert re.search(rf"refund\.yaml:\d+: .*{reason}", result.stdout + result.stderr)


# -- vendor.yml -------------------------------------------------------------------------

MARKERS = [f"kg-xss-{i}" for i in range(1, 6)]


def hostile_vendor(path: Path) -> dict[str, str]:
    """vendor.yml with markup in names, e-mail and subject; returns what was set."""
    vendor = yaml.safe_load((ROOT / "vendor.yml").read_text("utf-8"))
    values = {
        "name": "Evil <script>alert('kg-xss-1')</script> Soft",
        "short_name": "Evil\"><img src=x onerror=alert('kg-xss-2')>",
        "email": "o'brien+<b>kg-xss-3</b>@brightfern.example",
        "reseller": "Shop</a><script>alert('kg-xss-4')</script>",
        "subject": "Order {{ 7*7 }} <i>kg-xss-5</i>",
    }
    vendor["vendor"]["name"] = values["name"]
    vendor["vendor"]["short_name"] = values["short_name"]
    vendor["vendor"]["support"]["email"] = values["email"]
    vendor["resellers"][0]["name"] = values["reseller"]
    vendor["resellers"][0]["email_subject"] = values["subject"]
    # Markdown, not HTML: an attribute list after a heading that ends with the
    # name (docs/resellers/*.md), and a link closed early to open another.
    values["md_name"] = 'FastShop {: #kg-md-id .kg-md-class onclick="alert(1)" }'
    values["md_url"] = "https://shop.example/x)[kg-md-link](https://kg-md-evil.example/"
    fastspring = next(r for r in vendor["resellers"] if r["id"] == "fastspring")
    fastspring["name"] = values["md_name"]
    fastspring["order_lookup_url"] = values["md_url"]
    path.write_text(yaml.safe_dump(vendor, allow_unicode=True, sort_keys=False), "utf-8")
    return values


def attributes(page: str) -> list[tuple[str, str]]:
    """Every ``(name, value)`` attribute of every element (one per class name)."""
    found: list[tuple[str, str]] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            for name, value in attrs:
                values = (value or "").split() if name == "class" else [value or ""]
                found.extend((name, v) for v in values)

    Attributes().feed(page)
    return found


def handlers(page: str) -> list[str]:
    """Inline event-handler attributes (``onclick``...) on any element of ``page``."""
    return [name for name, _ in attributes(page) if name.startswith("on")]


FRONT_MATTER = {
    "description": "Codes \"><script>alert('kg-fm-1')</script><meta name=\"kg-fm-x",
    "troubleshooter": "code-invalid#x\" onmouseover=\"alert('kg-fm-2')",
}


def hostile_docs(folder: Path) -> Path:
    """A copy of docs/ whose code-invalid article has hostile front matter, and
    an mkdocs.yml that builds it; returns the config file."""
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=lambda d, names: [
        n for n in names if Path(d) == ROOT / "docs" and n in ("wizard", "writers")])
    article = docs / "articles" / "code-invalid.md"
    text = article.read_text("utf-8")
    for key, value in FRONT_MATTER.items():
        text = re.sub(rf"(?m)^{key}: .*$", lambda _m, k=key, v=value: f"{k}: {json.dumps(v)}",
                      text, count=1)
    article.write_text(text, "utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": str(ROOT / "mkdocs.yml"), "docs_dir": str(docs),
        "hooks": [str(ROOT / "hooks.py")], "theme": {"custom_dir": str(ROOT / "overrides")},
        "watch": [],
    }), "utf-8")
    return config


@pytest.fixture(scope="module")
@builds_site
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    values = hostile_vendor(folder / "vendor.yml")
    config = hostile_docs(folder)
    site = build_site(folder / "site", config=config,
                      env={"KEYGUIDE_VENDOR": str(folder / "vendor.yml")})
    return site, values


def test_hostile_vendor_values_cannot_change_the_markdown(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site, values = hostile_site
    pages = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.html")}
    page = pages["resellers/fastspring/index.html"]
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert title and values["md_name"] in html.unescape(re.sub(r"<[^>]+>", "", title.group(1)))
    for path, text in pages.items():
        marked = [a for a in attributes(text) if a in (("id", "kg-md-id"), ("class", "kg-md-class"))]
        assert not marked, path
        assert not handlers(text), path
        assert not re.search(r'href="https://kg-md-evil\.example', text), path


def test_front_matter_values_reach_templates_as_text(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site, _ = hostile_site
    page = (site / "articles" / "code-invalid" / "index.html").read_text("utf-8")
    assert "<script>alert('kg-fm-1')" not in page
    assert 'name="kg-fm-x' not in page
    meta = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert meta and html.unescape(meta.group(1)) == FRONT_MATTER["description"]
    assert not handlers(page)
    button = re.search(r'class="[^"]*kg-stuck__button[^"]*" href="([^"]*)"', page)
    assert button and "onmouseover" in html.unescape(button.group(1))


def test_hostile_vendor_values_are_text_in_every_page(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site, values = hostile_site
    pages = {p: p.read_text("utf-8") for p in site.rglob("*.html")}
    raw = ["<script>alert(", "<img src=x", "<b>kg-xss", "<i>kg-xss"]
    for page, text in pages.items():
        # Inside <script type="application/json"> data blocks the values are JSON, checked below.
        markup = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", text, flags=re.S)
        found = [r for r in raw if r in markup]
        assert not found, f"{page.relative_to(site)}: unescaped {found}"
    everything = "\n".join(pages.values())
    for marker in MARKERS:
        assert marker in everything, f"{marker} never reached a page: the test proves nothing"
    assert "Order 49" not in everything  # values are data, never templates


def test_hostile_vendor_values_cannot_close_a_data_block(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site, _ = hostile_site
    blocks = 0
    for page in site.rglob("*.html"):
        for body in re.findall(
            r'<script type="application/json"[^>]*>(.*?)</script>', page.read_text("utf-8"), re.S
        ):
            json.loads(body)  # the whole block is still one JSON value
            blocks += 1
    assert blocks


def test_hostile_vendor_values_add_no_inline_script(
    hostile_site: tuple[Path, dict[str, str]], site_dir: Path
) -> None:
    hostile = (hostile_site[0] / "_deploy" / "csp.txt").read_text("utf-8")
    normal = (site_dir / "_deploy" / "csp.txt").read_text("utf-8")
    assert hostile == normal  # same hashes: no value turned into a script


def test_a_hostile_name_reads_as_itself_in_an_article(
    hostile_site: tuple[Path, dict[str, str]],
) -> None:
    site, values = hostile_site
    text = (site / "articles" / "code-not-received" / "index.html").read_text("utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert values["name"] in shown
