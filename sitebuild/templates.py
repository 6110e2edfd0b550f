"""One Jinja environment for the HTML the build makes from Python data.

The partials live under ``overrides/partials/`` next to the theme's own
overrides (``partials/wizard/*.html`` for the wizard pages,
``partials/writers/*.html`` for the writers' desk). Autoescaping is on:
flow strings and vendor values are text, never markup; HTML that another
module already made (a flowchart's SVG) comes in as :class:`markupsafe.Markup`.
A name a template uses but the data lacks fails the build (``StrictUndefined``).
MkDocs copies no ``.html`` file from the theme folder into the site, so the
partials are never published on their own.

>>> html("partials/wizard/vendor-links.html", links=[{"href": "https://s.example/?a=1&b", "text": "<Status>"}])
'<ul class="kg-vendor-links"><li><a href="https://s.example/?a=1&amp;b">&lt;Status&gt;</a></li></ul>'
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
"""The theme's ``custom_dir``: the partials' root."""


@cache
def environment() -> jinja2.Environment:
    """The shared environment (built once)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(OVERRIDES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html(name: str, **context: Any) -> str:
    """Template ``name`` (a path under ``overrides/``) rendered with ``context``."""
    return environment().get_template(name).render(**context)


def strings(table: Mapping[str, Any]) -> SimpleNamespace:
    """A string table for templates: ``ui.copy`` must be the string, not ``dict.copy``.

    >>> ui = strings({"copy": "Copy", "items": "Items"})
    >>> environment().from_string("{{ ui.copy }} {{ ui['items'] }}").render(ui=ui)
    'Copy Items'
    """
    return SimpleNamespace(**table)
