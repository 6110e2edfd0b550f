"""The static wizard HTML (sitebuild.render): what a reader gets with JavaScript off."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser

import pytest

from sitebuild import render, wizard_pages
from tests.paths import ROOT
from wizard.checks import CHECKS
from wizard.compose import problem_form, route_of
from wizard.vendor import LANGUAGES, load_vendor
from wizardtools.flowlint import load_flows
from wizardtools.flows import flow_from_data, flow_ref, paths

VENDOR2 = ROOT / "tests" / "fixtures" / "vendor2" / "vendor.yml"


class Page(HTMLParser):
    """Elements (tag, attrs, the id of the step they sit in) and text per step."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], str | None]] = []
        self.text: dict[str | None, list[str]] = {}
        self._step: list[str | None] = [None]
        self._depth: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "kg-step" in (a.get("class") or ""):
            self._step.append(a.get("id"))
            self._depth.append("section-step")
        elif tag == "section":
            self._depth.append("section")
        self.elements.append((tag, a, self._step[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._depth and self._depth.pop() == "section-step":
            self._step.pop()

    def handle_data(self, data: str) -> None:
        self.text.setdefault(self._step[-1], []).append(data)

    def find(self, tag: str | None = None, step: str | None = None, **attrs: str) -> list[dict]:
        out = []
        for t, a, s in self.elements:
            if tag and t != tag or step and s != step:
                continue
            if all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()):
                out.append(a)
        return out

    def step_text(self, step: str) -> str:
        return " ".join(" ".join(self.text.get(step, [])).split())


@pytest.fixture(scope="module")
def flows():
    return load_flows()


@pytest.fixture(scope="module")
def vendor():
    return load_vendor()


def links(lang: str = "en") -> render.Links:
    return wizard_pages.links_for("wizard/x/", ROOT / "docs", lang, "en")


def rendered(flow, lang, vendor, flows) -> Page:
    return Page(render.render_flow(flow, lang, links(lang), vendor=vendor, flows=flows))


MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def markup_flow():
    t = {lang: f"{lang} {MARKUP} & more" for lang in LANGUAGES}
    return flow_from_data({
        "id": "xss", "file": "xss.yaml", "title": t, "start": "ask",
        "steps": {
            "ask": {"kind": "check", "check": "code_format", "title": t, "text": t,
                    "checklist": [t],
                    "options": [{"id": "a", "label": t, "next": "done", "when": "valid"},
                                {"id": "b", "label": t, "next": "done"}]},
            "done": {"kind": "outcome", "outcome": "escalate", "problem": "code_invalid",
                     "title": t, "text": t},
        },
    })


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markup_in_flow_strings_is_rendered_as_text(lang: str, vendor) -> None:
    html = render.render_flow(markup_flow(), lang, links(lang), vendor=vendor)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html  # markupsafe's entities
    page = Page(html)
    assert MARKUP in page.step_text("ask")  # the reader sees the characters themselves
    assert not page.find("img") and not page.find("script")


def test_markup_in_vendor_values_is_rendered_as_text(vendor, flows) -> None:
    evil = {**vendor, "vendor": {**vendor["vendor"], "name": "<b>Evil</b>"}}
    html = render.render_flow(flows["activation"], "en", links(), vendor=evil, flows=flows)
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html and "<b>Evil" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_of_every_flow_is_a_titled_section(lang: str, flows, vendor) -> None:
    for flow in flows.values():
        page = rendered(flow, lang, vendor, flows)
        sections = [a["id"] for a in page.find("section") if "kg-step" in a.get("class", "")]
        assert sections == list(flow.steps), flow.id
        for step in flow.steps.values():
            heading = page.find("h2", step=step.id, id=f"{step.id}-title")
            assert heading and heading[0]["tabindex"] == "-1", (flow.id, step.id)
            assert render.text(step.title, lang) in page.step_text(step.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_path_can_be_followed_with_plain_links(lang: str, flows, vendor) -> None:
    for flow in flows.values():
        page = rendered(flow, lang, vendor, flows)
        for path in paths(flow):
            for (step_id, option_id), (next_id, _) in zip(path, path[1:], strict=False):
                found = page.find("a", step=step_id, data_option=option_id or "next")
                assert len(found) == 1, (flow.id, step_id, option_id)
                ref = flow_ref(next_id)
                expected = links(lang).flow(ref) if ref else f"#{next_id}"
                assert found[0]["href"] == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_steps_keep_a_checklist_and_hide_the_live_form_until_javascript(
    lang: str, flows, vendor
) -> None:
    checks = [(f, s) for f in flows.values() for s in f.steps.values() if s.kind == "check"]
    assert {s.check for _, s in checks} == set(CHECKS)
    for flow, step in checks:
        page = rendered(flow, lang, vendor, flows)
        text = page.step_text(step.id)
        assert render.UI[lang]["checklist"] in text
        for item in step.checklist:
            assert item[lang] in text
        live = page.find(step=step.id, data_live_check=step.check)
        assert len(live) == 1 and "hidden" in live[0], (flow.id, step.id)
        assert "kg-live" in live[0]["class"]


def test_no_form_control_has_a_name_so_a_submit_cannot_put_values_in_a_url(flows, vendor) -> None:
    for flow in flows.values():
        for lang in LANGUAGES:
            page = rendered(flow, lang, vendor, flows)
            controls = page.find("input") + page.find("textarea") + page.find("select")
            assert all("name" not in c for c in controls), flow.id
            for form in page.find("form"):
                assert "hidden" in form and "action" not in form


def escalations(flows):
    return [(f, s) for f in flows.values() for s in f.steps.values() if s.outcome == "escalate"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_escalate_outcomes_name_who_to_contact_from_the_routing(lang: str, flows, vendor) -> None:
    routes = set()
    for flow, step in escalations(flows):
        page = rendered(flow, lang, vendor, flows)
        handlers = {route_of(step.problem, vendor, seller["id"]) for seller in vendor["resellers"]}
        route = handlers.pop() if len(handlers) == 1 else "mixed"
        routes.add(route)
        contact = page.find("div", step=step.id, class_="kg-contact")
        assert contact and contact[0]["data-route"] == route
        hrefs = {a.get("href") for a in page.find("a", step=step.id)}
        if route == "mixed":  # one row per reseller (tests/site/test_routing_agreement.py)
            assert page.find("table", step=step.id, class_="kg-routing")
        elif route == "vendor":
            assert f"mailto:{vendor['vendor']['support']['email']}" in hrefs
            hours = vendor["vendor"]["support"]["hours"]  # stated statically
            assert hours["open"] in page.step_text(step.id)
            assert hours["close"] in page.step_text(step.id)
        else:
            for seller in vendor["resellers"]:
                assert seller["support_url"] in hrefs, (flow.id, seller["id"])
    assert routes == {"vendor", "reseller", "mixed"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_escalate_outcomes_list_the_fields_of_the_problem_form(lang: str, flows, vendor) -> None:
    for flow, step in escalations(flows):
        page = rendered(flow, lang, vendor, flows)
        form = problem_form(step.problem, lang, vendor)
        text = page.step_text(step.id)
        for field in form["fields"]:
            assert field["label"] in text and field["hint"] in text
            control = page.find(step=step.id, id=f"{step.id}-f-{field['id']}")
            assert len(control) == 1 and control[0]["data-field"] == field["id"]
            assert control[0]["aria-describedby"] == (
                f"{step.id}-f-{field['id']}-hint {step.id}-f-{field['id']}-error"
            )
        for notice in form["notices"]:
            assert notice in text


def test_vendor_facts_come_from_vendor_yml(flows) -> None:
    other = load_vendor(VENDOR2)
    flow = flows["activation"]
    step = next(s for s in flow.steps.values() if s.outcome == "escalate" and
                route_of(s.problem, other) == "vendor")
    page = rendered(flow, "en", other, flows)
    text = page.step_text(step.id)
    assert other["vendor"]["name"] in text
    assert other["vendor"]["support"]["email"] in text
    # Days and zone named as the articles name them (wizard.channels, sitebuild.hours).
    assert "Monday–Thursday, 08:30–16:30 (Toronto time)" in text
    assert "Brightfern" not in render.render_flow(flow, "en", links(), vendor=other, flows=flows)


def test_delivery_times_and_file_validity_come_from_vendor_yml(flows, vendor) -> None:
    changed = {**vendor, "vendor": {**vendor["vendor"], "offline_activation": {"validity_days": 90}},
               "resellers": [{**vendor["resellers"][0], "timing": {
                   "normal_min": 5, "normal_max": 10, "peak_max": 45, "holiday_max": 180}}]}
    wait = rendered(flows["not-received"], "en", changed, flows).step_text("wait")
    assert "5–10 min" in wait and "up to 45 min" in wait and "up to 3 h" in wait
    age = next(s for s in flows["activation"].steps.values() if s.check == "offline_file_age")
    ru = rendered(flows["activation"], "ru", changed, flows).step_text(age.id)
    assert "90 дней" in ru


def test_progress_counts_the_longest_walk_across_flows(flows) -> None:
    start = render.progress(flows["start"], flows)
    each = [render.progress(f, flows)[f.start][1] for f in flows.values() if f.id != "start"]
    # Choosing a topic hands over to a flow: its longest walk follows.
    assert start[flows["start"].start][1] == 1 + max(each)
    for flow in flows.values():
        table = render.progress(flow, flows)
        for step in flow.steps.values():
            depth, remaining = table[step.id]
            assert (remaining == 0) == (step.kind == "outcome"), (flow.id, step.id)
        # Depth is the step's place on the shortest way from the start: the
        # start is 1, a link adds at most 1, and every other step is one link
        # after a step one place higher.
        assert table[flow.start][0] == 1
        before = {sid: set() for sid in flow.steps}
        for step in flow.steps.values():
            targets = [step.next] if step.next else [o.next for o in step.options]
            for target in targets:
                if target in flow.steps:
                    assert table[target][0] <= table[step.id][0] + 1, (flow.id, step.id, target)
                    before[target].add(table[step.id][0])
        for sid, depths in before.items():
            if sid != flow.start:
                assert table[sid][0] - 1 in depths, (flow.id, sid)


def test_progress_line_is_in_the_page(flows, vendor) -> None:
    flow = flows["not-received"]
    page = rendered(flow, "en", vendor, flows)
    table = render.progress(flow, flows)
    for step_id, (depth, remaining) in table.items():
        line = page.find("p", step=step_id, class_="kg-progress")
        assert line[0]["data-depth"] == str(depth)
        assert line[0]["data-remaining"] == str(remaining)


def placeholders(text) -> set[str]:
    if isinstance(text, list):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_ui_strings_exist_in_every_language_with_the_same_placeholders() -> None:
    keys = set(render.UI["en"])
    for lang in LANGUAGES:
        assert set(render.UI[lang]) == keys, lang
        for key in keys:
            value = render.UI[lang][key]
            assert value, (lang, key)
            assert placeholders(value) == placeholders(render.UI["en"][key]), (lang, key)
    assert "days" not in keys  # day names: one table, wizard/data/channels_text.json


def test_russian_and_chinese_strings_are_not_english_copies() -> None:
    same = [k for k, v in render.UI["en"].items()
            if isinstance(v, str) and re.search(r"[A-Za-z]{4}", v)
            and (render.UI["ru"][k] == v or render.UI["zh"][k] == v)]
    assert same == ["download_name"] or same == []


def test_page_config_names_steps_of_every_flow_and_cannot_close_its_script(flows) -> None:
    import json

    config = wizard_pages.page_config("../", {"worker": "assets/w.mjs"}, "ru", flows=flows,
                                      links=links("ru"))
    assert "</" not in config
    data = json.loads(config)
    assert data["worker"] == "../assets/w.mjs" and data["lang"] == "ru"
    assert set(data["flows"]) == set(flows)
    spam = data["flows"]["not-received"]["steps"]["spam"]
    assert spam["title"] == flows["not-received"].steps["spam"].title["ru"]
    assert data["flows"]["refund"]["url"] == "../../ru/wizard/refund/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_steps_link_the_vendor_pages_they_name(lang: str, flows, vendor) -> None:
    """Seed 001: when verification fails, the status page and announcements."""
    server = rendered(flows["activation"], lang, vendor, flows)
    hrefs = {a.get("href") for a in server.find("a", step="server")}
    support = vendor["vendor"]["support"]
    assert {support["status_page"], support["announcements"]} <= hrefs
    reinstall = rendered(flows["download"], lang, vendor, flows)
    assert vendor["vendor"]["download_page"] in {a.get("href") for a in reinstall.find("a", step="reinstall")}
    other = load_vendor(VENDOR2)  # no announcements page: only the status page is linked
    hrefs = {a.get("href") for a in rendered(flows["activation"], lang, other, flows).find("a", step="server")}
    assert other["vendor"]["support"]["status_page"] in hrefs
    assert support["announcements"] not in hrefs


def test_static_support_hours_are_the_vendors_own(flows, vendor) -> None:
    """Hours unlike the renderer's fallback (09:00–18:00) appear as given."""
    import copy

    odd = copy.deepcopy(vendor)
    odd["vendor"]["support"]["hours"] = {"days": ["tue", "thu"], "open": "07:45", "close": "15:10"}
    flow, step = next((f, s) for f, s in escalations(flows) if route_of(s.problem, odd) == "vendor")
    text = rendered(flow, "en", odd, flows).step_text(step.id)
    assert "07:45" in text and "15:10" in text
    assert "09:00" not in text and "18:00" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_composer_buttons_say_the_ui_strings(lang: str, flows, vendor) -> None:
    """Each action button's text is its string from wizard_ui.json (a string named
    like a dict method, ``copy``, once came out as ``<built-in method copy …>``)."""
    page = rendered(flows["refund"], lang, vendor, flows)
    html = render.render_flow(flows["refund"], lang, links(lang), vendor=vendor, flows=flows)
    assert page.find("button", data_action="copy")
    assert "built-in method" not in html
    for action, key in (("copy", "copy"), ("print", "print"), ("download", "download")):
        found = re.findall(rf'data-action="{action}"[^>]*>([^<]*)<', html)
        assert found and set(found) == {render.UI[lang][key]}, (action, found)
