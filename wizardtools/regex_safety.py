"""Refuse regular expressions that can backtrack for ages on customer input.

Vendors write order-number patterns in ``vendor.yml``; the code checker and
the composer run them on whatever a customer pastes. Python's engine
backtracks, so a pattern like ``(a+)+`` or ``(a|a)*`` takes exponential time
on a near-miss. :func:`risk` reports the two shapes behind nearly every
such case:

- a variable-length quantifier inside another quantifier (``(\\d+)+``,
  ``(\\w*-?)*``, ``(x+){1,9}``);
- an alternation under a quantifier whose branches can start with the same
  character or both match nothing (``(x|[a-z]y)+``, ``(a|a)*``), or an
  optional part that can also start the next round (``(\\d\\d?)+``).

CPython only (it reads the pattern with the standard parser).

>>> risk(r"\\d{8,10}") is None, risk(r"[A-Z]{3,8}\\d{6}-\\d{4}-\\d{4,6}") is None
(True, True)
>>> risk(r"(\\d{3}-)+\\d+") is None
True
>>> risk(r"(a+)+$")
'a quantifier inside a quantifier'
>>> risk(r"(a|a)*b")
'an alternation under a quantifier with two ways to match nothing'
>>> risk(r"(x|[a-z]y)+")
"an alternation under a quantifier whose branches can start alike ('x')"
>>> risk(r"(\\d\\d|\\d)+"), risk(r"(\\d{3}-?)+") is None
("an optional part under a quantifier that can also start the next ('0')", True)
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

# Characters a branch may start with are compared on this sample: ASCII,
# common separators and a few letters and digits of other scripts.
SAMPLE = [chr(c) for c in range(32, 127)] + list("\t\n\u00a0éяЖ中٣３")
_CATEGORIES = {
    _c.CATEGORY_DIGIT: re.compile(r"\d"),
    _c.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _c.CATEGORY_SPACE: re.compile(r"\s"),
    _c.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _c.CATEGORY_WORD: re.compile(r"\w"),
    _c.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)


def risk(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None when it looks safe.

    Raises ``re.error`` when the pattern does not compile.
    """
    tree = _parser.parse(pattern)
    return _scan(list(tree), inside_repeat=False)


def _scan(items: list[Any], inside_repeat: bool) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            variable = high != low
            repeats = high is _c.MAXREPEAT or high > 1
            if inside_repeat and variable and repeats:
                return "a quantifier inside a quantifier"
            if repeats:
                body = list(body)
                found = _scan(body, inside_repeat=True) or _branches(body) or _optional(body)
            else:
                found = _scan(list(body), inside_repeat)
            if found:
                return found
        elif op is _c.SUBPATTERN:
            found = _scan(list(av[-1]), inside_repeat)
            if found:
                return found
        elif op is _c.BRANCH:
            for alternative in av[1]:
                found = _scan(list(alternative), inside_repeat)
                if found:
                    return found
        # Atomic groups and possessive quantifiers never backtrack: skip them.
    return None


def _branches(items: list[Any]) -> str | None:
    """An alternation (at any depth of groups) with branches that start alike."""
    for op, av in items:
        if op is _c.SUBPATTERN:
            found = _branches(list(av[-1]))
            if found:
                return found
        elif op is _c.BRANCH:
            if sum(_nullable(list(alt)) for alt in av[1]) > 1:
                return "an alternation under a quantifier with two ways to match nothing"
            firsts = [_first(list(alt)) for alt in av[1]]
            for i, one in enumerate(firsts):
                for other in firsts[i + 1 :]:
                    shared = sorted(one & other)
                    if shared:
                        return ("an alternation under a quantifier whose branches can start"
                                f" alike ({shared[0]!r})")
    return None


def _optional(body: list[Any]) -> str | None:
    """An optional part of a repeated body that can start like what follows it
    (``(aa?)*``: each ``a`` may end one round or begin the next)."""
    while len(body) == 1 and body[0][0] is _c.SUBPATTERN:
        body = list(body[0][1][-1])
    for k, (op, av) in enumerate(body):
        chars, nullable = _first_one(op, av)
        if not nullable or not chars:
            continue
        rest = body[k + 1 :]
        follow = _first(rest) | (_first(body) if _nullable(rest) else set())
        shared = sorted(chars & follow)
        if shared:
            return f"an optional part under a quantifier that can also start the next ({shared[0]!r})"
    return None


def _first(items: list[Any]) -> set[str]:
    """Sample characters a sequence can start with."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_one(op, av)
        out |= chars
        if not nullable:
            break
    return out


def _first_one(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.NOT_LITERAL:
        return {ch for ch in SAMPLE if ch != chr(av)}, False
    if op is _c.ANY:
        return set(SAMPLE), False
    if op is _c.IN:
        return {ch for ch in SAMPLE if _in(ch, av)}, False
    if op is _c.AT:
        return set(), True
    if op is _c.SUBPATTERN:
        body = list(av[-1])
        return _first(body), _nullable(body)
    if op is _c.BRANCH:
        alts = [list(a) for a in av[1]]
        return set().union(*(_first(a) for a in alts)), any(_nullable(a) for a in alts)
    if op in _REPEATS or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        low, _, body = av
        body = list(body)
        return _first(body), low == 0 or _nullable(body)
    return set(SAMPLE), True  # anything else: assume the worst


def _nullable(items: list[Any]) -> bool:
    return all(_first_one(op, av)[1] for op, av in items)


def _in(ch: str, items: list[Any]) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit = hit or ch == chr(av)
        elif op is _c.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is _c.CATEGORY:
            pattern = _CATEGORIES.get(av)
            hit = hit or (pattern is None or bool(pattern.match(ch)))
    return hit != negate
