"""The built site: three languages, static wizard steps, self-hosted assets."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from sitebuild.assets import PYODIDE_FILES, pyodide_url
from wizardtools.flowlint import load_flows

LANG_DIRS = {"en": "", "ru": "ru/", "zh": "zh/"}


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_language_has_a_home_page_and_the_wizard(site_dir: Path, lang: str) -> None:
    prefix = LANG_DIRS[lang]
    home = (site_dir / prefix / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in home
    assert (site_dir / prefix / "wizard" / "index.html").is_file()


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_wizard_page_shows_the_first_step_without_javascript(site_dir: Path, lang: str) -> None:
    flows = load_flows()
    start = flows["start"]
    html = (site_dir / LANG_DIRS[lang] / "wizard" / "index.html").read_text("utf-8")
    first = start.steps[start.start]
    assert f'id="{first.id}" data-kind="{first.kind}" data-start' in html
    # The step's question is in the HTML itself, in this language.
    title = first.title[lang].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert title in html
    # The no-JS mechanism: plain links to other steps or flows.
    assert re.search(r'class="kg-option md-button" href="[^"]+"', html)


def test_every_flow_has_a_page_in_every_language(site_dir: Path) -> None:
    for flow_id in load_flows():
        for prefix in LANG_DIRS.values():
            path = "wizard/index.html" if flow_id == "start" else f"wizard/{flow_id}/index.html"
            assert (site_dir / prefix / path).is_file(), f"{prefix}{path}"


def test_pyodide_core_is_self_hosted(site_dir: Path) -> None:
    for name in PYODIDE_FILES:
        assert (site_dir / pyodide_url() / name).stat().st_size > 0, name


def test_the_wheel_holds_the_wizard_package(site_dir: Path) -> None:
    wheels = list((site_dir / "assets" / "wheels").rglob("keyguide_wizard-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "wizard/api.py" in names and "wizard/codes.py" in names
    assert not [n for n in names if "/web/" in n or n.endswith(".pyc")]


def test_page_config_points_at_existing_assets(site_dir: Path) -> None:
    for prefix in LANG_DIRS.values():
        page = site_dir / prefix / "wizard" / "index.html"
        html = page.read_text("utf-8")
        match = re.search(
            r'<script type="application/json" id="kg-config">(.*?)</script>', html, re.S
        )
        assert match, page
        config = json.loads(match.group(1))
        for key in ("pyodide", "wheel", "data", "worker"):
            target = (page.parent / config[key]).resolve()
            assert target.exists(), f"{prefix}: {key} → {config[key]}"


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    # Links to resellers in articles are fine (a click), and so is the
    # canonical URL; anything the browser would fetch by itself is not.
    fetched = re.compile(
        r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=\"(?:https?:)?//"
        r"|<link\b(?![^>]*rel=\"canonical\")[^>]*\bhref=\"(?:https?:)?//",
        re.I,
    )
    for page in site_dir.rglob("*.html"):
        match = fetched.search(page.read_text("utf-8"))
        assert not match, f"{page}: {match.group() if match else ''}"


# A selector that picks by language: ``:lang(zh)``, ``[lang=ru]``, ``[lang|="en"]``...
BY_LANGUAGE = re.compile(r":lang\(|\[\s*(?:xml:)?lang\b", re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)


def test_no_style_sheet_picks_its_rules_by_language(site_dir: Path) -> None:
    # Colours and font sizes are then the same in all three languages, which is
    # why axe's color-contrast is judged on the English pages only (tests/axe.py).
    sheets = sorted(site_dir.glob("assets/**/*.css"))
    assert len(sheets) >= 3  # Material's two and keyguide.css
    picked = [p.relative_to(site_dir).as_posix() for p in sheets
              if BY_LANGUAGE.search(p.read_text("utf-8"))]
    for page in sorted(site_dir.rglob("*.html")):  # and every <style> in a page, each file read once
        if any(BY_LANGUAGE.search(css) for css in STYLE_ELEMENT.findall(page.read_text("utf-8"))):
            picked.append(page.relative_to(site_dir).as_posix())
    assert picked == []
    assert BY_LANGUAGE.search('.md-typeset :lang(zh) p{} x[lang|="ru"]{}')  # the pattern itself
