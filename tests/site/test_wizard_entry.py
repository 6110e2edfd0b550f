"""Ways into the wizard in the built site: the home page and article deep links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from wizardtools.flowlint import load_flows

LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}
FLOWS = load_flows()
SITE = "http://site.test/"


def wizard_target(site_dir: Path, page_url: str, href: str) -> tuple[str, str, str]:
    """(language dir, flow id, step id) of a link into the wizard, checked to exist."""
    url = urlsplit(urljoin(page_url, href))
    match = re.fullmatch(r"/((?:ru|zh)/)?wizard/(?:([a-z0-9-]+)/)?", url.path)
    assert match, f"{href} from {page_url} is not a wizard page"
    lang_dir, flow_id = match.group(1) or "", match.group(2) or "start"
    html = (site_dir / url.path.lstrip("/") / "index.html").read_text("utf-8")
    step = url.fragment or FLOWS[flow_id].start
    assert re.search(rf'<section class="kg-step[^"]*" id="{re.escape(step)}"', html), (href, step)
    return lang_dir, flow_id, step


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_home_page_offers_the_start_chooser(site_dir: Path, lang: str) -> None:
    prefix = LANG_DIRS[lang]
    html = (site_dir / prefix / "index.html").read_text("utf-8")
    hrefs = re.findall(r'<a [^>]*class="md-button[^"]*"[^>]*href="([^"]+)"|'
                       r'<a [^>]*href="([^"]+)"[^>]*class="md-button', html)
    targets = [wizard_target(site_dir, SITE + prefix, a or b) for a, b in hrefs
               if "wizard" in (a or b)]
    assert (LANG_DIRS[lang], "start", FLOWS["start"].start) in targets


def test_still_stuck_blocks_deep_link_to_existing_flows_and_steps(site_dir: Path) -> None:
    seen = 0
    for page in site_dir.rglob("articles/*/index.html"):
        html = page.read_text("utf-8")
        for href in re.findall(r'class="[^"]*kg-stuck__button[^"]*" href="([^"]+)"', html):
            rel = page.parent.relative_to(site_dir).as_posix() + "/"
            lang_dir, flow_id, _ = wizard_target(site_dir, SITE + rel, href)
            assert rel.startswith(lang_dir), (rel, href)  # stays in the article's language
            seen += 1
    assert seen >= 9
