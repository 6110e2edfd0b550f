"""Who handles what: one answer per reseller and problem, from ``vendor.yml``.

``routing.problems`` gives, for every problem the composer knows, who handles
it (``vendor`` or ``reseller``), through which ``channel`` and what the
customer should ``include`` (composer field ids); ``routing.resellers.ID``
overrides single problems for one reseller (FastSpring's duplicate-payment
refunds need the vendor's approval, for example). The articles' tables, the
contact article, the wizard's outcomes and the composer all ask
:func:`route` and :func:`contact`, so they cannot disagree.

Channels: ``email`` or ``web_form`` for the vendor (its support e-mail or
web form); ``support`` (the reseller's support e-mail if it has one, else its
support page) or ``order_lookup`` for a reseller. Standard library only: the
composer runs this in the browser too.

>>> from wizard.vendor import Vendor
>>> v = Vendor.from_data({"vendor": {"name": "Acme", "support": {"email": "help@acme.example"}},
...      "resellers": [{"id": "fs", "name": "FastSpring", "support_url": "https://fs.example"}],
...      "routing": {"problems": {"invoice": {"handler": "reseller", "include": ["order_number"]}},
...                  "resellers": {"fs": {"invoice": {"handler": "vendor"}}}}})
>>> r = route("invoice", v, "fs")
>>> r["handler"], r["channel"], r["include"]
('vendor', 'email', ['order_number'])
>>> c = contact(route("invoice", v), v, "en")
>>> c["name"], c["href"]
('the reseller', None)
>>> contact(route("invoice", v, "fs"), v, "zh")["who"]
'Acme 客服'
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from wizard.vendor import Vendor
from wizard.words import data as _data

HANDLERS = ("vendor", "reseller")
VENDOR_CHANNELS = ("email", "web_form")
RESELLER_CHANNELS = ("support", "order_lookup")
DEFAULT_CHANNEL = {"vendor": "email", "reseller": "support"}
CATEGORY_HANDLER = {"billing": "reseller", "ordering": "reseller", "download": "vendor",
                    "technical": "vendor"}
"""Who handles a problem that ``vendor.yml`` does not route, by its category."""


def strings() -> dict[str, Any]:
    """``routing.json``: handler, channel and column names in every language."""
    return _data("routing.json")


def problems() -> dict[str, Any]:
    """The composer's problems (``problems.json``), by id, in order."""
    return _data("problems.json")["problems"]


def reseller_ids(vendor: Vendor) -> list[str]:
    """The live resellers' ids, in file order."""
    return list(Vendor.from_data(vendor).resellers)


def route(problem: str, vendor: Vendor, reseller_id: str | None = None) -> dict[str, Any]:
    """``{"problem", "reseller", "handler", "channel", "include", "note"}`` for one case.

    ``reseller`` is the id when it is a live reseller, else None (then only
    the problem's own entry counts). ``note`` is ``{lang: text}`` or None.

    >>> route("refund", Vendor())["handler"], route("activation_failed", Vendor())["handler"]
    ('reseller', 'vendor')
    """
    vendor = Vendor.from_data(vendor)
    spec = problems()[problem]
    table = vendor.routing
    entry = dict((table.get("problems") or {}).get(problem) or {})
    if reseller_id and reseller_id in vendor.resellers:
        entry.update(((table.get("resellers") or {}).get(reseller_id) or {}).get(problem) or {})
    else:
        reseller_id = None
    handler = entry.get("handler") or CATEGORY_HANDLER[spec["category"]]
    return {
        "problem": problem,
        "reseller": reseller_id,
        "handler": handler,
        "channel": entry.get("channel") or DEFAULT_CHANNEL[handler],
        "include": list(entry.get("include") or spec["required"]),
        "note": dict(entry["note"]) if isinstance(entry.get("note"), Mapping) else None,
    }


def matrix(vendor: Vendor) -> dict[str, dict[str, dict[str, Any]]]:
    """``{problem: {reseller id: route}}`` for every problem and live reseller."""
    return {p: {r: route(p, vendor, r) for r in reseller_ids(vendor)} for p in problems()}


def uniform(problem: str, vendor: Vendor) -> bool:
    """True when every reseller's customers go to the same place for ``problem``."""
    seen = {(r["handler"], r["channel"]) for r in matrix(vendor)[problem].values()}
    return len(seen) <= 1


def contact(found: dict[str, Any], vendor: Vendor, lang: str) -> dict[str, Any]:
    """Where a customer goes for ``found`` (a :func:`route`), worded in ``lang``.

    ``{"handler", "channel", "name", "who", "channel_label", "href", "value",
    "kind"}``: ``kind`` is ``email`` or ``url``; ``href`` is None when the
    reseller is not known yet (``name`` then says "the reseller").
    """
    text = strings()
    vendor = Vendor.from_data(vendor)
    handler, channel = found["handler"], found["channel"]
    href = value = None
    kind = "email"
    if handler == "vendor":
        name = vendor.name
        value = vendor.support.email
        if channel == "web_form":
            form = next((c.value for c in vendor.support.channels
                         if c.kind == "web_form" and c.value), None)
            if form:
                value, kind = form, "url"
        href = f"mailto:{value}" if kind == "email" and value else value
    else:
        seller = vendor.resellers.get(found["reseller"] or "")
        if seller:
            name = seller.name
            if channel == "order_lookup":
                value, kind = seller.order_lookup_url, "url"
            elif seller.support_email:
                value = seller.support_email
            else:
                value, kind = seller.support_url, "url"
            href = f"mailto:{value}" if kind == "email" and value else value
        else:
            name, kind = text["handler_kind"]["reseller"][lang], "url"
    label_key = channel
    if handler == "reseller" and channel == "support" and kind == "email":
        label_key = "support_email"
    return {
        "handler": handler,
        "channel": channel,
        "name": name,
        "who": text["handler"][handler][lang].format(name=name),
        "channel_label": text["channel"][label_key][lang],
        "href": href,
        "value": value,
        "kind": kind,
    }


def include_labels(found: dict[str, Any], lang: str) -> list[str]:
    """The composer's labels of the fields ``found`` asks the customer for."""
    fields = _data("problems.json")["fields"]
    return [fields[f]["label"][lang] for f in found["include"] if f in fields]


# -- HTML, one table shape for the articles and the wizard ------------------------


def _link(c: dict[str, Any]) -> str:
    if not c["href"]:
        return escape(c["channel_label"])
    shown = c["value"] if c["kind"] == "email" else c["channel_label"]
    return f'<a href="{escape(c["href"])}">{escape(str(shown))}</a>'


def _head(columns: tuple[str, ...], lang: str) -> str:
    """A table's column headings (``routing.json`` ``columns``)."""
    names = strings()["columns"]
    return "".join(f'<th scope="col">{escape(names[k][lang])}</th>' for k in columns)


def _row(problem: str, rid: str, heading: str, vendor: Vendor, lang: str) -> str:
    """One table row: ``heading``, then who handles ``problem`` for reseller ``rid``."""
    found = route(problem, vendor, rid)
    c = contact(found, vendor, lang)
    note = (found["note"] or {}).get(lang)
    who = escape(c["who"]) + (f"<br><small>{escape(note)}</small>" if note else "")
    labels = strings()["list_sep"][lang].join(include_labels(found, lang))
    return (
        f'<tr data-problem="{escape(problem)}" data-reseller="{escape(rid)}" '
        f'data-handler="{escape(c["handler"])}" data-channel="{escape(c["channel"])}">'
        f'<th scope="row">{escape(heading)}</th>'
        f"<td>{who}</td><td>{_link(c)}</td><td>{escape(labels)}</td></tr>"
    )


def table_html(problem: str, vendor: Vendor, lang: str) -> str:
    """Who handles ``problem`` for each reseller: a table, one row per reseller.

    Rows carry ``data-reseller``, ``data-handler`` and ``data-channel`` so
    the agreement test can read them back.

    >>> v = Vendor.from_data({"vendor": {"name": "Acme", "support": {"email": "h@acme.example"}},
    ...      "resellers": [{"id": "p", "name": "Paddle", "support_url": "https://p.example"}]})
    >>> html = table_html("code_invalid", v, "en")
    >>> 'data-reseller="p" data-handler="vendor" data-channel="email"' in html
    True
    >>> '<a href="mailto:h@acme.example">h@acme.example</a>' in html
    True
    """
    vendor = Vendor.from_data(vendor)
    cols = _head(("reseller", "who", "how", "include"), lang)
    rows = [_row(problem, rid, seller.name, vendor, lang)
            for rid, seller in vendor.resellers.items()]
    return (
        f'<div class="kg-table-wrap"><table class="kg-routing" data-problem="{escape(problem)}">'
        f"<caption>{escape(problems()[problem]['title'][lang])}</caption><thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def overview_html(vendor: Vendor, lang: str) -> str:
    """Every problem in one table: who handles it and how, resellers grouped.

    Each group is a ``<li data-resellers="a b" data-handler data-channel>``.
    """
    text = strings()
    sep = text["list_sep"][lang]
    head = _head(("problem", "who"), lang)
    vendor = Vendor.from_data(vendor)
    sellers = vendor.resellers
    rows = []
    for problem, by_seller in matrix(vendor).items():
        groups: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
        for rid, found in by_seller.items():
            c = contact(found, vendor, lang)
            key = (c["handler"], c["channel"], tuple(found["include"]))
            groups.setdefault(key, []).append(rid)
        items = []
        for (handler, channel, include), rids in groups.items():
            c = contact(by_seller[rids[0]], vendor, lang)
            prefix = "" if len(groups) == 1 else escape(
                sep.join(sellers[r].name for r in rids)) + ": "
            if len(groups) == 1:
                who = escape(c["who"]) if handler == "vendor" else escape(
                    text["handler_kind"]["reseller"][lang])
                how = _link(c) if handler == "vendor" else escape(c["channel_label"])
            else:
                who, how = escape(c["who"]), _link(c)
            labels = include_labels(by_seller[rids[0]], lang)
            items.append(
                f'<li data-resellers="{escape(" ".join(rids))}" data-handler="{escape(handler)}" '
                f'data-channel="{escape(channel)}" data-include="{escape(" ".join(include))}">'
                f"{prefix}{who} ({how}): {escape(sep.join(labels))}</li>"
            )
        title = problems()[problem]["title"][lang]
        rows.append(f'<tr data-problem="{escape(problem)}"><th scope="row">{escape(title)}</th>'
                    f'<td><ul class="kg-routing-groups">{"".join(items)}</ul></td></tr>')
    return (
        f'<div class="kg-table-wrap"><table class="kg-routing-overview">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def reseller_table_html(reseller_id: str, vendor: Vendor, lang: str) -> str:
    """Every problem for one reseller's orders: who handles it, how, what to send.

    Rows have the same ``data-*`` attributes as :func:`table_html`.

    >>> v = Vendor.from_data({"vendor": {"name": "Acme", "support": {"email": "h@acme.example"}},
    ...      "resellers": [{"id": "p", "name": "Paddle", "support_url": "https://p.example"}]})
    >>> html = reseller_table_html("p", v, "en")
    >>> 'data-problem="invoice" data-reseller="p" data-handler="reseller" data-channel="support"' in html
    True
    """
    vendor = Vendor.from_data(vendor)
    cols = _head(("problem", "who", "how", "include"), lang)
    rows = [_row(problem, reseller_id, spec["title"][lang], vendor, lang)
            for problem, spec in problems().items()]
    return (
        f'<div class="kg-table-wrap"><table class="kg-routing-reseller" '
        f'data-reseller="{escape(reseller_id)}"><thead><tr>{cols}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
