"""Search that loads only what a query needs: a Pagefind index of the built pages.

Material's lunr search downloads the page language's whole index before the
reader types (at 1,000 articles × 3: 2.0-3.35 MB raw, ~330 KB gzipped per
language). Pagefind splits the index into chunks and result fragments and the
browser fetches only the chunks of the words typed and the fragments of the
results shown. It keeps one index per language (from each page's
``<html lang>``): Russian is stemmed, Chinese text is segmented into words
when indexed (the ``pagefind-bin-extended`` binary, from PyPI, offline) and
queries are segmented in the browser.

Material's search box, dialog, keyboard handling and result list stay as they
are: only the worker behind them changes. ``assets/kg-search-worker.js`` speaks
Material's worker protocol and asks Pagefind (``pagefind/pagefind.js``,
imported when the reader presses or focuses the search box, see
``assets/kg-search-warm.js``, or else on the first query) instead of lunr; each page's search base points
at a stub ``search_index.json`` that carries the page's language and no
documents (see ``sitebuild/search.py``).

What is indexed: the article (or page) body inside ``data-pagefind-body``
(``overrides/main.html``), without the related-articles list, the feedback
widget and the troubleshooter block (``data-pagefind-ignore``); the title
and the *Also searched as* keywords weigh more (``data-pagefind-weight``).
Pages that front matter keeps out of search (``search: exclude``) carry no
``data-pagefind-body`` and are not indexed; Material's own (lunr) index is
left empty (:func:`leave_lunr_out`).

>>> sorted(UNUSED)[:2]
['pagefind-component-ui.css', 'pagefind-component-ui.js']
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

OUTPUT = "pagefind"
EXCLUDE = ".headerlink"
"""Not text: the heading permalinks ("¶")."""
UNUSED = frozenset({
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    # Search already runs in Material's worker: Pagefind's own worker is never started there.
    "pagefind-worker.js",
})
"""Files Pagefind writes for its own UIs: no page loads them, so they are removed."""


def leave_lunr_out(meta: dict) -> dict:
    """Keep a page out of Material's lunr index, remembering whether Pagefind indexes it.

    Material's search plugin stays for its search box, but no page loads its
    index any more; parsing every page for it (and segmenting Chinese with
    jieba) was a quarter of the build. ``kg_indexed`` tells the template
    whether to mark the page ``data-pagefind-body``.

    >>> leave_lunr_out({"search": {"exclude": True}})
    {'search': {'exclude': True}, 'kg_indexed': False}
    >>> leave_lunr_out({"title": "A"})
    {'title': 'A', 'search': {'exclude': True}, 'kg_indexed': True}
    """
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    if "kg_indexed" not in meta:
        indexed = not search.get("exclude", False)
        meta["search"] = {**search, "exclude": True}
        meta["kg_indexed"] = indexed
    return meta


def write(site_dir: Path) -> Path:
    """Index every page of ``site_dir`` into ``site_dir/pagefind/``; returns that folder.

    Runs Pagefind's command line (the binary of ``pagefind-bin-extended``)
    and waits for it: through the Python API's service the entry file was
    sometimes left empty when the build ended.
    """
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT,
           "--exclude-selectors", EXCLUDE, "--quiet"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    entry = output / "pagefind-entry.json"
    if result.returncode != 0 or not entry.is_file() or not json.loads(entry.read_text("utf-8")).get("languages"):
        raise RuntimeError(f"pagefind failed ({result.returncode}): {(result.stderr or result.stdout)[-2000:]}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return output
