"""Translation status: what is missing, marked untranslated or left in English.

Three sources of customer-facing text are checked for every language but
English: the flow files (``flows/*.yaml``), the wizard's data files
(``wizard/data/*.json``) and the articles (``docs/**/page.md`` with its
``page.ru.md`` / ``page.zh.md``). A finding is one of

- ``missing``: no translation at all (a flow or data string without the
  language, or blank where the English is not, an article without its ``.ru.md`` / ``.zh.md`` file);
- ``untranslated``: an article whose front matter says ``untranslated: true``;
- ``english``: English left in a Russian or Chinese text: a ru text without
  Cyrillic letters, a zh text without Chinese characters, or one equal to
  the English, unless it holds no English words at all (codes, numbers,
  product names) or is one lowercase token (a setting or a file name in a
  data file: ``short``, ``support-message.txt``).

CPython only for files (PyYAML is imported in functions); the heuristic
itself is plain Python.

>>> looks_english("Found it", "ru"), looks_english("Нашёл письмо", "ru")
(True, False)
>>> looks_english("FP-12345", "zh"), looks_english("WeChat", "zh")
(False, False)
>>> looks_english("请联系 support", "zh"), looks_english("Paddle", "ru", english="Paddle")
(False, False)
>>> looks_english("short", "ru", english="long"), looks_english("Copy the code", "ru")
(False, True)
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wizard.vendor import LANGUAGES
from wizardtools.lintkit import line_of, read_yaml
from wizardtools.paths import DATA_DIR, DOCS_DIR, FLOWS_DIR, ROOT

TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")

_SCRIPT = {"ru": re.compile(r"[\u0400-\u04ff]"), "zh": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")}
_WORD = re.compile(r"\b[a-z]{2,}\b")  # prose has lowercase words; names and codes rarely do
_TOKEN = re.compile(r"[a-z0-9][a-z0-9._-]*")  # one lowercase token: a setting, not prose
_NOISE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{:.*?\}|`[^`]*`|\]\([^)]*\)|<[^>]+>|https?://\S+"
    r"|\S+@\S+|\{[a-z_]+\}"
)


def looks_english(text: str, lang: str, english: str | None = None) -> bool:
    """True when ``text`` (a ``lang`` string) still reads as English.

    Placeholders, Jinja, inline code, links and e-mail addresses are ignored.
    """
    plain = _NOISE.sub(" ", text)
    if not _WORD.search(plain) or _TOKEN.fullmatch(text.strip()):
        return False
    if english is not None and text.strip() == english.strip():
        return True
    return not _SCRIPT[lang].search(plain)


@dataclass(frozen=True)
class Finding:
    """One thing a translator should look at."""

    lang: str
    kind: str  # missing | untranslated | english
    source: str  # flow | data | article
    file: str
    line: int
    where: str  # a key path, or the article's path under docs/
    english: str  # the English text (a short excerpt), or "" for articles

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        excerpt = f": {self.english[:60]!r}" if self.english else ""
        return f"{place}: [{self.lang}] {self.kind} {self.where}{excerpt}"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def translated_texts(value: Any, keys: tuple[str, ...] = ("en",), path: tuple[Any, ...] = ()):
    """Every ``{en: ..., ru: ..., zh: ...}`` mapping inside ``value``, with its path:
    a mapping counts when one of ``keys`` holds a string.

    >>> list(translated_texts({"a": [{"en": "Hi", "ru": "Привет"}], "b": {"ru": "x"}}))
    [(('a', 0), {'en': 'Hi', 'ru': 'Привет'})]
    """
    if isinstance(value, dict):
        if any(isinstance(value.get(key), str) for key in keys):
            yield path, value
            return
        for key, item in value.items():
            yield from translated_texts(item, keys, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from translated_texts(item, keys, (*path, index))


def _check_strings(data: Any, source: str, file: str, lines: dict, langs) -> tuple[int, list]:
    found, total = [], 0
    for path, texts in translated_texts(data):
        total += 1
        line = line_of(lines, path)
        where = ".".join(str(p) for p in path)
        for lang in langs:
            text = texts.get(lang)
            if not isinstance(text, str) or (not text.strip() and texts["en"].strip()):
                found.append(Finding(lang, "missing", source, file, line, where, texts["en"]))
            elif looks_english(text, lang, texts["en"]):
                at = lines.get((*path, lang), line)  # the language's own line when known
                found.append(Finding(lang, "english", source, file, at, where, texts["en"]))
    return total, found


def flow_status(flows_dir: Path, langs=TRANSLATED) -> tuple[int, list[Finding]]:
    """(number of texts, findings) over the flow files, without the lint."""
    total, found = 0, []
    for file in sorted(Path(flows_dir).glob("*.yaml")):
        source = read_yaml(_rel(file), file.read_text("utf-8"))
        count, items = _check_strings(source.data, "flow", source.name, source.lines, langs)
        total, found = total + count, found + items
    return total, found


def by_text(data: Any) -> Any:
    """A file keyed by language first (``{"en": {key: text}, "ru": {...}}``,
    as ``hours_text.json``) turned into ``{key: {"en": text, "ru": ...}}``,
    the shape :func:`translated_texts` finds; any other data as it is.

    >>> by_text({"en": {"day.mon": "Monday"}, "ru": {"day.mon": "пн"}, "zh": {}})
    {'day.mon': {'en': 'Monday', 'ru': 'пн'}}
    >>> by_text({"greeting": {"en": "Hi"}})
    {'greeting': {'en': 'Hi'}}
    """
    if not (isinstance(data, dict) and "en" in data and set(data) <= set(LANGUAGES)
            and all(isinstance(v, dict) for v in data.values())):
        return data
    return {key: {lang: data[lang][key] for lang in data if key in data[lang]}
            for key in data["en"]}


def data_status(data_dir: Path, langs=TRANSLATED) -> tuple[int, list[Finding]]:
    """(number of texts, findings) over the wizard's JSON data files, those
    keyed by language first included (:func:`by_text`)."""
    total, found = 0, []
    for file in sorted(Path(data_dir).glob("*.json")):
        data = by_text(json.loads(file.read_text("utf-8")))
        count, items = _check_strings(data, "data", _rel(file), {}, langs)
        total, found = total + count, found + items
    return total, found


def _front_matter(source: str) -> tuple[dict[str, Any], int]:
    import yaml

    if not source.startswith("---"):
        return {}, 0
    lines = source.splitlines()
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10× faster
            meta = yaml.load("\n".join(lines[1:i]), Loader=loader) or {}  # noqa: S506
            return (meta if isinstance(meta, dict) else {}), i + 1
    return {}, 0


def _english_lines(source: str, lang: str, skip: int) -> list[int]:
    """Lines of an article's body that read as English (code blocks skipped)."""
    out, fenced = [], False
    for number, line in enumerate(source.splitlines()[skip:], start=skip + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        text = line.strip()
        if fenced or not text or text.startswith(("{%", "{#", "<!--")):
            continue
        if len(_WORD.findall(_NOISE.sub(" ", text))) >= 3 and looks_english(text, lang):
            out.append(number)
    return out


def article_status(docs_dir: Path, langs=TRANSLATED) -> tuple[int, list[Finding]]:
    """(number of English articles, findings) over ``docs_dir`` (generated pages skipped)."""
    docs_dir = Path(docs_dir)
    suffixes = tuple(f".{lang}.md" for lang in LANGUAGES)
    english = sorted(
        p for p in docs_dir.rglob("*.md")
        if not p.name.endswith(suffixes) and "Generated" not in p.read_text("utf-8")[:400]
    )
    found = []
    for page in english:
        where = page.relative_to(docs_dir).as_posix()
        for lang in langs:
            other = page.with_name(f"{page.stem}.{lang}.md")
            if not other.is_file():
                found.append(Finding(lang, "missing", "article", _rel(other), 0, where, ""))
                continue
            source = other.read_text("utf-8")
            meta, skip = _front_matter(source)
            if meta.get("untranslated"):
                line = next((i for i, text in enumerate(source.splitlines(), 1)
                             if text.startswith("untranslated:")), 1)
                found.append(Finding(lang, "untranslated", "article", _rel(other), line, where, ""))
            lines = _english_lines(source, lang, skip)
            if lines:
                found.append(Finding(lang, "english", "article", _rel(other), lines[0],
                                     f"{where} ({len(lines)} line(s) in English)", ""))
    return len(english), found


def status(
    flows_dir: Path | None = None,
    docs_dir: Path | None = None,
    data_dir: Path | None = None,
    langs: tuple[str, ...] = TRANSLATED,
) -> dict[str, Any]:
    """The whole table: ``{"languages": {lang: {source: {"total", "missing",
    "untranslated", "english"}}}, "findings": [Finding as dict, ...]}``.

    ``total`` counts English texts (flow/data strings) or English articles;
    the other three count findings of that kind.
    """
    flows_dir = Path(flows_dir) if flows_dir else FLOWS_DIR
    docs_dir = Path(docs_dir) if docs_dir else DOCS_DIR
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    results = {
        "flow": flow_status(flows_dir, langs),
        "data": data_status(data_dir, langs),
        "article": article_status(docs_dir, langs),
    }
    table: dict[str, Any] = {}
    findings: list[Finding] = []
    for lang in langs:
        table[lang] = {}
        for source, (total, items) in results.items():
            mine = [f for f in items if f.lang == lang]
            table[lang][source] = {"total": total} | {
                kind: sum(1 for f in mine if f.kind == kind)
                for kind in ("missing", "untranslated", "english")
            }
    for _, items in results.values():
        findings += items
    findings.sort(key=lambda f: (f.lang, f.source, f.file, f.line))
    return {"languages": table, "findings": [asdict(f) for f in findings]}


def findings_of(report: dict[str, Any]) -> list[Finding]:
    """The report's findings as :class:`Finding` objects again."""
    return [Finding(**item) for item in report["findings"]]
