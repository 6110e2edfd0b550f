"""The wizard's pages: one generated MkDocs page per flow and language.

``wizard/index.md`` is the start chooser; ``wizard/<flow-id>.md`` the rest.
The pages are generated (writers never edit them): their Markdown is only a
front-matter carrier, and the hook swaps the rendered HTML of every step in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from wizard import render

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


def generated_files(config: Any, flows: dict[str, Any], langs: list[str], default: str) -> list[File]:
    files = []
    for flow in flows.values():
        for lang in langs:
            meta = {
                "title": render.text(flow.title, lang),
                "template": "wizard.html",
                "kg_flow": flow.id,
                "search": {"exclude": flow.id != START_FLOW},
                "hide": ["toc"],
            }
            content = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n"
            files.append(File.generated(config, src_uri(flow.id, lang, default), content=content))
    return files


def links_for(page_url_: str, docs_dir: Path, lang: str, default: str) -> render.Links:
    """URL builders relative to the wizard page at ``page_url_``."""

    def article(path: str) -> tuple[str, str]:
        doc, _, anchor = path.partition("#")
        target = doc[:-3] + "/" if doc.endswith(".md") else doc
        if target.endswith("index/"):
            target = target[: -len("index/")]
        url = get_relative_url(target, page_url_)
        return url + (f"#{anchor}" if anchor else ""), article_title(docs_dir, doc, lang, default)

    def flow(flow_id: str) -> str:
        return get_relative_url(page_url(flow_id), page_url_)

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


def page_config(root: str, assets: dict[str, str], lang: str) -> str:
    """The JSON the page's script reads (asset URLs relative to the page)."""
    config = {key: root + url for key, url in assets.items()}
    config["lang"] = lang
    config["strings"] = render.UI[lang]
    # `</` cannot appear inside the <script> data block.
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


def root_prefix(page_url_: str, lang: str, default: str) -> str:
    """Relative path from a page to the site root (ru/zh live one level down).

    >>> root_prefix("wizard/refund/", "ru", "en"), root_prefix("", "en", "en")
    ('../../../', './')
    """
    depth = page_url_.count("/") + (0 if lang == default else 1)
    return "../" * depth or "./"


