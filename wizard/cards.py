"""Payment-card numbers: find them in free text and mask them.

A customer sometimes pastes a card number where a license code or an order
number belongs, in any shape: grouped by spaces of every kind, dots,
hyphens, slashes or line breaks, in full-width digits, glued to a word,
after a reference number, with the security code or expiry date after it.
It must never be echoed whole: at most its last four digits.

Every run of 13 to 19 digits that passes the Luhn check, wherever it starts
and ends inside a longer group of digits, counts as a card: masking a
reference number by mistake is better than letting a card through. One pass
over the text, then a constant amount of work per digit (Luhn sums of all
windows from prefix sums), so a long paste costs linear time.

>>> luhn_ok("4111 1111 1111 1111")
True
>>> mask_cards("card 4111-1111-1111-1111, thanks")
'card •••• •••• •••• 1111, thanks'
>>> mask_cards("ref 99 4111\\u00a01111.1111 1111 exp 12/27")
'ref •••• •••• •••• 1111 exp 12/27'
>>> mask_cards("my card 4111 1111 1111 1111 12/27 was charged")
'my card •••• •••• •••• •••• was charged'
>>> blank_cards("x4111 1111 1111 1111y")
'x•••• •••• •••• 1111y'
>>> blank_cards("４１１１１１１１１１１１１１１１")
'••••••••••••１１１１'
>>> find_cards("order 123456789")
[]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from wizard.vendor import Vendor

MIN_DIGITS = 13
MAX_DIGITS = 19
MAX_GAP = 4
"""Most separator characters allowed between two digits of one number."""

BULLET = "•"
_SEPARATOR_CHARS = frozenset(".,/\\_·:;+*'\"()[]~\u2024\u2027\u30fb\uff0e\uff0c\uff0f\uff3c\uff3f\uff1a")

Exempt = Callable[[str, int, int], bool]
"""``exempt(text, start, end)``: True when ``text[start:end]`` (a group of
digits and separators) is a known non-card, such as a valid license code."""


def _digit(ch: str) -> int:
    """The value of a decimal digit of any script (ASCII, full-width...), else -1."""
    if "0" <= ch <= "9":
        return ord(ch) - 48
    if ch < "\u0660":
        return -1
    return unicodedata.decimal(ch, -1)


def _is_separator(ch: str) -> bool:
    if ch in _SEPARATOR_CHARS or ch.isspace():
        return True
    if ch < "\x80":
        return ch == "-"
    category = unicodedata.category(ch)
    return category in ("Pd", "Cf", "Zs", "Zl", "Zp")


def luhn_ok(text: str) -> bool:
    """True when the digits of ``text`` pass the Luhn check (mod 10).

    >>> luhn_ok("4111111111111112"), luhn_ok("")
    (False, False)
    """
    digits = [d for d in map(_digit, text) if d >= 0]
    if not digits:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class _Classes(dict):
    """``str.translate`` table: a digit of any script to its ASCII digit, a
    separator to ``s``, anything else to ``x`` (worked out once per character)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = _digit(ch)
        out = "0123456789"[value] if value >= 0 else "s" if _is_separator(ch) else "x"
        if len(self) < 4096:
            self[code] = out
        return out


_CLASSES = _Classes()
_NOT_DIGIT = re.compile(r"[^0-9]+")
# Digits joined by at most MAX_GAP separators; the two classes are disjoint,
# so matching is linear.
_GROUP = re.compile(rf"[0-9](?:s{{0,{MAX_GAP}}}[0-9])*")


def _groups(text: str) -> Iterator[tuple[list[int], list[int]]]:
    """``(text indexes, values)`` of the digits of each group long enough for a card."""
    classes = text.translate(_CLASSES)
    for match in _GROUP.finditer(classes):
        start, segment = match.start(), match.group()
        if len(segment) - segment.count("s") < MIN_DIGITS:
            continue
        indexes = [start + k for k, c in enumerate(segment) if c != "s"]
        yield indexes, [ord(c) - 48 for c in segment if c != "s"]


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_DIGITS = "0123456789"


def _card_digits(values: list[int]) -> list[bool]:
    """Which digits belong to some Luhn-valid window of 13-19 digits.

    Prefix sums give each window's Luhn sum in O(1); a window ``[start, end)``
    is valid when the prefix sums at both ends agree mod 10, so for each end
    one ``str.find`` over the 7 possible starts gives the first valid one,
    and the union of the valid windows ending there is ``[first, end)``.

    >>> _card_digits([4] + [1] * 15)[:3], _card_digits([4] + [1] * 14)[:1]
    ([True, True, True], [False])
    """
    n = len(values)
    doubled = [_DOUBLED[v] for v in values]
    # Luhn prefix sums mod 10, one string per parity of the doubled digits,
    # so that a whole run of starts is searched in C.
    even_terms, odd_terms = values[:], values[:]
    even_terms[0::2], odd_terms[1::2] = doubled[0::2], doubled[1::2]
    sums = {
        0: "0" + "".join([_DIGITS[x % 10] for x in accumulate(odd_terms)]),
        1: "0" + "".join([_DIGITS[x % 10] for x in accumulate(even_terms)]),
    }
    marks = [0] * (n + 1)  # difference array of covered digits
    for end in range(MIN_DIGITS, n + 1):
        # The last digit (end - 1) is not doubled; the other parity is.
        residues = sums[(end - 1) & 1]
        low = end - MAX_DIGITS if end > MAX_DIGITS else 0
        first = residues.find(residues[end], low, end - MIN_DIGITS + 1)
        if first >= 0:
            marks[first] += 1
            marks[end] -= 1
    covered = [depth > 0 for depth in accumulate(marks[:n])]
    return covered


def _regions(text: str, exempt: Exempt | None) -> list[list[int]]:
    """Card regions, each the text indexes of its digits, in order."""
    regions = []
    for group, values in _groups(text):
        if exempt is not None and exempt(text, group[0], group[-1] + 1):
            continue
        covered = _card_digits(values)
        current: list[int] = []
        for index, inside in zip(group, covered, strict=True):
            if inside:
                current.append(index)
            elif current:
                regions.append(current)
                current = []
        if current:
            regions.append(current)
    return regions


def find_cards(text: str, exempt: Exempt | None = None) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of likely card numbers (13-19 digits, Luhn valid).

    >>> find_cards("pay 4111 1111 1111 1111 now")
    [(4, 23)]
    """
    return [(r[0], r[-1] + 1) for r in _regions(text, exempt)]


def mask(number: str) -> str:
    """``•••• •••• •••• 1234``: the last four digits only, none when the run
    is longer than a card (the expiry or security code may have joined it).

    >>> mask("4111-1111-1111-1111"), mask("4111 1111 1111 1111 12/27")
    ('•••• •••• •••• 1111', '•••• •••• •••• ••••')
    """
    digits = _NOT_DIGIT.sub("", number.translate(_CLASSES))
    last = digits[-4:] if len(digits) <= MAX_DIGITS else BULLET * 4
    return "•••• •••• •••• " + last


def mask_cards(text: str, exempt: Exempt | None = None) -> str:
    """``text`` with every likely card number replaced by :func:`mask`."""
    for start, end in reversed(find_cards(text, exempt)):
        text = text[:start] + mask(text[start:end]) + text[end:]
    return text


def blank_cards(text: str, exempt: Exempt | None = None) -> str:
    """``text`` with each card digit but the last four of a number turned into
    ``•``: the same length, so positions into the text still hold."""
    return find_and_blank(text, exempt)[1]


def find_and_blank(text: str, exempt: Exempt | None = None) -> tuple[list[tuple[int, int]], str]:
    """:func:`find_cards` and :func:`blank_cards` in one pass."""
    regions = _regions(text, exempt)
    chars = list(text)
    for region in regions:
        for index in region[:-4] if len(region) <= MAX_DIGITS else region:
            chars[index] = BULLET
    return [(r[0], r[-1] + 1) for r in regions], "".join(chars)


def known_numbers(vendor: Vendor) -> Exempt:
    """An :data:`Exempt` for the vendor's own numbers: a group of digits that,
    with the letters glued to it, is laid out like a license code (see
    :func:`_code_shaped`: a mistyped one still counts, so the checker can
    point at the mistake), or that is a reseller's order number as a whole
    (unless the whole of it is a Luhn-valid 13-19 digit number).

    >>> fmt = {"id": "mw", "prefix": "MW", "alphabet": "0123456789",
    ...        "groups": [4, 4, 4, 4], "separator": "-", "check": "luhn_mod_n"}
    >>> keep = known_numbers(Vendor.from_data({"formats": [fmt]}))
    >>> mask_cards("MW-4111-1111-1111-1111", keep), mask_cards("4111-1111-1111-1111", keep)
    ('MW-4111-1111-1111-1111', '•••• •••• •••• 1111')
    """

    vendor = Vendor.from_data(vendor)
    formats = [fmt.spec for fmt in vendor.formats.values()]
    orders = []
    for reseller in vendor.resellers.values():
        for pattern in reseller.order_id_patterns:
            try:
                orders.append(re.compile(pattern))
            except re.error:
                continue

    def order_number(text: str, start: int, end: int) -> bool:
        """An order number of a reseller, and not itself a whole card number."""
        if end - start > 40:
            return False
        # The whole word: an order number is not glued to other letters or digits.
        while start > 0 and end - start < 48 and (text[start - 1].isalnum()
                                                  or text[start - 1] in "#№_"):
            start -= 1
        while end < len(text) and end - start < 48 and text[end].isalnum():
            end += 1
        token = text[start:end]
        digits = sum(1 for ch in token if _digit(ch) >= 0)
        if MIN_DIGITS <= digits <= MAX_DIGITS and luhn_ok(token):
            return False
        return any(p.fullmatch(token.lstrip("#№")) for p in orders)

    def exempt(text: str, start: int, end: int) -> bool:
        if orders and order_number(text, start, end):
            return True
        if not formats:
            return False
        token = _word(text, start, end)
        return any(_code_shaped(token, fmt) for fmt in formats)

    return exempt


def _word(text: str, start: int, end: int) -> str:
    """``text[start:end]`` grown over the letters, digits and non-space
    separators glued to it (at most 32 characters each way)."""

    def glued(ch: str) -> bool:
        return ch.isalnum() or (_is_separator(ch) and not ch.isspace())

    low = start
    while low > 0 and start - low < 32 and glued(text[low - 1]):
        low -= 1
    high = end
    while high < len(text) and high - end < 32 and glued(text[high]):
        high += 1
    return text[low:high]


def _code_shaped(token: str, fmt: dict[str, Any]) -> bool:
    """True when ``token`` is laid out like a code of ``fmt`` (prefix, group
    sizes) and is either valid, or has the prefix, or has a letter and only
    characters of the alphabet: a mistyped code the checker should explain,
    not a card number.

    >>> fmt = {"id": "v", "alphabet": "23456789ABCDEFGHJKLMNPQRSTUVWXYZ",
    ...        "groups": [6, 6, 6], "separator": "-", "check": "luhn_mod_n"}
    >>> _code_shaped("Z22222-222222-222222", fmt), _code_shaped("411111-111111-111111", fmt)
    (True, False)
    >>> _code_shaped("411111 111111 11111x", fmt)
    False

    A mistyped code whose letter became a look-alike digit keeps its groups:

    >>> _code_shaped("222223-222222-222222", fmt), _code_shaped("222223222222222222", fmt)
    (True, False)
    """
    from wizard import codes

    flat = unicodedata.normalize("NFKC", token)
    parts = [p for p in re.split(r"[\W_]+", flat) if p]
    prefix = (fmt.get("prefix") or "").upper()
    if prefix:
        if not parts or not parts[0].upper().startswith(prefix):
            return False
        parts[0] = parts[0][len(prefix) :]
        parts = [p for p in parts if p]
    groups = list(fmt["groups"])
    sizes = [len(p) for p in parts]
    if sizes != groups and sizes != [sum(groups)]:
        return False
    body = "".join(parts)
    if prefix or codes.is_valid(prefix + body, fmt):
        return True
    # No prefix: nothing outside the alphabet (a card number has digits such
    # as 0 and 1 that many alphabets lack), and a letter or the code's own
    # groups (cards are written in fours, or as one run of digits).
    alphabet = fmt["alphabet"] if fmt.get("case_sensitive") else fmt["alphabet"].upper()
    folded = body if fmt.get("case_sensitive") else body.upper()
    in_groups = len(groups) > 1 and sizes == groups and groups != [4] * len(groups)
    return (in_groups or not body.isdigit()) and all(c in alphabet for c in folded)
