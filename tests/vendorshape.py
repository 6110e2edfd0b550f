"""``vendor.yml`` keyed by id, the dict shape older tests index into.

Product code reads :class:`wizard.vendor.Vendor`; ``Vendor.from_data`` still
accepts this shape, and these tests check that it does.
"""

from __future__ import annotations

from typing import Any


def by_id(vendor: dict[str, Any]) -> dict[str, Any]:
    """The raw config with ``products``, ``formats`` and ``resellers`` keyed by id.

    >>> by_id({"products": [{"id": "a", "name": "A"}]})["products"]["a"]["name"]
    'A'
    """
    out = dict(vendor)
    for key in ("products", "formats", "resellers"):
        out[key] = {item["id"]: item for item in vendor.get(key) or []}
    return out
