"""Check ``vendor.yml``: what is missing or wrong, with the file and line.

The JSON Schema (``wizardtools/schema/vendor.schema.json``) checks the shape; the
checks here need more than one value: a product's format exists and points
back, an alphabet has no repeated character and no separator, regexes
compile and cannot backtrack catastrophically (``wizardtools.regex_safety``), the time zone exists, hours open before they close, e-mail
addresses look like addresses, links use https, a QR image exists. A key
that is unknown but close to a known one is reported as a typo.

CPython only (PyYAML, jsonschema and zoneinfo are imported in functions).
``python -m wizard check-vendor`` and every site build run :func:`check_text`.

>>> problems = check_text("v.yml", '''
... vendor: {name: A, short_name: A, website: http://a.example, team_language: en,
...          country: DE, timezone: Europe/Berlin,
...          support: {email: help@a.example, reply_hours: {urgent: 1, general: 2, complex: 3},
...                    hours: {days: [mon], open: "18:00", close: "09:00"}}}
... products: [{id: a, name: A, format: a}]
... formats:
...   - {id: a, name: A code, product: a, alphabet: "AB-A", groups: [4], separator: "-"}
... resellers: [{id: r, name: R, email_sender: r@r.example, order_lookup_url: https://r.example,
...              support_url: https://r.example, country: US,
...              timing: {normal_min: 1, normal_max: 2, peak_max: 3, holiday_max: 4}}]
... ''')
>>> for p in problems: print(p)
v.yml:2: vendor website: use an https:// address, not 'http://a.example'
v.yml:5: support hours: 'open' (18:00) must be before 'close' (09:00)
v.yml:8: format 'a': the alphabet repeats 'A'
v.yml:8: format 'a': the alphabet contains the separator '-'
v.yml:8: format 'a': no name in ru, zh; add names: {ru: ..., zh: ...} (messages in those languages put the name inside sentences)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from wizard.vendor import LANGUAGES, default_vendor_path
from wizardtools.lintkit import LintError, did_you_mean, display, explain, place, read_yaml
from wizardtools.regex_safety import risk

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "vendor.schema.json"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
Path_ = tuple[Any, ...]
NOUNS = {"products": "product", "formats": "format", "resellers": "reseller",
         "channels": "channel", "order_id_patterns": "pattern"}
"""How :func:`wizardtools.lintkit.place` names the items of vendor.yml's lists."""

# Stricter than the flow lint: vendors may keep keys of their own, so only a
# near-miss of a known key is worth a "did you mean".
TYPO_CUTOFF = 0.75


class VendorConfigError(ValueError):
    """``vendor.yml`` failed the check; ``problems`` holds every :class:`LintError`."""

    def __init__(self, problems: list[LintError]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def check_file(path: str | Path | None = None, docs_dir: str | Path | None = None) -> list[LintError]:
    """Every problem in the vendor file at ``path`` (default: ``$KEYGUIDE_VENDOR``
    or ``vendor.yml``); QR images are looked up under ``docs_dir`` when given."""
    file = Path(path) if path else default_vendor_path()
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        return [LintError(str(file), 0, f"cannot read the file: {exc.strerror}")]
    return check_text(display(file), text, Path(docs_dir) if docs_dir else None)


def ensure_valid(path: str | Path | None = None, docs_dir: str | Path | None = None) -> None:
    """Raise :class:`VendorConfigError` when :func:`check_file` finds anything."""
    problems = check_file(path, docs_dir)
    if problems:
        raise VendorConfigError(problems)


def check_text(name: str, text: str, docs_dir: Path | None = None) -> list[LintError]:
    """Every problem in ``text`` (the vendor file called ``name``), sorted by line."""
    source = read_yaml(name, text)
    problems, data = source.errors, source.data
    if data is None:
        return problems
    if not isinstance(data, dict):
        return [LintError(name, 1, "the file must be a mapping of sections (vendor:, products:, ...)")]
    found: list[tuple[Path_, str]] = []
    found += _schema(data)
    found += _typos(data, _schema_doc(), (), data)
    found += _semantics(data, docs_dir)
    seen = set()
    for path, reason in found:
        problem = source.error(path, reason)
        if (problem.line, problem.reason) not in seen:
            seen.add((problem.line, problem.reason))
            problems.append(problem)
    return sorted(problems, key=lambda p: p.line)


# --- the JSON Schema ----------------------------------------------------------


@lru_cache(maxsize=1)
def _schema_doc() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(_schema_doc())
    return Draft202012Validator(_schema_doc())


def _schema(data: Any) -> Iterator[tuple[Path_, str]]:
    for error in _validator().iter_errors(data):
        yield from explain(error, _where(tuple(error.absolute_path), data), cutoff=TYPO_CUTOFF)


def _where(path: Path_, data: Any) -> str:
    """A path as a vendor reads it: ``reseller 'paddle' timing`` or ``support email``."""
    return place(path, data, NOUNS, numbered=frozenset({"channels"}))


def _typos(
    data: Any, schema: dict[str, Any], path: Path_, root: Any
) -> Iterator[tuple[Path_, str]]:
    """Unknown keys that look like a misspelt known key (``suport`` for ``support``).

    Other unknown keys pass: a vendor may keep notes of its own in the file.
    """
    schema = _resolve(schema)
    if isinstance(data, dict) and "properties" in schema:
        known = schema["properties"]
        for key, value in data.items():
            if key in known:
                yield from _typos(value, known[key], (*path, key), root)
            elif schema.get("additionalProperties") is not False:
                hint = did_you_mean(key, [k for k in known if k not in data], cutoff=TYPO_CUTOFF)
                if hint:
                    yield (*path, key), f"{_where(path, root)}: unknown key {key!r}{hint}"
    elif isinstance(data, list) and "items" in schema:
        for index, item in enumerate(data):
            yield from _typos(item, schema["items"], (*path, index), root)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return _resolve(_schema_doc()["$defs"][ref[len("#/$defs/"):]])
    return schema


# --- what a schema cannot say -------------------------------------------------


def _semantics(data: dict[str, Any], docs_dir: Path | None) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    own = data.get("vendor") if isinstance(data.get("vendor"), dict) else {}
    ids = {key: _ids(data, key, out) for key in ("products", "formats", "resellers")}
    for i, product in _items(data, "products"):
        fmt = product.get("format")
        if isinstance(fmt, str) and fmt not in ids["formats"]:
            out.append((("products", i, "format"), f"product {product.get('id')!r}: format {fmt!r}"
                        f" is not in formats{did_you_mean(fmt, ids['formats'], cutoff=TYPO_CUTOFF)}"))
    published = data.get("languages") if isinstance(data.get("languages"), list) else LANGUAGES
    for i, fmt in _items(data, "formats"):
        out += _format_problems(fmt, i, ids["products"])
        out += _format_names(fmt, i, [lang for lang in published if lang != "en"])
    for i, seller in _items(data, "resellers"):
        out += _reseller_problems(seller, i)
    out += _vendor_problems(own, docs_dir)
    out += _routing_problems(data, ids["resellers"])
    for i, past in _items(data, "past_resellers"):
        if past.get("id") in ids["resellers"]:
            out.append((("past_resellers", i, "id"), f"past reseller {past.get('id')!r} is also"
                        " a live reseller under resellers: keep it in one list"))
    langs = data.get("languages")
    if isinstance(langs, list):
        if "en" not in langs:
            out.append((("languages",), "languages: English (en) is the default language and"
                        " must stay"))
        team = own.get("team_language")
        if isinstance(team, str) and team not in langs:
            out.append((("vendor", "team_language"), f"team_language {team!r} is not one of"
                        f" the languages ({', '.join(map(str, langs))})"))
    return out


def _items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(key) if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield i, item


def _ids(data: dict[str, Any], key: str, out: list[tuple[Path_, str]]) -> set[str]:
    seen: dict[str, int] = {}
    for i, item in _items(data, key):
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in seen:
                out.append(((key, i, "id"), f"{key}: id {item_id!r} is used twice"))
            seen.setdefault(item_id, i)
    return set(seen)


def _format_problems(fmt: dict[str, Any], i: int, products: set[str]) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    where = ("formats", i)
    name = f"format {fmt.get('id')!r}"
    product = fmt.get("product")
    if isinstance(product, str) and product not in products:
        out.append(((*where, "product"), f"{name}: product {product!r} is not in products"
                    + did_you_mean(product, products, cutoff=TYPO_CUTOFF)))
    alphabet, separator = fmt.get("alphabet"), fmt.get("separator")
    if isinstance(alphabet, str):
        repeated = sorted({ch for ch in alphabet if alphabet.count(ch) > 1}, key=alphabet.index)
        for ch in repeated:
            out.append(((*where, "alphabet"), f"{name}: the alphabet repeats {ch!r}"))
        if isinstance(separator, str) and separator and separator in alphabet:
            out.append(((*where, "alphabet"), f"{name}: the alphabet contains the separator"
                        f" {separator!r}"))
        if fmt.get("case_sensitive") is False:
            both = sorted({ch.upper() for ch in alphabet if ch.isalpha() and ch.swapcase()
                           in alphabet and ch != ch.swapcase()})
            if both:
                out.append(((*where, "alphabet"), f"{name}: the alphabet has both cases of"
                            f" {', '.join(both)} but case_sensitive is false"))
    prefix = fmt.get("prefix")
    if isinstance(prefix, str) and isinstance(separator, str) and separator and separator in prefix:
        out.append(((*where, "prefix"), f"{name}: the prefix contains the separator {separator!r}"))
    return out


def _format_names(fmt: dict[str, Any], i: int, langs: list[str]) -> list[tuple[Path_, str]]:
    """Every published language but English needs the format's name in it."""
    names = fmt.get("names") if isinstance(fmt.get("names"), dict) else {}
    missing = [lang for lang in langs if not names.get(lang)]
    if not missing:
        return []
    where = ("formats", i, "names") if "names" in fmt else ("formats", i, "name")
    example = ", ".join(f"{lang}: ..." for lang in missing)
    return [(where, f"format {fmt.get('id')!r}: no name in {', '.join(missing)}; add"
             f" names: {{{example}}} (messages in those languages put the name inside"
             " sentences)")]


def _reseller_problems(seller: dict[str, Any], i: int) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    name = f"reseller {seller.get('id')!r}"
    for key in ("email_sender", "support_email"):
        out += _email(seller.get(key), ("resellers", i, key), f"{name} {key}")
    for key in ("order_lookup_url", "support_url"):
        out += _https(seller.get(key), ("resellers", i, key), f"{name} {key}")
    marks = seller.get("unverified")
    for key in marks if isinstance(marks, dict) else ():
        if key not in seller:
            out.append((("resellers", i, "unverified", key), f"{name}: unverified names"
                        f" {key!r}, which this reseller does not set"
                        + did_you_mean(str(key), [k for k in seller if k != "unverified"],
                                       cutoff=TYPO_CUTOFF)))
    for j, pattern in enumerate(seller.get("order_id_patterns") or []):
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
                danger = risk(pattern)
            except re.error as exc:
                out.append((("resellers", i, "order_id_patterns", j),
                            f"{name}: order_id_patterns {pattern!r} is not a valid regular"
                            f" expression ({exc.msg})"))
                continue
            if danger:
                out.append((("resellers", i, "order_id_patterns", j),
                            f"{name}: order_id_patterns {pattern!r} can take exponential time"
                            f" on what customers type ({danger}); write it without nested or"
                            " overlapping repetition"))
    timing = seller.get("timing")
    if isinstance(timing, dict):
        values = {k: timing.get(k) for k in ("normal_min", "normal_max", "peak_max", "holiday_max")}
        if all(isinstance(v, int) for v in values.values()):
            if not values["normal_min"] <= values["normal_max"] <= values["peak_max"]:
                out.append((("resellers", i, "timing"), f"{name} timing: expected normal_min"
                            " <= normal_max <= peak_max"))
        for j, period in enumerate(timing.get("peak") or []):
            if isinstance(period, str) and not _period_ok(period):
                out.append((("resellers", i, "timing", "peak", j),
                            f"{name} timing: {period!r} is not a real date period"))
    return out


def _routing_problems(data: dict[str, Any], sellers: set[str]) -> list[tuple[Path_, str]]:
    """Every problem routed once, to a channel its handler has, asking for known fields."""
    from wizard.routing import RESELLER_CHANNELS, VENDOR_CHANNELS, problems

    table = data.get("routing")
    if not isinstance(table, dict):
        return []
    known = list(problems())
    fields = _problem_fields()
    out: list[tuple[Path_, str]] = []
    base = table.get("problems") if isinstance(table.get("problems"), dict) else {}
    for problem in known:
        if problem not in base:
            out.append((("routing", "problems"), f"routing: problem {problem!r} has no entry"
                        " (say who handles it: handler: vendor or reseller)"))
    entries: list[tuple[Path_, str, Any, Any]] = [
        (("routing", "problems", p), f"routing {p!r}", p, e) for p, e in base.items()]
    overrides = table.get("resellers") if isinstance(table.get("resellers"), dict) else {}
    for rid, mapping in overrides.items():
        if rid not in sellers:
            out.append((("routing", "resellers", rid), f"routing: {rid!r} is not in resellers"
                        + did_you_mean(str(rid), sellers, cutoff=TYPO_CUTOFF)))
        for p, e in (mapping.items() if isinstance(mapping, dict) else ()):
            entries.append((("routing", "resellers", rid, p), f"routing for {rid!r}: {p!r}", p, e))
    channels = ((data.get("vendor") or {}).get("support") or {}).get("channels") or []
    web_form = any(isinstance(c, dict) and c.get("kind") == "web_form" for c in channels)
    for path, where, problem, entry in entries:
        if problem not in known:
            out.append((path, f"{where} is not a problem the composer knows"
                        + did_you_mean(str(problem), known, cutoff=0.6)))
            continue
        if not isinstance(entry, dict):
            continue
        handler = entry.get("handler") or (base.get(problem) or {}).get("handler")
        channel = entry.get("channel")
        allowed = VENDOR_CHANNELS if handler == "vendor" else RESELLER_CHANNELS
        if isinstance(channel, str) and handler in ("vendor", "reseller") and channel not in allowed:
            out.append(((*path, "channel"), f"{where}: channel {channel!r} does not reach the"
                        f" {handler}; use one of: {', '.join(allowed)}"))
        if channel == "web_form" and handler == "vendor" and not web_form:
            out.append(((*path, "channel"), f"{where}: channel web_form, but vendor.support."
                        "channels lists no web_form"))
        for j, fid in enumerate(entry.get("include") or []):
            if isinstance(fid, str) and fid not in fields:
                out.append(((*path, "include", j), f"{where}: include {fid!r} is not a composer"
                            " field" + did_you_mean(fid, fields, cutoff=0.6)))
    return out


def _problem_fields() -> list[str]:
    from wizard.compose import problems_data

    return list(problems_data()["fields"])


def reminders_text(name: str, text: str) -> list[LintError]:
    """Facts marked ``unverified`` in a vendor file: ``name:LINE: reminder: ...``.

    Not errors: the check passes; they tell a vendor what to confirm.

    >>> for r in reminders_text("v.yml", "resellers:\\n  - id: paddle\\n"
    ...         "    email_sender: help@paddle.example\\n"
    ...         "    unverified:\\n      email_sender: confirm on a test order\\n"): print(r)
    v.yml:5: reminder: reseller 'paddle' email_sender ('help@paddle.example') is not confirmed: confirm on a test order
    """
    source = read_yaml(name, text)
    data = source.data
    out: list[LintError] = []
    for i, seller in _items(data if isinstance(data, dict) else {}, "resellers"):
        marks = seller.get("unverified")
        for key, note in (marks.items() if isinstance(marks, dict) else ()):
            value = seller.get(key)
            shown = f" ({value!r})" if isinstance(value, str) else ""
            out.append(source.error(("resellers", i, "unverified", key),
                                 f"reminder: reseller {seller.get('id')!r} {key}{shown} is not"
                                 f" confirmed: {note}"))
    return out


def reminders_file(path: str | Path | None = None) -> list[LintError]:
    """:func:`reminders_text` of the vendor file at ``path``."""
    file = Path(path) if path else default_vendor_path()
    return reminders_text(display(file), file.read_text("utf-8"))


def _period_ok(period: str) -> bool:
    import datetime

    try:
        for part in period.split(".."):
            datetime.date.fromisoformat(f"2024-{part}")  # a leap year: 02-29 is fine
    except ValueError:
        return False
    return True


def _vendor_problems(own: dict[str, Any], docs_dir: Path | None) -> list[tuple[Path_, str]]:
    out: list[tuple[Path_, str]] = []
    support = own.get("support") if isinstance(own.get("support"), dict) else {}
    for key in ("website", "download_page"):
        out += _https(own.get(key), ("vendor", key), f"vendor {key}")
    out += _https(support.get("status_page"), ("vendor", "support", "status_page"), "status_page")
    out += _email(support.get("email"), ("vendor", "support", "email"), "support email")
    tz = own.get("timezone")
    if isinstance(tz, str) and not _zone_exists(tz):
        out.append((("vendor", "timezone"), f"timezone {tz!r} is not a known time zone"
                    " (use an IANA name such as Europe/Berlin or Asia/Shanghai)"))
    out += _hours(support.get("hours"), ("vendor", "support", "hours"), "support hours")
    for i, channel in enumerate(support.get("channels") or []):
        if not isinstance(channel, dict):
            continue
        where = ("vendor", "support", "channels", i)
        label = f"channel {i + 1} ({channel.get('kind')})"
        out += _email(channel.get("address"), (*where, "address"), f"{label} address")
        out += _https(channel.get("url"), (*where, "url"), f"{label} url")
        out += _hours(channel.get("hours"), (*where, "hours"), f"{label} hours")
        qr = channel.get("qr")
        if isinstance(qr, str):
            if qr.startswith(("http:", "https:", "//")):
                out.append(((*where, "qr"), f"{label}: qr must be a file under docs/ (the site"
                            " loads nothing from other hosts), not a link"))
            elif docs_dir is not None and not (docs_dir / qr).is_file():
                out.append(((*where, "qr"), f"{label}: qr image {qr!r} is not in {docs_dir}"))
    return out


def _email(value: Any, path: Path_, what: str) -> list[tuple[Path_, str]]:
    if isinstance(value, str) and not EMAIL.match(value):
        return [(path, f"{what}: {value!r} does not look like an e-mail address")]
    return []


def _https(value: Any, path: Path_, what: str) -> list[tuple[Path_, str]]:
    if isinstance(value, str) and not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        return [(path, f"{what}: use an https:// address, not {value!r}")]
    return []


def _hours(hours: Any, path: Path_, what: str) -> list[tuple[Path_, str]]:
    if isinstance(hours, dict):
        opens, closes = hours.get("open"), hours.get("close")
        pattern = re.compile(r"^\d\d:\d\d$")
        if isinstance(opens, str) and isinstance(closes, str) and pattern.match(opens) \
                and pattern.match(closes) and opens >= closes:
            return [(path, f"{what}: 'open' ({opens}) must be before 'close' ({closes})")]
    return []


def _zone_exists(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


__all__ = ["VendorConfigError", "check_file", "check_text", "ensure_valid", "reminders_file",
           "reminders_text"]
