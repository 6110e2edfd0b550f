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

Form controls carry no ``name``: a form submitted by accident cannot put a
code or an address into a URL. Everything is escaped: flow strings and
vendor values are text, not markup.

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
>>> progress(flow)["ask"], progress(flow)["done"]
((1, 1), (2, 0))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any

from wizard.diagnose import MAX_LENGTH
from wizard.vendor import local_text
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


def fill(template: str, **values: Any) -> str:
    """``template`` with ``{name}`` filled in, everything escaped for HTML.

    >>> fill("Write to {name}:", name="<Acme>")
    'Write to &lt;Acme&gt;:'
    """
    return escape(template).format(**{k: escape(str(v)) for k, v in values.items()})


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


# -- the page ------------------------------------------------------------------


def render_flow(
    flow: Any,
    lang: str,
    links: Links,
    vendor: Mapping[str, Any] | None = None,
    flows: Mapping[str, Any] | None = None,
) -> str:
    """The HTML of every step of ``flow`` in ``lang``: the wizard page's content.

    ``vendor`` (``vendor.yml`` as data) adds vendor facts: contacts, support
    hours, delivery times, code shapes. ``flows`` (every flow by id) lets the
    progress line and "start over" see across flows.
    """
    ui = UI[lang]
    steps = progress(flow, flows)
    restart = href(f"{FLOW_PREFIX}{START_FLOW}", links) if flows and START_FLOW in flows else ""
    if flow.id == START_FLOW or not restart:
        restart = f"#{flow.start}"
    elif flows:
        restart += f"#{flows[START_FLOW].start}"
    parts = [
        f'<div class="kg-wizard" data-flow="{escape(flow.id)}" data-start="{escape(flow.start)}" '
        f'data-lang="{escape(lang)}">',
        f'<p class="kg-live-status" role="status" aria-live="polite" hidden>{escape(ui["live_loading"])}</p>',
        '<p class="kg-announcer kg-sr-only" aria-live="polite" aria-atomic="true"></p>',
    ]
    for step in flow.steps.values():
        parts.append(render_step(flow, step, lang, links, vendor, steps[step.id], restart))
    parts.append(
        '<aside class="kg-summary" aria-labelledby="kg-summary-title" hidden>'
        f'<h2 id="kg-summary-title">{escape(ui["summary_title"])}</h2><ol></ol></aside>'
    )
    parts.append("</div>")
    return "\n".join(parts)


def render_step(
    flow: Any,
    step: Any,
    lang: str,
    links: Links,
    vendor: Mapping[str, Any] | None = None,
    place: tuple[int, int] = (1, 0),
    restart: str | None = None,
) -> str:
    """One ``<section>``: progress, question, text, checks or outcome, options."""
    ui = UI[lang]
    sid = escape(step.id)
    start = " data-start" if step.id == flow.start else ""
    depth, remaining = place
    line = fill(ui["progress"], n=depth, m=depth + remaining) if remaining else fill(
        ui["progress_last"], n=depth
    )
    out = [
        f'<section class="kg-step kg-step--{escape(step.kind)}" id="{sid}" '
        f'data-kind="{escape(step.kind)}"{start} aria-labelledby="{sid}-title">',
        f'<p class="kg-progress" data-depth="{depth}" data-remaining="{remaining}">{line}</p>',
        f'<h2 id="{sid}-title" tabindex="-1">{escape(text(step.title, lang))}</h2>',
    ]
    out.extend(_paragraphs(text(step.text, lang)))
    out.append(_vendor_links(getattr(step, "links", ()), lang, vendor))
    if step.kind == "check":
        out.append(_check(step, lang, vendor))
    if step.kind == "outcome":
        out.append(_outcome(step, lang, vendor))
    if step.options:
        out.append('<ul class="kg-options">')
        for option in step.options:
            when = f' data-when="{escape(option.when)}"' if option.when else ""
            out.append(
                f'<li><a class="kg-option md-button" href="{escape(href(option.next, links))}" '
                f'data-option="{escape(option.id)}" data-next="{escape(option.next)}"{when}>'
                f"{escape(text(option.label, lang))}</a></li>"
            )
        out.append("</ul>")
    elif step.next:
        out.append(
            f'<p><a class="kg-option md-button md-button--primary" href="{escape(href(step.next, links))}" '
            f'data-option="next" data-next="{escape(step.next)}">{escape(ui["continue"])}</a></p>'
        )
    if step.articles:
        out.append(f'<aside class="kg-articles"><h3>{escape(ui["read_more"])}</h3><ul>')
        for path in step.articles:
            url, title = links.article(path)
            out.append(f'<li><a href="{escape(url)}">{escape(title)}</a></li>')
        out.append("</ul></aside>")
    restart = restart or f"#{flow.start}"
    if not (step.id == flow.start and restart == f"#{flow.start}"):
        out.append(
            f'<p class="kg-restart"><a href="{escape(restart)}" data-restart>'
            f'{escape(ui["start_over"])}</a></p>'
        )
    out.append("</section>")
    return "\n".join(out)


VENDOR_LINKS = {
    "status_page": ("support", "status_page"),
    "announcements": ("support", "announcements"),
    "download_page": (None, "download_page"),
}
"""Where a step's ``links`` are in ``vendor.yml`` (under ``vendor``)."""


def _vendor_links(keys: Any, lang: str, vendor: Mapping[str, Any] | None) -> str:
    """Links to the vendor's own pages a step names (``links: [status_page]``).

    >>> v = {"vendor": {"support": {"status_page": "https://s.example"}}}
    >>> _vendor_links(("status_page", "announcements"), "en", v)
    '<ul class="kg-vendor-links"><li><a href="https://s.example">Service status page</a></li></ul>'
    """
    own = (vendor or {}).get("vendor") or {}
    items = []
    for key in keys or ():
        section, name = VENDOR_LINKS[key]
        url = ((own.get(section) or {}) if section else own).get(name)
        if url:
            items.append(f'<li><a href="{escape(url)}">{escape(UI[lang]["link_" + key])}</a></li>')
    return f'<ul class="kg-vendor-links">{"".join(items)}</ul>' if items else ""


def _paragraphs(body: str) -> list[str]:
    return [f"<p>{escape(p)}</p>" for p in (p.strip() for p in body.split("\n\n")) if p]


# -- check steps -------------------------------------------------------------------


def _check(step: Any, lang: str, vendor: Mapping[str, Any] | None) -> str:
    ui = UI[lang]
    out = []
    if step.checklist:
        out.append(f'<div class="kg-checklist"><h3>{escape(ui["checklist"])}</h3><ul>')
        out.extend(f"<li>{escape(text(item, lang))}</li>" for item in step.checklist)
        out.append("</ul></div>")
    facts = _CHECK_FACTS.get(step.check or "")
    if facts and vendor:
        out.append(facts(lang, vendor))
    live = _CHECK_FORMS.get(step.check or "")
    if live:
        out.append(live(step.id, lang, vendor or {}))
    return "\n".join(out)


def _code_facts(lang: str, vendor: Mapping[str, Any]) -> str:
    items = []
    for fmt in _items(vendor, "formats"):
        groups = [("X" * int(n)) for n in fmt.get("groups") or ()]
        shape = (fmt.get("separator") or "").join(
            ([fmt["prefix"]] if fmt.get("prefix") else []) + groups
        )
        items.append(f"<li>{escape(local_text(fmt, 'name', lang) or fmt['id'])}: <code>{escape(shape)}</code></li>")
    if not items:
        return ""
    return (
        f'<div class="kg-facts"><h3>{escape(UI[lang]["formats_title"])}</h3><ul>'
        + "".join(items)
        + "</ul></div>"
    )


def minutes_text(minutes: int, lang: str, up_to: bool = True) -> str:
    """A delivery time for the table: ``up to 2 h``, ``up to 45 min``.

    >>> minutes_text(120, "en"), minutes_text(45, "ru"), minutes_text(1440, "zh")
    ('up to 2 h', 'до 45 мин', '最长 24 小时')
    """
    ui = UI[lang]
    if minutes >= 60 and minutes % 60 == 0:
        return ui["up_to_hours"].format(n=minutes // 60)
    return ui["up_to_minutes"].format(n=minutes)


def _timing_facts(lang: str, vendor: Mapping[str, Any]) -> str:
    ui = UI[lang]
    rows = []
    for seller in _items(vendor, "resellers"):
        t = {"normal_min": 15, "normal_max": 30, "peak_max": 120, "holiday_max": 1440}
        t.update(seller.get("timing") or {})
        rows.append(
            f"<tr><th scope=\"row\">{escape(seller.get('name') or seller['id'])}</th>"
            f"<td>{escape(ui['minutes_range'].format(a=t['normal_min'], b=t['normal_max']))}</td>"
            f"<td>{escape(minutes_text(int(t['peak_max']), lang))}</td>"
            f"<td>{escape(minutes_text(int(t['holiday_max']), lang))}</td></tr>"
        )
    if not rows:
        return ""
    head = "".join(
        f'<th scope="col">{escape(ui[k])}</th>'
        for k in ("timings_reseller", "timings_normal", "timings_peak", "timings_holiday")
    )
    return (
        f'<div class="kg-facts"><h3>{escape(ui["timings_title"])}</h3>'
        f'<div class="kg-table-wrap kg-scroll"><table class="kg-timings"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def _file_facts(lang: str, vendor: Mapping[str, Any]) -> str:
    own = vendor.get("vendor") or {}
    days = int((own.get("offline_activation") or {}).get("validity_days", 365))
    return f'<p class="kg-facts">{fill(UI[lang]["file_validity"], days=day_count(days, lang))}</p>'


_CHECK_FACTS: dict[str, Callable[[str, Mapping[str, Any]], str]] = {
    "code_format": _code_facts,
    "wait_estimate": _timing_facts,
    "offline_file_age": _file_facts,
}


_NO_SUBMIT = ' method="dialog" autocomplete="off"'
"""On every live form: ``method="dialog"`` outside a dialog makes submitting a
no-op (Enter never navigates, even before the script wires the form), and
nothing typed is offered for the browser's autofill history."""


def _code_form(step_id: str, lang: str, vendor: Mapping[str, Any]) -> str:
    ui = UI[lang]
    fid = escape(f"{step_id}-code")
    return (
        f'<form class="kg-live kg-live-check" data-live-check="code_format" hidden novalidate{_NO_SUBMIT}>'
        f'<label for="{fid}">{escape(ui["code_label"])}</label>'
        f'<textarea id="{fid}" rows="2" autocomplete="off" autocapitalize="off" '
        f'maxlength="{MAX_LENGTH}" spellcheck="false" data-field="code" aria-describedby="{fid}-hint {fid}-result"></textarea>'
        f'<p class="kg-hint" id="{fid}-hint">{escape(ui["code_hint"])}</p>'
        f'<div class="kg-check-result" id="{fid}-result" aria-live="polite"></div>'
        f"</form>"
    )


def _wait_form(step_id: str, lang: str, vendor: Mapping[str, Any]) -> str:
    ui = UI[lang]
    base = escape(f"{step_id}-wait")
    options = "".join(
        f'<option value="{escape(s["id"])}">{escape(s.get("name") or s["id"])}</option>'
        for s in _items(vendor, "resellers")
    )
    return (
        f'<form class="kg-live kg-live-check" data-live-check="wait_estimate" hidden novalidate{_NO_SUBMIT}>'
        f'<div class="kg-field"><label for="{base}-reseller">{escape(ui["wait_reseller_label"])}</label>'
        f'<select id="{base}-reseller" data-field="reseller" autocomplete="off">'
        f'<option value="">{escape(ui["choose"])}</option>{options}</select></div>'
        f'<div class="kg-field"><label for="{base}-purchased">{escape(ui["wait_purchased_label"])}</label>'
        f'<input type="datetime-local" id="{base}-purchased" data-field="purchased" '
        f'autocomplete="off"></div>'
        f'<div class="kg-check-result" id="{base}-result" aria-live="polite"></div>'
        f'<p class="kg-countdown" hidden></p>'
        f"</form>"
    )


def _clock_form(step_id: str, lang: str, vendor: Mapping[str, Any]) -> str:
    ui = UI[lang]
    base = escape(f"{step_id}-clock")
    return (
        f'<div class="kg-live kg-live-check" data-live-check="clock_skew" hidden>'
        f'<p>{escape(ui["clock_intro"])}</p>'
        f'<p><button type="button" class="md-button kg-clock-button">{escape(ui["clock_button"])}</button></p>'
        f'<div class="kg-check-result" id="{base}-result" aria-live="polite"></div>'
        f"</div>"
    )


def _file_form(step_id: str, lang: str, vendor: Mapping[str, Any]) -> str:
    ui = UI[lang]
    base = escape(f"{step_id}-file")
    return (
        f'<form class="kg-live kg-live-check" data-live-check="offline_file_age" hidden novalidate{_NO_SUBMIT}>'
        f'<div class="kg-field"><label for="{base}-issued">{escape(ui["file_label"])}</label>'
        f'<input type="date" id="{base}-issued" data-field="issued" autocomplete="off" '
        f'aria-describedby="{base}-result"></div>'
        f'<div class="kg-check-result" id="{base}-result" aria-live="polite"></div>'
        f"</form>"
    )


_CHECK_FORMS: dict[str, Callable[[str, str, Mapping[str, Any]], str]] = {
    "code_format": _code_form,
    "wait_estimate": _wait_form,
    "clock_skew": _clock_form,
    "offline_file_age": _file_form,
}


# -- outcomes --------------------------------------------------------------------------


def _outcome(step: Any, lang: str, vendor: Mapping[str, Any] | None) -> str:
    ui = UI[lang]
    key = "resolved" if step.outcome == "resolved" else "escalate"
    out = [f'<p class="kg-outcome kg-outcome--{key}">{escape(ui[key])}</p>']
    if key == "escalate" and step.problem and vendor:
        from wizard.compose import problem_form

        form = problem_form(step.problem, lang, dict(vendor))
        out.append(_contact(step.problem, lang, vendor))
        out.append(_include(form, lang))
        out.append(_composer(step.id, form, lang))
    return "\n".join(out)


def _contact(problem: str, lang: str, vendor: Mapping[str, Any]) -> str:
    """Who handles ``problem``, from the routing table (:mod:`wizard.routing`).

    One handler for every reseller: that handler's contact. Otherwise a table,
    one row per reseller, as the articles print it.
    """
    from wizard import routing

    ui = UI[lang]
    data = dict(vendor)
    own = vendor.get("vendor") or {}
    by_seller = routing.matrix(data)[problem]
    handlers = {r["handler"] for r in by_seller.values()} or {routing.route(problem, data)["handler"]}
    route = next(iter(handlers)) if len(handlers) == 1 else "mixed"
    out = [f'<div class="kg-contact" data-route="{escape(route)}" data-problem="{escape(problem)}">'
           f'<h3>{escape(ui["contact_title"])}</h3>']
    if not routing.uniform(problem, data):
        out.append(routing.table_html(problem, data, lang))
        if "vendor" in handlers:
            out.append(_hours(lang, own))
    elif route == "reseller" and by_seller:
        out.append(f"<p>{escape(ui['contact_reseller'])}</p><ul>")
        for rid, found in by_seller.items():
            c = routing.contact(found, data, lang)
            shown = c["value"] if c["kind"] == "email" else c["channel_label"]
            out.append(
                f'<li data-reseller="{escape(rid)}" data-handler="reseller" '
                f'data-channel="{escape(found["channel"])}"><strong>{escape(c["name"])}</strong>: '
                f'<a href="{escape(c["href"] or "")}">{escape(str(shown))}</a></li>'
            )
        out.append("</ul>")
    else:
        c = routing.contact(routing.route(problem, data), data, lang)
        shown = c["value"] if c["kind"] == "email" else c["channel_label"]
        out.append(
            f'<p>{fill(ui["contact_vendor"], name=own.get("name") or "")} '
            f'<a href="{escape(c["href"] or "")}">{escape(str(shown or ""))}</a></p>'
        )
        out.append(_hours(lang, own))
    out.append("</div>")
    return "\n".join(out)


ZONE_FALLBACK = {"en": "{tz} time", "ru": "время {tz}", "zh": "{tz} 时间"}
SENTENCE_SEP = {"en": " ", "ru": " ", "zh": ""}


def _reference_hours(ui: Mapping[str, Any], hours: Mapping[str, Any], tz: str,
                     days: list[int], lang: str) -> str:
    """Moscow / Beijing time on ru / zh pages, for the build date (build time only)."""
    from sitebuild.zones import REFERENCE_ZONES, build_date, convert

    target = REFERENCE_ZONES.get(lang)
    if not target or tz == target:
        return ""

    clock = {"open": hours.get("open", "09:00"), "close": hours.get("close", "18:00")}
    shifted = convert(clock, tz, target, build_date())
    names = ui["days"]
    moved = [(d + shifted.day_shift) % 7 for d in days]
    if len(moved) > 2 and moved == list(range(moved[0], moved[-1] + 1)):
        shown = ui["day_range"].format(a=names[moved[0]], b=names[moved[-1]])
    else:
        shown = ui["list_sep"].join(names[d] for d in moved)
    close = (ui["next_day"].format(time=shifted.close) if shifted.close_next_day
             else shifted.close)
    return SENTENCE_SEP[lang] + fill(ui["hours_reference"], days=shown, open=shifted.open,
                                     close=close)


def _hours(lang: str, own: Mapping[str, Any]) -> str:
    ui = UI[lang]
    support = own.get("support") or {}
    hours = support.get("hours") or {}
    if not hours:
        return ""
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    days = sorted(order.index(str(d).lower()[:3]) for d in hours.get("days") or order[:5])
    names = ui["days"]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        shown = ui["day_range"].format(a=names[days[0]], b=names[days[-1]])
    else:
        shown = ui["list_sep"].join(names[d] for d in days)
    reply = {"urgent": 2, "general": 24, **(support.get("reply_hours") or {})}
    tz = own.get("timezone") or "UTC"
    zone = (own.get("timezone_label") or {}).get(lang) or ZONE_FALLBACK[lang].format(tz=tz)
    return (
        '<p class="kg-hours">'
        + fill(ui["hours_static"], days=shown, open=hours.get("open", "09:00"),
               close=hours.get("close", "18:00"), zone=zone)
        + _reference_hours(ui, hours, tz, days, lang)
        + SENTENCE_SEP[lang]
        + fill(ui["replies_static"], general=reply["general"], urgent=reply["urgent"])
        + "</p>"
        + '<p class="kg-live kg-hours-live" data-live-check="support_hours" hidden></p>'
    )


def _include(form: Mapping[str, Any], lang: str) -> str:
    ui = UI[lang]
    out = [f'<div class="kg-include"><h3>{escape(ui["fields_title"])}</h3><ul class="kg-include-fields">']
    for item in form["fields"]:
        need = ui["required"] if item["required"] else ui["optional"]
        out.append(
            f"<li><strong>{escape(item['label'])}</strong> ({escape(need)}): {escape(item['hint'])}</li>"
        )
    out.append("</ul>")
    if form.get("reminders"):
        out.append("<ul class=\"kg-reminders\">")
        out.extend(f"<li>{escape(r)}</li>" for r in form["reminders"])
        out.append("</ul>")
    out.extend(f'<p class="kg-notice">{escape(n)}</p>' for n in form.get("notices") or ())
    out.append("</div>")
    return "\n".join(out)


def _control(base: str, item: Mapping[str, Any], lang: str) -> str:
    fid = f"{base}-{item['id']}"
    described = f'aria-describedby="{escape(fid)}-hint {escape(fid)}-error"'
    common = f'id="{escape(fid)}" data-field="{escape(item["id"])}" {described}'
    if item["required"]:
        common += ' aria-required="true"'
    kind = item["type"]
    if kind == "textarea":
        return f"<textarea {common} rows=\"4\" autocomplete=\"off\"></textarea>"
    if kind == "select":
        options = "".join(
            f'<option value="{escape(o["value"])}">{escape(o["label"])}</option>'
            for o in item.get("options") or ()
        )
        return f'<select {common} autocomplete="off"><option value="">{escape(UI[lang]["choose"])}</option>{options}</select>'
    extra = ""
    if kind == "email":
        extra = ' autocomplete="email" spellcheck="false"'
    elif item["id"] == "name":
        extra = ' autocomplete="name"'
    else:  # an order number, a version, a date: nothing to autofill or remember
        extra = ' autocomplete="off" spellcheck="false"'
    return f'<input type="{escape(kind)}" {common}{extra}>'


def _composer(step_id: str, form: Mapping[str, Any], lang: str) -> str:
    ui = UI[lang]
    base = f"{step_id}-f"
    out = [
        f'<form class="kg-live kg-composer" data-problem="{escape(form["problem"])}" '
        f"hidden novalidate{_NO_SUBMIT}>",
        f'<h3 id="{escape(step_id)}-composer-title">{escape(ui["composer_title"])}</h3>',
        f'<p>{escape(ui["composer_intro"])}</p>',
    ]
    for item in form["fields"]:
        fid = escape(f"{base}-{item['id']}")
        need = ui["required"] if item["required"] else ui["optional"]
        out.append(
            f'<div class="kg-field"><label for="{fid}">{escape(item["label"])} '
            f'<span class="kg-need">({escape(need)})</span></label>'
            f"{_control(base, item, lang)}"
            f'<p class="kg-hint" id="{fid}-hint">{escape(item["hint"])}</p>'
            f'<p class="kg-field-error" id="{fid}-error" hidden></p></div>'
        )
    out.append(
        '<div class="kg-compose-out">'
        f'<p class="kg-composing">{escape(ui["composing"])}</p>'
        '<div class="kg-message" hidden>'
        f'<dl class="kg-envelope"><dt>{escape(ui["to_label"])}</dt><dd class="kg-to"></dd>'
        f'<dt>{escape(ui["subject_label"])}</dt><dd class="kg-subject"></dd></dl>'
        f'<p class="kg-body-label" id="{escape(step_id)}-body-label">{escape(ui["message_label"])}</p>'
        f'<pre class="kg-body" tabindex="0" aria-labelledby="{escape(step_id)}-body-label"></pre>'
        '<ul class="kg-warnings"></ul>'
        '<p class="kg-actions">'
        f'<button type="button" class="md-button md-button--primary" data-action="copy">{escape(ui["copy"])}</button> '
        f'<a class="md-button" data-action="mail" hidden>{escape(ui["open_mail"])}</a> '
        f'<button type="button" class="md-button" data-action="print">{escape(ui["print"])}</button> '
        f'<button type="button" class="md-button" data-action="download">{escape(ui["download"])}</button>'
        "</p>"
        '<p class="kg-action-status" role="status"></p>'
        "</div></div>"
    )
    out.append("</form>")
    return "\n".join(out)


def _items(vendor: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    items = vendor.get(key) or []
    return list(items.values()) if isinstance(items, Mapping) else list(items)
