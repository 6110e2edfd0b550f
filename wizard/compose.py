"""The support message composer: which team to write to, and what to say.

Who handles each problem, through which channel and which fields are
required come from ``vendor.yml``'s ``routing`` table (:mod:`wizard.routing`),
for the reseller the customer chose; the problem's other fields are optional. Problems, fields
and sentences are data (``wizard/data/problems.json``,
``wizard/data/compose_messages.json``) in en, ru and zh.

Card numbers are masked in every answer before anything else happens, and
the message reminds the customer never to send card details.

>>> from wizard.vendor import Vendor
>>> v = Vendor.from_data({"vendor": {"name": "Acme", "team_language": "en",
...                              "support": {"email": "help@acme.example"}}})
>>> m = compose("code_invalid", {"code": "AB-12", "tried": "4111 1111 1111 1111"}, "en", v)
>>> m["to"], m["route"], m["missing"]
('help@acme.example', 'vendor', ['product', 'version', 'os'])
>>> "4111 1111 1111 1111" in m["body"], "•••• •••• •••• 1111" in m["body"]
(False, True)
>>> m["mailto"].startswith("mailto:help@acme.example?subject=License%20code")
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from wizard import __version__, reference, routing
from wizard.cards import known_numbers, mask_cards
from wizard.channels import channels_for
from wizard.vendor import LANGUAGES, Product, Reseller, Vendor
from wizard.words import data as _data

MAILTO_LIMIT = 1500
"""Longest ``mailto:`` URL we hand out (mail handlers cut around 1,600)."""

SUBJECT_VALUE_LIMIT = 40
"""Longest customer value (an order number) quoted in a subject line."""

CATEGORIES = ("billing", "ordering", "download", "technical")
FIELD_TYPES = ("text", "email", "date", "select", "textarea")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def problems_data() -> dict[str, Any]:
    """``problems.json``: ``{"fields": ..., "problems": ..., "reminders": ...}``."""
    return _data("problems.json")


def messages() -> dict[str, Any]:
    """``compose_messages.json``: greeting, closing, notices and warnings."""
    return _data("compose_messages.json")


def problem_ids() -> list[str]:
    """Every problem id, in the order the data lists them.

    >>> problem_ids()[:3]
    ['not_received', 'code_invalid', 'activation_failed']
    """
    return list(problems_data()["problems"])


def list_problems(lang: str) -> list[dict[str, str]]:
    """``[{"id", "title", "category"}]`` for a problem picker."""
    _check_lang(lang)
    return [
        {"id": pid, "title": p["title"][lang], "category": p["category"]}
        for pid, p in problems_data()["problems"].items()
    ]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")


def _problem(problem: str) -> dict[str, Any]:
    table = problems_data()["problems"]
    if problem not in table:
        raise KeyError(f"unknown problem {problem!r}; known: {', '.join(table)}")
    return table[problem]


def _choices(vendor: Vendor, source: str) -> Mapping[str, Product | Reseller]:
    """What a select field offers: the vendor's ``products`` or ``resellers``, by id."""
    return {"products": vendor.products, "resellers": vendor.resellers}[source]


def _options(vendor: Vendor, source: str) -> list[dict[str, str]]:
    return [{"value": k, "label": v.name} for k, v in _choices(vendor, source).items()]


def route_of(problem: str, vendor: Vendor, reseller_id: str | None = None) -> str:
    """``"reseller"`` or ``"vendor"``: who handles ``problem`` (``vendor.yml`` ``routing``).

    >>> route_of("invoice", Vendor()), route_of("activation_failed", Vendor())
    ('reseller', 'vendor')
    """
    _problem(problem)
    return routing.route(problem, vendor, reseller_id)["handler"]


def target(problem: str, vendor: Vendor, reseller_id: str | None = None) -> dict[str, Any]:
    """Where the message goes: ``{"route", "to", "to_name", "to_kind", "known"}``.

    From :func:`wizard.routing.route` for this problem and reseller.
    ``to_kind`` is ``email`` or ``url`` (a web form or order lookup page).
    When the reseller decides who handles it but is not known yet, the
    message goes to the vendor and ``known`` is false.
    """
    vendor = Vendor.from_data(vendor)
    found = routing.route(problem, vendor, reseller_id)
    depends = found["reseller"] is None and not routing.uniform(problem, vendor)
    if (found["handler"] == "reseller" and found["reseller"] is None) or depends:
        fallback = routing.contact({**found, "handler": "vendor", "channel": "email"}, vendor, "en")
        return {"route": "vendor", "to": fallback["value"], "to_name": fallback["name"],
                "to_kind": "email", "known": False}
    where = routing.contact(found, vendor, "en")
    return {"route": found["handler"], "to": where["value"], "to_name": where["name"],
            "to_kind": where["kind"], "known": True}


def problem_form(problem: str, lang: str, vendor: Vendor) -> dict[str, Any]:
    """Everything a UI form needs for ``problem`` in ``lang``.

    ``{"problem", "title", "category", "route", "fields": [{"id", "type",
    "label", "hint", "required", "options"?}], "reminders": [...], "notices":
    [...]}``; ``options`` (``[{"value", "label"}]``) only on selects.

    >>> v = Vendor.from_data({"resellers": [{"id": "p", "name": "Paddle"}]})
    >>> form = problem_form("refund", "zh", v)
    >>> form["title"], form["fields"][1]["options"]
    ('申请退款', [{'value': 'p', 'label': 'Paddle'}])
    """
    _check_lang(lang)
    vendor = Vendor.from_data(vendor)
    spec = _problem(problem)
    fields = problems_data()["fields"]
    required_ids, optional_ids = _field_ids(problem, vendor)
    out = []
    for required, ids in ((True, required_ids), (False, optional_ids)):
        for fid in ids:
            field = fields[fid]
            item: dict[str, Any] = {
                "id": fid,
                "type": field["type"],
                "label": field["label"][lang],
                "hint": field["hint"][lang],
                "required": required,
            }
            if field["type"] == "select":
                item["options"] = _options(vendor, field["options_from"])
            out.append(item)
    notices = [messages()["card_notice"][lang]]
    policy = _refund_policy_warning(problem, vendor)
    if policy:
        notices.append(messages()["warnings"][policy][lang])
    return {
        "problem": problem,
        "title": spec["title"][lang],
        "category": spec["category"],
        "route": route_of(problem, vendor),
        "uniform": routing.uniform(problem, vendor),
        "fields": out,
        "reminders": [problems_data()["reminders"][r][lang] for r in spec["reminders"]],
        "notices": notices,
    }


def _field_ids(
    problem: str, vendor: Vendor, reseller_id: str | None = None
) -> tuple[list[str], list[str]]:
    """Required (what the routing table says to include) and optional field ids.

    >>> _field_ids("refund_duplicate", Vendor())[0]
    ['order_number', 'other_order', 'order_email', 'reseller']
    """
    spec = _problem(problem)
    required = routing.route(problem, vendor, reseller_id)["include"]
    optional = [f for f in spec["required"] + spec["optional"] if f not in required]
    return required, optional


def _refund_policy_warning(problem: str, vendor: Vendor) -> str | None:
    if problem == "refund" and vendor.refund_policy == "special_cases_only":
        return "refund_special_cases"
    return None


def _clean(
    answers: dict[str, Any], vendor: Vendor
) -> tuple[dict[str, str], set[str]]:
    """Answers as stripped text with cards masked; the ids where cards were.

    The vendor's own license codes and order numbers are not cards.
    """
    clean, masked = {}, set()
    exempt = known_numbers(vendor)
    for key, value in (answers or {}).items():
        if value is None:
            continue
        text = str(value).replace("\r\n", "\n").strip()
        hidden = mask_cards(text, exempt)
        if hidden != text:
            masked.add(str(key))
        if hidden:
            clean[str(key)] = hidden
    return clean, masked


def _shown(fid: str, value: str, vendor: Vendor) -> str:
    field = problems_data()["fields"][fid]
    if field["type"] == "select":
        item = _choices(vendor, field["options_from"]).get(value)
        if item:
            return item.name
    return value


def _render(
    problem: str, answers: dict[str, str], lang: str, vendor: Vendor, to_name: str
) -> str:
    spec = _problem(problem)
    fields = problems_data()["fields"]
    text = messages()
    parts = [text["greeting"][lang].format(to_name=to_name), spec["intro"][lang]]
    sep = text["label_separator"][lang]
    lines = []
    required, optional = _field_ids(problem, vendor, answers.get("reseller"))
    for fid in required + optional:
        if fid in ("tried", "name") or fid not in answers:
            continue
        label, value = fields[fid]["label"][lang], _shown(fid, answers[fid], vendor)
        if "\n" in value:
            rows = "\n".join("  " + row for row in value.split("\n"))
            lines.append(f"{label}{sep.rstrip()}\n{rows}")
        else:
            lines.append(f"{label}{sep}{value}")
    if lines:
        parts.append("\n".join(lines))
    if "tried" in answers:
        parts.append(text["tried_heading"][lang] + "\n" + answers["tried"])
    parts.append(text["closing"][lang] + ("\n" + answers["name"] if "name" in answers else ""))
    parts.append("-- \n" + text["card_notice"][lang])
    return "\n\n".join(parts)


def _subject(problem: str, answers: dict[str, str], lang: str) -> str:
    title = _problem(problem)["title"][lang]
    order = answers.get("order_number", "").replace("\n", " ")
    if not order:
        return title
    if len(order) > SUBJECT_VALUE_LIMIT:
        order = order[: SUBJECT_VALUE_LIMIT - 1] + "…"
    return messages()["subject"][lang].format(title=title, order=order)


def mailto(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): percent-encoded, CRLF line breaks.

    >>> mailto("a@b.example", "Hi there", "line 1\\nline 2")
    'mailto:a@b.example?subject=Hi%20there&body=line%201%0D%0Aline%202'
    """
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}"
        f"&body={quote(body, safe='')}"
    )


def _fit_mailto(
    to: str, subject: str, texts: list[str], lang: str, tail: str = ""
) -> tuple[str, str]:
    """The longest of ``texts`` that fits, else the paste-from-clipboard line
    (followed by ``tail``, the reference block, so the mail still has it).

    Returns the URL and what its body holds: ``full`` (the first text),
    ``body`` (a later one) or ``short``.
    """
    for i, body in enumerate(texts):
        if len(body) > MAILTO_LIMIT:
            continue  # percent-encoding never shortens: cannot fit, skip the work
        link = mailto(to, subject, body)
        if len(link) <= MAILTO_LIMIT:
            return link, "full" if i == 0 else "body"
    short = messages()["mailto_short"][lang] + (f"\n\n{tail}" if tail else "")
    link = mailto(to, subject, short)
    while len(link) > MAILTO_LIMIT and subject:  # only a freakish subject gets here
        subject = subject[: len(subject) // 2]
        link = mailto(to, subject, short)
    return link, "short"


def compose(
    problem: str,
    answers: dict[str, Any],
    lang: str,
    vendor: Vendor,
    ref: Mapping[str, Any] | None = None,
) -> dict:
    """The message for ``problem`` from the customer's ``answers``, in ``lang``.

    Returns ``{"problem", "to", "to_name", "to_kind", "route", "subject",
    "body", "body_team", "subject_team", "clipboard", "mailto",
    "mailto_content", "mailto_truncated", "missing", "warnings", "reminders",
    "channels"}``. ``body_team``
    is a copy in the vendor's ``team_language`` when it differs from
    ``lang`` (else None); ``clipboard`` is the text to copy (body, then the
    team copy). ``mailto`` is None when the target is a web form; it never
    exceeds :data:`MAILTO_LIMIT` characters, and when the full text does not
    fit, its body asks the customer to paste from the clipboard instead.
    ``warnings`` are ``{"code", "field", "text"}`` in ``lang``. ``body`` ends
    with the reference block (:func:`reference_block`; ``ref`` is
    :func:`wizard.reference.walk`'s answer), also returned as ``reference``.
    """
    _check_lang(lang)
    vendor = Vendor.from_data(vendor)
    spec = _problem(problem)
    text = messages()
    fields = problems_data()["fields"]
    clean, masked = _clean(answers, vendor)
    where = target(problem, vendor, clean.get("reseller"))
    team, own_name = vendor.team_language, vendor.name

    warnings: list[dict[str, Any]] = []

    def warn(code: str, field: str | None = None, **values: str) -> None:
        warnings.append(
            {"code": code, "field": field, "text": text["warnings"][code][lang].format(**values)}
        )

    required, optional = _field_ids(problem, vendor, clean.get("reseller"))
    missing = [fid for fid in required if fid not in clean]
    for fid in missing:
        warn("missing_required", fid)
    for fid in sorted(masked):
        warn("card_masked", fid)
    for fid in required + optional:
        value, kind = clean.get(fid), fields[fid]["type"]
        if value is None:
            continue
        if kind == "email" and not _EMAIL.match(value):
            warn("email_invalid", fid)
        elif kind == "date" and not _DATE.match(value):
            warn("date_invalid", fid)
        elif kind == "select" and value not in _choices(vendor, fields[fid]["options_from"]):
            warn("option_unknown", fid)
    if not where["known"]:
        warn("reseller_unknown", "reseller", vendor_name=own_name)
    if where["to_kind"] == "url":
        warn("web_form", None, to_name=where["to_name"])
    policy = _refund_policy_warning(problem, vendor)
    if policy:
        warn(policy)

    body = _render(problem, clean, lang, vendor, where["to_name"])
    tail = reference_block(problem, clean, lang, vendor, ref)
    body = f"{body}\n\n{tail}"
    subject = _subject(problem, clean, lang)
    body_team = subject_team = None
    clipboard = body
    if team != lang and team in LANGUAGES:
        body_team = _render(problem, clean, team, vendor, where["to_name"])
        subject_team = _subject(problem, clean, team)
        clipboard = f"{body}\n\n{text['team_copy'][lang]}\n\n{body_team}"
    link, content = None, None
    if where["to_kind"] == "email" and where["to"]:
        link, content = _fit_mailto(where["to"], subject, [clipboard, body], lang, tail)
    return {
        "problem": problem,
        "to": where["to"],
        "to_name": where["to_name"],
        "to_kind": where["to_kind"],
        "route": where["route"],
        "subject": subject,
        "body": body,
        "subject_team": subject_team,
        "body_team": body_team,
        "clipboard": clipboard,
        "mailto": link,
        "mailto_content": content,
        "mailto_truncated": content not in (None, "full"),
        "missing": missing,
        "warnings": warnings,
        "reminders": [problems_data()["reminders"][r][lang] for r in spec["reminders"]],
        # The vendor's other ways in for this language (wizard.channels); a
        # reseller's support has only the address or form above.
        "channels": channels_for(vendor, lang) if where["route"] == "vendor" else [],
        "reference": tail.rsplit("\n", 1)[-1],
    }


# --- the reference line (wizard.reference) ----------------------------------------------
# Kept apart from the message itself: the line carries flow, step and option ids
# and the reseller picked from the list, never a typed answer.


def reference_block(problem: str, answers: Mapping[str, str], lang: str, vendor: Vendor,
                    ref: Mapping[str, Any] | None = None) -> str:
    """The sentence explaining the reference line, then the line (:mod:`wizard.reference`).

    ``ref`` is ``{"flow", "path", "via"}`` from :func:`wizard.reference.walk`.
    The reseller is named only when the answer is one of ``vendor.yml``'s ids.

    >>> v = Vendor.from_data({"resellers": [{"id": "paddle"}]})
    >>> print(reference_block("refund", {"reseller": "paddle"}, "en", v,
    ...                       {"flow": "refund", "path": ["reason", "contact"]}))
    ... # doctest: +ELLIPSIS
    Please keep the line below: it helps us route your message.
    Ref: KG1 flow=refund outcome=escalate problem=refund path=reason>contact lang=en v=... reseller=paddle
    >>> "reseller" in reference_block("refund", {"reseller": "Typed Ltd"}, "en", v)
    False
    """
    ref = ref or {}
    seller = answers.get("reseller")
    line = reference.line(
        ref.get("flow"),
        problem,
        ref.get("path"),
        lang,
        __version__,
        reseller=seller if seller in Vendor.from_data(vendor).resellers else None,
        via=ref.get("via") or (),
    )
    return f"{messages()['reference_note'][lang]}\n{line}"
