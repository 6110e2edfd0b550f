"""Articles as data: front matter, last-updated dates, related articles, tags.

Everything the article layout shows besides the writers' text is computed
here at build time, from the Markdown files in ``docs/`` (suffix layout:
``page.md``, ``page.ru.md``, ``page.zh.md``) and from ``vendor.yml``. The
templates in ``overrides/`` only lay the results out.

>>> split_suffix("articles/lost-code.ru.md", ("en", "ru", "zh"), "en")
('articles/lost-code.md', 'ru')
>>> page_url("articles/lost-code.md", "ru", "en")
'ru/articles/lost-code/'
>>> a = Article("a.md", "en", "A", {"tags": ["t"], "keywords": ["x"], "id": "KB-1"})
>>> b = Article("b.md", "en", "B", {"tags": ["t"], "keywords": ["x"], "id": "KB-2"})
>>> [r.title for r in related(a, [a, b])]
['B']
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import itertools
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.vendor import Product, Vendor

# Front-matter fields every article has (the translation check compares keys).
REQUIRED_FIELDS = (
    "title", "description", "id", "category", "section", "products", "platforms", "keywords", "tags", "updated"
)
HOME = "index.md"
TAGS_PAGE = "tags.md"
CONTACT_PAGE = "articles/contact-support.md"
"""The page every article's "Still stuck?" block links to, next to the troubleshooter."""
DEFAULT_FLOW = "start"
"""An article without ``troubleshooter:`` still gets the block, pointing at the chooser."""
ALL = "all"
TAG_WEIGHT = 3
KEYWORD_WEIGHT = 1
RELATED_MAX = 5

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "info": "Article information",
        "id": "Article ID",
        "products": "Applies to",
        "platforms": "Platforms",
        "keywords": "Also searched as",
        "tags": "Topics",
        "updated": "Last updated",
        "all_platforms": "all supported systems",
        "stuck_title": "Still stuck?",
        "stuck_text": "Answer a few short questions and the troubleshooter takes you to the fix for your case, or drafts a message to the right people for you.",
        "stuck_button": "Start the troubleshooter",
        "stuck_contact": "Who to contact, and how",
        "breadcrumbs": "You are here",
        "related": "Related articles",
        "untranslated": "This article has not been translated into English yet. You are reading the original version.",
        "tags_intro": "Every article, grouped by topic.",
    },
    "ru": {
        "info": "Сведения о статье",
        "id": "Номер статьи",
        "products": "Продукты",
        "platforms": "Системы",
        "keywords": "Ищут также",
        "tags": "Темы",
        "updated": "Обновлена",
        "all_platforms": "все поддерживаемые системы",
        "stuck_title": "Не получилось?",
        "stuck_text": "Ответьте на несколько коротких вопросов — помощник подскажет решение именно для вашего случая или подготовит письмо тем, кто сможет помочь.",
        "stuck_button": "Открыть помощника",
        "stuck_contact": "Куда обратиться и как",
        "breadcrumbs": "Вы здесь",
        "related": "Читайте также",
        "untranslated": "Эту статью ещё не перевели на русский, поэтому она показана на языке оригинала.",
        "tags_intro": "Все статьи, сгруппированные по темам.",
    },
    "zh": {
        "info": "文章信息",
        "id": "文章编号",
        "products": "适用产品",
        "platforms": "适用系统",
        "keywords": "相关搜索词",
        "tags": "主题",
        "updated": "最后更新",
        "all_platforms": "所有受支持的系统",
        "stuck_title": "问题还没解决？",
        "stuck_text": "回答几个简单的问题，故障排查向导会带您找到适合您情况的解决办法，或帮您写好发给相应负责方的求助信息。",
        "stuck_button": "打开故障排查向导",
        "stuck_contact": "联系谁、如何联系",
        "breadcrumbs": "当前位置",
        "related": "相关文章",
        "untranslated": "本文尚未翻译成中文，下面显示的是原文。",
        "tags_intro": "按主题列出的全部文章。",
    },
}
"""Every string the article layout shows, per language."""

MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
}


@dataclass(frozen=True)
class Article:
    """One Markdown file: ``key`` is its language-neutral path (``articles/x.md``)."""

    key: str
    lang: str
    title: str
    meta: dict[str, Any] = field(compare=False, hash=False, repr=False)
    src: str = ""
    url: str = ""

    @property
    def tags(self) -> list[str]:
        return [str(t) for t in self.meta.get("tags") or []]

    @property
    def keywords(self) -> list[str]:
        return [str(k) for k in self.meta.get("keywords") or []]


def split_suffix(src_uri: str, langs: Iterable[str], default: str) -> tuple[str, str]:
    """``(language-neutral path, language)`` of a suffix-layout source path."""
    stem, dot, ext = src_uri.rpartition(".")
    base, _, maybe = stem.rpartition(".")
    if base and maybe in langs and maybe != default:
        return f"{base}{dot}{ext}", maybe
    return src_uri, default


def lang_root(lang: str, default: str) -> str:
    """The folder a language's pages live in: none for the default language.

    >>> lang_root("en", "en"), lang_root("zh", "en")
    ('', 'zh/')
    """
    return "" if lang == default else f"{lang}/"


def page_url(key: str, lang: str, default: str) -> str:
    """The built URL (directory URLs) of ``key`` in ``lang``.

    >>> page_url("index.md", "zh", "en"), page_url("resellers/index.md", "en", "en")
    ('zh/', 'resellers/')
    """
    path = key[: -len(".md")]
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    return lang_root(lang, default) + path


def relative_url(target: str, source: str) -> str:
    """Link from the page at URL ``source`` to the page at URL ``target``.

    >>> relative_url("ru/wizard/refund/", "ru/articles/refunds/")
    '../../wizard/refund/'
    >>> relative_url("", "articles/x/"), relative_url("tags/#t", ""), relative_url("a/", "a/")
    ('../../', 'tags/#t', './')
    """
    path, hash_, anchor = target.partition("#")
    here = source.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return (rel or "./") + hash_ + anchor


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a Markdown source (``{}`` without one)."""
    import yaml  # build time only

    if not text.startswith("---"):
        return {}
    parts = text.split("\n---", 1)
    if len(parts) < 2:
        return {}
    # libyaml's loader when PyYAML has it: ~10× faster, and a build parses every article.
    data = yaml.load(parts[0][3:], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506
    return data if isinstance(data, dict) else {}


def scan(docs_dir: Path, langs: Iterable[str], default: str) -> list[Article]:
    """Every article in ``docs_dir``: Markdown with an ``id`` in its front matter.

    The home page and the generated wizard pages are not articles.
    """
    langs = tuple(langs)
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        key, lang = split_suffix(src, langs, default)
        if key == HOME or src.startswith("wizard/"):
            continue
        meta = front_matter(path.read_text("utf-8"))
        if not meta.get("id"):
            continue
        title = str(meta.get("title") or key)
        found.append(Article(key, lang, title, meta, src, page_url(key, lang, default)))
    return found


def git_dates(paths_root: Path, repo: Path | None = None) -> dict[str, str]:
    """Date (``YYYY-MM-DD``) of the last commit of every tracked file under ``paths_root``.

    Keys are paths relative to ``paths_root``. One ``git log`` for the whole
    tree; an empty mapping when git or the repository is not there.
    """
    repo = repo or paths_root
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
            cwd=paths_root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in out.splitlines():
        if line.startswith("\x00"):
            date = line[1:].strip()
        elif line.strip() and date:
            dates.setdefault(line.strip(), date)
    return dates


def last_updated(article: Article, dates: dict[str, str]) -> str:
    """The git date of the file if it is committed, else front matter ``updated``.

    >>> a = Article("a.md", "en", "A", {"updated": dt.date(2026, 1, 2)}, src="a.md")
    >>> last_updated(a, {}), last_updated(a, {"a.md": "2026-03-04"})
    ('2026-01-02', '2026-03-04')
    """
    if article.src in dates:
        return dates[article.src]
    value = article.meta.get("updated")
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def format_date(iso: str, lang: str) -> str:
    """A date the way readers of ``lang`` write it.

    >>> format_date("2026-11-03", "en"), format_date("2026-11-03", "ru"), format_date("2026-11-03", "zh")
    ('3 November 2026', '3 ноября 2026 г.', '2026年11月3日')
    >>> format_date("soon", "en")
    'soon'
    """
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    if lang == "ru":
        return f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year} г."
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def names(values: list[Any] | None, catalogue: Mapping[str, Product], where: str) -> list[str]:
    """Product names for front matter ``products`` (``all`` means every product).

    >>> from wizard.vendor import Vendor
    >>> products = Vendor.from_data({"products": [{"id": "a", "name": "A"},
    ...                                           {"id": "b", "name": "B"}]}).products
    >>> names(["all"], products, "x.md"), names(["b"], products, "x.md")
    (['A', 'B'], ['B'])
    >>> names(["c"], products, "x.md")
    Traceback (most recent call last):
    ...
    ValueError: x.md: products: unknown product 'c' (vendor.yml has: a, b)
    """
    values = [str(v) for v in values or [ALL]]
    if ALL in values:
        return [item.name for item in catalogue.values()]
    unknown = [v for v in values if v not in catalogue]
    if unknown:
        raise ValueError(
            f"{where}: products: unknown product {unknown[0]!r} "
            f"(vendor.yml has: {', '.join(catalogue)})"
        )
    return [catalogue[v].name for v in values]


def platforms(values: list[Any] | None, lang: str) -> list[str]:
    """Front matter ``platforms`` for display (``all`` in the reader's language).

    >>> platforms(["all"], "ru"), platforms(["Windows 11", "macOS 13+"], "en")
    (['все поддерживаемые системы'], ['Windows 11', 'macOS 13+'])
    """
    values = [str(v) for v in values or [ALL]]
    if ALL in values:
        return [LABELS[lang]["all_platforms"]]
    return values


def related(
    article: Article, pool: Iterable[Article], limit: int = RELATED_MAX, index: TermIndex | None = None
) -> list[Article]:
    """Up to ``limit`` articles of the same language sharing tags or keywords.

    Score: ``TAG_WEIGHT`` per shared tag, ``KEYWORD_WEIGHT`` per shared
    keyword (case-insensitive); ties go to the lower article id. With an
    ``index`` (:class:`TermIndex` of ``pool``) the scores are counted and
    ranked in C, so a build of thousands of articles sharing a few tags does
    not spend seconds in Python per thousand pages.

    >>> a = Article("a.md", "en", "A", {"tags": ["t"], "keywords": ["x"], "id": "KB-1"})
    >>> b = Article("b.md", "en", "B", {"tags": ["T"], "keywords": [], "id": "KB-2"})
    >>> c = Article("c.md", "en", "C", {"tags": [], "keywords": ["x"], "id": "KB-0"})
    >>> [r.title for r in related(a, [a, b, c])], [r.title for r in related(a, [a, b, c], index=TermIndex([a, b, c]))]
    (['B', 'C'], ['B', 'C'])
    """
    tags = {t.casefold() for t in article.tags}
    words = {k.casefold() for k in article.keywords}
    if index is not None:
        best = (other for other in index.ranked(article.lang, tags, words) if other.key != article.key)
        return list(itertools.islice(best, limit))
    scored = []
    for other in pool:
        if other.lang != article.lang or other.key == article.key:
            continue
        score = TAG_WEIGHT * len(tags & {t.casefold() for t in other.tags})
        score += KEYWORD_WEIGHT * len(words & {k.casefold() for k in other.keywords})
        if score:
            scored.append((-score, *_tie_order(other), other))
    return [item[-1] for item in sorted(scored, key=lambda s: s[:3])[:limit]]


def _tie_order(article: Article) -> tuple[str, str]:
    return str(article.meta.get("id", "")), article.key


class TermIndex:
    """Articles by (language, tag) and (language, keyword), case-insensitive.

    Each article is a number, given in tie order (article id, then key), so
    that ranking is two sorts of numbers.
    """

    def __init__(self, pool: Iterable[Article]) -> None:
        self.articles = sorted(pool, key=_tie_order)
        self.tags: dict[tuple[str, str], list[int]] = {}
        self.words: dict[tuple[str, str], list[int]] = {}
        for number, article in enumerate(self.articles):
            for tag in {t.casefold() for t in article.tags}:
                self.tags.setdefault((article.lang, tag), []).append(number)
            for word in {k.casefold() for k in article.keywords}:
                self.words.setdefault((article.lang, word), []).append(number)

    def ranked(self, lang: str, tags: Iterable[str], words: Iterable[str]) -> Iterator[Article]:
        """Every article of ``lang`` sharing a term, best score first, ties in id order.

        >>> a = Article("a.md", "en", "A", {"tags": ["t"], "keywords": ["x"], "id": "KB-2"})
        >>> b = Article("b.md", "en", "B", {"tags": [], "keywords": ["x"], "id": "KB-1"})
        >>> c = Article("c.md", "en", "C", {"tags": ["t"], "keywords": [], "id": "KB-3"})
        >>> [r.title for r in TermIndex([a, b, c]).ranked("en", {"t"}, {"x"})]
        ['A', 'C', 'B']
        """
        counts: collections.Counter[int] = collections.Counter()
        for table, terms, weight in ((self.tags, tags, TAG_WEIGHT), (self.words, words, KEYWORD_WEIGHT)):
            for term in terms:
                postings = table.get((lang, term), ())
                for _ in range(weight):
                    counts.update(postings)  # counted in C: the score is how often a number occurs
        numbers = sorted(counts)  # tie order
        numbers.sort(key=counts.__getitem__, reverse=True)  # stable: ties keep their order
        return map(self.articles.__getitem__, numbers)


_SLUG_DROP = re.compile(r"[^\w\- ]+", re.UNICODE)


def tag_slug(tag: str) -> str:
    """An HTML id for a tag, in any script.

    >>> tag_slug("License code"), tag_slug("без интернета"), tag_slug("注册码")
    ('tag-license-code', 'tag-без-интернета', 'tag-注册码')
    """
    text = _SLUG_DROP.sub("", tag.casefold()).strip()
    return "tag-" + re.sub(r"[\s_]+", "-", text)


def tags_index(pool: Iterable[Article], lang: str) -> list[dict[str, Any]]:
    """``[{"name", "slug", "articles": [Article, ...]}, ...]`` for ``lang``, sorted by tag."""
    groups: dict[str, dict[str, Any]] = {}
    for article in pool:
        if article.lang != lang:
            continue
        for tag in article.tags:
            group = groups.setdefault(
                tag.casefold(), {"name": tag, "slug": tag_slug(tag), "articles": []}
            )
            group["articles"].append(article)
    for group in groups.values():
        group["articles"].sort(key=lambda a: (a.title.casefold(), a.key))
    return [groups[k] for k in sorted(groups)]


def troubleshooter_url(value: str, lang: str, default: str) -> str:
    """Site URL of ``troubleshooter: <flow>[#<step>]`` (``start`` is the chooser).

    >>> troubleshooter_url("refund#trial", "ru", "en"), troubleshooter_url("start", "en", "en")
    ('ru/wizard/refund/#trial', 'wizard/')
    """
    flow, _, step = str(value).partition("#")
    path = "wizard/" if flow in ("", "start") else f"wizard/{flow}/"
    return lang_root(lang, default) + path + (f"#{step}" if step else "")


class Catalog:
    """All articles of the site, indexed for the page hooks."""

    def __init__(
        self, docs_dir: Path, langs: Iterable[str], default: str, vendor: Vendor
    ) -> None:
        self.langs = tuple(langs)
        self.default = default
        self.vendor = vendor
        self.articles = scan(docs_dir, self.langs, default)
        self.by_src = {a.src: a for a in self.articles}
        self.dates = git_dates(docs_dir)

    @functools.cached_property
    def by_key_lang(self) -> dict[tuple[str, str], Article]:
        return {(a.key, a.lang): a for a in self.articles}

    @functools.cached_property
    def terms(self) -> TermIndex:
        """Articles by tag and keyword, for :func:`related` (built on first use)."""
        return TermIndex(self.articles)

    def lookup(self, src_uri: str) -> Article | None:
        return self.by_src.get(src_uri)

    def title(self, key: str, lang: str) -> str | None:
        """The front-matter ``title`` of ``key`` in ``lang`` (else the default language's)."""
        for wanted in (lang, self.default):
            article = self.by_key_lang.get((key, wanted))
            if article is not None and article.meta.get("title"):
                return str(article.meta["title"])
        return None

    def info(self, article: Article, lang: str) -> dict[str, Any]:
        """What the metadata box shows, with labels in ``lang``."""
        from sitebuild import search

        meta = article.meta
        updated = last_updated(article, self.dates)
        return {
            "labels": LABELS[lang],
            "id": str(meta.get("id", "")),
            "products": names(meta.get("products"), self.vendor.products, article.src),
            "platforms": platforms(meta.get("platforms"), lang),
            "keywords": search.expand_keywords(article.keywords, article.lang),
            "tags": [
                {"name": t, "url": self._tag_url(article, t, lang)} for t in article.tags
            ],
            "updated": updated,
            "updated_text": format_date(updated, lang),
        }

    def tags_url(self, lang: str) -> str:
        return page_url(TAGS_PAGE, lang, self.default)

    def _tag_url(self, article: Article, tag: str, lang: str) -> str | None:
        # A page shown in another language (no translation yet) has tags the
        # index of this language does not list: show them without a link.
        if article.lang != lang:
            return None
        here = page_url(article.key, lang, self.default)
        return relative_url(self.tags_url(lang), here) + "#" + tag_slug(tag)

    def page_context(self, article: Article, lang: str, page_url_: str) -> dict[str, Any]:
        """Everything below the article: troubleshooter, related, notice."""
        meta = article.meta
        flow = meta.get("troubleshooter") or DEFAULT_FLOW
        return {
            "labels": LABELS[lang],
            "untranslated": bool(meta.get("untranslated")) or article.lang != lang,
            "troubleshooter": (
                relative_url(troubleshooter_url(str(flow), lang, self.default), page_url_)
                if flow
                else None
            ),
            "contact": relative_url(page_url(CONTACT_PAGE, lang, self.default), page_url_),
            "related": [
                {"title": r.title, "url": relative_url(r.url, page_url_), "id": r.meta.get("id")}
                for r in related(article, self.articles, index=self.terms)
            ] if article.lang == lang else [],
        }

    def tags_context(self, lang: str, page_url_: str) -> dict[str, Any]:
        return {
            "labels": LABELS[lang],
            "groups": [
                {
                    "name": g["name"],
                    "slug": g["slug"],
                    "articles": [
                        {"title": a.title, "url": relative_url(a.url, page_url_), "id": a.meta.get("id")}
                        for a in g["articles"]
                    ],
                }
                for g in tags_index(self.articles, lang)
            ],
        }


def insert_info(html: str, box: str) -> str:
    """Put the metadata ``box`` before the article's first section (else at the end).

    Before the first ``<h2>``, the box belongs to the page's own search entry,
    after the introduction, so search previews still start with the text.

    >>> insert_info("<h1>T</h1><p>x</p><h2 id='a'>A</h2>", "[box]")
    "<h1>T</h1><p>x</p>[box]<h2 id='a'>A</h2>"
    >>> insert_info("<p>x</p>", "[box]")
    '<p>x</p>[box]'
    """
    at = html.find("<h2")
    return html + box if at < 0 else html[:at] + box + html[at:]
