"""What the built site gives away: search words in URLs, the writers' desk,
autofill of personal fields, forms that could submit."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitebuild import wizard_pages, writers
from sitebuild import render
from wizard.compose import problem_form, problem_ids
from tests.vendorshape import by_id
from wizard.vendor import load_vendor
from wizardtools.flowlint import load_flows
from tests.paths import ROOT



def material_config(page: str) -> dict:
    block = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert block
    return json.loads(block.group(1))


def test_search_results_carry_no_search_words_in_their_links(site_dir: Path) -> None:
    for page in ("index.html", "ru/articles/downloads/index.html", "zh/index.html"):
        features = material_config((site_dir / page).read_text("utf-8"))["features"]
        assert "search.highlight" not in features, page


def test_the_writers_desk_is_not_indexed_and_not_in_the_sitemap(site_dir: Path) -> None:
    for lang in ("", "ru/", "zh/"):
        page = (site_dir / f"{lang}writers" / "index.html").read_text("utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "noindex" not in (site_dir / "index.html").read_text("utf-8")
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    assert "/writers/" not in sitemap
    assert "/articles/downloads/" in sitemap  # the articles are still there
    assert "/writers/" not in __import__("gzip").decompress(
        (site_dir / "sitemap.xml.gz").read_bytes()).decode("utf-8")


def test_one_switch_leaves_the_writers_desk_out(tmp_path: Path) -> None:
    assert writers.enabled({}) and not writers.enabled({writers.SWITCH: "off"})
    assert writers.sync_stub(tmp_path, True)
    stub = tmp_path / writers.STUB
    assert stub.is_file()
    assert writers.sync_stub(tmp_path, False) and not stub.exists()
    # A page a writer wrote by hand at that path is never deleted.
    stub.write_text("# my own page\n", "utf-8")
    assert not writers.sync_stub(tmp_path, False) and stub.is_file()


class Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("input", "textarea", "select"):
            self.controls.append({"tag": tag, **dict(attrs)})
        elif tag == "form":
            self.forms.append(dict(attrs))


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_personal_fields_opt_out_of_autofill_and_forms_never_submit(lang: str) -> None:
    vendor, flows = by_id(load_vendor()), load_flows()
    parser = Controls()
    for flow in flows.values():
        links = wizard_pages.links_for("wizard/x/", ROOT / "docs", lang, "en")
        parser.feed(render.render_flow(flow, lang, links, vendor=vendor, flows=flows))
    fields = {f["id"]: f for p in problem_ids() for f in problem_form(p, lang, vendor)["fields"]}
    assert parser.controls and parser.forms
    for control in parser.controls:
        field = fields.get(control.get("data-field") or "")
        if field and field["type"] == "email":
            assert control.get("autocomplete") == "email", control
        elif control.get("data-field") == "name":
            assert control.get("autocomplete") == "name", control
        else:
            assert control.get("autocomplete") == "off", control
    for form in parser.forms:
        # method="dialog" outside a dialog: submitting does nothing, even
        # before (or without) the script that also prevents it.
        assert form.get("method") == "dialog" and "action" not in form, form
