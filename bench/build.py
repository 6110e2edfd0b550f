"""Benchmark 4: site build time against plain Material, and scaling.

**Plain Material** is defined as: the same ``docs/``, the same theme
(Material, ``overrides/``, palette, features), the same Markdown
extensions, search and mkdocs-static-i18n plugins, but **no** ``hooks.py``
(so no vendor variables, no wizard rendering, no wheel, no Pyodide copy,
no precompression or CSP). It is a temporary ``mkdocs.yml`` that
``INHERIT``s the real one and sets ``hooks: []``. Both builds are
``mkdocs build --strict`` in a fresh process, alternating, best of
``runs``; the wheel cache (``.cache/wheels``) is warm after the first, as
it is for a writer rebuilding. Goal: site ÷ plain ≤ 1.3.

**Scaling** copies ``docs/`` to a temporary directory and adds ``n``
generated articles × 3 languages (``gen/article-NNNN.md``, ``.ru.md``,
``.zh.md``: headings, paragraphs in each script, a list, a table, an
admonition, links to neighbours), listed in the nav under a generated
section, then times the full site build (hooks included) at each size.

>>> text = article(3, "ru", 10)
>>> text.startswith("---") and "(article-0004.md)" in text
True
>>> fit([(100, 10.0), (300, 20.0), (1000, 55.0)])["per_article_s"]
0.05
"""

from __future__ import annotations

import gzip
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.common import ROOT, mkdocs_build, mkdocs_build_cpu, progress, ratio, summary

GOAL_RATIO = 1.3
SIZES = (100, 300, 1000)
WORDS = {
    "en": "license code order reseller activation invoice refund download support account "
    "product key device offline renew upgrade email payment receipt machine version".split(),
    "ru": "лицензия код заказ активация счёт возврат загрузка поддержка учётная запись "
    "продукт сервер устройство офлайн продление обновление почта оплата чек версия".split(),
    "zh": "许可证 订单 服务 平台 激活 发票 退款 下载 支持 账户 产品 账单 设备 离线 续订 升级 "
    "邮件 付款 收据 版本".split(),
}
JOIN = {"en": " ", "ru": " ", "zh": ""}
END = {"en": ".", "ru": ".", "zh": "。"}


def _sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(6, 14))]
    text = JOIN[lang].join(words)
    return text[0].upper() + text[1:] + END[lang]


def _para(rng: random.Random, lang: str) -> str:
    return JOIN[lang].join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))


PER_SECTION = 20
SECTIONS_PER_CATEGORY = 5
GEN_NAMES = {
    "en": ("Generated category", "Generated section"),
    "ru": ("Созданная категория", "Созданный раздел"),
    "zh": ("生成的分类", "生成的栏目"),
}


def place(index: int) -> tuple[str, str]:
    """``(category, section)`` of generated article ``index``: 20 per section, 5 sections per category.

    >>> place(0), place(19), place(20), place(100)
    (('gen-00', 'gen-00-0'), ('gen-00', 'gen-00-0'), ('gen-00', 'gen-00-1'), ('gen-01', 'gen-01-0'))
    """
    section = index // PER_SECTION
    category = section // SECTIONS_PER_CATEGORY
    return f"gen-{category:02d}", f"gen-{category:02d}-{section % SECTIONS_PER_CATEGORY}"


def article(index: int, lang: str, total: int) -> str:
    """Synthetic Markdown for article ``index`` (0-based) of ``total`` in ``lang``."""
    rng = random.Random(index * 7 + len(lang))
    title = f"{_sentence(rng, lang)[:-1][:40]} {index}"
    nxt = (index + 1) % total
    category, section = place(index)
    meta = {
        "title": title,
        "description": _sentence(rng, lang),
        "category": category,
        "section": section,
        "id": f"KB-9{index:04d}",
        "products": ["all"],
        "platforms": ["all"],
        "keywords": sorted({rng.choice(WORDS[lang]) for _ in range(4)}),
        "tags": sorted({rng.choice(WORDS[lang][:8]) for _ in range(2)}),
        "updated": "2026-11-23",
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    parts = [
        f"---\n{front}---\n# {title}\n",
        _para(rng, lang),
        f"## {_sentence(rng, lang)[:-1][:30]}\n",
        _para(rng, lang),
        "\n".join(f"- {_sentence(rng, lang)}" for _ in range(4)),
        f"!!! note\n    {_sentence(rng, lang)}",
        "| A | B |\n|---|---|\n" + "\n".join(f"| {rng.choice(WORDS[lang])} | {i} |" for i in range(4)),
        f"## {_sentence(rng, lang)[:-1][:30]}\n",
        _para(rng, lang),
        f"[{_sentence(rng, lang)[:-1][:20]}](article-{nxt:04d}.md) · [?](../index.md)",
    ]
    return "\n\n".join(parts) + "\n"


def _help_page(title: str, order: int) -> str:
    return f"---\ntitle: \"{title}\"\ndescription: \"{title}.\"\norder: {order}\n---\n\n# {title}\n"


def generate_docs(dest: Path, count: int) -> list[str]:
    """Copy ``docs/`` into ``dest`` and add ``count`` articles × 3 languages.

    The articles go to generated sections (``docs/help/gen-NN/gen-NN-K.md``)
    of generated categories, as a writer's would: the menu lists the
    categories and sections, never the articles.
    """
    shutil.copytree(ROOT / "docs", dest, ignore=shutil.ignore_patterns("wizard", "writers"))
    gen = dest / "gen"
    gen.mkdir()
    names = []
    places = sorted({place(i) for i in range(count)})
    for order, (category, section) in enumerate(places, start=10):
        folder = dest / "help" / category
        folder.mkdir(parents=True, exist_ok=True)
        for lang in ("en", "ru", "zh"):
            suffix = "" if lang == "en" else f".{lang}"
            cat_name, sec_name = GEN_NAMES[lang]
            (folder / f"index{suffix}.md").write_text(_help_page(f"{cat_name} {category[4:]}", order), "utf-8")
            (folder / f"{section}{suffix}.md").write_text(_help_page(f"{sec_name} {section[4:]}", order), "utf-8")
    for index in range(count):
        name = f"article-{index:04d}"
        for lang in ("en", "ru", "zh"):
            suffix = "" if lang == "en" else f".{lang}"
            (gen / f"{name}{suffix}.md").write_text(article(index, lang, count), "utf-8")
        names.append(f"gen/{name}.md")
    return names


def temp_config(
    tmp: Path, docs_dir: Path, hooks: bool, extra_nav: list[str] | None = None, features: list[str] = ()
) -> Path:
    """A ``mkdocs.yml`` in ``tmp`` that inherits the real one (plus theme ``features``)."""
    real = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)  # noqa: S506
    config: dict[str, Any] = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(docs_dir),
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides")},
        "hooks": [str(ROOT / "hooks.py")] if hooks else [],
        "watch": [],
    }
    nav = list(real.get("nav") or [])
    if not hooks:  # plain Material gets the menu the hook builds: categories and sections
        from sitebuild import categories

        nav = categories.expand_nav(nav, categories.scan(docs_dir, ("en", "ru", "zh"), "en"))
        config["nav"] = nav
    if extra_nav:
        config["nav"] = nav + [{"Generated": extra_nav}]
    if features:  # INHERIT replaces lists: repeat the real ones
        config["theme"]["features"] = list(real["theme"].get("features") or []) + list(features)
    path = tmp / ("site.yml" if hooks else "plain.yml")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring ``!!python/name`` tags (only ``nav`` is needed)."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def site_vs_plain(runs: int = 3) -> dict[str, Any]:
    times: dict[str, list[float]] = {"site": [], "plain": []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        plain = temp_config(tmp, ROOT / "docs", hooks=False)
        for round_no in range(runs):
            order = ("site", "plain") if round_no % 2 == 0 else ("plain", "site")
            for kind in order:
                out = tmp / f"{kind}-{round_no}"
                times[kind].append(mkdocs_build(out, None if kind == "site" else plain))
                shutil.rmtree(out, ignore_errors=True)
            progress(f"  build {round_no + 1}/{runs}: site {times['site'][-1]:.1f} s, plain {times['plain'][-1]:.1f} s")
    site, plain_ = summary(times["site"]), summary(times["plain"])
    return {"site_s": site, "plain_s": plain_, "ratio": ratio(site["best"], plain_["best"]), "goal": GOAL_RATIO}


def fit(points: list[tuple[int, float]]) -> dict[str, Any]:
    """Marginal cost per article between sizes, and how far from linear it is.

    ``per_article_s`` is the slope between the smallest and the largest size;
    ``marginal_s`` the slope between each pair of neighbouring sizes; the
    growth is "close to linear" when the last marginal slope is within 1.5×
    of the first.
    """
    points = sorted(points)
    if len(points) < 2:
        return {"per_article_s": None, "marginal_s": [], "marginal_growth": None, "close_to_linear": None}
    marginal = [
        round((t2 - t1) / (n2 - n1), 4) for (n1, t1), (n2, t2) in zip(points, points[1:], strict=False)
    ]
    (n_lo, t_lo), (n_hi, t_hi) = points[0], points[-1]
    slope = round((t_hi - t_lo) / (n_hi - n_lo), 4)
    growth = ratio(marginal[-1], marginal[0]) if marginal and marginal[0] > 0 else None
    return {
        "per_article_s": slope,
        "marginal_s": marginal,
        "marginal_growth": growth,
        "close_to_linear": growth is not None and growth <= 1.5,
    }


def scaling(
    sizes: tuple[int, ...] = SIZES, hooks: bool = True, in_nav: bool = True, features: list[str] = ()
) -> dict[str, Any]:
    """Build time at each size; ``hooks=False`` times plain Material instead;
    ``in_nav=False`` leaves the generated articles out of the nav (Material
    renders the whole nav into every page, which grows as pages × nav items)."""
    points = []
    rows = []
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="kg-bench-scale-") as tmp_name:
            tmp = Path(tmp_name)
            names = generate_docs(tmp / "docs", count)
            config = temp_config(
                tmp, tmp / "docs", hooks=hooks, extra_nav=names if in_nav else None, features=features
            )
            seconds = mkdocs_build(tmp / "site", config, cwd=ROOT)
        points.append((count, seconds))
        rows.append({"articles": count, "pages": count * 3, "seconds": round(seconds, 2),
                     "s_per_article": round(seconds / count, 4)})
        progress(f"  scaling {count} articles × 3 languages: {seconds:.1f} s")
    return {"rows": rows, "hooks": hooks, "in_nav": in_nav, "features": list(features), **fit(points)}


def page_bytes(site: Path, url: str) -> int:
    """Raw bytes of the built page at ``url`` (directory URLs)."""
    return (site / url / "index.html").stat().st_size


def search_bytes(site: Path) -> dict[str, dict[str, int]]:
    """Raw and gzip -9 bytes of each language's search index (what Material loads at page view)."""
    out = {}
    for lang in ("en", "ru", "zh"):
        index = site / "search" / lang / "search" / "search_index.json"
        if index.is_file():
            data = index.read_bytes()
            out[lang] = {"raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}
    return out


def scale(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """At each size: the site build and plain Material on the same generated
    content (alternating), one article page's HTML and the search index bytes.

    Plain Material gets the same menu the hook builds (categories and
    sections), so the ratio measures the project's own per-page work.
    """
    rows = []
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="kg-bench-scale-") as tmp_name:
            tmp = Path(tmp_name)
            generate_docs(tmp / "docs", count)
            site_cfg = temp_config(tmp, tmp / "docs", hooks=True)
            plain_cfg = temp_config(tmp, tmp / "docs", hooks=False)
            order = ("site", "plain") if len(rows) % 2 == 0 else ("plain", "site")
            seconds, cpu = {}, {}
            for kind in order:
                cfg = site_cfg if kind == "site" else plain_cfg
                seconds[kind], cpu[kind] = mkdocs_build_cpu(tmp / kind, cfg, cwd=ROOT)
            pages = {lang: page_bytes(tmp / "site", f"{'' if lang == 'en' else lang + '/'}gen/article-0000")
                     for lang in ("en", "ru", "zh")}
            index = search_bytes(tmp / "site")
            try:
                from bench import search as search_bench

                reader = search_bench.measure(tmp / "site", page="gen/article-0000/")
            except Exception as exc:  # noqa: BLE001 - keep the build figures
                reader = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
        rows.append({
            "articles": count, "pages": count * 3,
            "seconds": round(seconds["site"], 2), "plain_seconds": round(seconds["plain"], 2),
            "ratio": ratio(seconds["site"], seconds["plain"]),
            "cpu_s": round(cpu["site"], 2), "plain_cpu_s": round(cpu["plain"], 2),
            "cpu_ratio": ratio(cpu["site"], cpu["plain"]),
            "s_per_article": round(seconds["site"] / count, 4),
            "page_bytes": pages, "search": index, "reader_search": reader,
        })
        progress(f"  {count} articles × 3: site {seconds['site']:.1f} s (CPU {cpu['site']:.1f}), plain "
                 f"{seconds['plain']:.1f} s (CPU {cpu['plain']:.1f}), "
                 f"page {max(pages.values()) / 1000:.1f} KB")
    fitted = fit([(r["articles"], r["seconds"]) for r in rows])
    cpu_fit = fit([(r["articles"], r["cpu_s"]) for r in rows])

    def last_over_first(m: list[float]) -> float | None:
        return ratio(m[-1], m[0]) if len(m) > 1 and m[0] > 0 else None

    return {
        "rows": rows, "hooks": True, "in_nav": False, "features": [], **fitted,
        # Goal: the cost of one more article at the largest size ÷ at the smallest.
        "marginal_ratio": last_over_first(fitted["marginal_s"]),
        "cpu_marginal_s": cpu_fit["marginal_s"],
        "cpu_marginal_ratio": last_over_first(cpu_fit["marginal_s"]),
    }


def scale_lines(s: dict[str, Any]) -> list[str]:
    rows = ["  site and plain Material at each size (generated articles × 3 languages, in sections, not in the menu):"]
    for r in s["rows"]:
        idx = r.get("search") or {}
        worst = max(idx.values(), key=lambda v: v["gzip"]) if idx else None
        rows.append(
            f"    {r['articles']:>5} articles ({r['pages']} pages): site {r['seconds']:.1f} s "
            f"(CPU {r['cpu_s']:.1f} s), plain {r['plain_seconds']:.1f} s (CPU {r['plain_cpu_s']:.1f} s), "
            f"site ÷ plain {r['ratio']} (CPU {r['cpu_ratio']}); article page "
            f"{max(r['page_bytes'].values()) / 1000:.1f} KB raw"
            + (f"; largest search index {worst['raw'] / 1e6:.2f} MB raw, {worst['gzip'] / 1000:.0f} KB gzip" if worst else "")
        )
        reader = r.get("reader_search") or {}
        if "error" in reader:
            rows.append(f"      search in Chromium: FAILED: {reader['error']}")
        elif reader:
            from bench import search as search_bench

            rows.extend("    " + line for line in search_bench.lines(reader, f" ({r['articles']} articles)"))
    if s["marginal_s"]:
        rows.append(f"  marginal cost per article between sizes: {', '.join(f'{m * 1000:.0f} ms' for m in s['marginal_s'])}"
                    f"; last ÷ first {s['marginal_ratio']} (goal ≤ 1.2)")
        rows.append(f"  in CPU seconds: {', '.join(f'{m * 1000:.0f} ms' for m in s['cpu_marginal_s'])}"
                    f"; last ÷ first {s['cpu_marginal_ratio']}")
    return rows


def run(runs: int = 3, sizes: tuple[int, ...] = SIZES, serve_articles: int = 300) -> dict[str, Any]:
    from bench import serve_edit

    out: dict[str, Any] = {"vs_plain": site_vs_plain(runs), "scaling": scale(sizes)}
    try:
        out["serve"] = serve_edit.measure(serve_articles)
    except Exception as exc:  # noqa: BLE001 - keep the build figures
        out["serve"] = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    return out


def lines(fig: dict[str, Any]) -> list[str]:
    v = fig["vs_plain"]
    rows = [
        f"Build (mkdocs build --strict), best of {v['site_s']['runs']} alternating:",
        f"  site {v['site_s']['best']:.2f} s (median {v['site_s']['median']:.2f}), plain Material "
        f"{v['plain_s']['best']:.2f} s (median {v['plain_s']['median']:.2f}); site ÷ plain {v['ratio']:.2f} "
        f"(goal ≤ {v['goal']})",
    ]
    s = fig["scaling"]
    if "marginal_ratio" in s:
        rows += scale_lines(s)
        serve = fig.get("serve") or {}
        if "error" in serve:
            rows.append(f"  mkdocs serve: FAILED: {serve['error']}")
        elif serve:
            from bench import serve_edit

            rows += serve_edit.lines(serve)
        return rows
    where = "in the nav" if s.get("in_nav", True) else "not in the nav"
    rows.append(f"  scaling (generated articles × 3 languages, {where}, hooks {'on' if s['hooks'] else 'off'}):")
    for row in s["rows"]:
        rows.append(f"    {row['articles']:>5} articles ({row['pages']} pages): {row['seconds']:.1f} s, "
                    f"{row['s_per_article'] * 1000:.0f} ms per article")
    if s["marginal_s"]:
        rows.append(
            f"  marginal cost per article between sizes: {', '.join(f'{m * 1000:.0f} ms' for m in s['marginal_s'])}; "
            f"{'close to linear' if s['close_to_linear'] else 'NOT close to linear'}"
            f" (last ÷ first marginal {s['marginal_growth']})"
        )
    return rows


def ab(trees: dict[str, Path], runs: int = 3) -> dict[str, Any]:
    """Site build time of two checkouts (e.g. before/after an optimisation), alternating."""
    times: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="kg-bench-ab-") as tmp:
        for round_no in range(runs):
            order = list(trees) if round_no % 2 == 0 else list(trees)[::-1]
            for name in order:
                out = Path(tmp) / f"{name}-{round_no}"
                times[name].append(mkdocs_build(out, cwd=trees[name]))
                shutil.rmtree(out, ignore_errors=True)
            progress("  " + ", ".join(f"{n} {t[-1]:.1f} s" for n, t in times.items()))
    return {name: summary(values) for name, values in times.items()}


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.build", description="A/B build time of two checkouts")
    parser.add_argument("--ab", nargs=2, type=Path, required=True, metavar=("A", "B"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = ab({"A": args.ab[0], "B": args.ab[1]}, args.runs)
    for name, stats in result.items():
        print(f"{name} {args.ab[0 if name == 'A' else 1]}: best {stats['best']:.2f} s, median {stats['median']:.2f} s")
    print(f"B ÷ A (best): {ratio(result['B']['best'], result['A']['best'])}")
