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

The analysis runs in four steps: normalise the text (spaces, invisible and
full-width characters, other scripts, punctuation around it); read its shape
against each format (separators, prefix, alphabet); repair what a format
allows (look-alikes, the check character, Caps Lock, one extra character);
and, when no format fits, say what else it is (a card, an e-mail address,
an order number, nothing like a code). Problems are :class:`Problem` objects
until the answer is put into the API's dicts.

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
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field, replace
from functools import cached_property
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
_DASH_SEPARATORS = DASHES | {"-"}
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


# --- a problem, and the answer ----------------------------------------------------

Unit = tuple[str, int]
"""A character as the analysis reads it, with its index in the original text."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the text; :meth:`public` is what the API returns.

    ``key`` picks the message (default: the kind; ``plural`` adds ``.one`` or
    ``.many``). ``names`` holds the format's name per language: the message puts
    it where ``params["name"]`` (English) would go. ``severity`` defaults to
    "warning" for what the fix repairs and "error" for the rest.

    >>> p = Problem("inner_space", [7, 3], plural=True)
    >>> p.positions, p.key, p.severity
    ([3, 7], 'inner_space.many', 'warning')
    >>> Problem("empty", [], fixable=False).public("en")["severity"]
    'error'
    """

    kind: str
    positions: list[int]
    params: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    fixable: bool = True
    severity: str = ""
    names: Mapping[str, str] = field(default_factory=dict)
    plural: InitVar[bool] = False

    def __post_init__(self, plural: bool) -> None:
        key = self.key or self.kind
        if plural:
            key += ".one" if len(self.positions) == 1 else ".many"
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "positions", sorted(self.positions))
        if not self.severity:
            object.__setattr__(self, "severity", "warning" if self.fixable else "error")

    def message(self, lang: str) -> str:
        """The problem in words, in ``lang`` (a language of the catalogue)."""
        catalogue = messages()[lang]
        sep = catalogue["list.sep"]
        values: dict[str, Any] = {}
        for name, value in self.params.items():
            values[name] = sep.join(str(v) for v in value) if isinstance(value, list) else value
        values["pos"] = sep.join(str(i + 1) for i in self.positions)
        if lang in self.names:
            values["name"] = self.names[lang]
        return catalogue[self.key].format(**values)

    def public(self, lang: str) -> dict[str, Any]:
        """The JSON-safe dict the page receives."""
        return {
            "kind": self.kind,
            "positions": self.positions,
            "message": self.message(lang),
            "params": self.params,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class _Verdict:
    """What the text is, before it is put into the API's words."""

    kind: str
    problems: list[Problem]
    fmt: dict[str, Any] | None = None
    fixed: str | None = None
    valid: bool = False

    def public(self, display: str, lang: str) -> dict[str, Any]:
        fmt = self.fmt or {}
        return {
            "valid": self.valid,
            "kind": self.kind,
            "format": fmt.get("id"),
            "product": fmt.get("product"),
            "fixed": self.fixed,
            "display": display,
            "problems": [p.public(lang) for p in self.problems],
        }


def _unfixable(kind: str, **params: Any) -> Problem:
    return Problem(kind, [], params, fixable=False)


def _in_order(problems: list[Problem], text: str) -> list[Problem]:
    """Problems in the order of the text (those without a position last)."""
    return sorted(problems, key=lambda p: (p.positions[:1] or [len(text)], p.kind))


# --- 1. normalise: the common, format-independent pass -----------------------------


@dataclass
class _Typed:
    """The text as typed, read once: units (char, index) and what is odd about them."""

    units: list[Unit] = field(default_factory=list)
    spaces: list[int] = field(default_factory=list)
    found: dict[str, list[int]] = field(
        default_factory=lambda: {"line_break": [], "invisible": [], "fullwidth": []})
    scripts: dict[str, list[tuple[int, str, str]]] = field(
        default_factory=lambda: {"cyrillic": [], "greek": []})
    touched: set[int] = field(default_factory=set)  # characters already counted as a slip
    edge: list[int] = field(default_factory=list)


def _normalise(text: str) -> tuple[list[Unit], list[Problem], set[int]]:
    """Units ``(char, original index)`` plus the problems found on the way."""
    typed = _read_characters(text)
    _strip_edges(typed)
    problems = _space_problems(typed)
    for kind in ("line_break", "invisible", "fullwidth"):
        if typed.found[kind]:
            problems.append(Problem(kind, typed.found[kind]))
    for script, hits in typed.scripts.items():
        if hits:
            params = {"script": script, "found": [c for _, c, _ in hits],
                      "expected": [c for _, _, c in hits]}
            problems.append(Problem("homoglyph", [i for i, _, _ in hits],
                                    params, key=f"homoglyph.{script}", plural=True))
    if typed.edge:
        edge = sorted(typed.edge)
        problems.append(Problem("punctuation", edge, {"found": [text[i] for i in edge]}))
    return typed.units, problems, typed.touched


def _read_characters(text: str) -> _Typed:
    typed = _Typed()
    units, found, touched = typed.units, typed.found, typed.touched
    for i, ch in enumerate(text):
        if ch in LINE_BREAKS:
            found["line_break"].append(i)
        elif ch in INVISIBLE:
            found["invisible"].append(i)
        elif ch == IDEOGRAPHIC_SPACE:
            found["fullwidth"].append(i)
        elif ch in SPACES:
            typed.spaces.append(i)
        elif 0xFF01 <= ord(ch) <= 0xFF5E:
            found["fullwidth"].append(i)
            touched.add(i)
            units.append((chr(ord(ch) - 0xFEE0), i))
        elif ch in CYRILLIC or ch in GREEK:
            script, table = ("cyrillic", CYRILLIC) if ch in CYRILLIC else ("greek", GREEK)
            typed.scripts[script].append((i, ch, table[ch]))
            touched.add(i)
            units.append((table[ch], i))
        else:
            units.append((ch, i))
    return typed


def _strip_edges(typed: _Typed) -> None:
    """Drop quotes and punctuation around the code (copied with a sentence)."""
    units = typed.units
    head = 0
    while head < len(units) and units[head][0] in EDGE_PUNCTUATION:
        typed.edge.append(units[head][1])
        head += 1
    tail = len(units)
    while tail > head and units[tail - 1][0] in EDGE_PUNCTUATION:
        tail -= 1
        typed.edge.append(units[tail][1])
    typed.units = units[head:tail]


def _space_problems(typed: _Typed) -> list[Problem]:
    spaces = typed.spaces
    if typed.units:
        first, last = typed.units[0][1], typed.units[-1][1]
        lead = [i for i in spaces if i < first]
        trail = [i for i in spaces if i > last]
        inner = [i for i in spaces if first < i < last]
    else:
        lead, trail, inner = spaces, [], []
    problems = []
    if lead:
        problems.append(Problem("leading_space", lead))
    if trail:
        problems.append(Problem("trailing_space", trail))
    if inner:
        problems.append(Problem("inner_space", inner, plural=True))
    return problems


# --- 2. the shape of one format --------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """One format's rules as the analysis reads them (from :mod:`wizard.codes`)."""

    fmt: dict[str, Any]
    alphabet: str
    prefix: str
    groups: tuple[int, ...]
    case_sensitive: bool
    check: bool
    separators: frozenset[str]  # the separator, and every dash where it is a dash

    @classmethod
    def of(cls, fmt: dict[str, Any]) -> _Rules:
        sep = fmt.get("separator") or ""
        separators = frozenset({sep} if sep else ())
        if sep == "-" or sep in DASHES:
            separators = _DASH_SEPARATORS
        return cls(fmt, codes.alphabet_of(fmt), codes.prefix_of(fmt), tuple(fmt["groups"]),
                   bool(fmt.get("case_sensitive")), codes.has_check(fmt), separators)

    @property
    def sep(self) -> str:
        return self.fmt.get("separator") or ""

    @property
    def total(self) -> int:
        return codes.body_length(self.fmt)

    def named(self, kind: str, positions: list[int], params: dict[str, Any],
              **options: Any) -> Problem:
        """A problem whose message names the format (in the reader's language)."""
        params = {**params, "name": self.fmt["name"]}
        return Problem(kind, positions, params, names=self.fmt.get("names") or {}, **options)


@dataclass(frozen=True)
class _Shape:
    """The units read against one format: prefix, body characters, separators."""

    rules: _Rules
    chars: list[Unit]  # every unit but the separators
    seps: list[tuple[int, int]]  # (characters typed before it, original index)
    prefix_typed: bool
    body: list[Unit]  # the characters after the prefix
    values: list[list[str]]  # what each body character can be
    issues: list[int]  # body indexes outside the alphabet
    unknown: list[int]  # body indexes of characters that are nothing of the alphabet
    bounds: list[int]  # where each typed separator sits, as a body index
    user_groups: list[range]  # the body as the customer grouped it
    problems: list[Problem]

    @property
    def expected_bounds(self) -> set[int]:
        rules, out, acc = self.rules, set(), 0
        if not rules.sep:
            return out
        for size in rules.groups[:-1]:
            acc += size
            out.add(acc)
        if rules.prefix and self.prefix_typed:
            out.add(0)
        return out


def _read_shape(units: list[Unit], rules: _Rules) -> _Shape:
    """Separators, prefix and alphabet of one format, and what breaks them."""
    chars: list[Unit] = []
    seps: list[tuple[int, int]] = []
    dashes: list[int] = []
    separators, sep = rules.separators, rules.sep
    for ch, i in units:
        if ch in separators:
            if ch != sep:
                dashes.append(i)
            seps.append((len(chars), i))
        else:
            chars.append((ch, i))
    problems = []
    if dashes:
        found = [next(c for c, i in units if i == d) for d in dashes]
        problems.append(Problem("dash", dashes, {"found": found, "sep": sep}, plural=True))
    offset, prefix_typed = _read_prefix(chars, rules, problems)
    body = chars[offset:]
    values, issues = _read_alphabet(body, rules)
    unknown = [k for k in issues if not values[k]]
    if unknown:
        problems.append(Problem("invalid_char", [body[k][1] for k in unknown],
                                {"found": [body[k][0] for k in unknown]},
                                plural=True, fixable=False))
    bounds = [b - offset for b, _ in seps]
    return _Shape(rules, chars, seps, prefix_typed, body, values, issues, unknown, bounds,
                  _user_groups(len(body), bounds), problems)


def _read_prefix(chars: list[Unit], rules: _Rules, problems: list[Problem]) -> tuple[int, bool]:
    """(how many of ``chars`` are the prefix, whether it was typed); adds its problem."""
    prefix, plen = rules.prefix, len(rules.prefix)
    if not prefix:
        return 0, False
    typed = "".join(c for c, _ in chars)
    head = typed[:plen] if rules.case_sensitive else typed[:plen].upper()
    if head == prefix:
        return plen, True
    if rules.case_sensitive and head.upper() == prefix.upper():
        slips = [(c, i, p) for (c, i), p in zip(chars[:plen], prefix, strict=False) if c != p]
        problems.append(_case_problem(slips))
        return plen, True
    if len(chars) == rules.total + plen:
        problems.append(rules.named("wrong_prefix", [i for _, i in chars[:plen]],
                                    {"prefix": prefix, "found": typed[:plen]}))
        return plen, False
    problems.append(rules.named("missing_prefix", [chars[0][1]] if chars else [],
                                {"prefix": prefix}))
    return 0, False


def _read_alphabet(body: list[Unit], rules: _Rules) -> tuple[list[list[str]], list[int]]:
    """What each body character can be, and which ones are outside the alphabet."""
    alpha, cs = rules.alphabet, rules.case_sensitive
    values: list[list[str]] = []
    issues: list[int] = []
    for k, (ch, _) in enumerate(body):
        c = ch if cs else ch.upper()
        if c in alpha:
            values.append([c])
        else:
            values.append(_options(ch, alpha, cs))
            issues.append(k)
    return values, issues


def _user_groups(n: int, bounds: list[int]) -> list[range]:
    cuts = sorted({b for b in bounds if 0 < b < n})
    edges = [0, *cuts, n]
    return [range(a, b) for a, b in zip(edges, edges[1:], strict=False)]


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


def _case_problem(slips: list[tuple[str, int, str]], **options: Any) -> Problem:
    """Letters typed in the wrong case: (typed, index, meant) each."""
    params = {"found": [c for c, _, _ in slips], "expected": [p for _, _, p in slips]}
    options.setdefault("plural", "key" not in options)
    return Problem("wrong_case", [i for _, i, _ in slips], params, **options)


def _report_options(shape: _Shape, out: list[Problem], fixable: bool,
                    chosen: dict[int, str] | None = None) -> None:
    """Problems for characters outside the alphabet that have look-alike options."""
    chosen = chosen or {}
    case_hits, look_hits, ambiguous = [], [], []
    body, values = shape.body, shape.values
    for k in shape.issues:
        ch, i = body[k]
        if not values[k]:
            continue
        pick = chosen.get(k) or (values[k][0] if len(values[k]) == 1 else None)
        if pick is None:
            ambiguous.append(k)
        elif pick == ch.swapcase():
            case_hits.append((ch, i, pick))
        else:
            look_hits.append((i, ch, pick))
    if case_hits:  # a case slip stays a warning even when it cannot be fixed
        out.append(_case_problem(case_hits, fixable=fixable, severity="warning"))
    if look_hits:
        params = {"found": [c for _, c, _ in look_hits], "expected": [p for _, _, p in look_hits]}
        out.append(Problem("lookalike", [i for i, _, _ in look_hits], params,
                           plural=True, fixable=fixable))
    for k in ambiguous:
        ch, i = body[k]
        out.append(Problem("lookalike", [i], {"found": [ch], "options": values[k]},
                           key="lookalike.ambiguous", fixable=False))


# --- 3. repair -----------------------------------------------------------------------


@dataclass
class _Result:
    """The analysis of the units against one format."""

    rules: _Rules
    problems: list[Problem]
    fixed: str | None = None
    length_gap: int = 0
    prefix_typed: bool = False
    shape_match: bool = False
    shape_partial: bool = False
    unknown_chars: int = 0

    def rank(self, text: str) -> tuple[int, ...]:
        status = 0 if self.fixed == text else 1 if self.fixed else 2
        hard = sum(1 for p in self.problems if not p.fixable)
        return (status, -int(self.prefix_typed), self.length_gap, -int(self.shape_match), hard,
                self.unknown_chars)


@dataclass
class _Repair:
    """Look-alike and check-character repairs tried on a body of the right length."""

    problems: list[Problem] = field(default_factory=list)
    ambiguous: bool = False  # several repairs fit the check character


def _analyse(units: list[Unit], rules: _Rules, touched: set[int]) -> _Result:
    shape = _read_shape(units, rules)
    sizes = [len(g) for g in shape.user_groups]
    groups = list(rules.groups)
    res = _Result(rules, list(shape.problems), length_gap=abs(len(shape.body) - rules.total),
                  prefix_typed=shape.prefix_typed, shape_match=sizes == groups,
                  shape_partial=len(sizes) >= 2 and sizes == groups[: len(sizes)],
                  unknown_chars=len(shape.unknown))
    if len(shape.body) != rules.total:
        _repair_length(shape, res)
    elif shape.unknown:
        _report_options(shape, res.problems, fixable=False)
    else:
        _repair(shape, res)
    if not rules.case_sensitive:
        lower = [i for c, i in shape.chars if "a" <= c <= "z" and i not in touched]
        if lower:
            res.problems.append(Problem("lowercase", lower, severity="info"))
    if any(not p.fixable for p in res.problems):
        res.fixed = None
    return res


def _repair(shape: _Shape, res: _Result) -> None:
    """A body of the right length: repair characters and the check, check separators."""
    rules = shape.rules
    attempt = _Repair()
    resolved = _resolve(shape, attempt)
    caps_lock = False
    if resolved is None and rules.case_sensitive and rules.check and not attempt.ambiguous:
        resolved = _caps_lock(shape.body, res)
        caps_lock = resolved is not None
    # Every character the repair changes is named, whatever the shape's own
    # problems (a wrong dash and an O for a 0 are both explained); when Caps
    # Lock explains the whole code, the per-letter guesses are not shown.
    if not caps_lock:
        res.problems += attempt.problems
    res.problems += _separator_problems(shape)
    if resolved is not None:
        candidate = rules.prefix + "".join(resolved)
        if codes.is_valid(candidate, rules.fmt) or not rules.check:
            res.fixed = codes.format(candidate, rules.fmt)


def _resolve(shape: _Shape, out: _Repair) -> list[str] | None:
    """Pick look-alike replacements and repair the check character; None if unsure."""
    rules, values, issues = shape.rules, shape.values, shape.issues
    combos = 1
    for k in issues:
        combos *= len(values[k])
    if combos > _MAX_COMBINATIONS:
        _report_options(shape, out.problems, fixable=False)
        return None
    current = [v[0] for v in values]
    if not issues:
        if not rules.check or codes.checksum_ok("".join(current), rules.fmt):
            return current
        return _repair_checksum(shape.body, current, rules, out)
    passing = []
    for combo in _product(*[values[k] for k in issues]):
        text = list(current)
        for k, c in zip(issues, combo, strict=True):
            text[k] = c
        if not rules.check or codes.checksum_ok("".join(text), rules.fmt):
            passing.append(text)
    if len(passing) == 1 or (not rules.check and combos == 1):
        chosen = {k: passing[0][k] for k in issues}
        _report_options(shape, out.problems, fixable=True, chosen=chosen)
        return passing[0]
    out.ambiguous = len(passing) > 1
    _report_options(shape, out.problems, fixable=False)
    if rules.case_sensitive and _one_case(shape.body):
        out.problems.append(_all_case(shape.body))
    elif not passing and combos == 1:
        out.problems.append(rules.named("checksum", [], {}, fixable=False))
    return None


def _one_case(body: list[Unit]) -> bool:
    text = "".join(c for c, _ in body)
    letters = sum(c.isalpha() for c in text)
    return letters >= max(4, len(text) // 3) and text in (text.upper(), text.lower())


def _all_case(body: list[Unit]) -> Problem:
    return Problem("wrong_case", [i for c, i in body if c.isalpha()], key="wrong_case.all",
                   fixable=False)


def _caps_lock(body: list[Unit], res: _Result) -> list[str] | None:
    """The whole code typed with inverted case (Caps Lock): swap it back."""
    swapped = "".join(c.swapcase() for c, _ in body)
    rules = res.rules
    if not all(c in rules.alphabet for c in swapped) or not codes.checksum_ok(swapped, rules.fmt):
        return None
    slips = [(c, i, s) for (c, i), s in zip(body, swapped, strict=True) if c != s]
    res.problems.append(_case_problem(slips, key="wrong_case.inverted"))
    return list(swapped)


def _repair_checksum(body: list[Unit], current: list[str], rules: _Rules,
                     out: _Repair) -> list[str] | None:
    """One look-alike or case swap that makes the check character fit, if only one does."""
    fixes = []
    for k, c in enumerate(current):
        for sub in _substitutions(c, rules.alphabet, rules.case_sensitive):
            trial = current[:k] + [sub] + current[k + 1 :]
            if codes.checksum_ok("".join(trial), rules.fmt):
                fixes.append((k, sub, trial))
    out.ambiguous = len(fixes) > 1
    if len(fixes) == 1:
        k, sub, trial = fixes[0]
        ch, i = body[k]
        if rules.case_sensitive and sub == ch.swapcase():
            out.problems.append(_case_problem([(ch, i, sub)]))
        else:
            out.problems.append(rules.named("checksum", [i], {"found": ch, "expected": sub},
                                            key="checksum.fix"))
        return trial
    # No single slip explains it (each one would be among the fixes): then a
    # code in one case is most likely typed with Caps Lock.
    if not fixes and rules.case_sensitive and _one_case(body):
        out.problems.append(_all_case(body))
    else:
        out.problems.append(rules.named("checksum", [], {}, fixable=False))
    return None


def _separator_problems(shape: _Shape) -> list[Problem]:
    """Separators that are missing or out of place (the length is right)."""
    sep = shape.rules.sep
    if not sep:
        return []
    expected, seen, misplaced = shape.expected_bounds, set(), []
    for b, (_, i) in zip(shape.bounds, shape.seps, strict=True):
        if b in expected and b not in seen:
            seen.add(b)
        else:
            misplaced.append(i)
    missing = sorted(expected - seen)
    out = []
    if not shape.seps and expected:
        out.append(Problem("missing_separator", [], {"sep": sep}, key="missing_separator.all",
                           severity="info"))
    elif missing:
        out.append(Problem("missing_separator", [shape.body[b][1] for b in missing],
                           {"sep": sep}, plural=True))
    if misplaced:
        out.append(Problem("misplaced_separator", misplaced, {"sep": sep}, plural=True))
    return out


def _repair_length(shape: _Shape, res: _Result) -> None:
    """Too few or too many characters: drop one extra the check pins down, else say where."""
    if _drop_extra(shape, res):
        return
    _report_options(shape, res.problems, fixable=False)
    groups, user_groups = shape.rules.groups, shape.user_groups
    body = shape.body
    if len(user_groups) == len(groups) and len(groups) > 1:
        for g, (span, size) in enumerate(zip(user_groups, groups, strict=True), start=1):
            if len(span) != size:
                kind = "missing_chars" if len(span) < size else "extra_chars"
                params = {"group": g, "found": len(span), "expected": size}
                res.problems.append(Problem(kind, [body[k][1] for k in span], params,
                                            key=f"{kind}.group", fixable=False))
        if any(p.kind in ("missing_chars", "extra_chars") for p in res.problems):
            return
    n, total = len(body), shape.rules.total
    res.problems.append(_unfixable("missing_chars" if n < total else "extra_chars",
                                   found=n, expected=total))


def _drop_extra(shape: _Shape, res: _Result) -> bool:
    """One extra character that the check character pins down: remove it."""
    rules, body, values = shape.rules, shape.body, shape.values
    n = len(body)
    if n != rules.total + 1 or shape.unknown or any(len(values[k]) != 1 for k in shape.issues):
        return False
    flat = [v[0] for v in values]
    where: range | list[int] = range(n)
    long = [g for g, size in zip(shape.user_groups, rules.groups, strict=False) if len(g) > size]
    if len(shape.user_groups) == len(rules.groups) and len(long) == 1:
        where = long[0]
    results: dict[str, int] = {}
    for k in where:
        trial = "".join(flat[:k] + flat[k + 1 :])
        if codes.is_valid(rules.prefix + trial, rules.fmt):
            results.setdefault(trial, k)
    if len(results) != 1:
        return False
    trial, k = next(iter(results.items()))
    _report_options(shape, res.problems, fixable=True)
    res.problems.append(Problem("extra_chars", [body[k][1]],
                                {"found": body[k][0], "expected": rules.total, "count": n},
                                key="extra_chars.fix"))
    res.fixed = codes.format(rules.prefix + trial, rules.fmt)
    return True


# --- 4. not a code: what else it could be --------------------------------------------


@dataclass(frozen=True)
class _Input:
    """The text (cards blanked) and what every step reads from it."""

    text: str
    cards: list[tuple[int, int]]  # spans of card numbers, blanked in ``text``
    vendor: Vendor
    expected: str | None
    units: list[Unit]
    common: list[Problem]  # the format-independent problems
    touched: set[int]

    @classmethod
    def read(cls, text: str, cards: list[tuple[int, int]], vendor: Vendor,
             expected: str | None) -> _Input:
        units, common, touched = _normalise(text)
        return cls(text, cards, vendor, expected, units, common, touched)

    @property
    def cleaned(self) -> str:
        return "".join(c for c, _ in self.units)

    @cached_property
    def formats(self) -> dict[str, Any]:
        """Each format's spec (``vendor.yml``'s fields, defaults applied), by id."""
        return {fid: fmt.spec for fid, fmt in self.vendor.formats.items()}


def _not_a_code(inp: _Input, best: _Result | None) -> _Verdict | None:
    """A card, an e-mail, an order number, or nothing like a code; None: a mistyped code."""
    if inp.cards:
        positions = [i for s, e in inp.cards for i in range(s, e)
                     if inp.text[i].isdigit() or inp.text[i] == BULLET]
        return _Verdict("card_number", [Problem("card_number", positions, fixable=False)])
    if _EMAIL.fullmatch(inp.cleaned):
        return _Verdict("email", [_unfixable("email")])
    resellers = _order_resellers(inp.cleaned, inp.vendor)
    if resellers:
        names = [r.name for r in resellers]
        return _Verdict("order_number", [_unfixable("order_number", resellers=names)])
    inner = sum(len(p.positions) for p in inp.common if p.kind == "inner_space")
    if best is None or _far(best, inner):
        examples = [_example(f) for f in inp.formats.values()]
        return _Verdict("unknown", [_unfixable("not_a_code", examples=examples)])
    return None


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


def _far(res: _Result, inner_spaces: int) -> bool:
    """Too unlike the format to call it a mistyped code."""
    total = res.rules.total
    if res.prefix_typed or res.shape_partial:
        return res.length_gap > 2 * total
    unsure = sum(len(p.positions) for p in res.problems
                 if p.kind in ("invalid_char", "lookalike") and not p.fixable)
    return res.length_gap > max(3, total // 4) or unsure + inner_spaces > 3


def _example(fmt: dict[str, Any]) -> str:
    """The format's shape with X for every character: ``FP-XXXXX-XXXXX``."""
    return codes.format((fmt.get("prefix") or "") + "X" * codes.body_length(fmt), fmt)


def _embedded(inp: _Input) -> _Verdict | None:
    """One valid code written out in full inside longer text, or several different ones."""
    if len(inp.units) > _MAX_SCAN:
        return None
    found = _embedded_code(inp.units, inp.formats)
    if found is None:
        return None
    if found == "several":
        return _Verdict("license_code", [_unfixable("several_codes")])
    fmt, code, start, end = found
    lo, hi = inp.units[start][1], inp.units[end - 1][1]
    inside = []
    for p in inp.common:
        kept = [i for i in p.positions if lo <= i <= hi]
        if kept and p.kind not in ("leading_space", "trailing_space", "punctuation"):
            inside.append(replace(p, positions=kept))
    text = inp.text
    extra = [i for i in range(len(text)) if not lo <= i <= hi and not text[i].isspace()]
    problems = [*inside, Problem("extra_text", extra)]
    fixed: str | None = code
    if inp.expected is not None and fmt["id"] != inp.expected:
        problems.append(_other_product(inp, fmt))
        fixed = None
    return _Verdict("license_code", _in_order(problems, text), fmt, fixed)


def _embedded_code(units: list[Unit], formats: dict[str, Any]) -> Any:
    """The one valid code written out in full inside longer text, if there is exactly one.

    Returns ``(format, canonical code, first unit, end unit)``, ``"several"`` when
    different codes are pasted together, or None.
    """
    text = "".join(c for c, _ in units)
    hits: dict[str, tuple[dict[str, Any], int, int]] = {}
    for fmt in formats.values():
        size = len(_example(fmt))
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


def _other_product(inp: _Input, fmt: dict[str, Any]) -> Problem:
    expected = inp.formats[inp.expected]
    return _unfixable("other_product", product=_product_name(inp.vendor, fmt),
                      expected_product=_product_name(inp.vendor, expected))


def _product_name(vendor: Vendor, fmt: dict[str, Any]) -> str:
    product = vendor.products.get(fmt.get("product") or "")
    return product.name if product else vendor.formats[fmt["id"]].name


# --- the entry point ------------------------------------------------------------


def check_code(
    text: str,
    vendor: Vendor | dict[str, Any],
    lang: str = "en",
    expected_format: str | None = None,
) -> dict[str, Any]:
    """Diagnose ``text`` as a license code of one of the vendor's formats.

    ``vendor`` is a :class:`~wizard.vendor.Vendor` or data it is made from
    (:meth:`~wizard.vendor.Vendor.from_data`). Returns
    ``{"valid", "kind", "format", "product", "fixed", "display", "problems"}``;
    see the module docstring. Never echoes a card number.
    """
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if lang not in messages():
        lang = "en"
    vendor = Vendor.from_data(vendor)
    if expected_format is not None and expected_format not in vendor.formats:
        raise ValueError(f"unknown format {expected_format!r}")
    display, verdict = _diagnose(text, vendor, expected_format)
    return verdict.public(display, lang)


def _diagnose(text: str, vendor: Vendor, expected: str | None) -> tuple[str, _Verdict]:
    """(the text as shown back, the verdict). Everything after this sees the text
    with card digits blanked (same length, so positions still hold): nothing it
    answers can echo a card number."""
    exempt = known_numbers(vendor)
    if len(text) > MAX_LENGTH:
        # Only the start is shown back; blank it with room for a whole card
        # (19 digits and their separators) across the cut, then cut.
        spans, shown = find_and_blank(text[: MAX_LENGTH + 100], exempt)
        problems = [_unfixable("too_long", limit=MAX_LENGTH, count=len(text))]
        if spans:
            problems.append(_unfixable("card_number"))
        return shown[:MAX_LENGTH] + "…", _Verdict("unknown", problems)
    spans, shown = find_and_blank(text, exempt)
    return shown, _judge(_Input.read(shown, spans, vendor, expected))


def _judge(inp: _Input) -> _Verdict:
    """Normalise, read against every format, repair; else say what else it is."""
    if not inp.cleaned:
        return _Verdict("empty", [_unfixable("empty")])
    best = _best_format(inp)
    if best is None or not best.fixed:
        verdict = _embedded(inp) or _not_a_code(inp, best)
        if verdict is not None:
            return verdict
    assert best is not None  # _not_a_code answers when there is no format
    fmt, fixed = best.rules.fmt, best.fixed
    problems = inp.common + best.problems
    if inp.expected is not None and fmt["id"] != inp.expected:
        problems.append(_other_product(inp, fmt))
        fixed = None
    return _Verdict("license_code", _in_order(problems, inp.text), fmt, fixed,
                    valid=fixed == inp.text)


def _best_format(inp: _Input) -> _Result | None:
    """The format the text is most likely meant to be (the expected one if it fits)."""
    results = [_analyse(inp.units, _Rules.of(fmt), inp.touched) for fmt in inp.formats.values()]
    results.sort(key=lambda r: r.rank(inp.text))  # stable: vendor.yml order breaks ties
    best = results[0] if results else None
    if inp.expected is not None and best is not None:
        mine = next(r for r in results if r.rules.fmt["id"] == inp.expected)
        if mine.fixed or not best.fixed:
            best = mine
    return best
