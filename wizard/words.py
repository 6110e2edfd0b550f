"""The wizard's words and tables: the JSON files under ``wizard/data/``, read once.

>>> data("routing.json")["handler_kind"]["vendor"]["ru"]
'мы'
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def data(name: str) -> dict[str, Any]:
    """``wizard/data/NAME`` parsed (cached: treat it as read-only)."""
    return json.loads(files("wizard").joinpath("data", name).read_text(encoding="utf-8"))
