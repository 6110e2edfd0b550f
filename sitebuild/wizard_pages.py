"""The wizard's pages: one generated MkDocs page per flow and language.

``wizard/index.md`` is the start chooser; ``wizard/<flow-id>.md`` the rest.
The pages are generated (writers never edit them): their Markdown is only a
front-matter carrier, and the hook swaps the rendered HTML of every step in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import get_relative_url

from sitebuild import render
from sitebuild.articles import lang_root

START_FLOW = "start"


def src_uri(flow_id: str, lang: str, default_lang: str) -> str:
    """``wizard/not-received.ru.md`` and friends.

    >>> src_uri("start", "en", "en"), src_uri("refund", "zh", "en")
    ('wizard/index.md', 'wizard/refund.zh.md')
    """
    stem = "index" if flow_id == START_FLOW else flow_id
    suffix = "" if lang == default_lang else f".{lang}"
    return f"wizard/{stem}{suffix}.md"


def page_url(flow_id: str) -> str:
    return "wizard/" if flow_id == START_FLOW else f"wizard/{flow_id}/"


def stub_text(flow: Any, lang: str) -> str:
    """The generated Markdown page of ``flow`` in ``lang``: front matter only."""
    meta = {
        "title": render.text(flow.title, lang),
        "template": "wizard.html",
        "kg_flow": flow.id,
        "search": {"exclude": flow.id != START_FLOW},
        "hide": ["toc"],
    }
    header = "<!-- Generated from flows by the site build: do not edit. -->\n"
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)}---\n{header}"


def sync_stubs(docs_dir: Path, flows: dict[str, Any], langs: list[str], default: str) -> list[Path]:
    """Write ``docs/wizard/*.md`` for every flow and language; remove stale ones.

    mkdocs-static-i18n reads every page from ``docs_dir``, so the pages must
    exist there. Files are only written when their text changes, so that
    ``mkdocs serve`` does not rebuild in a loop. Returns the changed paths.
    """
    folder = docs_dir / "wizard"
    folder.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, str] = {}
    for flow in flows.values():
        for lang in langs:
            wanted[docs_dir / src_uri(flow.id, lang, default)] = stub_text(flow, lang)
    changed = []
    for path, content in wanted.items():
        if not path.is_file() or path.read_text("utf-8") != content:
            path.write_text(content, "utf-8")
            changed.append(path)
    for path in folder.glob("*.md"):
        if path not in wanted:
            path.unlink()
            changed.append(path)
    return changed


def links_for(
    page_url_: str,
    docs_dir: Path,
    lang: str,
    default: str,
    known_title: Callable[[str, str], str | None] = lambda doc, lang: None,
) -> render.Links:
    """URL builders relative to the wizard page at ``page_url_`` (in ``lang``).

    ``known_title(doc, lang)`` answers from front matter the build has already
    read (the article catalog); other pages are read here.
    """
    root = lang_root(lang, default)

    def article(path: str) -> tuple[str, str]:
        doc, _, anchor = path.partition("#")
        target = doc[:-3] + "/" if doc.endswith(".md") else doc
        if target.endswith("index/"):
            target = target[: -len("index/")]
        url = get_relative_url(root + target, page_url_)
        title = known_title(doc, lang) or article_title(docs_dir, doc, lang, default)
        return url + (f"#{anchor}" if anchor else ""), title

    def flow(flow_id: str) -> str:
        return get_relative_url(root + page_url(flow_id), page_url_)

    return render.Links(article=article, flow=flow)


def article_title(docs_dir: Path, doc: str, lang: str, default: str) -> str:
    """The ``title`` in the front matter of ``doc`` in ``lang`` (else English)."""
    candidates = [docs_dir / doc]
    if lang != default:
        candidates.insert(0, docs_dir / f"{doc[:-3]}.{lang}.md")
    for path in candidates:
        if path.is_file():
            source = path.read_text("utf-8")
            if source.startswith("---"):
                meta = yaml.safe_load(source.split("---", 2)[1]) or {}
                if meta.get("title"):
                    return str(meta["title"])
            for line in source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return doc


def page_config(
    root: str,
    assets: dict[str, str],
    lang: str,
    flows: dict[str, Any] | None = None,
    links: render.Links | None = None,
    settings: dict[str, Any] | None = None,
) -> str:
    """The JSON the page's script reads (asset URLs relative to the page).

    ``settings`` are passed as they are (e.g. ``{"snapshot": True}``).

    With ``flows`` and ``links`` it also carries ``flows``: every flow's URL
    (relative to this page), start step, step titles and option labels in
    ``lang``, so the summary of answers can name steps of other flows.
    """
    config: dict[str, Any] = {key: root + url for key, url in assets.items()}
    config.update(settings or {})
    config["lang"] = lang
    config["strings"] = render.UI[lang]
    if flows is not None and links is not None:
        config["flows"] = flow_labels(flows, lang, links)
    # `</` cannot appear inside the <script> data block.
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


def flow_labels(flows: dict[str, Any], lang: str, links: render.Links) -> dict[str, Any]:
    """``{flow id: {"url", "start", "steps": {step id: {"title", "options": {id: label}}}}}``."""
    out: dict[str, Any] = {}
    for flow in flows.values():
        out[flow.id] = {
            "url": links.flow(flow.id),
            "start": flow.start,
            "steps": {
                step.id: {
                    "title": render.text(step.title, lang),
                    "options": {o.id: render.text(o.label, lang) for o in step.options},
                }
                for step in flow.steps.values()
            },
        }
    return out


def root_prefix(page_url_: str) -> str:
    """Relative path from a page to the site root.

    With mkdocs-static-i18n a page's URL already carries its language
    (``ru/wizard/refund/``), so the depth of the URL is all it takes.

    >>> root_prefix("ru/wizard/refund/"), root_prefix("wizard/"), root_prefix("")
    ('../../../', '../', './')
    """
    return "../" * page_url_.count("/") or "./"
