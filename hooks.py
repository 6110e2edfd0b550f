"""MkDocs hook: thin glue between MkDocs events and ``sitebuild``/``wizard``.

Every function here delegates; the work and its tests live in the packages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from sitebuild import (
    articles,
    assets,
    categories,
    compress,
    csp,
    deskreport,
    fragments,
    jinja_cache,
    notfound,
    offline,
    render,
    scrolling,
    search,
    variables,
    wizard_pages,
    writers,
)
from sitebuild.wheel import build_wheel
from wizard.vendor import LANGUAGES, Vendor
from wizardtools import flowlint, glossary, i18n_status, vendor_schema
from wizardtools.lintkit import FlowLintError

STATE: dict[str, Any] = {}
DEFAULT_LANG = "en"


def on_config(config: Any) -> Any:
    if _next_language_of_same_build(config):
        config["nav"] = categories.expand_nav(config["nav"], STATE["help"])
        return config  # vendor, flows, stubs, wheel and catalog are already loaded
    try:
        # The same check as `python -m wizard check-vendor`: file:line: reason.
        vendor_schema.ensure_valid(docs_dir=config.docs_dir)
        STATE["vendor"] = Vendor.load()
        # KEYGUIDE_FLOWS points the build at another flows directory (tests).
        flows_dir = os.environ.get("KEYGUIDE_FLOWS") or None
        STATE["flows"] = flowlint.load_flows(flows_dir, docs_dir=Path(config.docs_dir))
        # The flows' glossary is part of the flow lint; articles and UI strings here.
        glossary.ensure_clean(Path(config.docs_dir))
    except (FlowLintError, ValueError, OSError) as exc:
        raise PluginError(str(exc)) from None
    wizard_pages.sync_stubs(Path(config.docs_dir), STATE["flows"], list(LANGUAGES), DEFAULT_LANG)
    writers.sync_stub(Path(config.docs_dir), writers.enabled(os.environ))
    STATE.pop("i18n", None)
    STATE.pop("templates", None)  # `mkdocs serve`: a rebuild picks up edited templates
    STATE.pop("variables", None)  # ... and an edited vendor.yml
    STATE.pop("languages_built", None)
    STATE.pop("report", None)
    # One wheel per build: the pages' URLs and the copied file must agree even
    # if wizard/ is edited while the build runs.
    STATE["wheel"] = build_wheel()
    STATE["assets"] = assets.asset_urls(STATE["wheel"])
    try:
        STATE["articles"] = articles.Catalog(
            Path(config.docs_dir), LANGUAGES, DEFAULT_LANG, STATE["vendor"]
        )
        # Categories -> sections -> articles (sitebuild/categories.py): the menu
        # lists categories and sections, their pages list the articles.
        STATE["help"] = categories.scan(Path(config.docs_dir), LANGUAGES, DEFAULT_LANG)
        categories.check(STATE["articles"].articles, STATE["help"], Path(config.docs_dir))
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    STATE["listing"] = categories.Listing(
        STATE["help"], STATE["articles"].articles, LANGUAGES, DEFAULT_LANG
    )
    config["nav"] = categories.expand_nav(config["nav"], STATE["help"])
    return config


def _next_language_of_same_build(config: Any) -> bool:
    """mkdocs-static-i18n re-runs ``on_config`` for each further language."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False)) and "flows" in STATE


def _lang(config: Any) -> str:
    return str(config.theme["language"] or DEFAULT_LANG)


def on_env(env: Any, config: Any, files: Any) -> Any:
    return jinja_cache.use(env)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    lang = _lang(config)
    categories.retitle(nav.items, STATE["help"], lang, DEFAULT_LANG)
    # Articles are not in the menu: their section's page stands in as their
    # parent (breadcrumbs, the section highlighted in the menu).
    STATE["nav_pages"] = {
        articles.split_suffix(page.file.src_uri, LANGUAGES, DEFAULT_LANG)[0]: page
        for page in nav.pages
    }
    return nav


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    fragments.leave_lunr_out(page.meta)  # search is Pagefind's (sitebuild/fragments.py)
    if page.meta.get("kg_flow"):
        return markdown
    source = page.file.content_string
    ctx = _variables(_lang(config))
    try:
        return variables.render(
            markdown, f"docs/{page.file.src_uri}", ctx, variables.front_matter_lines(source)
        )
    except variables.VariableError as exc:
        raise PluginError(str(exc)) from None


def _variables(lang: str) -> dict[str, Any]:
    """What a page's Markdown can use, made once per language and vendor
    (escaping every vendor.yml value took 2.5 ms a page: 8 s at 3,000 pages)."""
    made = STATE.setdefault("variables", {})  # emptied by on_config, with the vendor loaded again
    if lang not in made:
        made[lang] = variables.context(STATE["vendor"], lang)
    return made[lang]


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    # Every page: wide tables, code and charts scroll in boxes the keyboard reaches.
    return scrolling.mark(_content(html, page, config), _lang(config))


def _content(html: str, page: Any, config: Any) -> str:
    if page.meta.get(writers.FLAG):
        return _writers_content(page, config)
    flow_id = page.meta.get("kg_flow")
    if not flow_id:
        return _article_content(variables.unescape_code(html), page, config)
    lang = _lang(config)
    links = _wizard_links(page, config, lang)
    return render.render_flow(
        STATE["flows"][flow_id], lang, links, vendor=STATE["vendor"], flows=STATE["flows"]
    )


def _wizard_links(page: Any, config: Any, lang: str) -> Any:
    return wizard_pages.links_for(
        page.url, Path(config.docs_dir), lang, DEFAULT_LANG, STATE["articles"].title
    )


def _writers_content(page: Any, config: Any) -> str:
    if "i18n" not in STATE:  # once per build, not once per language
        flows_dir = os.environ.get("KEYGUIDE_FLOWS") or None
        STATE["i18n"] = i18n_status.status(flows_dir=flows_dir, docs_dir=Path(config.docs_dir))
    if "report" not in STATE:  # the last deflection report, if the vendor keeps one
        try:
            STATE["report"] = deskreport.load()
        except ValueError as exc:
            raise PluginError(str(exc)) from None
    source = os.path.relpath(deskreport.report_path(), Path(config.config_file_path).parent)
    return writers.render_page(
        STATE["flows"], STATE["vendor"], STATE["i18n"], page.url, _lang(config), DEFAULT_LANG,
        report=STATE["report"], report_source=source,
    )


def _article_content(html: str, page: Any, config: Any) -> str:
    article = STATE["articles"].lookup(page.file.src_uri)
    if article is None:
        return html
    try:
        info = STATE["articles"].info(article, _lang(config))
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    # theme.get_env() builds a new Jinja environment on every call: compile once per build.
    templates = STATE.setdefault("templates", {})
    if "kg-info" not in templates:
        templates["kg-info"] = config.theme.get_env().get_template("partials/kg-info.html")
    box = templates["kg-info"].render(info=info)
    return articles.insert_info(html, box)


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    lang = _lang(config)
    context["kg_search_base"] = search.search_base(lang)
    article = STATE["articles"].lookup(page.file.src_uri)
    if article is not None:
        context["kg_article"] = STATE["articles"].page_context(article, lang, page.url)
        if page.parent is None:
            page.parent = STATE["nav_pages"].get(STATE["listing"].section_of(article))
            page.active = True  # MkDocs set it before the parent: mark the section's menu entry too
    elif page.meta.get("kg_tags"):
        context["kg_tags"] = STATE["articles"].tags_context(lang, page.url)
    key = articles.split_suffix(page.file.src_uri, LANGUAGES, DEFAULT_LANG)[0]
    listing = STATE["listing"].context(key, lang, page.url)
    if listing is not None:
        context["kg_listing"] = listing
    if page.meta.get("kg_flow"):
        root = wizard_pages.root_prefix(page.url)
        links = _wizard_links(page, config, lang)
        context["kg_config"] = wizard_pages.page_config(
            root, STATE["assets"], lang, flows=STATE["flows"], links=links,
            settings={"snapshot": bool(config.extra.get("kg_snapshot", False))},
        )
        context["kg_root"] = root
        context["kg_preload"] = assets.preloads(STATE["assets"])
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    # The CSP allows only the inline scripts the theme is known to emit: an
    # article or a translation that adds one (or an onclick=...) stops the
    # build, naming the page and its source file.
    source = f"docs/{page.file.src_uri}"
    STATE.setdefault("sources", {})[page.file.dest_uri] = source
    problems = csp.page_problems(output)
    if problems:
        raise PluginError("\n".join(f"{page.file.dest_uri} (from {source}): {p}"
                                     for p in problems))
    # Material's search box, answered by Pagefind (sitebuild/fragments.py).
    return search.use_pagefind_worker(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return search.use_pagefind_worker(output_content)  # 404.html has the search box too


def on_post_build(config: Any) -> None:
    # mkdocs-static-i18n calls this once per language with the root site_dir;
    # the assets are shared, so write them during the default language's build.
    if _lang(config) == DEFAULT_LANG:
        assets.write_all(Path(config.site_dir), STATE["vendor"], STATE["wheel"], STATE["flows"])
    notfound.keep(Path(config.site_dir), _lang(config), STATE.setdefault("not_found", {}))
    index = search.current_index(config)
    if index is not None:
        search.write_language_index(
            Path(config.site_dir), index, _lang(config), LANGUAGES, DEFAULT_LANG
        )
    STATE["site_dir"] = Path(config.site_dir)
    STATE["base_path"] = notfound.base_path(config.site_url)
    built = STATE.setdefault("languages_built", set())
    built.add(_lang(config))
    if STATE.get("serving") and built >= set(LANGUAGES):
        # `mkdocs serve` never shuts down between rebuilds: index for the preview's search now.
        built.clear()
        fragments.write(Path(config.site_dir))


def on_startup(command: str, dirty: bool) -> None:
    STATE["serving"] = command == "serve"


def on_build_error(error: Exception) -> None:
    # A failed build leaves a partial site: no headers, policy or .gz copies for it.
    STATE.pop("site_dir", None)


def on_shutdown() -> None:
    # After every language and the merged search index (mkdocs-static-i18n
    # writes it after the last on_post_build): per-language 404 pages, the
    # merged index dropped (no page loads it), then the CSP hashed from the
    # final HTML, then the .br/.gz copies of it all.
    site_dir = STATE.pop("site_dir", None)
    if site_dir is None or not site_dir.is_dir():
        return
    notfound.write(site_dir, STATE.pop("not_found", {}), DEFAULT_LANG, STATE.pop("base_path", "/"))
    writers.drop_from_sitemap(site_dir)
    search.drop_merged_index(site_dir)
    fragments.write(site_dir)
    # Every language's build copies docs/assets again: merge after the last one.
    assets.merge_wizard_css(site_dir)
    try:
        csp.write(site_dir, STATE.pop("sources", {}))
    except csp.CspError as exc:
        raise SystemExit(f"Error: {exc}") from None
    offline.write(site_dir)  # after everything else: its version hashes the whole site
    compress.precompress(site_dir)
