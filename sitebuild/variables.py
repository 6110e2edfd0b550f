"""Vendor variables in Markdown: ``{{ vendor.support.email }}`` and friends.

Why the hook and not mkdocs-macros-plugin: one fewer plugin to pin and
configure, Jinja is already there (MkDocs depends on it), and a typo in a
variable fails the build with the page's file and line instead of leaving
``{{ ... }}`` or an empty string in front of customers.
"""

from __future__ import annotations

import random
import re
import traceback
from collections.abc import Mapping
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from sitebuild import hours
from wizard import routing
from wizard.channels import channels_for
from wizard.vendor import LOCALIZED, Vendor, local_text


class VariableError(ValueError):
    """A Markdown page uses a variable that ``vendor.yml`` does not have."""


def context(vendor: Vendor, lang: str) -> dict[str, Any]:
    """What a page can use: ``vendor``, ``products``, ``formats``, ``resellers``, ...
    (each entry as ``vendor.yml`` writes it, keyed by id)."""
    vendor = Vendor.from_data(vendor)
    ctx: dict[str, Any] = {
        "vendor": escaped(vendor.own),
        "products": escaped({k: p.data for k, p in vendor.products.items()}),
        "formats": escaped({k: f.data for k, f in vendor.formats.items()}),
        "resellers": escaped({k: in_language(r.data, lang) for k, r in vendor.resellers.items()}),
        "past_resellers": escaped({k: p.data for k, p in vendor.past_resellers.items()}),
        "routing": escaped(vendor.routing),
        "lang": lang,
    }
    # {{ routing_table('refund_duplicate') }}: who handles a problem, per reseller;
    # {{ routing_overview() }}: every problem. Both from vendor.yml's routing table.
    ctx["routing_table"] = lambda problem: Markup(routing.table_html(problem, vendor, lang))
    ctx["routing_overview"] = lambda: Markup(routing.overview_html(vendor, lang))
    # {{ reseller_routing(r.id) }}: every problem for one reseller's orders.
    ctx["reseller_routing"] = lambda rid: Markup(routing.reseller_table_html(rid, vendor, lang))
    # {{ route('lost_code', r.id).handler }}: 'vendor' or 'reseller', for a sentence.
    ctx["route"] = lambda problem, reseller_id=None: routing.route(problem, vendor, reseller_id)
    # {{ lookup_fields(r) }}: what the reseller's order lookup asks for, in words.
    ctx["lookup_fields"] = lambda seller: escaped(lookup_fields(seller, lang))
    # {{ local(r, 'email_subject') }}: a field in the page's language (wizard.vendor.local_text).
    ctx["local"] = lambda item, key="name": escaped(local_text(item, key, lang))
    # {{ support_hours() }}: days, hours and zone in the page's language, with
    # Moscow/Beijing time on ru/zh pages and the reader's zone added by
    # assets/kg-hours.js (sitebuild.hours); hours_note() and holidays_note().
    ctx["support_hours"] = lambda: hours.support_hours(vendor, lang)
    ctx["hours_note"] = lambda: hours.hours_note(vendor, lang)
    ctx["holidays_note"] = lambda: hours.holidays_note(vendor, lang)
    ctx["country"] = lambda code: escaped(hours.country_name(code, lang))
    ctx["example_code"] = lambda fmt_id: escaped(example_code(vendor.formats[fmt_id].spec))
    # {{ cache_dir('windows', p.id) }}: the program's cache folder on one system,
    # ``{product}`` filled in before escaping (an escaped value has no ``{`` left).
    ctx["cache_dir"] = lambda system, product_id: escaped(
        str(vendor.own["cache_dirs"][system]).replace("{product}", str(product_id)))
    # {% for c in channels(lang) %}: support channels for a language (wizard.channels).
    ctx["channels"] = lambda language=lang: escaped(_channels(vendor, language))
    return ctx


def in_language(seller: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A reseller with its translatable fields (``email_subject`` from
    ``email_subjects``, see ``wizard.vendor.LOCALIZED``) in ``lang``.

    >>> seller = {"email_subject": "Order", "email_subjects": {"ru": "Заказ"}}
    >>> in_language(seller, "ru")["email_subject"], in_language(seller, "zh")["email_subject"]
    ('Заказ', 'Order')
    """
    out = dict(seller)
    for key in LOCALIZED:
        if key in seller:
            out[key] = local_text(seller, key, lang)
    return out


def lookup_fields(seller: dict[str, Any], lang: str) -> str:
    """What a reseller's order lookup asks for, as words joined for ``lang``.

    >>> lookup_fields({"order_lookup_fields": ["order_number", "order_password"]}, "ru")
    'номер заказа и пароль заказа'
    """
    text = routing.strings()
    names = text["lookup_fields"]
    words = [names[f][lang] for f in seller.get("order_lookup_fields") or ["order_email"]]
    joiner = text["list_and"][lang]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + joiner + words[-1]


def _channels(vendor: Vendor, lang: str) -> list[dict[str, Any]]:
    """The channels of ``wizard.channels``, their hours worded as on the rest of
    the page (vendor's zone named, Moscow/Beijing time, reader's zone hook)."""
    out = channels_for(vendor, lang)
    for item, channel in zip(out, vendor.channels(lang), strict=True):
        if item["hours"]:
            item["hours"] = hours.support_hours(vendor, lang, hours=channel.hours)
    return out


# Characters that would let a value change the page's Markdown structure:
# attribute lists ({: onclick=... }), links and references (](...), [x]),
# code spans, backslash escapes, table cells; a line break could start a new
# block. As numeric character references they are plain text to Markdown.
_MARKDOWN = {ord(c): f"&#{ord(c)};" for c in "{}[]`\\|"}
_MARKDOWN.update({ord("\n"): " ", ord("\r"): " "})


def escaped(value: Any) -> Any:
    """``value`` with every string escaped for HTML and for Markdown, as
    ``Markup`` (so Jinja's autoescape leaves it alone); logic on values
    (``==``, ``length``, ``join``) still works.

    >>> str(escaped({"name": "A {: onclick=x } [b](c) <i>"})["name"])
    'A &#123;: onclick=x &#125; &#91;b&#93;(c) &lt;i&gt;'
    >>> escaped([1, "-"]) == [1, "-"]
    True
    """
    if isinstance(value, Mapping):
        return {k: escaped(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escaped(v) for v in value]
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(str(markupsafe.escape(value)).translate(_MARKDOWN))
    return value


_CODE_ENTITY = re.compile(
    "&amp;(#(?:" + "|".join(str(ord(c)) for c in "{}[]`\\|") + ");)"
)


def unescape_code(html: str) -> str:
    """Inside code spans Markdown shows ``&#123;`` literally (``&amp;#123;``):
    turn the references :func:`escaped` made back into characters there.

    >>> unescape_code("<code>a&amp;#123;b</code>")
    '<code>a&#123;b</code>'
    """
    return _CODE_ENTITY.sub(r"&\1", html)


def example_code(fmt: dict[str, Any]) -> str:
    """A valid code of format ``fmt``, the same on every build."""
    from wizard import codes

    return codes.generate(fmt, random.Random(f"example:{fmt['id']}"))


# autoescape: vendor.yml values are text, so `<`, `&` and quotes in them reach
# Markdown as entities and can never become markup (tests/test_deploy_hostile.py).
_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined, autoescape=True, keep_trailing_newline=True
)


_MARKUP = re.compile(r"\{[{%#]")  # where Jinja syntax can start


def render(markdown: str, name: str, ctx: dict[str, Any], line_offset: int = 0) -> str:
    """Render ``markdown`` (page ``name``); errors name the file and line.

    >>> render("Mail {{ vendor.support.email }}", "a.md", {"vendor": {"support": {"email": "x@y"}}})
    'Mail x@y'
    >>> render("{{ vendor.nope }}", "docs/a.md", {"vendor": {}}, line_offset=4)
    Traceback (most recent call last):
    ...
    sitebuild.variables.VariableError: docs/a.md:5: 'dict object' has no attribute 'nope'
    >>> render("No variables here.", "b.md", {})  # returned as is: no template compiled
    'No variables here.'
    """
    if not _MARKUP.search(markdown) and "\r" not in markdown:
        return markdown  # what Jinja would return, without compiling a template per page
    try:
        template = _ENV.from_string(markdown)
        template.name = name
        return template.render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise VariableError(f"{name}:{(exc.lineno or 0) + line_offset}: {exc.message}") from None
    except (jinja2.UndefinedError, KeyError, TypeError, AttributeError) as exc:
        line = _template_line(exc)
        raise VariableError(f"{name}:{line + line_offset}: {exc}") from None


def _template_line(exc: BaseException) -> int:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>" and frame.lineno:
            return frame.lineno
    return 1


def front_matter_lines(source: str) -> int:
    """How many lines the YAML front matter (with its ``---`` fences) takes.

    >>> front_matter_lines("---\\ntitle: x\\n---\\n# X\\n")
    3
    >>> front_matter_lines("# X\\n")
    0
    """
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return i + 1
    return 0
