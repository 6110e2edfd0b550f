"""Sideways scrolling that keyboard and screen-reader users can reach.

A table, a code block or a flowchart wider than the screen scrolls inside
its own box. axe's ``scrollable-region-focusable`` asks that such a box can
take the focus (so arrow keys scroll it) and, once it can, it needs a role
and a name. This module does that once for every page's content, at build
time, so the HTML is right with JavaScript off; ``docs/assets/kg-scroll.js``
carries the mark over to the wrappers Material adds to tables at run time
and keeps the focus stop only on boxes that really scroll.

What is marked (each gets ``tabindex="0"``, a name and ``data-kg-scroll``):

- a Markdown table (``<table>`` with no class; Material lets it scroll
  itself until its script wraps it): it keeps its table role; its name is
  "Table: " and its column headings;
- a code block's ``<code>`` inside ``<pre>``: role ``region``, named "Code";
- a wrapper our own renderers put around wide content, ``<div class="…
  kg-scroll">``: role ``region``, named after the table or the ``<svg>``'s
  ``aria-label`` inside it;
- the row of content-tab labels (``<div class="tabbed-labels">``, which
  Material lets scroll on small screens): role ``region``, named "Tabs: "
  and the labels.

>>> mark('<table><thead><tr><th>Seller</th><th><em>Time</em></th></tr></thead>', "en")
'<table tabindex="0" aria-label="Table: Seller, Time" data-kg-scroll="table"><thead><tr><th>Seller</th><th><em>Time</em></th></tr></thead>'
>>> mark('<pre><span></span><code>x = 1</code></pre>', "ru")
'<pre><span></span><code tabindex="0" role="region" aria-label="Код" data-kg-scroll="code">x = 1</code></pre>'
>>> mark('<div class="kg-fc-scroll kg-scroll"><svg aria-label="Flowchart of Refund">', "en")
'<div class="kg-fc-scroll kg-scroll" tabindex="0" role="region" aria-label="Flowchart of Refund" data-kg-scroll="box"><svg aria-label="Flowchart of Refund">'
"""

from __future__ import annotations

import re
from html import escape, unescape

NAMES: dict[str, dict[str, str]] = {
    "en": {"table": "Table: {headers}", "tabs": "Tabs: {headers}", "sep": ", ", "code": "Code",
           "box": "Scrollable area"},
    "ru": {"table": "Таблица: {headers}", "tabs": "Вкладки: {headers}", "sep": ", ",
           "code": "Код", "box": "Прокручиваемая область"},
    "zh": {"table": "表格：{headers}", "tabs": "选项卡：{headers}", "sep": "、", "code": "代码",
           "box": "可滚动区域"},
}
"""The names in each language; ``{headers}`` is the column headings or tab labels."""

MARK = "data-kg-scroll"
_TABLE = re.compile(r"<table>")
_CODE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code\b(?![^>]*\bdata-kg-scroll)")
_BOX = re.compile(r'<div class="([^"]*\bkg-scroll\b[^"]*|tabbed-labels)"(?![^>]*\bdata-kg-scroll)')
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_LABELS = re.compile(r"<label\b[^>]*>(.*?)</label>", re.S)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_SVG_NAME = re.compile(r'<svg\b[^>]*\baria-label="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")
_LOOK_AHEAD = 4000  # characters after a wrapper's start where its content is named


def mark(html: str, lang: str) -> str:
    """``html`` with every sideways-scrolling box focusable and named in ``lang``."""
    names = NAMES.get(lang, NAMES["en"])
    # Each pass names what it marks from the text it is rewriting.
    html = _BOX.sub(lambda m: (
        f'<div class="{m.group(1)}" tabindex="0" role="region"'
        f' aria-label="{escape(_box_name(m.string, m.end(), names, m.group(1)))}" {MARK}="box"'), html)
    html = _TABLE.sub(lambda m: (
        f'<table tabindex="0"'
        f' aria-label="{escape(_table_name(m.string, m.end(), names) or names["box"])}"'
        f' {MARK}="table">'), html)
    return _CODE.sub(lambda m: (
        f'{m.group(1)}<code tabindex="0" role="region"'
        f' aria-label="{escape(names["code"])}" {MARK}="code"'), html)


def _text(fragment: str) -> str:
    return " ".join(unescape(_TAGS.sub("", fragment)).split())


def _table_name(html: str, start: int, names: dict[str, str]) -> str:
    """"Table: " and the column headings of the table starting at ``start``.

    >>> _table_name("<thead><tr><th>A &amp; B</th><th></th><th>C</th></tr></thead>", 0, NAMES["en"])
    'Table: A & B, C'
    """
    head = _HEAD.search(html, start, start + _LOOK_AHEAD)
    if head is None or "</table>" in html[start:head.start()]:
        return ""
    headers = [t for t in (_text(h) for h in _TH.findall(head.group(1))) if t]
    return names["table"].format(headers=names["sep"].join(headers)) if headers else ""


def _box_name(html: str, start: int, names: dict[str, str], cls: str = "") -> str:
    """The name of a wrapper: its table's, else its ``<svg>``'s label, else a plain one;
    a row of tab labels is named after the labels.

    >>> _box_name('><label for="a">Windows</label><label for="b">macOS</label></div>', 0,
    ...           NAMES["zh"], "tabbed-labels")
    '选项卡：Windows、macOS'
    """
    window = html[start:start + _LOOK_AHEAD]
    if cls == "tabbed-labels":
        labels = [_text(x) for x in _LABELS.findall(window[:window.find("</div>")])]
        return names["tabs"].format(headers=names["sep"].join(t for t in labels if t))
    table, svg = window.find("<table"), _SVG_NAME.search(window)
    if table >= 0 and (svg is None or table < svg.start()):
        found = _table_name(html, start + table, names)
        if found:
            return found
    if svg is not None and svg.group(1):
        return unescape(svg.group(1))
    return names["box"]
