"""Static HTML for the wizard: every step of a flow, in one language.

Each flow is one page; each step is a ``<section id="STEP">`` and its own
URL (``…/wizard/not-received/#spam``). CSS shows the ``:target`` step, so
the whole tree can be walked with plain links and JavaScript off. Fragments
are never sent to the server, which keeps step URLs private by design.

Check steps carry their checklist (what to look at by hand) and a live form
that stays ``hidden`` until the page's script runs. Escalate outcomes say,
without JavaScript, who to contact (from ``vendor.yml`` and the composer's
routing) and what to include (:func:`wizard.compose.problem_form`); the
composer form itself needs the worker, so it is hidden as well.

This module turns flows and ``vendor.yml`` into plain data (:class:`Step`,
:class:`Option`, :class:`Link`, small dicts for facts, contacts and forms);
the Jinja partials under ``overrides/partials/wizard/`` turn that data into
HTML (:mod:`sitebuild.templates`, autoescaped: flow strings and vendor values
are text, not markup). Form controls carry no ``name``: a form submitted by
accident cannot put a code or an address into a URL.

>>> from types import SimpleNamespace as NS
>>> opt = NS(id="yes", label={"en": "Yes <b>"}, next="done", when=None)
>>> done = NS(id="done", kind="outcome", title={"en": "Solved"}, text={}, options=(),
...           check=None, checklist=(), articles=(), next=None, outcome="resolved", problem=None)
>>> ask = NS(id="ask", kind="choice", title={"en": "Found it?"}, text={}, options=(opt,),
...          check=None, checklist=(), articles=(), next=None, outcome=None, problem=None)
>>> flow = NS(id="demo", title={"en": "Demo"}, start="ask", steps={"ask": ask, "done": done})
>>> html = render_flow(flow, "en", Links())
>>> '<a class="kg-option md-button" href="#done" data-option="yes" data-next="done">Yes &lt;b&gt;</a>' in html
True
>>> 'id="ask" data-kind="choice" data-start' in html
True
>>> step_data(flow, ask, "en", Links()).options[0].label
'Yes <b>'
>>> progress(flow)["ask"], progress(flow)["done"]
((1, 1), (2, 0))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markupsafe import Markup

from sitebuild import templates
from sitebuild.hours import hours_words, zone_label
from wizard.channels import days_text
from wizard.checks import CHECKS
from wizard.diagnose import MAX_LENGTH
from wizard.vendor import Vendor
from wizardtools.flows import FLOW_PREFIX
from wizardtools.paths import DATA_DIR

_UI_FILE = DATA_DIR / "wizard_ui.json"
START_FLOW = "start"


@cache
def _ui() -> dict[str, dict[str, Any]]:
    return json.loads(_UI_FILE.read_text(encoding="utf-8"))


UI: dict[str, dict[str, Any]] = _ui()
"""The wizard's own strings, ``{lang: {key: text}}`` (``wizard/data/wizard_ui.json``)."""


@dataclass
class Links:
    """How the renderer turns references into URLs (the MkDocs hook supplies them).

    ``article(path)`` → ``(url, title)`` for a docs page such as
    ``articles/code-invalid.md#case``; ``flow(flow_id)`` → the URL of another flow.
    """

    article: Callable[[str], tuple[str, str]] = lambda path: (path, path)
    flow: Callable[[str], str] = lambda flow_id: f"../{flow_id}/"
    extra: dict[str, Any] = field(default_factory=dict)


def text(strings: Mapping[str, str] | None, lang: str) -> str:
    """The string in ``lang`` (flows are linted to have every language)."""
    return (strings or {}).get(lang, "")


def href(target: str | None, links: Links) -> str:
    """URL for a ``next`` reference: a step id, or ``flow:ID`` (the other flow's start).

    >>> href("spam", Links()), href("flow:refund", Links())
    ('#spam', '../refund/')
    """
    if not target:
        return "#"
    if target.startswith(FLOW_PREFIX):
        return links.flow(target[len(FLOW_PREFIX) :])
    return f"#{target}"


def day_count(n: int, lang: str) -> str:
    """``n`` days in words, with the plural each language needs.

    >>> day_count(365, "en"), day_count(1, "en"), day_count(365, "ru"), day_count(22, "ru")
    ('365 days', '1 day', '365 дней', '22 дня')
    >>> day_count(365, "zh")
    '365 天'
    """
    forms = UI[lang]["day_forms"]
    if len(forms) == 1:
        return f"{n} {forms[0]}"
    if len(forms) == 2:
        return f"{n} {forms[0] if n == 1 else forms[1]}"
    tens, ones = n % 100, n % 10
    if ones == 1 and tens != 11:
        word = forms[0]
    elif 2 <= ones <= 4 and not 12 <= tens <= 14:
        word = forms[1]
    else:
        word = forms[2]
    return f"{n} {word}"


# -- progress ------------------------------------------------------------------


def _moves(flow: Any, step: Any) -> list[str]:
    if step.kind == "outcome":
        return []
    if step.kind == "info":
        return [step.next] if step.next else []
    return [option.next for option in step.options]


def progress(flow: Any, flows: Mapping[str, Any] | None = None) -> dict[str, tuple[int, int]]:
    """``{step id: (depth, remaining)}`` for a flow.

    ``depth`` is the step's place on the shortest way from the flow's start
    (1-based). ``remaining`` is the most steps that can still follow it on a
    loop-free walk, a hand-over to another flow included (that flow's steps
    count when ``flows`` is given, else the hand-over counts as one).
    """
    depth = {flow.start: 1}
    queue = [flow.start]
    while queue:
        current = queue.pop(0)
        for target in _moves(flow, flow.steps[current]):
            if target in flow.steps and target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)

    def longest(flow_id: str, step_id: str, seen: frozenset[tuple[str, str]]) -> int:
        owner = flows[flow_id] if flows else flow
        best = 0
        for target in _moves(owner, owner.steps[step_id]):
            if target.startswith(FLOW_PREFIX):
                ref = target[len(FLOW_PREFIX) :]
                if not flows or ref not in flows:
                    best = max(best, 1)
                    continue
                node = (ref, flows[ref].start)
            else:
                node = (flow_id, target)
            if node not in seen:
                best = max(best, 1 + longest(node[0], node[1], seen | {node}))
        return best

    return {
        sid: (depth.get(sid, 1), longest(flow.id, sid, frozenset({(flow.id, sid)})))
        for sid in flow.steps
    }


# -- the page: data ----------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link: where it goes and what it says."""

    href: str
    text: str


@dataclass(frozen=True)
class Option:
    """One answer button: ``next`` is the flow's reference, ``href`` its URL."""

    id: str
    href: str
    next: str
    label: str
    when: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of the page as the partial ``partials/wizard/step.html`` shows it.

    Texts are in the page's language and not escaped yet (the template does
    that). ``place`` on the way: ``depth`` and the most steps that may still
    follow (``remaining``), ``progress`` in words. By kind: a check step's
    ``facts`` and ``live`` form data, an outcome's ``outcome`` (contact and
    form); ``options``, or ``next`` for an info step; ``restart`` is absent
    on the very first step.
    """

    id: str
    kind: str
    start: bool
    depth: int
    remaining: int
    progress: str
    title: str
    paragraphs: tuple[str, ...] = ()
    vendor_links: tuple[Link, ...] = ()
    check: str | None = None
    checklist: tuple[str, ...] = ()
    facts: Any = None
    live: Any = None
    outcome: Any = None
    options: tuple[Option, ...] = ()
    next: Option | None = None
    articles: tuple[Link, ...] = ()
    restart: str | None = None


def render_flow(
    flow: Any,
    lang: str,
    links: Links,
    vendor: Vendor | None = None,
    flows: Mapping[str, Any] | None = None,
) -> str:
    """The HTML of every step of ``flow`` in ``lang``: the wizard page's content.

    ``vendor`` (:class:`wizard.vendor.Vendor`) adds vendor facts: contacts, support
    hours, delivery times, code shapes. ``flows`` (every flow by id) lets the
    progress line and "start over" see across flows.
    """
    vendor = None if vendor is None else Vendor.from_data(vendor)  # data as written works too
    places = progress(flow, flows)
    restart = _restart(flow, links, flows)
    steps = [step_data(flow, step, lang, links, vendor, places[step.id], restart)
             for step in flow.steps.values()]
    return templates.html("partials/wizard/flow.html", ui=templates.strings(UI[lang]), lang=lang,
                          flow=flow.id, start=flow.start, steps=steps)


def render_step(
    flow: Any, step: Any, lang: str, links: Links, vendor: Vendor | None = None
) -> str:
    """One step's ``<section>`` on its own (:func:`step_data` through ``step.html``)."""
    vendor = None if vendor is None else Vendor.from_data(vendor)
    data = step_data(flow, step, lang, links, vendor)
    return templates.html("partials/wizard/step.html", ui=templates.strings(UI[lang]), step=data)


def _restart(flow: Any, links: Links, flows: Mapping[str, Any] | None) -> str:
    """Where "start over" leads: the start flow's first step, or this flow's."""
    if flow.id == START_FLOW or not flows or START_FLOW not in flows:
        return f"#{flow.start}"
    return href(f"{FLOW_PREFIX}{START_FLOW}", links) + f"#{flows[START_FLOW].start}"


def step_data(
    flow: Any,
    step: Any,
    lang: str,
    links: Links,
    vendor: Vendor | None = None,
    place: tuple[int, int] = (1, 0),
    restart: str | None = None,
) -> Step:
    """One step as data: progress, question, text, checks or outcome, options."""
    ui = UI[lang]
    depth, remaining = place
    line = (ui["progress"].format(n=depth, m=depth + remaining) if remaining
            else ui["progress_last"].format(n=depth))
    restart = restart or f"#{flow.start}"
    # The flow lint lets only registered checks through: an unknown one fails here.
    check = CHECKS[step.check].id if step.kind == "check" else None
    return Step(
        id=step.id,
        kind=step.kind,
        start=step.id == flow.start,
        depth=depth,
        remaining=remaining,
        progress=line,
        title=text(step.title, lang),
        paragraphs=_paragraphs(text(step.text, lang)),
        vendor_links=vendor_links(getattr(step, "links", ()), lang, vendor),
        check=check,
        checklist=tuple(text(item, lang) for item in step.checklist) if step.kind == "check" else (),
        facts=_CHECK_FACTS[check](lang, vendor) if check in _CHECK_FACTS and vendor else None,
        live=_live(check, vendor or Vendor()) if check in LIVE_CHECKS else None,
        outcome=_outcome(step, lang, vendor) if step.kind == "outcome" else None,
        options=tuple(
            Option(o.id, href(o.next, links), o.next, text(o.label, lang), o.when)
            for o in step.options
        ),
        next=Option("next", href(step.next, links), step.next, ui["continue"])
        if step.next and not step.options else None,
        articles=tuple(Link(*links.article(path)) for path in step.articles),
        restart=None if step.id == flow.start and restart == f"#{flow.start}" else restart,
    )


VENDOR_LINKS: dict[str, Callable[[Vendor], str | None]] = {
    "status_page": lambda v: v.support.status_page,
    "announcements": lambda v: v.support.announcements,
    "download_page": lambda v: v.own.get("download_page"),
}
"""Where a step's ``links`` are in ``vendor.yml``."""


def vendor_links(keys: Any, lang: str, vendor: Vendor | None) -> tuple[Link, ...]:
    """Links to the vendor's own pages a step names (``links: [status_page]``).

    >>> v = Vendor.from_data({"vendor": {"support": {"status_page": "https://s.example"}}})
    >>> vendor_links(("status_page", "announcements"), "en", v)
    (Link(href='https://s.example', text='Service status page'),)
    """
    vendor = vendor or Vendor()
    found = []
    for key in keys or ():
        url = VENDOR_LINKS[key](vendor)
        if url:
            found.append(Link(url, UI[lang]["link_" + key]))
    return tuple(found)


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(p for p in (p.strip() for p in body.split("\n\n")) if p)


# -- check steps -------------------------------------------------------------------


def _code_facts(lang: str, vendor: Vendor) -> dict[str, Any] | None:
    """``{"formats": [(name, shape)]}``: each code format's shape, ``XXXX-XXXX``."""
    shown = []
    for fmt in vendor.formats.values():
        groups = [("X" * int(n)) for n in fmt.spec.get("groups") or ()]
        shape = (fmt.spec.get("separator") or "").join(([fmt.prefix] if fmt.prefix else []) + groups)
        shown.append((fmt.local_name(lang), shape))
    return {"formats": shown} if shown else None


def minutes_text(minutes: int, lang: str, up_to: bool = True) -> str:
    """A delivery time for the table: ``up to 2 h``, ``up to 45 min``.

    >>> minutes_text(120, "en"), minutes_text(45, "ru"), minutes_text(1440, "zh")
    ('up to 2 h', 'до 45 мин', '最长 24 小时')
    """
    ui = UI[lang]
    if minutes >= 60 and minutes % 60 == 0:
        return ui["up_to_hours"].format(n=minutes // 60)
    return ui["up_to_minutes"].format(n=minutes)


def _timing_facts(lang: str, vendor: Vendor) -> dict[str, Any] | None:
    """``{"rows": [(reseller, normal, peak, holiday)]}``: delivery times in words."""
    ui = UI[lang]
    rows = []
    for seller in vendor.resellers.values():
        t = seller.timing
        rows.append((
            seller.name,
            ui["minutes_range"].format(a=t.normal_min, b=t.normal_max),
            minutes_text(int(t.peak_max), lang),
            minutes_text(int(t.holiday_max), lang),
        ))
    return {"rows": rows} if rows else None


def _file_facts(lang: str, vendor: Vendor) -> dict[str, Any]:
    """``{"sentence": …}``: how long an offline activation file stays valid."""
    days = day_count(vendor.validity_days, lang)
    return {"sentence": UI[lang]["file_validity"].format(days=days)}


_CHECK_FACTS: dict[str, Callable[[str, Vendor], dict[str, Any] | None]] = {
    "code_format": _code_facts,
    "wait_estimate": _timing_facts,
    "offline_file_age": _file_facts,
}
"""Vendor facts a check step shows without JavaScript (``partials/wizard/facts/ID.html``)."""

LIVE_CHECKS = tuple(CHECKS)
"""Every check of :data:`wizard.checks.CHECKS` has a live form (``partials/wizard/checks/ID.html``); on every form
``method="dialog"`` outside a dialog makes submitting a no-op (Enter never
navigates, even before the script wires the form), and ``autocomplete="off"``
offers nothing typed for the browser's autofill history."""


def _live(check: str | None, vendor: Vendor) -> dict[str, Any]:
    """What a live form needs besides the step id: the resellers to pick from."""
    resellers = [Link(rid, s.name) for rid, s in vendor.resellers.items()]
    return {"max_length": MAX_LENGTH, "resellers": resellers if check == "wait_estimate" else []}


# -- outcomes --------------------------------------------------------------------------


def _outcome(step: Any, lang: str, vendor: Vendor | None) -> dict[str, Any]:
    """``{"key": resolved|escalate, "contact", "form"}`` (the last two for an escalation)."""
    key = "resolved" if step.outcome == "resolved" else "escalate"
    found: dict[str, Any] = {"key": key, "contact": None, "form": None}
    if key == "escalate" and step.problem and vendor:
        from wizard.compose import problem_form

        form = problem_form(step.problem, lang, vendor)
        found["contact"] = _contact(step.problem, lang, vendor)
        found["form"] = {**form, "fields": [_field(item, lang) for item in form["fields"]]}
    return found


def _contact(problem: str, lang: str, vendor: Vendor) -> dict[str, Any]:
    """Who handles ``problem``, from the routing table (:mod:`wizard.routing`).

    One handler for every reseller: that handler's contact (``kind`` reseller,
    a list, or vendor, a sentence). Otherwise ``kind`` table: one row per
    reseller, as the articles print it.
    """
    from wizard import routing

    data = vendor
    by_seller = routing.matrix(data)[problem]
    handlers = {r["handler"] for r in by_seller.values()} or {routing.route(problem, data)["handler"]}
    route = next(iter(handlers)) if len(handlers) == 1 else "mixed"
    found: dict[str, Any] = {"route": route, "problem": problem, "table": None,
                             "resellers": [], "vendor": None, "hours": None}
    if not routing.uniform(problem, data):
        found["kind"] = "table"
        found["table"] = Markup(routing.table_html(problem, data, lang))
        if "vendor" in handlers:
            found["hours"] = hours_data(lang, vendor)
    elif route == "reseller" and by_seller:
        found["kind"] = "reseller"
        for rid, seller in by_seller.items():
            c = routing.contact(seller, data, lang)
            found["resellers"].append({"id": rid, "channel": seller["channel"], "name": c["name"],
                                       "link": Link(c["href"] or "", str(_shown(c)))})
    else:
        found["kind"] = "vendor"
        c = routing.contact(routing.route(problem, data), data, lang)
        found["vendor"] = {"intro": UI[lang]["contact_vendor"].format(name=vendor.name),
                           "link": Link(c["href"] or "", str(_shown(c) or ""))}
        found["hours"] = hours_data(lang, vendor)
    return found


def _shown(contact: Mapping[str, Any]) -> Any:
    """What a contact link says: the address itself, or the channel's name."""
    return contact["value"] if contact["kind"] == "email" else contact["channel_label"]


def _reference_hours(ui: Mapping[str, Any], vendor: Vendor, lang: str) -> str:
    """Moscow / Beijing time on ru / zh pages, for the build date (build time only)."""
    from sitebuild.zones import REFERENCE_ZONES, build_date, convert

    target, tz, hours = REFERENCE_ZONES.get(lang), vendor.timezone, vendor.support.hours
    if not target or tz == target:
        return ""
    shifted = convert(hours, tz, target, build_date())
    shown = days_text(hours.days, lang, shifted.day_shift)
    close = (ui["next_day"].format(time=shifted.close) if shifted.close_next_day
             else shifted.close)
    return hours_words(lang)["sentence_sep"] + ui["hours_reference"].format(
        days=shown, open=shifted.open, close=close)


def hours_data(lang: str, vendor: Vendor) -> str:
    """Support hours and reply times in one paragraph's words: the day names
    and the vendor's zone as the articles say them (:mod:`sitebuild.hours`)."""
    ui, hours, reply = UI[lang], vendor.support.hours, vendor.support.reply_hours
    return (
        ui["hours_static"].format(days=days_text(hours.days, lang), open=hours.open,
                                  close=hours.close, zone=zone_label(vendor, lang))
        + _reference_hours(ui, vendor, lang)
        + hours_words(lang)["sentence_sep"]
        + ui["replies_static"].format(general=reply["general"], urgent=reply["urgent"])
    )


def _hours(lang: str, vendor: Vendor) -> str:
    """The support hours' HTML (``partials/wizard/hours.html``)."""
    return templates.html("partials/wizard/hours.html", hours=hours_data(lang, vendor))


def _field(item: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A form field with what the page says about it: required or optional, autofill."""
    ui = UI[lang]
    if item["type"] == "email":
        autofill, spellcheck = "email", False
    elif item["id"] == "name":
        autofill, spellcheck = "name", True
    else:  # an order number, a version, a date: nothing to autofill or remember
        autofill, spellcheck = "off", False
    return {**item, "need": ui["required"] if item["required"] else ui["optional"],
            "options": item.get("options") or (), "autofill": autofill, "spellcheck": spellcheck}
