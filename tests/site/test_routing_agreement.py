"""Who handles what: the articles, the wizard outcomes and the composer agree
with vendor.yml's routing table for every reseller x problem, in every language.

The expected answer is read from the raw vendor.yml here (handler and channel
per reseller, the support e-mail or the reseller's page), not from
``wizard.routing``, so a wrong resolution there fails too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitebuild import render
from wizard import compose
from wizardtools.flowlint import load_flows
from wizardtools.flows import PROBLEMS
from wizard.vendor import LANGUAGES, load_vendor

VENDOR = load_vendor()
SELLERS = {r["id"]: r for r in VENDOR["resellers"]}
ROW = re.compile(
    r'<tr data-problem="(?P<p>[^"]+)" data-reseller="(?P<r>[^"]+)" '
    r'data-handler="(?P<h>[^"]+)" data-channel="(?P<c>[^"]+)">(?P<body>.*?)</tr>', re.S)
GROUP = re.compile(r'<li data-resellers="(?P<rs>[^"]+)" data-handler="(?P<h>[^"]+)" '
                   r'data-channel="(?P<c>[^"]+)" data-include="(?P<i>[^"]*)">(?P<body>.*?)</li>', re.S)


def expected(problem: str, seller: str) -> tuple[str, str, list[str], str]:
    """(handler, channel, include, href) straight from vendor.yml."""
    table = VENDOR["routing"]
    entry = {**table["problems"][problem],
             **(table.get("resellers", {}).get(seller, {}).get(problem) or {})}
    handler = entry["handler"]
    channel = entry.get("channel") or ("email" if handler == "vendor" else "support")
    if handler == "vendor":
        href = "mailto:" + VENDOR["vendor"]["support"]["email"]
    elif channel == "order_lookup":
        href = SELLERS[seller]["order_lookup_url"]
    else:
        href = SELLERS[seller]["support_url"]
    return handler, channel, entry["include"], href


def test_every_problem_is_routed_and_the_table_is_not_uniform():
    """The demo must exercise a per-reseller difference, or the test proves little."""
    assert set(VENDOR["routing"]["problems"]) == set(PROBLEMS)
    handlers = {p: {expected(p, s)[0] for s in SELLERS} for p in PROBLEMS}
    assert handlers["refund_duplicate"] == {"vendor", "reseller"}
    assert handlers["not_received"] == {"vendor"}  # seed 000: write to the vendor


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("problem", PROBLEMS)
def test_the_composer_writes_to_whoever_the_table_names(problem, lang):
    for seller in SELLERS:
        handler, _, include, href = expected(problem, seller)
        msg = compose.compose(problem, {"reseller": seller}, lang, VENDOR)
        assert msg["route"] == handler, (problem, seller)
        target = f"mailto:{msg['to']}" if msg["to_kind"] == "email" else msg["to"]
        assert target == href, (problem, seller)
        # required = what the table says to include; the rest is optional
        assert msg["missing"] == [f for f in include if f != "reseller"], (problem, seller)


def _outcomes():
    flows = load_flows()
    return flows, [(f, s) for f in flows.values() for s in f.steps.values()
                   if s.outcome == "escalate"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wizard_outcomes_name_the_handler_the_table_names(lang):
    flows, outcomes = _outcomes()
    assert {s.problem for _, s in outcomes} == set(PROBLEMS), "every problem has an outcome"
    for flow, step in outcomes:
        html = render.render_step(flow, step, lang, render.Links(), VENDOR)
        contact = html[html.index('class="kg-contact"'):]
        contact = contact[: contact.index("</div>\n")]
        rows = {m["r"]: m for m in ROW.finditer(contact)}
        items = re.findall(r'<li data-reseller="([^"]+)" data-handler="([^"]+)" '
                           r'data-channel="([^"]+)"><strong>[^<]*</strong>: <a href="([^"]*)"',
                           contact)
        for seller in SELLERS:
            handler, channel, _, href = expected(step.problem, seller)
            if rows:
                row = rows[seller]
                assert (row["h"], row["c"]) == (handler, channel), (flow.id, step.id, seller)
                assert f'href="{href}"' in row["body"], (flow.id, step.id, seller)
            elif items:
                assert (seller, handler, channel, href) in items, (flow.id, step.id, seller)
            else:
                assert handler == "vendor" and 'data-route="vendor"' in contact
                assert f'href="{href}"' in contact, (flow.id, step.id)


def _pages(site: Path, lang: str) -> list[Path]:
    root = site if lang == "en" else site / lang
    pages = [p for p in (root / "articles").rglob("index.html")]
    pages += [p for p in (root / "resellers").rglob("index.html")]
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_tables_agree_with_the_routing_table(site_dir: Path, lang: str):
    seen: set[str] = set()
    for page in _pages(site_dir, lang):
        html = page.read_text("utf-8")
        for table in re.findall(r'<table class="kg-routing" data-problem="([^"]+)">(.*?)</table>',
                                html, re.S):
            problem, body = table
            rows = {m["r"]: m for m in ROW.finditer(body)}
            assert set(rows) == set(SELLERS), (page, problem)
            for seller, row in rows.items():
                handler, channel, _, href = expected(problem, seller)
                assert (row["h"], row["c"]) == (handler, channel), (page, problem, seller)
                assert f'href="{href}"' in row["body"], (page, problem, seller)
            seen.add(problem)
    assert seen == set(PROBLEMS), f"problems without an article table: {set(PROBLEMS) - seen}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contact_article_lists_every_problem_for_every_reseller(site_dir: Path, lang: str):
    root = site_dir if lang == "en" else site_dir / lang
    html = (root / "articles" / "contact-support" / "index.html").read_text("utf-8")
    overview = html[html.index('class="kg-routing-overview"'):]
    overview = overview[: overview.index("</table>")]
    rows = dict(re.findall(r'<tr data-problem="([^"]+)">(.*?)</tr>', overview, re.S))
    assert set(rows) == set(PROBLEMS)
    for problem, row in rows.items():
        groups = list(GROUP.finditer(row))
        covered = [s for g in groups for s in g["rs"].split()]
        assert sorted(covered) == sorted(SELLERS), problem
        for group in groups:
            for seller in group["rs"].split():
                handler, channel, include, href = expected(problem, seller)
                assert (group["h"], group["c"]) == (handler, channel), (problem, seller)
                assert group["i"].split() == include, (problem, seller)
                if handler == "vendor":
                    assert f'href="{href}"' in group["body"], (problem, seller)
    # the old hand-written rows are gone: no "the reseller first" for a missing code
    assert "reseller first" not in html and "Сначала реселлер" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_reseller_page_lists_every_problem_as_the_table_says(site_dir: Path, lang: str):
    root = site_dir if lang == "en" else site_dir / lang
    for seller in SELLERS:
        html = (root / "resellers" / seller / "index.html").read_text("utf-8")
        table = re.search(rf'<table class="kg-routing-reseller" data-reseller="{seller}">(.*?)</table>',
                          html, re.S)
        assert table, seller
        rows = {m["p"]: m for m in ROW.finditer(table.group(1))}
        assert set(rows) == set(PROBLEMS), seller
        for problem, row in rows.items():
            handler, channel, _, href = expected(problem, seller)
            assert row["r"] == seller
            assert (row["h"], row["c"]) == (handler, channel), (seller, problem)
            assert f'href="{href}"' in row["body"], (seller, problem)
