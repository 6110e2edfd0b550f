"""Payment-card numbers: find them in free text and mask them.

A customer sometimes pastes a card number where a license code or an order
number belongs. It must never be echoed whole: only the last four digits.

>>> luhn_ok("4111 1111 1111 1111")
True
>>> mask_cards("card 4111-1111-1111-1111, thanks")
'card •••• •••• •••• 1111, thanks'
>>> find_cards("order 123456789")
[]
"""

from __future__ import annotations

import re

# 12-19 digits, optionally grouped by single spaces or dashes.
_CANDIDATE = re.compile(r"(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])")


def luhn_ok(text: str) -> bool:
    """True when the digits of ``text`` pass the Luhn check (mod 10)."""
    digits = [int(c) for c in text if c.isdigit()]
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


def find_cards(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of likely card numbers (12-19 digits, Luhn valid)."""
    spans = []
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 12 <= len(digits) <= 19 and luhn_ok(digits):
            spans.append(match.span())
    return spans


def mask(number: str) -> str:
    """``•••• •••• •••• 1234``: the last four digits only."""
    digits = re.sub(r"\D", "", number)
    return "•••• •••• •••• " + digits[-4:]


def mask_cards(text: str) -> str:
    """``text`` with every likely card number masked."""
    for start, end in reversed(find_cards(text)):
        text = text[:start] + mask(text[start:end]) + text[end:]
    return text
