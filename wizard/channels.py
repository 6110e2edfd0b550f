"""Support channels for a reader's language: e-mail, web form, phone, messenger.

``vendor.yml`` lists them under ``vendor.support.channels``; a channel with
``languages`` is shown only to readers of those languages (a WeChat ID for
Chinese readers). Without a list, the support e-mail is the one channel.
The words (labels, day names, the hours phrase) live in
``wizard/data/channels_text.json``; the articles' hours sentence
(``sitebuild/hours.py``) names the days with :func:`days_text` too.
Standard library only: the composer calls this in the browser too.

>>> from wizard.vendor import Vendor
>>> v = Vendor.from_data({"vendor": {"timezone": "Asia/Shanghai", "support": {
...     "email": "help@acme.example",
...     "channels": [
...         {"kind": "email", "address": "help@acme.example"},
...         {"kind": "messenger", "app": "wechat", "id": "AcmeHelp", "languages": ["zh"]}]}}})
>>> [c["label"] for c in channels_for(v, "en")]
['E-mail']
>>> wechat = channels_for(v, "zh")[1]
>>> wechat["label"], wechat["value"], wechat["hours"]
('微信', 'AcmeHelp', '周一至周五 09:00–18:00（Asia/Shanghai）')
>>> channels_for(Vendor.from_data({"vendor": {"support": {"email": "a@b.example"}}}), "ru")[0]["href"]
'mailto:a@b.example'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wizard.vendor import WEEKDAYS, Contact, Hours, Vendor
from wizard.words import data

KINDS = ("email", "web_form", "phone", "messenger")
"""Channel kinds ``vendor.yml`` may list."""


def channel_words() -> dict[str, Any]:
    """``channels_text.json``: day names, the hours phrase, channel labels,
    messenger names and the QR alt text, each ``{lang: text}``."""
    return data("channels_text.json")


def days_text(days: Iterable[str], lang: str, shift: int = 0) -> str:
    """Weekdays as a reader would write them: a run of three or more as a
    range, else a list; ``shift`` moves every day (another zone's date).

    >>> days_text(["mon", "tue", "wed", "thu", "fri"], "zh"), days_text(["mon", "wed"], "en")
    ('周一至周五', 'Monday, Wednesday')
    >>> days_text(["fri", "sat", "sun"], "ru", shift=1)
    'сб–пн'
    """
    words = channel_words()
    indexes = sorted((WEEKDAYS.index(d) + shift) % 7 for d in set(days))
    names = [words["day"][WEEKDAYS[i]][lang] for i in indexes]
    if shift and indexes and indexes[0] == 0 and indexes[-1] == 6:  # a run over Sunday night
        cut = next(n for n, (a, b) in enumerate(zip(indexes, indexes[1:], strict=False), 1)
                   if b != a + 1) if indexes != list(range(7)) else 0
        indexes, names = indexes[cut:] + indexes[:cut], names[cut:] + names[:cut]
    run = all((b - a) % 7 == 1 for a, b in zip(indexes, indexes[1:], strict=False))
    if len(names) > 2 and run:
        return words["days"][lang].format(first=names[0], last=names[-1])
    return words["day_list"][lang].join(names)


def hours_text(hours: Hours | None, timezone: str | None, lang: str) -> str | None:
    """Opening hours as a reader would write them, or None without hours.

    >>> hours_text(Hours(days=("mon", "tue", "wed"), open="08:00", close="17:00"),
    ...            "America/Toronto", "ru")
    'пн–ср 08:00–17:00 (America/Toronto)'
    >>> hours_text(Hours(days=("mon", "wed"), open="08:00", close="12:00"), None, "en")
    'Monday, Wednesday 08:00–12:00'
    """
    if not hours or not hours.days:
        return None
    text = channel_words()["hours"][lang].format(
        days=days_text(hours.days, lang), open=hours.open, close=hours.close, zone=timezone or "")
    return text.replace(" ()", "").replace("（）", "")


def channels_for(vendor: Vendor, lang: str) -> list[dict[str, Any]]:
    """The vendor's support channels a reader of ``lang`` sees, in file order.

    Each is ``{"kind", "label", "value", "href", "hours", "qr", "qr_alt",
    "note"}``: ``href`` is a ``mailto:``/``tel:``/``https:`` link or None
    (a messenger ID), ``hours`` a readable text or None, ``qr`` an image path
    under ``docs/`` or None, ``note`` the channel's own text in ``lang``.
    """
    vendor = Vendor.from_data(vendor)
    return [_describe(channel, vendor.timezone, lang) for channel in vendor.channels(lang)]


def _describe(channel: Contact, tz: str, lang: str) -> dict[str, Any]:
    words = channel_words()
    kind, value = channel.kind, channel.value
    href, hours = None, None
    if kind in ("phone", "messenger"):
        hours = hours_text(channel.hours, tz, lang)
    if kind == "email":
        href = f"mailto:{value}"
    elif kind == "web_form":
        href = value
    elif kind == "phone":
        href = "tel:" + "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")
    if kind in words["label"]:
        label = words["label"][kind][lang]
    else:
        label = words["app"].get(channel.app.lower(), {}).get(lang, channel.app)
    return {
        "kind": kind,
        "label": label,
        "value": value,
        "href": href,
        "hours": hours,
        "qr": channel.qr,
        "qr_alt": words["qr_alt"][lang].format(app=label) if channel.qr else None,
        "note": channel.note.get(lang),
    }
