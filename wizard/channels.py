"""Support channels for a reader's language: e-mail, web form, phone, messenger.

``vendor.yml`` lists them under ``vendor.support.channels``; a channel with
``languages`` is shown only to readers of those languages (a WeChat ID for
Chinese readers). Without a list, the support e-mail is the one channel.
Standard library only: the composer calls this in the browser too.

>>> v = {"vendor": {"timezone": "Asia/Shanghai", "support": {
...     "email": "help@acme.example",
...     "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
...     "channels": [
...         {"kind": "email", "address": "help@acme.example"},
...         {"kind": "messenger", "app": "wechat", "id": "AcmeHelp", "languages": ["zh"]}]}}}
>>> [c["label"] for c in channels_for(v, "en")]
['E-mail']
>>> wechat = channels_for(v, "zh")[1]
>>> wechat["label"], wechat["value"], wechat["hours"]
('微信', 'AcmeHelp', '周一至周五 09:00–18:00（Asia/Shanghai）')
>>> channels_for({"vendor": {"support": {"email": "a@b.example"}}}, "ru")[0]["href"]
'mailto:a@b.example'
"""

from __future__ import annotations

from typing import Any

KINDS = ("email", "web_form", "phone", "messenger")
"""Channel kinds ``vendor.yml`` may list."""

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

LABELS: dict[str, dict[str, str]] = {
    "email": {"en": "E-mail", "ru": "Электронная почта", "zh": "电子邮件"},
    "web_form": {"en": "Support request form", "ru": "Форма обращения", "zh": "在线提交工单"},
    "phone": {"en": "Phone", "ru": "Телефон", "zh": "电话"},
}

APPS: dict[str, dict[str, str]] = {
    "wechat": {"en": "WeChat", "ru": "WeChat", "zh": "微信"},
    "qq": {"en": "QQ", "ru": "QQ", "zh": "QQ"},
    "telegram": {"en": "Telegram", "ru": "Telegram", "zh": "Telegram"},
    "whatsapp": {"en": "WhatsApp", "ru": "WhatsApp", "zh": "WhatsApp"},
    "line": {"en": "LINE", "ru": "LINE", "zh": "LINE"},
}
"""Messenger names per language; an app not listed here is shown as written."""

QR_ALT: dict[str, str] = {
    "en": "QR code: scan it in {app} to add us",
    "ru": "QR-код: отсканируйте его в {app}, чтобы добавить нас",
    "zh": "用{app}扫描二维码添加我们",
}

DAYS: dict[str, dict[str, str]] = {
    "en": dict(zip(WEEK, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True)),
    "ru": dict(zip(WEEK, ("пн", "вт", "ср", "чт", "пт", "сб", "вс"), strict=True)),
    "zh": dict(zip(WEEK, ("周一", "周二", "周三", "周四", "周五", "周六", "周日"), strict=True)),
}
_RANGE = {"en": "–", "ru": "–", "zh": "至"}
_LIST = {"en": ", ", "ru": ", ", "zh": "、"}
_HOURS = {"en": "{days} {open}–{close} ({tz})", "ru": "{days} {open}–{close} ({tz})",
          "zh": "{days} {open}–{close}（{tz}）"}


def hours_text(hours: dict[str, Any] | None, timezone: str | None, lang: str) -> str | None:
    """Opening hours as a reader would write them, or None without hours.

    >>> hours_text({"days": ["mon", "tue", "wed"], "open": "08:00", "close": "17:00"},
    ...            "America/Toronto", "ru")
    'пн–ср 08:00–17:00 (America/Toronto)'
    >>> hours_text({"days": ["mon", "wed"], "open": "08:00", "close": "12:00"}, None, "en")
    'Mon, Wed 08:00–12:00'
    """
    if not hours or not hours.get("days"):
        return None
    days = [d for d in WEEK if d in hours["days"]]
    names = DAYS[lang]
    indexes = [WEEK.index(d) for d in days]
    if len(days) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        day_text = names[days[0]] + _RANGE[lang] + names[days[-1]]
    else:
        day_text = _LIST[lang].join(names[d] for d in days)
    text = _HOURS[lang].format(days=day_text, open=hours.get("open", ""),
                               close=hours.get("close", ""), tz=timezone or "")
    return text.replace(" ()", "").replace("（）", "")


def channels_for(vendor: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The vendor's support channels a reader of ``lang`` sees, in file order.

    Each is ``{"kind", "label", "value", "href", "hours", "qr", "qr_alt",
    "note"}``: ``href`` is a ``mailto:``/``tel:``/``https:`` link or None
    (a messenger ID), ``hours`` a readable text or None, ``qr`` an image path
    under ``docs/`` or None, ``note`` the channel's own text in ``lang``.
    """
    own = vendor.get("vendor") or {}
    support = own.get("support") or {}
    listed = support.get("channels") or [{"kind": "email", "address": support.get("email")}]
    out = []
    for channel in listed:
        wanted = channel.get("languages")
        if wanted and lang not in wanted:
            continue
        out.append(_describe(channel, support, own.get("timezone"), lang))
    return out


def _describe(channel: dict[str, Any], support: dict[str, Any], tz: Any, lang: str) -> dict:
    kind = channel.get("kind")
    value, href, hours = None, None, None
    if kind == "email":
        value = channel.get("address") or support.get("email")
        href = f"mailto:{value}"
        label = LABELS["email"][lang]
    elif kind == "web_form":
        value = href = channel.get("url")
        label = LABELS["web_form"][lang]
    elif kind == "phone":
        value = channel.get("number")
        href = "tel:" + "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")
        label = LABELS["phone"][lang]
        hours = hours_text(channel.get("hours") or support.get("hours"), tz, lang)
    else:
        app = str(channel.get("app", ""))
        value = channel.get("id")
        label = APPS.get(app.lower(), {}).get(lang, app)
        hours = hours_text(channel.get("hours") or support.get("hours"), tz, lang)
    note = channel.get("note")
    return {
        "kind": kind,
        "label": label,
        "value": value,
        "href": href,
        "hours": hours,
        "qr": channel.get("qr"),
        "qr_alt": QR_ALT[lang].format(app=label) if channel.get("qr") else None,
        "note": note.get(lang) if isinstance(note, dict) else None,
    }
