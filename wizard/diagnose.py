"""Diagnose a mangled license code: what is wrong, where, and the fix.

:func:`check_code` takes whatever a customer typed or pasted and returns a
JSON-safe diagnosis. Positions are indexes into the ORIGINAL text, so the
page can highlight them; messages are localized (en, ru, zh) and come from
``wizard/data/codes_messages.json``.

Problem kinds: leading_space, trailing_space, inner_space, line_break,
invisible, fullwidth, homoglyph (Cyrillic/Greek), punctuation, extra_text,
several_codes, dash, wrong_case, lowercase, lookalike, invalid_char,
missing_prefix, wrong_prefix, missing_chars, extra_chars, missing_separator,
misplaced_separator, checksum, other_product, order_number, email,
card_number, empty, not_a_code, too_long. Each problem also carries ``severity``:
"info" (harmless), "warning" (fixed for you) or "error".

>>> fmt = {"id": "pad", "name": "Pad code", "product": "pad", "prefix": "PD",
...        "alphabet": "0123456789ABCDEFGHJKMNPQRSTVWXYZ", "groups": [4, 4],
...        "separator": "-", "case_sensitive": False, "check": "luhn_mod_n"}
>>> vendor = {"products": [{"id": "pad", "name": "Pad"}], "formats": [fmt], "resellers": []}
>>> r = check_code("PD-1234-567M", vendor)
>>> r["valid"], r["kind"], r["format"], r["fixed"], r["problems"]
(True, 'license_code', 'pad', 'PD-1234-567M', [])
>>> r = check_code(" PD-1234–567M", vendor)
>>> r["valid"], r["fixed"], [(p["kind"], p["positions"]) for p in r["problems"]]
(False, 'PD-1234-567M', [('leading_space', [0]), ('dash', [8])])
>>> r = check_code("PD-12З4-567M", vendor, lang="ru")
>>> r["fixed"], r["problems"][0]["message"]
('PD-1234-567M', 'Символ 6 — русская буква «З». Наберите латинскую 3.')
>>> check_code("PD-1234-5O7M", vendor)["problems"][0]["message"]
'Character 10 is “O”, which never appears in these codes; it is “0”.'
>>> r = check_code("4111 1111 1111 1111", vendor)
>>> r["kind"], r["display"]
('card_number', '•••• •••• •••• 1111')
"""

from __future__ import annotations

import json
import re
from itertools import product as _product
from pathlib import Path
from typing import Any

from wizard import codes
from wizard.cards import BULLET, find_and_blank, known_numbers
from wizard.vendor import Reseller, Vendor

# --- character tables -------------------------------------------------------

LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
SPACES = frozenset(" \t\v\f\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                   "\u2007\u2008\u2009\u200a\u202f\u205f")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b"
                      "\u202c\u202d\u202e\u2061\u2062\u2063\u2064\u180e\u034f")
IDEOGRAPHIC_SPACE = "\u3000"
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\u30fc"
                   "\u2e3a\u2e3b\u02d7\u2796")
EDGE_PUNCTUATION = frozenset(".,;:!?\"'`«»“”„‟‘’‚‹›()[]{}<>「」『』《》。，；：！？")

CYRILLIC = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "З": "3",
    "Ԛ": "Q", "Ԝ": "W", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y",
    "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "к": "k",
}
GREEK = {
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "α": "a", "ι": "i", "κ": "k", "υ": "u",
}
LOOKALIKE_GROUPS = ("0Oo", "1IlLi|", "5Ss", "8B", "2Zz", "UV")
_LOOKALIKE = {c: group for group in LOOKALIKE_GROUPS for c in group}

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_MAX_COMBINATIONS = 256
_MAX_SCAN = 400  # longest input searched for a code inside other text
MAX_LENGTH = 200
"""Longest input analysed (the code field's ``maxlength``): a license code is
a few dozen characters; anything longer is answered at once, in linear time."""

_MESSAGES: dict[str, dict[str, str]] | None = None


def messages() -> dict[str, dict[str, str]]:
    """The message catalogue: ``{lang: {key: template}}`` (loaded once)."""
    global _MESSAGES
    if _MESSAGES is None:
        path = Path(__file__).resolve().parent / "data" / "codes_messages.json"
        _MESSAGES = json.loads(path.read_text(encoding="utf-8"))
    return _MESSAGES


# --- the common, format-independent pass -------------------------------------


def _normalise(text: str) -> tuple[list[tuple[str, int]], list[dict[str, Any]], set[int]]:
    """Units ``(char, original index)`` plus the problems found on the way."""
    units: list[tuple[str, int]] = []
    spaces: list[int] = []
    found: dict[str, list[int]] = {"line_break": [], "invisible": [], "fullwidth": []}
    scripts: dict[str, list[tuple[int, str, str]]] = {"cyrillic": [], "greek": []}
    touched: set[int] = set()
    for i, ch in enumerate(text):
        if ch in LINE_BREAKS:
            found["line_break"].append(i)
        elif ch in INVISIBLE:
            found["invisible"].append(i)
        elif ch == IDEOGRAPHIC_SPACE:
            found["fullwidth"].append(i)
        elif ch in SPACES:
            spaces.append(i)
        elif 0xFF01 <= ord(ch) <= 0xFF5E:
            found["fullwidth"].append(i)
            touched.add(i)
            units.append((chr(ord(ch) - 0xFEE0), i))
        elif ch in CYRILLIC or ch in GREEK:
            script, table = ("cyrillic", CYRILLIC) if ch in CYRILLIC else ("greek", GREEK)
            scripts[script].append((i, ch, table[ch]))
            touched.add(i)
            units.append((table[ch], i))
        else:
            units.append((ch, i))

    problems: list[dict[str, Any]] = []
    # Quotes and punctuation around the code (copied with a sentence).
    edge: list[int] = []
    head = 0
    while head < len(units) and units[head][0] in EDGE_PUNCTUATION:
        edge.append(units[head][1])
        head += 1
    tail = len(units)
    while tail > head and units[tail - 1][0] in EDGE_PUNCTUATION:
        tail -= 1
        edge.append(units[tail][1])
    units = units[head:tail]
    if units:
        first, last = units[0][1], units[-1][1]
        lead = [i for i in spaces if i < first]
        trail = [i for i in spaces if i > last]
        inner = [i for i in spaces if first < i < last]
    else:
        lead, trail, inner = spaces, [], []
    if lead:
        problems.append(_problem("leading_space", lead))
    if trail:
        problems.append(_problem("trailing_space", trail))
    if inner:
        problems.append(_problem("inner_space", inner, plural=True))
    for kind in ("line_break", "invisible", "fullwidth"):
        if found[kind]:
            problems.append(_problem(kind, found[kind]))
    for script, hits in scripts.items():
        if hits:
            problems.append(
                _problem(
                    "homoglyph",
                    [i for i, _, _ in hits],
                    key=f"homoglyph.{script}",
                    plural=True,
                    params={
                        "script": script,
                        "found": [c for _, c, _ in hits],
                        "expected": [c for _, _, c in hits],
                    },
                )
            )
    if edge:
        edge.sort()
        problems.append(
            _problem("punctuation", edge, params={"found": [text[i] for i in edge]})
        )
    return units, problems, touched


def _named(problem: dict[str, Any], fmt: dict[str, Any]) -> dict[str, Any]:
    """Keep the format's per-language names (vendor.yml ``names``) for the message."""
    problem["_names"] = fmt.get("names") or {}
    return problem


def _problem(
    kind: str,
    positions: list[int],
    *,
    key: str | None = None,
    plural: bool = False,
    params: dict[str, Any] | None = None,
    fixable: bool = True,
    severity: str | None = None,
) -> dict[str, Any]:
    key = key or kind
    if plural:
        key += ".one" if len(positions) == 1 else ".many"
    return {
        "kind": kind,
        "positions": sorted(positions),
        "params": params or {},
        "_key": key,
        "_fixable": fixable,
        "severity": severity or ("warning" if fixable else "error"),
    }


# --- one format ----------------------------------------------------------------


class _Result:
    """The analysis of the units against one format."""

    def __init__(self, fmt: dict[str, Any]) -> None:
        self.fmt = fmt
        self.problems: list[dict[str, Any]] = []
        self.fixed: str | None = None
        self.length_gap = 0
        self.prefix_typed = False
        self.shape_match = False
        self.shape_partial = False
        self.ambiguous = False  # several repairs fit the check character
        self.unknown_chars = 0

    def rank(self, text: str) -> tuple[int, ...]:
        status = 0 if self.fixed == text else 1 if self.fixed else 2
        hard = sum(1 for p in self.problems if not p["_fixable"])
        return (
            status,
            -int(self.prefix_typed),
            self.length_gap,
            -int(self.shape_match),
            hard,
            self.unknown_chars,
        )


def _options(ch: str, alpha: str, case_sensitive: bool) -> list[str]:
    """Characters of the alphabet that ``ch`` (outside it) is probably meant to be."""
    out: list[str] = []
    if case_sensitive and ch.swapcase() in alpha:
        out.append(ch.swapcase())
    group = _LOOKALIKE.get(ch, "") + _LOOKALIKE.get(ch.upper(), "")
    for x in group:
        x = x if case_sensitive else x.upper()
        if x in alpha and x not in out and x != ch:
            out.append(x)
    return out


def _substitutions(ch: str, alpha: str, case_sensitive: bool) -> list[str]:
    """Look-alike replacements of a character that IS in the alphabet."""
    subs = []
    for x in _LOOKALIKE.get(ch, "") + (ch.swapcase() if case_sensitive else ""):
        x = x if case_sensitive else x.upper()
        if x in alpha and x != ch and x not in subs:
            subs.append(x)
    return subs


def _analyse(units: list[tuple[str, int]], fmt: dict[str, Any], touched: set[int]) -> _Result:
    res = _Result(fmt)
    cs = bool(fmt.get("case_sensitive"))
    alpha = fmt["alphabet"] if cs else fmt["alphabet"].upper()
    sep = fmt.get("separator") or ""
    prefix = fmt.get("prefix") or ""
    if not cs:
        prefix = prefix.upper()
    groups = list(fmt["groups"])
    total = sum(groups)
    dash_like = sep == "-" or sep in DASHES

    chars: list[tuple[str, int]] = []
    seps: list[tuple[int, int]] = []  # (chars typed before it, original index)
    dashes: list[int] = []
    for ch, i in units:
        if sep and (ch == sep or (dash_like and (ch in DASHES or ch == "-"))):
            if ch != sep:
                dashes.append(i)
            seps.append((len(chars), i))
        else:
            chars.append((ch, i))
    if dashes:
        res.problems.append(
            _problem(
                "dash", dashes, plural=True,
                params={"found": [_char_at(units, i) for i in dashes], "sep": sep},
            )
        )

    # The prefix.
    plen = len(prefix)
    typed = "".join(c for c, _ in chars)
    head = typed[:plen] if cs else typed[:plen].upper()
    offset = 0
    if prefix:
        if head == prefix:
            offset, res.prefix_typed = plen, True
        elif cs and head.upper() == prefix.upper():
            offset, res.prefix_typed = plen, True
            wrong = [i for (c, i), p in zip(chars[:plen], prefix, strict=False) if c != p]
            res.problems.append(_case_problem(wrong, [_char_of(chars, i) for i in wrong],
                                              [prefix[k] for k, (c, _) in enumerate(chars[:plen])
                                               if c != prefix[k]]))
        elif len(chars) == total + plen:
            offset = plen
            res.problems.append(
                _named(_problem("wrong_prefix", [i for _, i in chars[:plen]],
                         params={"prefix": prefix, "found": typed[:plen], "name": fmt["name"]}), fmt)
            )
        else:
            res.problems.append(
                _named(_problem("missing_prefix", [chars[0][1]] if chars else [],
                         params={"prefix": prefix, "name": fmt["name"]}), fmt)
            )
    body = chars[offset:]
    n = len(body)
    res.length_gap = abs(n - total)

    # Characters outside the alphabet.
    lower = [i for c, i in chars if not cs and "a" <= c <= "z" and i not in touched]
    values: list[list[str]] = []
    issues: list[int] = []  # body indexes with a character outside the alphabet
    for k, (ch, _) in enumerate(body):
        c = ch if cs else ch.upper()
        if c in alpha:
            values.append([c])
        else:
            values.append(_options(ch, alpha, cs))
            issues.append(k)
    unknown = [k for k in issues if not values[k]]
    res.unknown_chars = len(unknown)
    if unknown:
        pos = [body[k][1] for k in unknown]
        res.problems.append(
            _problem("invalid_char", pos, plural=True, fixable=False,
                     params={"found": [body[k][0] for k in unknown]})
        )

    # Separators and user grouping (body index where each typed separator sits).
    bounds = [b - offset for b, _ in seps]
    expected_bounds: set[int] = set()
    if sep:
        acc = 0
        for size in groups[:-1]:
            acc += size
            expected_bounds.add(acc)
        if prefix and res.prefix_typed:
            expected_bounds.add(0)
    user_groups = _user_groups(n, bounds)
    sizes = [len(g) for g in user_groups]
    res.shape_match = sizes == groups
    res.shape_partial = len(sizes) >= 2 and sizes == groups[: len(sizes)]

    check = fmt.get("check") not in (None, "", "none")
    resolved: list[str] | None = None
    if n == total and not unknown:
        attempt = _Result(fmt)
        resolved = _resolve(body, values, issues, fmt, attempt)
        if resolved is None and cs and check and not attempt.ambiguous:
            resolved = _caps_lock(body, fmt, res)
        if resolved is None or not res.problems:
            res.problems += attempt.problems
    elif n != total:
        _length_problems(body, values, issues, unknown, groups, user_groups, fmt, res)
        return _finish(res, fmt, lower)
    else:
        _report_options(body, values, issues, res, fixable=False)
        return _finish(res, fmt, lower)

    # Separators (only meaningful when the length is right).
    if sep:
        seen: set[int] = set()
        misplaced = []
        for b, (_, i) in zip(bounds, seps, strict=True):
            if b in expected_bounds and b not in seen:
                seen.add(b)
            else:
                misplaced.append(i)
        missing = sorted(expected_bounds - seen)
        if not seps and expected_bounds:
            res.problems.append(
                _problem("missing_separator", [], key="missing_separator.all",
                         params={"sep": sep}, severity="info")
            )
        elif missing:
            res.problems.append(
                _problem("missing_separator", [body[b][1] for b in missing], plural=True,
                         params={"sep": sep})
            )
        if misplaced:
            res.problems.append(
                _problem("misplaced_separator", misplaced, plural=True, params={"sep": sep})
            )
    if resolved is not None:
        candidate = prefix + "".join(resolved)
        if codes.is_valid(candidate, fmt) or not check:
            res.fixed = codes.format(candidate, fmt)
    return _finish(res, fmt, lower)


def _finish(res: _Result, fmt: dict[str, Any], lower: list[int]) -> _Result:
    if lower and not fmt.get("case_sensitive"):
        res.problems.append(_problem("lowercase", lower, severity="info"))
    if any(not p["_fixable"] for p in res.problems):
        res.fixed = None
    return res


def _char_at(units: list[tuple[str, int]], index: int) -> str:
    return next(c for c, i in units if i == index)


def _char_of(chars: list[tuple[str, int]], index: int) -> str:
    return next(c for c, i in chars if i == index)


def _case_problem(positions: list[int], found: list[str], expected: list[str]) -> dict:
    return _problem("wrong_case", positions, plural=True,
                    params={"found": found, "expected": expected})


def _user_groups(n: int, bounds: list[int]) -> list[range]:
    cuts = sorted({b for b in bounds if 0 < b < n})
    edges = [0, *cuts, n]
    return [range(a, b) for a, b in zip(edges, edges[1:], strict=False)]


def _report_options(body, values, issues, res: _Result, *, fixable: bool,
                    chosen: dict[int, str] | None = None) -> None:
    """Problems for characters outside the alphabet that have look-alike options."""
    chosen = chosen or {}
    case_hits, look_hits, ambiguous = [], [], []
    for k in issues:
        ch, i = body[k]
        if not values[k]:
            continue
        pick = chosen.get(k) or (values[k][0] if len(values[k]) == 1 else None)
        if pick is None:
            ambiguous.append(k)
        elif pick == ch.swapcase():
            case_hits.append((i, ch, pick))
        else:
            look_hits.append((i, ch, pick))
    if case_hits:
        res.problems.append(_case_problem([i for i, _, _ in case_hits],
                                          [c for _, c, _ in case_hits],
                                          [p for _, _, p in case_hits]))
        res.problems[-1]["_fixable"] = fixable
    if look_hits:
        res.problems.append(
            _problem("lookalike", [i for i, _, _ in look_hits], plural=True, fixable=fixable,
                     params={"found": [c for _, c, _ in look_hits],
                             "expected": [p for _, _, p in look_hits]})
        )
    for k in ambiguous:
        ch, i = body[k]
        res.problems.append(
            _problem("lookalike", [i], key="lookalike.ambiguous", fixable=False,
                     params={"found": [ch], "options": values[k]})
        )


def _resolve(body, values, issues, fmt, res: _Result) -> list[str] | None:
    """Pick look-alike replacements and repair the check character; None if unsure."""
    check = fmt.get("check") not in (None, "", "none")
    combos = 1
    for k in issues:
        combos *= len(values[k])
    if combos > _MAX_COMBINATIONS:
        _report_options(body, values, issues, res, fixable=False)
        return None
    passing = []
    for combo in _product(*[values[k] for k in issues]):
        text = [v[0] for v in values]
        for k, c in zip(issues, combo, strict=True):
            text[k] = c
        if not check or codes.checksum_ok("".join(text), fmt):
            passing.append(text)
    if issues:
        if len(passing) == 1 or (not check and combos == 1):
            chosen = {k: passing[0][k] for k in issues}
            _report_options(body, values, issues, res, fixable=True, chosen=chosen)
            return passing[0]
        res.ambiguous = len(passing) > 1
        _report_options(body, values, issues, res, fixable=False)
        if fmt.get("case_sensitive") and _one_case(body):
            res.problems.append(_problem("wrong_case", [i for c, i in body if c.isalpha()],
                                         key="wrong_case.all", fixable=False))
        elif not passing and combos == 1:
            res.problems.append(_named(_problem("checksum", [], fixable=False,
                                         params={"name": fmt["name"]}), fmt))
        return None
    current = [v[0] for v in values]
    if not check or codes.checksum_ok("".join(current), fmt):
        return current
    return _repair_checksum(body, current, fmt, res)


def _passes(body: list[tuple[str, int]], fmt: dict[str, Any]) -> bool:
    text = "".join(c for c, _ in body)
    return all(c in fmt["alphabet"] for c in text) and codes.checksum_ok(text, fmt)


def _one_case(body: list[tuple[str, int]]) -> bool:
    text = "".join(c for c, _ in body)
    letters = sum(c.isalpha() for c in text)
    return letters >= max(4, len(text) // 3) and text in (text.upper(), text.lower())


def _caps_lock(body, fmt, res: _Result) -> list[str] | None:
    """The whole code typed with inverted case (Caps Lock): swap it back."""
    swapped = [(c.swapcase(), i) for c, i in body]
    if not _passes(swapped, fmt):
        return None
    hits = [(c, s, i) for (c, i), (s, _) in zip(body, swapped, strict=True) if c != s]
    problem = _case_problem([i for _, _, i in hits], [c for c, _, _ in hits],
                            [s for _, s, _ in hits])
    problem["_key"] = "wrong_case.inverted"
    res.problems.append(problem)
    return [c for c, _ in swapped]


def _repair_checksum(body, current: list[str], fmt, res: _Result) -> list[str] | None:
    cs = bool(fmt.get("case_sensitive"))
    alpha = fmt["alphabet"] if cs else fmt["alphabet"].upper()
    fixes = []
    for k, c in enumerate(current):
        for sub in _substitutions(c, alpha, cs):
            trial = current[:k] + [sub] + current[k + 1 :]
            if codes.checksum_ok("".join(trial), fmt):
                fixes.append((k, sub, trial))
    res.ambiguous = len(fixes) > 1
    if len(fixes) == 1:
        k, sub, trial = fixes[0]
        ch, i = body[k]
        if cs and sub == ch.swapcase():
            res.problems.append(_case_problem([i], [ch], [sub]))
        else:
            res.problems.append(
                _named(_problem("checksum", [i], key="checksum.fix",
                         params={"found": ch, "expected": sub, "name": fmt["name"]}), fmt)
            )
        return trial
    if cs:
        letters = [k for k, c in enumerate(current) if c.isalpha()]
        if _one_case(body):
            res.problems.append(_problem("wrong_case", [body[k][1] for k in letters],
                                         key="wrong_case.all", fixable=False))
            return None
    res.problems.append(_named(_problem("checksum", [], fixable=False, params={"name": fmt["name"]}), fmt))
    return None


def _length_problems(body, values, issues, unknown, groups, user_groups, fmt, res) -> None:
    total, n = sum(groups), len(body)
    prefix = fmt.get("prefix") or ""
    if not fmt.get("case_sensitive"):
        prefix = prefix.upper()
    # One extra character that the check character pins down: remove it.
    if n == total + 1 and not unknown and all(len(values[k]) == 1 for k in issues):
        flat = [v[0] for v in values]
        where = range(n)
        long = [g for g, size in zip(user_groups, groups, strict=False) if len(g) > size]
        if len(user_groups) == len(groups) and len(long) == 1:
            where = long[0]
        results: dict[str, int] = {}
        for k in where:
            trial = "".join(flat[:k] + flat[k + 1 :])
            if codes.is_valid(prefix + trial, fmt):
                results.setdefault(trial, k)
        if len(results) == 1:
            trial, k = next(iter(results.items()))
            _report_options(body, values, issues, res, fixable=True)
            res.problems.append(
                _problem("extra_chars", [body[k][1]], key="extra_chars.fix",
                         params={"found": body[k][0], "expected": total, "count": n})
            )
            res.fixed = codes.format(prefix + trial, fmt)
            return
    _report_options(body, values, issues, res, fixable=False)
    if len(user_groups) == len(groups) and len(groups) > 1:
        for g, (span, size) in enumerate(zip(user_groups, groups, strict=True), start=1):
            if len(span) != size:
                kind = "missing_chars" if len(span) < size else "extra_chars"
                res.problems.append(
                    _problem(kind, [body[k][1] for k in span], key=f"{kind}.group",
                             fixable=False,
                             params={"group": g, "found": len(span), "expected": size})
                )
        if any(p["kind"] in ("missing_chars", "extra_chars") for p in res.problems):
            return
    kind = "missing_chars" if n < total else "extra_chars"
    res.problems.append(
        _problem(kind, [], fixable=False, params={"found": n, "expected": total})
    )


# --- what else could it be ----------------------------------------------------


def _order_resellers(cleaned: str, vendor: Vendor) -> list[Reseller]:
    candidate = cleaned.lstrip("#№")
    hits = []
    # A past reseller's old order numbers are still recognised (past_resellers).
    for reseller in [*vendor.resellers.values(), *vendor.past_resellers.values()]:
        for pattern in reseller.order_id_patterns:
            try:
                if re.fullmatch(pattern, candidate):
                    hits.append(reseller)
                    break
            except re.error:
                continue
    return hits


def _example(fmt: dict[str, Any]) -> str:
    return codes.format((fmt.get("prefix") or "") + "X" * codes.body_length(fmt), fmt)


# --- messages -----------------------------------------------------------------


def _render(problem: dict[str, Any], lang: str, text: str) -> str:
    catalogue = messages()[lang]
    sep = catalogue["list.sep"]
    params = problem["params"]
    values: dict[str, Any] = {}
    for name, value in params.items():
        values[name] = sep.join(str(v) for v in value) if isinstance(value, list) else value
    values["pos"] = sep.join(str(i + 1) for i in problem["positions"])
    if lang in (problem.get("_names") or {}):
        values["name"] = problem["_names"][lang]
    return catalogue[problem["_key"]].format(**values)


def _public(problem: dict[str, Any], lang: str, text: str) -> dict[str, Any]:
    return {
        "kind": problem["kind"],
        "positions": problem["positions"],
        "message": _render(problem, lang, text),
        "params": problem["params"],
        "severity": problem["severity"],
    }


# --- the entry point ------------------------------------------------------------


def check_code(
    text: str,
    vendor: Vendor,
    lang: str = "en",
    expected_format: str | None = None,
) -> dict[str, Any]:
    """Diagnose ``text`` as a license code of one of the vendor's formats.

    ``vendor`` is a :class:`wizard.vendor.Vendor` (or data it is built from). Returns
    ``{"valid", "kind", "format", "product", "fixed", "display", "problems"}``;
    see the module docstring. Never echoes a card number.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if lang not in messages():
        lang = "en"
    vendor = Vendor.from_data(vendor)
    formats = {fid: fmt.spec for fid, fmt in vendor.formats.items()}
    if expected_format is not None and expected_format not in formats:
        raise ValueError(f"unknown format {expected_format!r}")
    # Everything below sees the text with card digits blanked (same length,
    # so positions still hold): nothing it answers can echo a card number.
    exempt = known_numbers(vendor)
    length = len(text)
    too_long = len(text) > MAX_LENGTH
    if too_long:
        # Only the start is shown back; blank it with room for a whole card
        # (19 digits and their separators) across the cut, then cut.
        spans, text = find_and_blank(text[: MAX_LENGTH + 100], exempt)
        text = text[:MAX_LENGTH] + "…"
    else:
        spans, text = find_and_blank(text, exempt)
    out: dict[str, Any] = {
        "valid": False, "kind": "unknown", "format": None, "product": None,
        "fixed": None, "display": text, "problems": [],
    }

    def done(kind: str, problems: list[dict[str, Any]]) -> dict[str, Any]:
        out["kind"] = kind
        out["problems"] = [_public(p, lang, text) for p in problems]
        return out

    if too_long:
        problems = [_problem("too_long", [], fixable=False,
                             params={"limit": MAX_LENGTH, "count": length})]
        if spans:
            problems.append(_problem("card_number", [], fixable=False))
        return done("unknown", problems)
    units, common, touched = _normalise(text)
    cleaned = "".join(c for c, _ in units)
    if not cleaned:
        return done("empty", [_problem("empty", [], fixable=False)])
    results = [_analyse(units, fmt, touched) for fmt in formats.values()]
    results.sort(key=lambda r: r.rank(text))  # stable: vendor.yml order breaks ties
    best = results[0] if results else None
    if expected_format is not None and results:
        mine = next(r for r in results if r.fmt["id"] == expected_format)
        if mine.fixed or not best.fixed:
            best = mine
    if (best is None or not best.fixed) and len(units) <= _MAX_SCAN:
        found = _embedded_code(units, formats)
        if found == "several":
            return done("license_code", [_problem("several_codes", [], fixable=False)])
        if found is not None:
            fmt, code, start, end = found
            lo, hi = units[start][1], units[end - 1][1]
            inside = []
            for p in common:
                kept = [i for i in p["positions"] if lo <= i <= hi]
                if kept and p["kind"] not in ("leading_space", "trailing_space", "punctuation"):
                    inside.append({**p, "positions": kept})
            extra = [i for i in range(len(text)) if not lo <= i <= hi and not text[i].isspace()]
            problems = [*inside, _problem("extra_text", extra)]
            out["format"], out["product"] = fmt["id"], fmt.get("product")
            if expected_format is None or fmt["id"] == expected_format:
                out["fixed"] = code
            else:
                problems.append(_other_product(vendor, fmt, formats[expected_format]))
            problems.sort(key=lambda p: (p["positions"][:1] or [len(text)], p["kind"]))
            return done("license_code", problems)
    if best is None or not best.fixed:
        if spans:
            positions = [i for s, e in spans for i in range(s, e)
                         if text[i].isdigit() or text[i] == BULLET]
            return done("card_number", [_problem("card_number", positions, fixable=False)])
        if _EMAIL.fullmatch(cleaned):
            return done("email", [_problem("email", [], fixable=False)])
        resellers = _order_resellers(cleaned, vendor)
        if resellers:
            return done("order_number", [_problem(
                "order_number", [], fixable=False,
                params={"resellers": [r.name for r in resellers]},
            )])
        inner = sum(len(p["positions"]) for p in common if p["kind"] == "inner_space")
        if best is None or _far(best, inner):
            examples = [_example(f) for f in formats.values()]
            return done("unknown", [_problem("not_a_code", [], fixable=False,
                                             params={"examples": examples})])

    fmt = best.fmt
    out["format"], out["product"] = fmt["id"], fmt.get("product")
    problems = common + best.problems
    if expected_format is not None and fmt["id"] != expected_format:
        problems.append(_other_product(vendor, fmt, formats[expected_format]))
        out["fixed"] = None
    else:
        out["fixed"] = best.fixed
    out["valid"] = out["fixed"] == text and best.fixed == text
    problems.sort(key=lambda p: (p["positions"][:1] or [len(text)], p["kind"]))
    return done("license_code", problems)


def _other_product(vendor: Vendor, fmt: dict[str, Any], expected: dict[str, Any]):
    return _problem("other_product", [], fixable=False, params={
        "product": _product_name(vendor, fmt),
        "expected_product": _product_name(vendor, expected),
    })


def _embedded_code(units: list[tuple[str, int]], formats: dict[str, Any]):
    """The one valid code written out in full inside longer text, if there is exactly one.

    Returns ``(format, canonical code, first unit, end unit)``, ``"several"`` when
    different codes are pasted together, or None.
    """
    text = "".join(c for c, _ in units)
    hits: dict[str, tuple[dict[str, Any], int, int]] = {}
    for fmt in formats.values():
        size = len(codes.format((fmt.get("prefix") or "") + "X" * codes.body_length(fmt), fmt))
        folded = text if fmt.get("case_sensitive") else text.upper()
        for start in range(0, len(text) - size + 1):
            window = folded[start : start + size]
            if codes.format(window, fmt) == window and codes.is_valid(window, fmt):
                hits.setdefault(window, (fmt, start, start + size))
    if len(hits) > 1:
        return "several"
    if not hits:
        return None
    code, (fmt, start, end) = next(iter(hits.items()))
    return fmt, code, start, end


def _far(res: _Result, inner_spaces: int) -> bool:
    """Too unlike the format to call it a mistyped code."""
    total = codes.body_length(res.fmt)
    if res.prefix_typed or res.shape_partial:
        return res.length_gap > 2 * total
    unsure = sum(len(p["positions"]) for p in res.problems
                 if p["kind"] in ("invalid_char", "lookalike") and not p["_fixable"])
    return res.length_gap > max(3, total // 4) or unsure + inner_spaces > 3


def _product_name(vendor: Vendor, fmt: dict[str, Any]) -> str:
    product = vendor.products.get(fmt.get("product") or "")
    return product.name if product else vendor.formats[fmt["id"]].name
