"""License-code formats as data, checked the python-stdnum way.

A format is one entry of ``formats:`` in ``vendor.yml``: an optional
``prefix``, then ``groups`` of characters from ``alphabet`` joined by
``separator``. With ``check: luhn_mod_n`` the LAST character of the code is
a Luhn mod N check character (N = the alphabet's size) computed over every
preceding code character, the prefix excluded. The canonical form is the
prefix, the separator, then the groups joined by the separator, in upper
case unless the format is case-sensitive. :func:`compact` also accepts the
prefix written without its separator.

>>> fmt = {"id": "demo", "name": "Demo code", "product": "demo", "prefix": "DM",
...        "alphabet": "0123456789ABCDEFGHJKMNPQRSTVWXYZ", "groups": [4, 4],
...        "separator": "-", "case_sensitive": False, "check": "luhn_mod_n"}
>>> compact(" dm-1234 567m ", fmt)
'DM1234567M'
>>> format("dm1234567m", fmt)
'DM-1234-567M'
>>> validate("DM-1234-567M", fmt)
'DM1234567M'
>>> is_valid("DM-1234-5670", fmt)
False
>>> validate("DM-1234-5670", fmt)
Traceback (most recent call last):
    ...
wizard.codes.InvalidChecksum: the check character does not match
>>> validate("DM-1234-567", fmt)
Traceback (most recent call last):
    ...
wizard.codes.InvalidLength: expected 8 characters after the prefix, got 7
>>> validate("XX-1234-567M", fmt)
Traceback (most recent call last):
    ...
wizard.codes.InvalidComponent: the code must start with 'DM'
>>> calc_check_char("1234567", fmt["alphabet"])
'M'
>>> import random
>>> is_valid(generate(fmt, random.Random(4)), fmt)
True
"""

from __future__ import annotations

import random as _random
from typing import Any

Format = dict[str, Any]

__all__ = [
    "ValidationError",
    "InvalidFormat",
    "InvalidLength",
    "InvalidChecksum",
    "InvalidComponent",
    "compact",
    "validate",
    "is_valid",
    "format",
    "generate",
    "calc_check_char",
    "checksum_ok",
    "body_length",
    "alphabet_of",
    "prefix_of",
    "has_check",
]


class ValidationError(ValueError):
    """The text is not a valid code of the format; subclasses say why."""


class InvalidFormat(ValidationError):
    """A character outside the format's alphabet."""


class InvalidLength(ValidationError):
    """Too few or too many characters."""


class InvalidChecksum(ValidationError):
    """The check character does not match."""


class InvalidComponent(ValidationError):
    """A fixed part of the code (the prefix) is wrong."""


# --- the rules of a format, stated once (wizard.diagnose reads them here too) ---


def alphabet_of(fmt: Format) -> str:
    """The characters a code may hold: upper case unless the format is case-sensitive.

    >>> alphabet_of({"alphabet": "abc"}), alphabet_of({"alphabet": "abC", "case_sensitive": True})
    ('ABC', 'abC')
    """
    alphabet = fmt["alphabet"]
    return alphabet if fmt.get("case_sensitive") else alphabet.upper()


def prefix_of(fmt: Format) -> str:
    """The prefix every code starts with, as the canonical form writes it ("" for none).

    >>> prefix_of({"prefix": "dm"}), prefix_of({"prefix": "dm", "case_sensitive": True}), prefix_of({})
    ('DM', 'dm', '')
    """
    prefix = fmt.get("prefix") or ""
    return prefix if fmt.get("case_sensitive") else prefix.upper()


def has_check(fmt: Format) -> bool:
    """True when the last character of a code is a check character.

    >>> has_check({"check": "luhn_mod_n"}), has_check({"check": "none"}), has_check({})
    (True, False, False)
    """
    return fmt.get("check") not in (None, "", "none")


def body_length(fmt: Format) -> int:
    """Number of code characters after the prefix (the sum of ``groups``)."""
    return sum(fmt["groups"])


def luhn_checksum(chars: str, alphabet: str) -> int:
    """Luhn mod N sum of ``chars``; 0 means a valid sequence."""
    n = len(alphabet)
    values = [alphabet.index(c) for c in reversed(chars)]
    total = sum(values[::2]) + sum(sum(divmod(v * 2, n)) for v in values[1::2])
    return total % n


def calc_check_char(chars: str, alphabet: str) -> str:
    """The check character that makes ``chars`` + it a valid Luhn mod N sequence."""
    return alphabet[-luhn_checksum(chars + alphabet[0], alphabet)]


def checksum_ok(body: str, fmt: Format) -> bool:
    """True when the body (prefix stripped, alphabet-only) passes the format's check."""
    if not has_check(fmt):
        return True
    if fmt["check"] != "luhn_mod_n":
        raise ValueError(f"unknown check {fmt['check']!r} in format {fmt.get('id')!r}")
    return luhn_checksum(body, alphabet_of(fmt)) == 0


def compact(text: str, fmt: Format) -> str:
    """The code without whitespace and separators, upper-cased if not case-sensitive."""
    sep = fmt.get("separator") or ""
    out = "".join(text.split())
    if sep:
        out = out.replace(sep, "")
    return out if fmt.get("case_sensitive") else out.upper()


def _split_prefix(code: str, fmt: Format) -> str:
    prefix = prefix_of(fmt)
    if not code.startswith(prefix):
        raise InvalidComponent(f"the code must start with {prefix!r}")
    return code[len(prefix) :]


def validate(text: str, fmt: Format) -> str:
    """Check ``text`` against ``fmt``; return the compact code or raise a ValidationError."""
    code = compact(text, fmt)
    body = _split_prefix(code, fmt)
    alphabet = alphabet_of(fmt)
    for i, char in enumerate(body):
        if char not in alphabet:
            raise InvalidFormat(f"character {char!r} at {i + 1} is not in the alphabet")
    if len(body) != body_length(fmt):
        raise InvalidLength(
            f"expected {body_length(fmt)} characters after the prefix, got {len(body)}"
        )
    if not checksum_ok(body, fmt):
        raise InvalidChecksum("the check character does not match")
    return code


def is_valid(text: str, fmt: Format) -> bool:
    """True when ``text`` is a valid code of ``fmt`` (in any spacing or case it accepts)."""
    try:
        validate(text, fmt)
    except ValidationError:
        return False
    return True


def format(text: str, fmt: Format) -> str:  # noqa: A001 - the stdnum name
    """The canonical form: prefix, separator, groups joined by the separator.

    Only regroups; it does not validate (like ``stdnum``'s ``format``).
    """
    code = compact(text, fmt)
    prefix = prefix_of(fmt)
    body = code[len(prefix) :] if prefix and code.startswith(prefix) else code
    parts, start = [], 0
    for size in fmt["groups"]:
        parts.append(body[start : start + size])
        start += size
    if body[start:]:
        parts.append(body[start:])
    sep = fmt.get("separator") or ""
    return sep.join(([prefix] if prefix else []) + [p for p in parts if p])


def generate(fmt: Format, rng: _random.Random | None = None) -> str:
    """A valid demo code in canonical form (use a seeded ``rng`` for repeatable output)."""
    rng = rng or _random.Random()
    alphabet = alphabet_of(fmt)
    size = body_length(fmt)
    if not has_check(fmt):
        body = "".join(rng.choice(alphabet) for _ in range(size))
    else:
        head = "".join(rng.choice(alphabet) for _ in range(size - 1))
        body = head + calc_check_char(head, alphabet)
    return format((fmt.get("prefix") or "") + body, fmt)
