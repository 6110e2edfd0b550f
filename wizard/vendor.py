"""The vendor configuration (``vendor.yml``) as plain data.

The file is parsed with PyYAML in CPython (site build, CLI, tests). In the
browser the site build hands the same data over as JSON, so nothing here
needs YAML at run time.

>>> v = by_id({"products": [{"id": "a", "name": "A"}], "formats": [], "resellers": []})
>>> v["products"]["a"]["name"]
'A'
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ru", "zh")
"""Languages every customer-facing string must exist in."""

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_vendor_path() -> Path:
    """``$KEYGUIDE_VENDOR`` if set, else ``vendor.yml`` at the repository root."""
    env = os.environ.get("KEYGUIDE_VENDOR")
    return Path(env) if env else REPO_ROOT / "vendor.yml"


def load_vendor(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read ``vendor.yml`` into plain dicts and lists (CPython only)."""
    import yaml  # deferred: not available (nor needed) in the browser

    file = Path(path) if path else default_vendor_path()
    with open(file, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping at the top level")
    return data


LOCALIZED = {"name": "names", "email_subject": "email_subjects"}
"""Fields a vendor may give per language, and the key holding the translations."""


def local_text(item: dict[str, Any], key: str, lang: str) -> str:
    """``item[key]`` in ``lang``: its entry under ``names``/``email_subjects`` if
    there is one, else the value as written (English, or what the customer sees).

    >>> fmt = {"name": "Fernpad license code", "names": {"zh": "Fernpad 注册码"}}
    >>> local_text(fmt, "name", "zh"), local_text(fmt, "name", "ru")
    ('Fernpad 注册码', 'Fernpad license code')
    """
    translations = item.get(LOCALIZED.get(key, "")) or {}
    return str(translations.get(lang) or item.get(key) or "")


def by_id(vendor: dict[str, Any]) -> dict[str, Any]:
    """The config with ``products``, ``formats`` and ``resellers`` keyed by id."""
    out = dict(vendor)
    for key in ("products", "formats", "resellers"):
        out[key] = {item["id"]: item for item in vendor.get(key) or []}
    return out
